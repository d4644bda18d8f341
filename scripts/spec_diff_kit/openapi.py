"""Load an OpenAPI 3.0 document, inline its local ``$ref``s, list operations, convert schemas."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import yaml

Doc = dict[str, Any]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# OpenAPI-only keywords that JSON Schema generators do not understand and validation ignores.
DOC_KEYS = frozenset({"description", "example", "examples", "externalDocs", "xml", "deprecated", "title"})
INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


class SpecError(Exception):
    """The text is not an OpenAPI document this tool can read."""


def load(text: str, name: str = "spec") -> Doc:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SpecError(f"{name}: not YAML: {exc}") from None
    if not isinstance(doc, dict) or "paths" not in doc:
        raise SpecError(f"{name}: not an OpenAPI document (no `paths`)")
    return doc


def resolve(doc: Doc) -> Doc:
    """A copy with every local ``$ref`` replaced by (a copy of) its target; cycles are an error."""

    def target(ref: str) -> Any:
        if not ref.startswith("#/"):
            raise SpecError(f"only local $refs are supported, not {ref!r}")
        node: Any = doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def walk(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if ref in seen:
                    raise SpecError(f"recursive $ref {ref!r} is not supported")
                return walk(target(ref), (*seen, ref))
            return {key: walk(value, seen) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item, seen) for item in node]
        return node

    resolved: Doc = walk(copy.deepcopy(doc), ())
    return resolved


def operations(doc: Doc) -> Iterator[tuple[str, dict[str, Any]]]:
    """``("POST /api/v2/hamr", operation)`` for each operation of a resolved document.

    Path-level parameters are merged into each operation's, as OpenAPI says they apply.
    """
    for path, item in sorted((doc.get("paths") or {}).items()):
        shared = item.get("parameters", [])
        for method in METHODS:
            if method in item:
                operation = dict(item[method])
                own = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
                operation["parameters"] = [
                    *operation.get("parameters", []),
                    *(p for p in shared if (p["in"], p["name"]) not in own),
                ]
                yield f"{method.upper()} {path}", operation


def json_schema(schema: Any) -> Any:
    """An OpenAPI 3.0 Schema Object as plain JSON Schema (for generators and validators).

    ``nullable`` becomes a ``null`` type, ``int32``/``int64`` become bounds, and documentation
    and ``x-`` keys are dropped.
    """
    if isinstance(schema, list):
        return [json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in DOC_KEYS or key.startswith("x-") or key in {"nullable", "readOnly", "writeOnly", "discriminator"}:
            continue
        if key == "properties":
            out[key] = {name: json_schema(sub) for name, sub in value.items()}
        elif key in {"items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"}:
            out[key] = json_schema(value)
        elif key == "format" and value in INT_BOUNDS:
            low, high = INT_BOUNDS[value]
            out.setdefault("minimum", low)
            out.setdefault("maximum", high)
        else:
            out[key] = value
    if schema.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


def request_envelope(operation: dict[str, Any] | None, *, closed: bool = False) -> dict[str, Any]:
    """One JSON Schema for a whole request: ``{"headers", "query", "path", "cookie", "body"}``.

    A caller's request is valid for an operation when it validates against this, so "valid under
    the old spec, checked against the new" is one validation per request. ``closed`` forbids
    parameters the operation does not declare (for generating what a caller sends).
    """
    if operation is None:
        return {"not": {}}  # the operation is gone: no request is valid any more
    sections: dict[str, dict[str, Any]] = {}
    for location in ("header", "query", "path", "cookie"):
        params = {
            # HTTP header names are case-insensitive: compare them lowercased.
            (p["name"].lower() if location == "header" else p["name"]): p
            for p in operation.get("parameters", [])
            if p.get("in") == location
        }
        sections["headers" if location == "header" else location] = {
            "type": "object",
            "properties": {name: json_schema(p.get("schema", {})) for name, p in params.items()},
            "required": sorted(name for name, p in params.items() if p.get("required") or location == "path"),
            **({"additionalProperties": False} if closed else {}),
        }
    envelope: dict[str, Any] = {"type": "object", "properties": sections, "required": sorted(sections)}
    body = operation.get("requestBody")
    if body:
        media = body.get("content", {}).get("application/json")
        envelope["properties"]["body"] = json_schema(media.get("schema", {})) if media else {"not": {}}
        if body.get("required"):
            envelope["required"] = sorted([*envelope["required"], "body"])
    else:
        envelope["properties"]["body"] = {"not": {}}
    return envelope
