"""Hypothesis strategies for the contract gate, every one derived from the spec's own schemas.

Bodies come from schemathesis's generator (``APIOperation.as_strategy()``); the standalone
hypothesis-jsonschema 0.23.1 crashes on hypothesis 6.170 (``'many' object has no attribute
'more'``), so it is not used. Schemathesis generates *request* bodies, so for response bodies
the spec is re-shaped: each documented (operation, status) becomes a synthetic operation whose
request body has that response's schema, with the spec's ``components`` untouched.

Invalid responses are spec-valid bodies put through one mutation (drop a required field,
change a type, an unknown enum value, null, truncated JSON, not JSON, wrong Content-Type);
the test checks each against the spec, so a mutation that happens to stay valid is discarded
rather than trusted.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis.schemas import BaseSchema

from contract_tests.spec import Spec
from contract_tests.spec import load as load_spec

JSON = "application/json"


def synthetic_path(operation: str, status: int) -> str:
    return f"/responses/{operation}/{status}"


@functools.cache
def _synthetic_schema(spec: Spec) -> BaseSchema:
    """The spec re-shaped so that each response body is a request body schemathesis can generate."""
    paths: dict[str, Any] = {}
    for operation_id, operation in spec.operations.items():
        for status in operation.statuses:
            schema = spec.schema_at(spec.response_schema_pointer(operation_id, status))
            paths[synthetic_path(operation_id, status)] = {
                "post": {
                    "operationId": f"{operation_id}{status}",
                    "requestBody": {"required": True, "content": {JSON: {"schema": copy.deepcopy(schema)}}},
                    "responses": {"200": {"description": "unused"}},
                }
            }
    document = {
        "openapi": spec.document["openapi"],
        "info": {"title": "response bodies of " + spec.document["info"]["title"], "version": "0"},
        "paths": paths,
        "components": copy.deepcopy(spec.document["components"]),
    }
    return schemathesis.openapi.from_dict(document)


@functools.cache
def _real_schema(spec: Spec) -> BaseSchema:
    return schemathesis.openapi.from_dict(copy.deepcopy(spec.document))


def response_bodies(operation: str, status: int, spec: Spec | None = None) -> st.SearchStrategy[Any]:
    """Spec-valid JSON bodies for a documented response, generated from its schema."""
    spec = spec or load_spec()
    cases = _synthetic_schema(spec)[synthetic_path(operation, status)]["POST"].as_strategy()
    return cases.map(lambda case: case.body)


def responses(operation: str, spec: Spec | None = None) -> st.SearchStrategy[tuple[int, Any]]:
    """A documented status of ``operation`` and a spec-valid body for it."""
    spec = spec or load_spec()
    statuses = spec.operations[operation].statuses
    return st.sampled_from(statuses).flatmap(
        lambda status: st.tuples(st.just(status), response_bodies(operation, status, spec))
    )


def request_bodies(operation: str, spec: Spec | None = None) -> st.SearchStrategy[Any]:
    """Spec-valid request bodies for ``operation`` (which must have one)."""
    spec = spec or load_spec()
    found = spec.operations[operation]
    cases = _real_schema(spec)[found.path][found.method].as_strategy()
    return cases.map(lambda case: case.body)


def undocumented_statuses(operation: str, spec: Spec | None = None) -> st.SearchStrategy[int]:
    """Final HTTP statuses the spec does not document for ``operation``."""
    documented = set((spec or load_spec()).operations[operation].statuses)
    return st.integers(200, 599).filter(lambda status: status not in documented)


# ---------------------------------------------------------------------------- invalid responses


@dataclass(frozen=True)
class Mutant:
    """A response the spec does not allow, and what was done to make it."""

    status: int
    content: bytes
    content_type: str
    mutation: str


@dataclass(frozen=True)
class Slot:
    """A value in a document, where it is and the schema it must satisfy."""

    parts: tuple[str | int, ...]
    schema: Mapping[str, Any]
    required: bool


def slots(spec: Spec, schema: Mapping[str, Any], document: Any, parts: tuple[str | int, ...] = ()) -> Iterator[Slot]:
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


# A value of each JSON type, to put where the schema wants another.
_WRONG_TYPES: dict[str, list[Any]] = {
    "string": [0, 1.5, True, [], {}],
    "integer": ["4", 4.5, True, [], {}],
    "number": ["4", True, [], {}],
    "boolean": ["true", 1, 0, [], {}],
    "object": ["{}", 0, [], True],
    "array": ["[]", 0, {}, True],
}


def _set(document: Any, parts: tuple[str | int, ...], value: Any) -> Any:
    mutated = copy.deepcopy(document)
    target = mutated
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value
    return mutated


def _drop(document: Any, parts: tuple[str | int, ...]) -> Any:
    mutated = copy.deepcopy(document)
    target = mutated
    for part in parts[:-1]:
        target = target[part]
    del target[parts[-1]]
    return mutated


MUTATIONS = (
    "drop a required field",
    "change a type",
    "unknown enum value",
    "null where not nullable",
    "truncated JSON",
    "not JSON",
    "wrong Content-Type",
)


def _targets(kind: str, found: list[Slot]) -> list[Slot]:
    """The values of a document that ``kind`` can break."""
    if kind == "drop a required field":
        return [s for s in found if s.required and isinstance(s.parts[-1], str)]
    if kind == "unknown enum value":
        return [s for s in found if "enum" in s.schema]
    if kind == "null where not nullable":
        return [s for s in found if not s.schema.get("nullable")]
    return [s for s in found if s.schema.get("type") in _WRONG_TYPES]


def _schema_can(spec: Spec, kind: str, schema: Mapping[str, Any], seen: frozenset[int] = frozenset()) -> bool:
    """Whether some document of ``schema`` has a value ``kind`` can break (decides which statuses to draw)."""
    schema = spec.follow(schema)
    if id(schema) in seen:
        return False
    seen = seen | {id(schema)}
    children = [*schema.get("properties", {}).values(), *([schema["items"]] if "items" in schema else [])]
    if kind == "unknown enum value":
        return any("enum" in spec.follow(c) or _schema_can(spec, kind, c, seen) for c in children)
    if kind == "drop a required field":
        return bool(schema.get("required")) or any(_schema_can(spec, kind, c, seen) for c in children)
    return True


@st.composite
def _mutated_document(
    draw: st.DrawFn, spec: Spec, kind: str, schema: Mapping[str, Any], document: Any
) -> tuple[Any, str]:
    targets = _targets(kind, list(slots(spec, schema, document)))
    if not targets:
        # Nothing inside to break (an empty errors list...): break the document itself.
        return draw(st.sampled_from([None, "", 0, [], True])), f"{kind}: the whole document"
    slot = draw(st.sampled_from(targets))
    where = _pointer(slot.parts)
    if kind == "drop a required field":
        return _drop(document, slot.parts), f"{kind} at {where}"
    if kind == "unknown enum value":
        allowed = slot.schema["enum"]
        outside = st.integers() if slot.schema.get("type") == "integer" else st.text()
        return _set(document, slot.parts, draw(outside.filter(lambda v: v not in allowed))), f"{kind} at {where}"
    if kind == "null where not nullable":
        return _set(document, slot.parts, None), f"{kind} at {where}"
    value = draw(st.sampled_from(_WRONG_TYPES[str(slot.schema["type"])]))
    return _set(document, slot.parts, value), f"{kind} at {where} to {json.dumps(value)}"


def _pointer(parts: tuple[str | int, ...]) -> str:
    return "".join(f"/{part}" for part in parts)


def _not_json(content: bytes) -> bool:
    try:
        json.loads(content)
    except ValueError:
        return True
    return False


# Content types a misbehaving proxy or server sends instead of application/json.
WRONG_CONTENT_TYPES = ["text/html; charset=utf-8", "text/plain", "application/xml", "application/octet-stream", ""]


@st.composite
def invalid_responses(draw: st.DrawFn, operation: str, kind: str, spec: Spec | None = None) -> Mutant:
    """A documented status of ``operation`` whose body (or Content-Type) ``kind`` made spec-invalid."""
    spec = spec or load_spec()
    statuses = [
        status
        for status in spec.operations[operation].statuses
        if _schema_can(spec, kind, spec.schema_at(spec.response_schema_pointer(operation, status)))
    ]
    status = draw(st.sampled_from(statuses))
    body = draw(response_bodies(operation, status, spec))
    encoded = json.dumps(body).encode()
    if kind == "truncated JSON":
        cut = draw(st.integers(0, len(encoded) - 1))
        return Mutant(status, encoded[:cut], JSON, f"truncated JSON ({cut} of {len(encoded)} bytes)")
    if kind == "not JSON":
        text = st.one_of(st.binary(), st.text().map(str.encode), st.just(b"<html><body>502 Bad Gateway</body></html>"))
        return Mutant(status, draw(text.filter(_not_json)), JSON, "not JSON")
    if kind == "wrong Content-Type":
        content_type = draw(st.sampled_from(WRONG_CONTENT_TYPES))
        return Mutant(status, encoded, content_type, f"Content-Type {content_type!r}")
    schema = spec.schema_at(spec.response_schema_pointer(operation, status))
    document, description = draw(_mutated_document(spec, kind, schema, body))
    return Mutant(status, json.dumps(document).encode(), JSON, description)
