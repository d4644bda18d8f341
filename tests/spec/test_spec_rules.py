"""tooling/spec_rules.py: each rule finds what it is for and nothing in a spec that generates right."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tooling import spec_doc, spec_rules

Doc = dict[str, Any]


def _document(schemas: Doc, media: Doc | None = None) -> Doc:
    """A one-operation document whose 200 answers ``Thing`` (with ``media``'s extra keys)."""
    content = {"schema": {"$ref": "#/components/schemas/Thing"}, **(media or {})}
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {
            "/x": {"get": {"responses": {"200": {"description": "OK", "content": {"application/json": content}}}}}
        },
        "components": {"schemas": schemas},
    }


def _reasons(document: Doc) -> dict[str, str]:
    return {spec_doc.pointer(f.path): f.reason for f in spec_rules.findings(document)}


def test_the_spec_has_no_finding(spec: Doc) -> None:
    assert spec_rules.findings(spec) == []


def test_a_required_name_without_its_property() -> None:
    thing = {"type": "object", "required": ["a", "b"], "properties": {"a": {"type": "string"}}}
    assert list(_reasons(_document({"Thing": thing}))) == ["/components/schemas/Thing/required/1"]


def test_a_required_name_an_allof_part_defines_is_fine() -> None:
    base = {"type": "object", "properties": {"b": {"type": "string"}}}
    thing = {"allOf": [{"$ref": "#/components/schemas/Base"}], "required": ["b"], "properties": {}}
    assert _reasons(_document({"Thing": thing, "Base": base})) == {}


def test_an_inline_schema_is_checked_too() -> None:
    inner = {"type": "object", "required": ["gone"], "properties": {}}
    thing = {"type": "object", "properties": {"inner": {"type": "array", "items": inner}}}
    assert list(_reasons(_document({"Thing": thing}))) == [
        "/components/schemas/Thing/properties/inner/items/required/0"
    ]


@pytest.mark.parametrize(
    ("example", "reason"),
    [("2026-13-45", "is not a 'date-time'"), (3, "is not of type 'string'")],
)
def test_a_schema_example_its_schema_rejects(example: object, reason: str) -> None:
    thing = {"type": "string", "format": "date-time", "example": example}
    (found,) = _reasons(_document({"Thing": thing})).items()
    assert found[0] == "/components/schemas/Thing/example"
    assert reason in found[1]


def test_a_media_example_is_checked_where_it_is_written_once() -> None:
    thing = {"type": "object", "properties": {"n": {"type": "integer"}}}
    document = _document({"Thing": thing}, {"examples": {"one": {"$ref": "#/components/examples/One"}}})
    document["components"]["examples"] = {"One": {"value": {"n": "one"}}}
    document["paths"]["/x"]["post"] = copy.deepcopy(document["paths"]["/x"]["get"])  # the same example twice
    assert list(_reasons(document)) == ["/components/examples/One/value/n"]


def test_a_valid_example_and_a_nullable_one_pass() -> None:
    thing = {"type": "string", "nullable": True, "format": "date-time", "example": None}
    assert _reasons(_document({"Thing": thing}, {"example": "2026-01-13T17:26:48Z"})) == {}


@pytest.mark.parametrize(
    ("beside", "flagged"),
    [({"type": "integer"}, "type"), ({"format": "date-time"}, "format"), ({"type": "string"}, None)],
)
def test_a_ref_beside_another_kind(beside: Doc, flagged: str | None) -> None:
    thing = {"type": "object", "properties": {"who": {"$ref": "#/components/schemas/Who", **beside}}}
    found = _reasons(_document({"Thing": thing, "Who": {"type": "string"}}))
    where = "/components/schemas/Thing/properties/who"
    assert list(found) == ([f"{where}/{flagged}"] if flagged else [])


def test_a_ref_with_only_a_description_beside_it_is_fine() -> None:
    thing = {"type": "object", "properties": {"who": {"$ref": "#/components/schemas/Who", "description": "x"}}}
    assert _reasons(_document({"Thing": thing, "Who": {"type": "string"}})) == {}
