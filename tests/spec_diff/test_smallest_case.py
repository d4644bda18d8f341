"""The smallest broken case, as the report prints it: shrunk, ASCII, bounded, and still JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.spec_diff.conftest import ALL_PAIRS, package
from tooling import spec_doc
from tooling.spec_diff_kit import evidence
from tooling.spec_diff_kit.evidence import EXAMPLE_LIMIT, printable, shrink

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(JSON, st.integers(min_value=40, max_value=400))
def test_a_case_is_printed_as_ascii_json_within_the_limit(value: Any, limit: int) -> None:
    text = printable(value, limit)
    assert text.isascii()
    assert len(text) <= limit
    json.loads(text)  # shortened as data, so never an escape cut in half


def test_a_long_case_keeps_the_branch_where_it_broke() -> None:
    noise = {f"field_{n}": "\U0001f600" * 40 for n in range(20)}
    value = {"data": {"attributes": {**noise, "hamr_status": 6}, "id": "x" * 200}, **noise}
    shown = json.loads(printable(value, 120, focus="/data/attributes/hamr_status"))
    assert shown["data"]["attributes"]["hamr_status"] == 6
    assert shown["data"]["attributes"]["..."] == "20 more"


def test_shrink_keeps_only_what_the_breakage_needs() -> None:
    def keeps(value: Any) -> bool:
        return isinstance(value, dict) and value.get("status") == 6 and isinstance(value.get("name"), str)

    case = {"status": 6, "name": "\u00e9\U0010fffd long name", "tags": ["a", "b"], "count": 1234}
    assert shrink(case, keeps) == {"status": 6, "name": ""}


def _pair(name: str) -> tuple[spec_doc.Doc, spec_doc.Doc, Any]:
    pair = next(p for p in ALL_PAIRS if p.name == name)
    return spec_doc.inline(pair.old), spec_doc.inline(pair.new), pair


def test_a_broken_response_is_shown_shrunk(base_package: Path, tmp_path: Path) -> None:
    old, new, pair = _pair("enum-widened")
    new_package = package(pair.new, tmp_path, "new")
    ev = evidence.gather(old, new, (base_package, new_package), 12)
    trial = {t.where: t for t in ev.responses}["GET /api/v2/hamr 200"]
    shown = json.loads(trial.example)
    assert trial.smallest_at == "/data/attributes/hamr_status"
    assert shown == trial.smallest
    assert shown["data"]["attributes"]["hamr_status"] == 6
    # Shrunk: every string that may be empty is, no field beyond the required ones.
    attributes = shown["data"]["attributes"]
    assert set(attributes) == set(new["components"]["schemas"]["HamrOrgConnectionAttributesResponse"]["required"])
    assert attributes["target_org_name"] == ""
    assert len(trial.example) <= EXAMPLE_LIMIT


def test_a_broken_request_is_shown_shrunk() -> None:
    old, new, _ = _pair("enum-narrowed")
    (trial,) = evidence.requests(old, new, 30)
    assert trial.broken
    shown = json.loads(trial.example)
    assert trial.smallest_at == "/body/data/attributes/hamr_status"
    assert (
        shown["body"]["data"]["attributes"]["hamr_status"]
        not in new["components"]["schemas"]["HamrOrgConnectionStatus"]["enum"]
    )
    assert shown["body"]["data"]["attributes"]["target_org_name"] == ""
    assert trial.example.isascii()
