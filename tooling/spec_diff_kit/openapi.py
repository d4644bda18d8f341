"""OpenAPI 3.0 schemas as plain JSON Schema, and one schema for a whole request (for evidence.py).

Loading, ``$ref`` inlining and listing operations are spec_doc's (the one spec reader).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# OpenAPI-only keywords that JSON Schema generators do not understand and validation ignores.
DOC_KEYS = frozenset({"description", "example", "examples", "externalDocs", "xml", "deprecated", "title"})
INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
# What only a reader reads: no generated parser, validator or case generator looks at it.
PROSE = frozenset({"description", "summary", "example", "examples", "externalDocs"})
# Keys whose value is a map of names (a property may be called "description"), and values taken as they are.
NAMED = frozenset({"properties", "patternProperties", "headers", "content", "links", "encoding", "parameters"})
VERBATIM = frozenset({"enum", "default", "required"})


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


def without_prose(node: Any, *, names: bool = False) -> Any:
    """An OpenAPI object (a response, a schema...) without its descriptions, summaries and examples.

    Only those: ``x-`` extensions and titles stay, since templates may read them. A key of a map of
    names (``properties``, ``headers``...) is a name, never prose, and enum or default values stay as written.
    """
    if isinstance(node, list):
        return [without_prose(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: value if key in VERBATIM or str(key).startswith("x-") else without_prose(value, names=key in NAMED)
        for key, value in node.items()
        if names or key not in PROSE
    }


def on_side(schema: Any, side: str, *, forbid: bool = False) -> Any:
    """``schema`` as one side sees it: readOnly properties are no part of requests, writeOnly ones of responses.

    Hidden properties are dropped (and no longer required), or with ``forbid`` allowed no value at
    all (validating a request: OpenAPI says a caller should not send a readOnly property).
    """
    if isinstance(schema, list):
        return [on_side(item, side, forbid=forbid) for item in schema]
    if not isinstance(schema, dict):
        return schema
    hidden = "readOnly" if side == "request" else "writeOnly"
    # The flags themselves go: a generator would apply request rules to a response schema (drop readOnly).
    out = {
        key: on_side(value, side, forbid=forbid)
        for key, value in schema.items()
        if key not in {"properties", "readOnly", "writeOnly"}
    }
    if isinstance(schema.get("properties"), dict):
        gone = {name for name, sub in schema["properties"].items() if isinstance(sub, dict) and sub.get(hidden)}
        out["properties"] = {
            name: ({"not": {}} if name in gone else on_side(sub, side, forbid=forbid))
            for name, sub in schema["properties"].items()
            if forbid or name not in gone
        }
        if "required" in schema:
            out["required"] = [name for name in schema["required"] if name not in gone]
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
        schema = on_side(media.get("schema", {}), "request", forbid=True) if media else None
        envelope["properties"]["body"] = json_schema(schema) if media else {"not": {}}
        if body.get("required"):
            envelope["required"] = sorted([*envelope["required"], "body"])
    else:
        envelope["properties"]["body"] = {"not": {}}
    return envelope


def _where_sent(scheme: Mapping[str, Any]) -> tuple[str, str] | None:
    """The envelope section and name a caller puts a scheme's credential in (None: not on the request)."""
    if scheme.get("type") == "apiKey":
        section = {"header": "headers", "query": "query", "cookie": "cookie"}.get(str(scheme.get("in")), "")
        name = str(scheme.get("name", ""))
        return (section, name.lower() if section == "headers" else name) if section else None
    if scheme.get("type") in {"http", "oauth2", "openIdConnect"}:
        return "headers", "authorization"
    return None


def security_alternatives(doc: Mapping[str, Any], operation: Mapping[str, Any]) -> list[dict[str, dict[str, str]]]:
    """What a caller sends for each alternative of the operation's effective requirement: ``{section: {name: value}}``.

    No requirement at all is one alternative that sends nothing. OAuth scopes are not on the wire.
    """
    requirement = operation["security"] if "security" in operation else doc.get("security")
    schemes = (doc.get("components") or {}).get("securitySchemes") or {}
    out = []
    for alternative in requirement if requirement is not None else [{}]:
        sent: dict[str, dict[str, str]] = {}
        for name in alternative:
            place = _where_sent(schemes.get(name) or {})
            if place is not None:
                sent.setdefault(place[0], {})[place[1]] = f"credential-for-{name}"
        out.append(sent)
    return out


def security_schema(doc: Mapping[str, Any], operation: Mapping[str, Any] | None) -> dict[str, Any]:
    """A JSON Schema over the request envelope: the credentials of at least one alternative are there."""
    if operation is None:
        return {"not": {}}
    branches = [
        {
            "type": "object",
            "required": sorted(sent),
            "properties": {section: {"type": "object", "required": sorted(names)} for section, names in sent.items()},
        }
        for sent in security_alternatives(doc, operation)
    ]
    return {"anyOf": branches}
