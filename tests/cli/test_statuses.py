"""``hamr statuses``: every value of the spec's status field, with its name and meaning, from the spec."""

from __future__ import annotations

from tests.cli.conftest import Hamr
from tests.cli.spec import status_field


def test_json_lists_the_specs_values_names_and_meanings(hamr: Hamr) -> None:
    schema = status_field().schema
    listed = hamr("statuses", "--json")
    assert listed.code == 0, listed.stderr
    assert listed.document() == [
        {"value": value, "name": name, "meaning": meaning}
        for value, name, meaning in zip(
            schema["enum"], schema["x-enum-varnames"], schema["x-enum-descriptions"], strict=True
        )
    ]


def test_the_table_has_one_row_per_value(hamr: Hamr) -> None:
    schema = status_field().schema
    listed = hamr("statuses")
    assert listed.code == 0, listed.stderr
    heading, *rows = listed.stdout.splitlines()
    assert heading.startswith(schema["description"].splitlines()[0].rstrip(":"))
    assert [row.split(None, 2) for row in rows] == [
        [str(value), name, meaning]
        for value, name, meaning in zip(
            schema["enum"], schema["x-enum-varnames"], schema["x-enum-descriptions"], strict=True
        )
    ]


def test_it_needs_no_keys(hamr: Hamr) -> None:
    assert hamr("statuses", env={}).code == 0
