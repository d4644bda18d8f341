"""Model.from_dict(d).to_dict() == d for every spec-valid body; modified_at keeps its exact text."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from hamr_client import SchemaViolation
from hamr_client.models import (
    APIErrorResponse,
    HamrOrgConnectionAttributesResponse,
    HamrOrgConnectionRequest,
    HamrOrgConnectionResponse,
    JSONAPIErrorResponse,
)
from hypothesis import given
from hypothesis import strategies as st

from tests.client.conftest import error_example, request_example, response_example
from tooling.spec_doc import pointer, within

# RFC 3339 date-times spelled every way the grammar allows: any number of fraction digits,
# Z or z, an offset, T or t -- the wire text must come back unchanged whichever it is.
fractions = st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=9).map(lambda d: "." + d))
offsets = st.one_of(
    st.sampled_from(["Z", "z", "+00:00", "-00:00"]),
    st.builds(
        lambda sign, h, m: f"{sign}{h:02d}:{m:02d}", st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59)
    ),
)
rfc3339 = st.builds(
    lambda moment, sep, fraction, offset: moment.isoformat(sep=sep, timespec="seconds") + fraction + offset,
    st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31)),
    st.sampled_from("Tt"),
    fractions,
    offsets,
)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10))
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
)
extra = st.dictionaries(st.text(min_size=1, max_size=8).map(lambda k: "x_" + k), json_values, max_size=2)


def attributes(with_modified_at: bool) -> st.SearchStrategy[dict[str, Any]]:
    fields: dict[str, st.SearchStrategy[Any]] = {
        "hamr_status": st.integers(0, 5),
        "is_primary": st.booleans(),
        "modified_by": st.text(),
        "target_org_datacenter": st.text(),
        "target_org_name": st.text(),
        "target_org_uuid": st.uuids().map(str),
    }
    if with_modified_at:
        fields["modified_at"] = rfc3339
    return st.builds(lambda known, more: {**more, **known}, st.fixed_dictionaries(fields), extra)


def documents(with_modified_at: bool) -> st.SearchStrategy[dict[str, Any]]:
    data = st.fixed_dictionaries(
        {"attributes": attributes(with_modified_at), "id": st.text(), "type": st.just("hamr_org_connections")}
    )
    return st.builds(lambda d, more: {**more, "data": d}, data, extra)


error_items = st.fixed_dictionaries(
    {},
    optional={
        "detail": st.text(),
        "meta": st.dictionaries(st.text(max_size=5), json_values, max_size=3),
        "source": st.fixed_dictionaries(
            {}, optional={"header": st.text(), "parameter": st.text(), "pointer": st.text()}
        ),
        "status": st.text(max_size=3),
        "title": st.text(),
    },
)


@given(documents(with_modified_at=True))
def test_every_valid_response_round_trips(document: dict[str, Any]) -> None:
    assert HamrOrgConnectionResponse.from_dict(document).to_dict() == document


@given(documents(with_modified_at=False))
def test_every_valid_request_round_trips(document: dict[str, Any]) -> None:
    assert HamrOrgConnectionRequest.from_dict(document).to_dict() == document


@given(st.fixed_dictionaries({"errors": st.lists(error_items, max_size=3)}))
def test_every_valid_jsonapi_error_round_trips(document: dict[str, Any]) -> None:
    assert JSONAPIErrorResponse.from_dict(document).to_dict() == document


@given(st.fixed_dictionaries({"errors": st.lists(st.text(), max_size=3)}))
def test_every_valid_rate_limit_error_round_trips(document: dict[str, Any]) -> None:
    assert APIErrorResponse.from_dict(document).to_dict() == document


@given(rfc3339)
def test_modified_at_is_a_datetime_that_keeps_its_text(text: str) -> None:
    document = response_example()["data"]["attributes"] | {"modified_at": text}
    parsed = HamrOrgConnectionAttributesResponse.from_dict(document)
    assert isinstance(parsed.modified_at, datetime.datetime)
    assert parsed.modified_at.tzinfo is not None
    assert parsed.to_dict()["modified_at"] == text


@pytest.mark.parametrize(
    ("text", "microsecond"),
    [("2026-01-13T17:26:48.830968Z", 830968), ("2026-01-13T17:26:48.83Z", 830000), ("2026-01-13T17:26:48Z", 0)],
)
def test_docs_style_timestamps_parse_to_the_right_instant(text: str, microsecond: int) -> None:
    document = response_example()["data"]["attributes"] | {"modified_at": text}
    moment = HamrOrgConnectionAttributesResponse.from_dict(document).modified_at
    assert moment == datetime.datetime(2026, 1, 13, 17, 26, 48, microsecond, tzinfo=datetime.UTC)


def test_docs_examples_round_trip_byte_exact() -> None:
    cases: list[tuple[Any, dict[str, Any]]] = [
        (HamrOrgConnectionResponse, response_example()),
        (HamrOrgConnectionRequest, request_example()),
        (JSONAPIErrorResponse, error_example()),
    ]
    for model, example in cases:
        wire = json.dumps(example, sort_keys=True)
        assert json.dumps(model.from_dict(json.loads(wire)).to_dict(), sort_keys=True) == wire
    assert '"modified_at": "2026-01-13T17:26:48.830968Z"' in json.dumps(
        HamrOrgConnectionResponse.from_dict(response_example()).to_dict()
    )


def test_a_datetime_built_in_python_is_written_as_rfc3339_with_z() -> None:
    document = HamrOrgConnectionResponse.from_dict(response_example())
    document.data.attributes.modified_at = datetime.datetime(2026, 1, 13, 17, 26, 48, 830968, tzinfo=datetime.UTC)
    assert document.to_dict()["data"]["attributes"]["modified_at"] == "2026-01-13T17:26:48.830968Z"


def test_a_naive_datetime_is_refused() -> None:
    document = HamrOrgConnectionResponse.from_dict(response_example())
    with pytest.raises(SchemaViolation, match="UTC offset"):
        document.data.attributes.modified_at = datetime.datetime(2026, 1, 13)


@given(documents(with_modified_at=True), st.data())
def test_any_corruption_is_a_schema_violation_never_a_bare_error(document: dict[str, Any], data: st.DataObject) -> None:
    """Replace one value anywhere with a value of another JSON type: typed error or a still-valid body."""
    paths: list[tuple[str, ...]] = []

    def walk(node: Any, prefix: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                paths.append((*prefix, key))
                walk(value, (*prefix, key))

    walk(document, ())
    path = data.draw(st.sampled_from(paths))
    replacement = data.draw(json_values)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = replacement
    problem: str | None = None
    try:
        round_tripped = HamrOrgConnectionResponse.from_dict(document).to_dict()
    except SchemaViolation as exc:
        problem = exc.path
    if problem is None:
        assert round_tripped == document
    else:  # the pointer leads into the corrupted branch
        assert within(problem, pointer(path[:1]))
