"""``hamr get``: the connection as an aligned table of every field, or with ``--json`` exactly the response document."""

from __future__ import annotations

import re

from hamr_client.testing import examples

from tests.cli.conftest import Hamr
from tests.cli.harness import LINK

ATTRIBUTES = examples.CONNECTION_RESPONSE["data"]["attributes"]


def test_json_is_exactly_the_document_the_fake_answers(hamr: Hamr) -> None:
    assert hamr("set", *LINK, "--yes", "--json").code == 0
    shown = hamr("get", "--json")
    assert shown.code == 0, shown.stderr
    document = shown.document()
    if hamr.fake is not None:
        assert document == hamr.fake.connection
    assert set(document["data"]["attributes"]) == set(ATTRIBUTES)  # every field of the spec's response
    assert shown.stderr == ""


def test_the_table_has_one_aligned_row_per_field(hamr: Hamr) -> None:
    assert hamr("set", *LINK, "--yes").code == 0
    shown = hamr("get")
    assert shown.code == 0, shown.stderr
    rows = shown.stdout.splitlines()
    keys = [row.split()[0] for row in rows]
    assert set(ATTRIBUTES) <= set(keys)
    assert {"id", "type"} <= set(keys)
    assert len({re.match(r"\S+\s+", row).end() for row in rows}) == 1  # type: ignore[union-attr]  # one column
    status = next(row for row in rows if row.startswith("hamr_status"))
    assert status.split(None, 1)[1] == "ACTIVE (4)"  # the docs' example status: name and number
    assert next(row for row in rows if row.startswith("is_primary")).endswith(" true")


def test_no_connection_yet_is_exit_3(hamr: Hamr) -> None:
    shown = hamr("get")
    assert shown.code == 3
    assert shown.stdout == ""
    assert "404" in shown.stderr
