"""The rules against what a change means, on generated changes: one the rules pass loses no caller and no client.

Schemas: a field's values are drawn and validated under both versions (OpenAPI 3.0 as JSON Schema);
callers lose nothing when every old-valid request value is new-valid, the client when every new-valid
response value is one the old client parses (the first alternative of a union that fits). Security
and sites both ways: breaking exactly when an old caller meets no new alternative, or a site is gone.
"""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from tooling.spec_diff_kit import access_rules, schema_rules
from tooling.spec_diff_kit.changes import RULES
from tooling.spec_diff_kit.openapi import json_schema, on_side

FORMATS = st.sampled_from([None, "int32", "int64"])
EDGES = [0, 5, -(2**31), 2**31 - 1, 2**31, -(2**31) - 1, 2**63 - 1, 2**63, None]


@st.composite
def integer_schemas(draw: st.DrawFn) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer"}
    if (fmt := draw(FORMATS)) is not None:
        schema["format"] = fmt
    if draw(st.booleans()):
        schema["enum"] = draw(st.lists(st.sampled_from([0, 1, 5, 2**31, 2**40]), min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        schema["nullable"] = True
    return schema


@st.composite
def field_schemas(draw: st.DrawFn) -> dict[str, Any]:
    """An integer field, or a union of such fields (a field that may become, or stop being, a union)."""
    if draw(st.booleans()):
        return draw(integer_schemas())
    key = draw(st.sampled_from(["oneOf", "anyOf"]))
    return {key: draw(st.lists(integer_schemas(), min_size=1, max_size=3))}


def _valid(schema: dict[str, Any], value: Any) -> bool:
    return bool(jsonschema.Draft4Validator(json_schema(schema)).is_valid(value))


def _parses(schema: dict[str, Any], value: Any) -> bool:
    """What the generated client takes: the first alternative that parses, so a oneOf is an anyOf to it."""
    if "oneOf" in schema:
        schema = {"anyOf": schema["oneOf"], **{k: v for k, v in schema.items() if k != "oneOf"}}
    return _valid(schema, value)


def _breaking(side: str, old: dict[str, Any], new: dict[str, Any]) -> bool:
    place = schema_rules.Place(side, "POST /x request", "/f", ())

    return any(RULES[c.rule][0] in {"breaking", "client"} for c in schema_rules.compare(place, old, new))


@settings(max_examples=500)
@given(field_schemas(), field_schemas(), st.one_of(st.sampled_from(EDGES), st.integers()))
def test_a_request_change_the_rules_pass_keeps_every_old_value_valid(
    old: dict[str, Any], new: dict[str, Any], value: Any
) -> None:
    if _valid(old, value) and not _breaking("request", old, new):
        assert _valid(new, value), f"{old} -> {new} passed, yet a caller's {value!r} is now refused"


@settings(max_examples=500)
@given(field_schemas(), field_schemas(), st.one_of(st.sampled_from(EDGES), st.integers()))
def test_a_response_change_the_rules_pass_sends_only_values_the_old_client_knew(
    old: dict[str, Any], new: dict[str, Any], value: Any
) -> None:
    if _valid(new, value) and not _breaking("response", old, new):
        assert _parses(old, value), f"{old} -> {new} passed, yet the server may now send {value!r}"


SCHEMES = st.sampled_from(["apiKey", "appKey", "oauth"])
ALTERNATIVES = st.dictionaries(SCHEMES, st.lists(st.sampled_from(["read", "write"]), max_size=2, unique=True))
REQUIREMENTS = st.one_of(st.none(), st.lists(ALTERNATIVES, max_size=3))


def _meets(held: dict[str, list[str]], wanted: dict[str, list[str]]) -> bool:
    return all(name in held and set(scopes) <= set(held[name]) for name, scopes in wanted.items())


@given(REQUIREMENTS, REQUIREMENTS)
def test_a_security_change_breaks_exactly_when_an_old_caller_meets_no_new_alternative(
    old: list[dict[str, list[str]]] | None, new: list[dict[str, list[str]]] | None
) -> None:
    olds, news = old if old is not None else [{}], new if new is not None else [{}]
    lost = any(not any(_meets(held, wanted) for wanted in news) for held in olds)
    changes = list(access_rules.security("GET /x security", ("security",), old, new, ({}, {})))

    assert any(RULES[c.rule][0] == "breaking" for c in changes) == lost, [c.detail for c in changes]


@given(st.sets(st.sampled_from("abcde")), st.sets(st.sampled_from("abcde")))
def test_sites_removed_and_added_are_exactly_the_set_differences(old: set[str], new: set[str]) -> None:
    def servers(sites: set[str]) -> list[dict[str, Any]]:
        return [{"url": "https://{site}", "variables": {"site": {"default": "a", "enum": sorted(sites)}}}]

    changes = list(access_rules.servers("servers", ("servers",), servers(old), servers(new)))
    removed = {c.rule for c in changes} >= {"servers.site-removed"}
    added = {c.rule for c in changes} >= {"servers.site-added"}
    assert (removed, added) == (bool(old - new), bool(new - old))


NAMES = ["a", "b", "c"]


@st.composite
def object_schemas(draw: st.DrawFn) -> dict[str, Any]:
    """An object whose fields come and go, turn required, readOnly or writeOnly, and whose extra fields may close."""
    properties = {}
    for name in draw(st.lists(st.sampled_from(NAMES), unique=True)):
        field = draw(integer_schemas())
        flag = draw(st.sampled_from([None, "readOnly", "writeOnly"]))
        properties[name] = {**field, flag: True} if flag else field
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required := draw(st.lists(st.sampled_from(sorted(properties) or NAMES), unique=True)):
        schema["required"] = required
    if draw(st.booleans()):
        schema["additionalProperties"] = False
    return schema


def _fits(schema: dict[str, Any], side: str, value: dict[str, Any]) -> bool:
    """Valid as ``side`` sees it, sending only fields the schema declares there (callers send what they know)."""
    seen = on_side(schema, side, forbid=side == "request")
    visible = {k for k, v in seen.get("properties", {}).items() if v != {"not": {}}}
    return set(value) <= visible and _valid(seen, value)


BODIES = st.dictionaries(st.sampled_from(NAMES), st.one_of(st.sampled_from(EDGES), st.integers()))


@settings(max_examples=500)
@given(object_schemas(), object_schemas(), BODIES)
def test_an_object_change_the_rules_pass_keeps_every_old_request_valid(
    old: dict[str, Any], new: dict[str, Any], body: dict[str, Any]
) -> None:
    if _fits(old, "request", body) and not _breaking("request", old, new):
        assert _valid(on_side(new, "request", forbid=True), body), f"{old} -> {new} passed, yet {body} is refused"


@settings(max_examples=500)
@given(object_schemas(), object_schemas(), BODIES)
def test_an_object_change_the_rules_pass_sends_only_what_the_old_client_knew(
    old: dict[str, Any], new: dict[str, Any], body: dict[str, Any]
) -> None:
    if _fits(new, "response", body) and not _breaking("response", old, new):
        assert _valid(on_side(old, "response"), body), f"{old} -> {new} passed, yet the server may send {body}"
