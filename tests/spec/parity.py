"""What two OpenAPI documents say about the same API, as comparable facts, ``$ref``s resolved.

A fact is ``key -> value``, the key naming where and what: ``GetHamrOrgConnection 200
body.data.attributes.modified_at: format``. Only what a client or a caller depends on is a fact:
paths, statuses, media types, headers, links, security, sites, and in each schema its type,
format, enum, required properties, property names, nullability, defaults and limits.
Descriptions, examples and ``x-`` extensions are not. A status, a media type, a property and a
required name are each a fact of their own (``GetHamrOrgConnection 401: documented``,
``... 200: media type application/json``, ``... body.data: requires id``,
``... body.data.id: declared``), and so are a security alternative (``GetHamrOrgConnection: security
bearerAuth``, ``security apiKeyAuth+appKeyAuth`` for the document's) and a security scheme
(``securityScheme bearerAuth``), so a reading note can name one difference without hiding its neighbours.
"""

from __future__ import annotations

from typing import Any

from tooling import spec_doc

SCHEMA_ASPECTS = (
    "type", "format", "enum", "nullable", "default", "readOnly", "writeOnly", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
    "uniqueItems", "oneOf", "anyOf", "allOf", "not",
)  # fmt: skip
Facts = dict[str, Any]


def facts(spec: dict[str, Any]) -> Facts:
    found: Facts = {"servers": sorted(server["url"] for server in spec.get("servers", []))}
    found["sites"] = sorted({site for server in spec.get("servers", []) for site in _sites(server)})
    _security(found, "security", spec.get("security", []))
    for name, scheme in spec.get("components", {}).get("securitySchemes", {}).items():
        found[f"securityScheme {name}"] = tuple(scheme.get(aspect) for aspect in ("type", "in", "name", "scheme"))
    operations = list(spec_doc.walk(spec))
    found["paths"] = sorted(f"{method} {path}" for path, method, _ in operations)
    for path, method, operation in operations:
        _operation(spec, found, operation.get("operationId", f"{method} {path}"), operation)
    return found


def differences(ours: Facts, theirs: Facts) -> dict[str, tuple[Any, Any]]:
    """Each key whose value differs, with (ours, theirs); ``None`` where one side has no such fact."""
    return {
        key: (ours.get(key), theirs.get(key))
        for key in sorted(ours.keys() | theirs.keys())
        if ours.get(key) != theirs.get(key)
    }


def _sites(server: dict[str, Any]) -> list[str]:
    return list(server.get("variables", {}).get("site", {}).get("enum", []))


def _security(found: Facts, where: str, requirements: list[dict[str, Any]]) -> None:
    """Each alternative a fact: the schemes it needs together (``apiKeyAuth+appKeyAuth``), with their scopes."""
    for requirement in requirements:
        needed = "+".join(f"{name}{sorted(scopes) if scopes else ''}" for name, scopes in sorted(requirement.items()))
        found[f"{where} {needed or '(anonymous)'}"] = True


def _operation(spec: dict[str, Any], found: Facts, name: str, operation: dict[str, Any]) -> None:
    _security(found, f"{name}: security", operation.get("security", spec.get("security", [])))
    body = operation.get("requestBody")
    if body is not None:
        body = spec_doc.follow(spec, body)
        found[f"{name} request: required"] = bool(body.get("required", False))
        _content(spec, found, f"{name} request", body.get("content", {}))
    parameters = [spec_doc.follow(spec, parameter) for parameter in operation.get("parameters", [])]
    found[f"{name}: parameters"] = sorted(f"{p['in']}:{p['name']}:{p.get('required', False)}" for p in parameters)
    responses = operation.get("responses", {})
    for status, reference in responses.items():
        response = spec_doc.follow(spec, reference)
        where = f"{name} {status}"
        found[f"{where}: documented"] = True
        found[f"{where}: headers"] = sorted(response.get("headers", {}))
        found[f"{where}: links"] = sorted(response.get("links", {}))
        _content(spec, found, where, response.get("content", {}))


def _content(spec: dict[str, Any], found: Facts, where: str, content: dict[str, Any]) -> None:
    for media_type, media in content.items():
        found[f"{where}: media type {media_type}"] = True
        if "schema" in media:
            _schema(spec, found, f"{where} body", media["schema"], depth=0)


def _schema(spec: dict[str, Any], found: Facts, where: str, node: dict[str, Any], depth: int) -> None:
    node = spec_doc.follow(spec, node)
    if depth > 20:  # a recursive schema: its shape above is fact enough
        return
    for aspect in SCHEMA_ASPECTS:
        if aspect in node:
            value = node[aspect]
            found[f"{where}: {aspect}"] = sorted(value, key=repr) if aspect == "enum" else _shape(value)
    for required in node.get("required", []):
        found[f"{where}: requires {required}"] = True
    properties = node.get("properties", {})
    for name in properties:
        found[f"{where}.{name}: declared"] = True
    extra = node.get("additionalProperties", True)
    found[f"{where}: additionalProperties"] = extra if isinstance(extra, bool) else "schema"
    for name, child in properties.items():
        _schema(spec, found, f"{where}.{name}", child, depth + 1)
    if isinstance(extra, dict) and extra:
        _schema(spec, found, f"{where}.*", extra, depth + 1)
    if "items" in node:
        _schema(spec, found, f"{where}[]", node["items"], depth + 1)


def _shape(value: Any) -> Any:
    """A composition's members compared by what they are, not by their $ref spelling."""
    if isinstance(value, list):
        return [spec_doc.ref_name(item) if spec_doc.is_ref(item) else item for item in value]
    return value
