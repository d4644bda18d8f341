"""The ways a spec-valid response is made invalid, one registered function each (as schemathesis registers its
negative-testing mutations): the rejection property draws from ``MUTATIONS`` and nothing else.

A mutation says which response schemas it can break (``applies``), breaks one generated response
(``breaks``), and names the symptom the spec must then report (``symptom``, a phrase of the
validator's reason), so a mutation that stops breaking anything fails its own test instead of
passing unseen. A name that is not registered is a KeyError, never another mutation.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from contract_tests.spec import Spec
from contract_tests.spec import load as load_spec
from contract_tests.strategies import JSON, response_bodies
from tooling.spec_doc import pointer

Parts = tuple[str | int, ...]


@dataclass(frozen=True)
class Mutant:
    """A response the spec does not allow, what was done to make it, and what the spec should say about it."""

    status: int
    content: bytes
    content_type: str
    mutation: str
    symptom: str


@dataclass(frozen=True)
class Broken:
    content: bytes
    content_type: str
    description: str
    symptom: str


Applies = Callable[[Spec, Mapping[str, Any]], bool]
Breaks = Callable[[st.DrawFn, Spec, Mapping[str, Any], Any], Broken]


@dataclass(frozen=True)
class Mutation:
    name: str
    applies: Applies
    breaks: Breaks


MUTATIONS: dict[str, Mutation] = {}


def mutation(name: str, applies: Applies | None = None) -> Callable[[Breaks], Breaks]:
    """Register ``breaks`` under ``name``; ``applies`` (default: any schema) decides which statuses it is drawn for."""

    def register(breaks: Breaks) -> Breaks:
        assert name not in MUTATIONS, f"mutation {name!r} registered twice"
        MUTATIONS[name] = Mutation(name, applies or (lambda _spec, _schema: True), breaks)
        return breaks

    return register


# ---------------------------------------------------------------------------- walking a document with its schema


@dataclass(frozen=True)
class Slot:
    """A value in a document, where it is and the schema it must satisfy."""

    parts: Parts
    schema: Mapping[str, Any]
    required: bool


def slots(spec: Spec, schema: Mapping[str, Any], document: Any, parts: Parts = ()) -> Iterator[Slot]:
    """Every value of ``document`` that its schema constrains, walking the two together."""
    schema = spec.follow(schema)
    if isinstance(document, dict) and "properties" in schema:
        required = set(schema.get("required", ()))
        for key, sub in schema["properties"].items():
            if key in document:
                resolved = spec.follow(sub)
                yield Slot((*parts, key), resolved, key in required)
                yield from slots(spec, resolved, document[key], (*parts, key))
    elif isinstance(document, list) and "items" in schema:
        items = spec.follow(schema["items"])
        for index, item in enumerate(document):
            yield Slot((*parts, index), items, True)
            yield from slots(spec, items, item, (*parts, index))


def _somewhere(spec: Spec, schema: Mapping[str, Any], test: Callable[[Mapping[str, Any]], bool]) -> bool:
    """Whether ``test`` holds for ``schema`` or a schema nested in it (properties, items; $refs followed)."""
    seen: set[int] = set()

    def walk(node: Mapping[str, Any]) -> bool:
        node = spec.follow(node)
        if id(node) in seen:
            return False
        seen.add(id(node))
        children = [*node.get("properties", {}).values(), *([node["items"]] if "items" in node else [])]
        return test(node) or any(walk(child) for child in children)

    return walk(schema)


def _set(document: Any, parts: Parts, value: Any) -> Any:
    mutated = copy.deepcopy(document)
    target = mutated
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value
    return mutated


def _drop(document: Any, parts: Parts) -> Any:
    mutated = copy.deepcopy(document)
    target = mutated
    for part in parts[:-1]:
        target = target[part]
    del target[parts[-1]]
    return mutated


def _break_a_value(
    draw: st.DrawFn,
    spec: Spec,
    schema: Mapping[str, Any],
    document: Any,
    name: str,
    eligible: Callable[[Slot], bool],
    change: Callable[[st.DrawFn, Slot], tuple[Any, str]],
    symptom: str,
) -> Broken:
    """One eligible value of ``document`` changed by ``change`` (which returns the document and what it did)."""
    targets = [slot for slot in slots(spec, schema, document) if eligible(slot)]
    if not targets:
        # Nothing inside to break (an empty list...): the document itself becomes a value of another type.
        root = str(spec.follow(schema).get("type", "object"))
        whole: Any = draw(st.sampled_from([None, *WRONG_TYPES.get(root, WRONG_TYPES["object"])]))
        return Broken(json.dumps(whole).encode(), JSON, f"{name}: the whole document", "is not of type")
    slot = draw(st.sampled_from(targets))
    mutated, what = change(draw, slot)
    return Broken(json.dumps(mutated).encode(), JSON, f"{name} at {pointer(slot.parts)}{what}", symptom)


# ---------------------------------------------------------------------------- the mutations


@mutation(
    "drop a required field", applies=lambda spec, schema: _somewhere(spec, schema, lambda s: bool(s.get("required")))
)
def drop_required(draw: st.DrawFn, spec: Spec, schema: Mapping[str, Any], document: Any) -> Broken:
    return _break_a_value(
        draw, spec, schema, document, "drop a required field",
        eligible=lambda slot: slot.required and isinstance(slot.parts[-1], str),
        change=lambda _draw, slot: (_drop(document, slot.parts), ""),
        symptom="is a required property",
    )  # fmt: skip


# A value of each JSON type, to put where the schema wants another.
WRONG_TYPES: dict[str, list[Any]] = {
    "string": [0, 1.5, True, [], {}],
    "integer": ["4", 4.5, True, [], {}],
    "number": ["4", True, [], {}],
    "boolean": ["true", 1, 0, [], {}],
    "object": ["{}", 0, [], True],
    "array": ["[]", 0, {}, True],
}


@mutation("change a type")
def change_type(draw: st.DrawFn, spec: Spec, schema: Mapping[str, Any], document: Any) -> Broken:
    def change(draw: st.DrawFn, slot: Slot) -> tuple[Any, str]:
        value = draw(st.sampled_from(WRONG_TYPES[str(slot.schema["type"])]))
        return _set(document, slot.parts, value), f" to {json.dumps(value)}"

    return _break_a_value(
        draw, spec, schema, document, "change a type",
        eligible=lambda slot: slot.schema.get("type") in WRONG_TYPES, change=change, symptom="is not of type",
    )  # fmt: skip


@mutation("unknown enum value", applies=lambda spec, schema: _somewhere(spec, schema, lambda s: "enum" in s))
def unknown_enum_value(draw: st.DrawFn, spec: Spec, schema: Mapping[str, Any], document: Any) -> Broken:
    def change(draw: st.DrawFn, slot: Slot) -> tuple[Any, str]:
        allowed = slot.schema["enum"]
        outside = st.integers() if slot.schema.get("type") == "integer" else st.text()
        value = draw(outside.filter(lambda v: v not in allowed))
        return _set(document, slot.parts, value), f" to {json.dumps(value)}"

    return _break_a_value(
        draw, spec, schema, document, "unknown enum value",
        eligible=lambda slot: "enum" in slot.schema, change=change, symptom="is not one of",
    )  # fmt: skip


@mutation("null where not nullable")
def null_where_not_nullable(draw: st.DrawFn, spec: Spec, schema: Mapping[str, Any], document: Any) -> Broken:
    return _break_a_value(
        draw, spec, schema, document, "null where not nullable",
        # An untyped schema without an enum admits null: no slot a null can break.
        eligible=lambda slot: not slot.schema.get("nullable") and ("type" in slot.schema or "enum" in slot.schema),
        change=lambda _draw, slot: (_set(document, slot.parts, None), ""),
        symptom="None is not",
    )  # fmt: skip


@mutation("truncated JSON")
def truncated_json(draw: st.DrawFn, spec: Spec, schema: Mapping[str, Any], document: Any) -> Broken:
    encoded = json.dumps(document).encode()
    cut = draw(st.integers(0, len(encoded) - 1))
    return Broken(encoded[:cut], JSON, f"truncated JSON ({cut} of {len(encoded)} bytes)", "not JSON")


def _not_json(content: bytes) -> bool:
    try:
        json.loads(content)
    except ValueError:
        return True
    return False


@mutation("not JSON")
def not_json(draw: st.DrawFn, spec: Spec, schema: Mapping[str, Any], document: Any) -> Broken:
    text = st.one_of(st.binary(), st.text().map(str.encode), st.just(b"<html><body>502 Bad Gateway</body></html>"))
    return Broken(draw(text.filter(_not_json)), JSON, "not JSON", "not JSON")


# Content types a misbehaving proxy or server sends instead of application/json.
WRONG_CONTENT_TYPES = ["text/html; charset=utf-8", "text/plain", "application/xml", "application/octet-stream", ""]


@mutation("wrong Content-Type")
def wrong_content_type(draw: st.DrawFn, spec: Spec, schema: Mapping[str, Any], document: Any) -> Broken:
    content_type = draw(st.sampled_from(WRONG_CONTENT_TYPES))
    return Broken(json.dumps(document).encode(), content_type, f"Content-Type {content_type!r}", "Content-Type")


# ---------------------------------------------------------------------------- drawing mutants


def statuses(operation: str, name: str, spec: Spec | None = None) -> list[int]:
    """The documented statuses of ``operation`` whose response the mutation ``name`` can break."""
    spec = spec or load_spec()
    applies = MUTATIONS[name].applies
    return [
        status
        for status in spec.body_statuses(operation)
        if applies(spec, spec.schema_at(spec.response_schema_pointer(operation, status)))
    ]


@st.composite
def invalid_responses(draw: st.DrawFn, operation: str, name: str, spec: Spec | None = None) -> Mutant:
    """A documented status of ``operation`` whose body (or Content-Type) the mutation ``name`` made spec-invalid."""
    spec = spec or load_spec()
    found = MUTATIONS[name]
    status = draw(st.sampled_from(statuses(operation, name, spec)))
    body = draw(response_bodies(operation, status, spec))
    schema = spec.schema_at(spec.response_schema_pointer(operation, status))
    broken = found.breaks(draw, spec, schema, body)
    return Mutant(status, broken.content, broken.content_type, broken.description, broken.symptom)
