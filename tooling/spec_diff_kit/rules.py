"""Classify every difference between two inlined OpenAPI 3.0 documents, object by object.

Each OpenAPI object (document, path item, operation, parameter, request body, response, header,
link, schema, server, security requirement) has the keys its rules judge and the keys that are
documentation; a change to any other key is reported ``not-judged`` with its pointer, never passed
as documentation. Schemas are schema_rules', servers and security access_rules'. A change to a
shared schema is reported once per place it is used: it can break one side and not the other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from tooling import spec_doc
from tooling.spec_diff_kit import access_rules, schema_rules
from tooling.spec_diff_kit.changes import RULES, Change, Severity
from tooling.spec_diff_kit.schema_rules import DOC_KEYS, Place, core
from tooling.spec_doc import Doc, operations

__all__ = ["RULES", "Change", "Severity", "compare", "defined_at"]

Path = tuple[spec_doc.Part, ...]
# Per object: the keys a rule reads (documentation keys and x- notes are never judged).
DOCUMENT_KEYS = {"openapi", "info", "servers", "paths", "components", "security", "tags"}
PATH_ITEM_KEYS = {*spec_doc.METHODS, "parameters", "servers", "summary"}
OPERATION_KEYS = {"operationId", "parameters", "requestBody", "responses", "security", "servers", "tags", "summary"}
PARAMETER_KEYS = {"name", "in", "required", "schema", "style", "explode", "allowReserved", "allowEmptyValue"}
SERIALIZATION = ("style", "explode", "allowReserved", "allowEmptyValue")
BODY_KEYS = {"content", "required"}
MEDIA_KEYS = {"schema"}
RESPONSE_KEYS = {"content", "headers", "links"}
HEADER_KEYS = {"required", "schema", "style", "explode"}


def compare(old: Doc, new: Doc) -> list[Change]:
    """Every classified change from inlined ``old`` to inlined ``new``, in a stable order."""
    changes = list(access_rules.servers("servers", ("servers",), old.get("servers") or [], new.get("servers") or []))
    changes += _unjudged("document", (), old, new, DOCUMENT_KEYS)
    if str(old.get("openapi", "")).split(".")[:2] != str(new.get("openapi", "")).split(".")[:2]:
        changes.append(Change("not-judged", "document", f"openapi {old.get('openapi')} -> {new.get('openapi')}",
                              pointer="/openapi"))  # fmt: skip
    old_ops, new_ops = dict(operations(old)), dict(operations(new))
    for key in sorted(old_ops.keys() | new_ops.keys()):
        path = _operation_path(key)
        if key not in new_ops:
            changes.append(Change("operation.removed", key, "operation removed", pointer=spec_doc.pointer(path)))
        elif key not in old_ops:
            changes.append(Change("operation.added", key, "operation added", pointer=spec_doc.pointer(path)))
        else:
            changes += _operation(key, path, (old, new), old_ops[key], new_ops[key])
    for route in sorted(set(spec_doc.routes(old)) & set(spec_doc.routes(new))):
        changes += _unjudged(route, ("paths", route), old["paths"][route], new["paths"][route], PATH_ITEM_KEYS)
    if not any(c.severity != "docs" for c in changes) and _unversioned(old) != _unversioned(new):
        # Whatever differs is what no caller or client reads: documentation, examples, x- notes.
        changes.append(
            Change("docs.changed", "document", "nothing callers or clients read (documentation, examples, x- notes)")
        )
    return changes


def defined_at(changes: list[Change], old: Doc, new: Doc) -> list[Change]:
    """``changes`` with each pointer moved to where the node is defined in the raw (not inlined) documents."""
    refs = spec_doc.Refs(new), spec_doc.Refs(old)
    out = []
    for change in changes:
        # Where the new spec has it, else where the old one had it (a removal), else the nearest place.
        found = [ref.locate(change.pointer) for ref in refs]
        home = next((where for where, whole in found if whole), found[0][0])
        out.append(dataclasses.replace(change, pointer=home))
    return out


def _operation_path(key: str) -> Path:
    method, route = key.split(" ", 1)
    return ("paths", route, method.lower())


def _unversioned(doc: Doc) -> Doc:
    """The document without ``info.version``: a bump alone is no change."""
    return {**doc, "info": {k: v for k, v in (doc.get("info") or {}).items() if k != "version"}}


def _unjudged(where: str, path: Path, old: Mapping[str, Any], new: Mapping[str, Any], judged: set[str]) -> list[Change]:
    """A ``not-judged`` change for each key no rule reads whose value changed."""
    return [
        Change("not-judged", where, f"`{key}` changed and no rule reads it", pointer=spec_doc.pointer([*path, key]))
        for key in sorted((old.keys() | new.keys()) - judged - DOC_KEYS - {"externalDocs"})
        if not str(key).startswith("x-") and core(old.get(key)) != core(new.get(key))
    ]


def _operation(
    key: str, path: Path, docs: tuple[Doc, Doc], old: dict[str, Any], new: dict[str, Any]
) -> Iterator[Change]:
    if old.get("operationId") != new.get("operationId"):
        yield Change("operation.id-changed", key, f"operationId {old.get('operationId')} -> {new.get('operationId')}",
                     pointer=spec_doc.pointer([*path, "operationId"]))  # fmt: skip
    yield from _unjudged(key, path, old, new, OPERATION_KEYS)
    yield from _access(key, path, docs, old, new)
    yield from _parameters(key, docs, old.get("parameters", []), new.get("parameters", []))
    yield from _request_body(key, (*path, "requestBody"), old.get("requestBody"), new.get("requestBody"))
    old_responses, new_responses = old.get("responses", {}), new.get("responses", {})
    for status in sorted(old_responses.keys() | new_responses.keys(), key=str):
        where, here = f"{key} {status}", (*path, "responses", str(status))
        if status not in new_responses:
            yield Change("response.status-removed", where, f"status {status} no longer documented",
                         pointer=spec_doc.pointer(here))  # fmt: skip
        elif status not in old_responses:
            success = str(status).startswith("2")
            rule = "response.status-added-success" if success else "response.status-added-error"
            yield Change(rule, where, f"status {status} newly documented", pointer=spec_doc.pointer(here))
        else:
            yield from _response(where, here, old_responses[status], new_responses[status])


def _access(key: str, path: Path, docs: tuple[Doc, Doc], old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    """The operation's effective servers and security: its own, else its path item's (servers), else the document's."""
    route = path[1]
    pairs = ((old, docs[0]), (new, docs[1]))
    servers = [op.get("servers") or doc["paths"][route].get("servers") or doc.get("servers") or [] for op, doc in pairs]
    # Document-level servers are compared once, at the document; here only where an operation or path overrides them.
    if servers[0] != servers[1] and any("servers" in op or "servers" in doc["paths"][route] for op, doc in pairs):
        yield from access_rules.servers(f"{key} servers", (*path, "servers"), servers[0], servers[1])
    security = [op["security"] if "security" in op else doc.get("security") for op, doc in pairs]
    schemes = [(doc.get("components") or {}).get("securitySchemes") or {} for doc in docs]
    at = (*path, "security") if "security" in new else ("security",)
    yield from access_rules.security(f"{key} security", at, security[0], security[1], (schemes[0], schemes[1]))


def _parameter_paths(doc: Doc, key: str) -> dict[tuple[str, str], Path]:
    """Where each parameter of an operation is written: on the operation, or shared on its path item."""
    _, route, method = _operation_path(key)
    item = (doc.get("paths") or {}).get(route) or {}
    found: dict[tuple[str, str], Path] = {}
    owners: list[tuple[Path, Any]] = [
        (("paths", route), item.get("parameters")),
        (("paths", route, method), (item.get(method) or {}).get("parameters")),
    ]
    for owner, params in owners:  # the operation's own come last: they override the path item's
        for index, p in enumerate(params or []):
            found[_ident(p)] = (*owner, "parameters", index)
    return found


def _ident(parameter: Mapping[str, Any]) -> tuple[str, str]:
    # HTTP header names are case-insensitive.
    name = str(parameter["name"])
    return str(parameter["in"]), name.lower() if parameter["in"] == "header" else name


def _parameters(
    key: str, docs: tuple[Doc, Doc], old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> Iterator[Change]:
    olds, news = {_ident(p): p for p in old}, {_ident(p): p for p in new}
    old_paths, new_paths = _parameter_paths(docs[0], key), _parameter_paths(docs[1], key)
    for ident in sorted(olds.keys() | news.keys()):
        where = f"{key} {ident[0]} parameter {ident[1]}"
        path = new_paths.get(ident) or old_paths.get(ident) or ()
        pointer = spec_doc.pointer(path)
        if ident not in news:
            yield Change("request.parameter-removed", where, "parameter removed", pointer=pointer)
        elif ident not in olds:
            required = bool(news[ident].get("required"))
            rule = "request.required-parameter-added" if required else "request.optional-parameter-added"
            yield Change(rule, where, f"{'required' if required else 'optional'} {ident[0]} parameter added",
                         pointer=pointer)  # fmt: skip
        else:
            before, after = olds[ident], news[ident]
            if bool(after.get("required")) != bool(before.get("required")):
                rule = (
                    "request.parameter-became-required"
                    if after.get("required")
                    else "request.parameter-became-optional"
                )
                yield Change(rule, where, f"required {bool(before.get('required'))} -> {bool(after.get('required'))}",
                             pointer=spec_doc.pointer([*path, "required"]))  # fmt: skip
            moved = [k for k in SERIALIZATION if before.get(k) != after.get(k)]
            if moved:
                detail = "; ".join(f"{k} {before.get(k)} -> {after.get(k)}" for k in moved)
                yield Change("request.parameter-serialization-changed", where, detail, pointer=pointer)
            yield from _unjudged(where, path, before, after, PARAMETER_KEYS)
            both = bool(before.get("required") and after.get("required"))
            place = Place("request", where, "", (*path, "schema"), required=both)
            yield from schema_rules.compare(place, before.get("schema", {}), after.get("schema", {}))


def _request_body(key: str, path: Path, old: dict[str, Any] | None, new: dict[str, Any] | None) -> Iterator[Change]:
    old, new = old or {}, new or {}
    where, pointer = f"{key} request", spec_doc.pointer(path)
    if new.get("required") and not old.get("required"):
        yield Change("request.body-became-required", where, "request body became required", pointer=pointer)
    if old.get("required") and not new.get("required"):
        yield Change("request.body-became-optional", where, "request body became optional", pointer=pointer)
    yield from _unjudged(where, path, old, new, BODY_KEYS)
    old_media, new_media = old.get("content", {}), new.get("content", {})
    for media in sorted(old_media.keys() - new_media.keys()):
        yield Change("request.body-media-type-removed", where, f"media type {media} no longer accepted",
                     pointer=spec_doc.pointer([*path, "content", media]))  # fmt: skip
    for media in sorted(new_media.keys() - old_media.keys()):
        yield Change("request.body-media-type-added", where, f"media type {media} now accepted",
                     pointer=spec_doc.pointer([*path, "content", media]))  # fmt: skip
    for media in sorted(old_media.keys() & new_media.keys()):
        here = (*path, "content", media)
        yield from _unjudged(where, here, old_media[media], new_media[media], MEDIA_KEYS)
        place = Place("request", where, "", (*here, "schema"))
        yield from schema_rules.compare(place, old_media[media].get("schema", {}), new_media[media].get("schema", {}))


def _response(where: str, path: Path, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    yield from _unjudged(where, path, old, new, RESPONSE_KEYS)
    old_media, new_media = old.get("content", {}), new.get("content", {})
    if old_media.keys() != new_media.keys():
        yield Change("response.media-type-changed", where, f"media types {sorted(old_media)} -> {sorted(new_media)}",
                     pointer=spec_doc.pointer([*path, "content"]))  # fmt: skip
    for media in sorted(old_media.keys() & new_media.keys()):
        here = (*path, "content", media)
        yield from _unjudged(where, here, old_media[media], new_media[media], MEDIA_KEYS)
        place = Place("response", where, "", (*here, "schema"))
        yield from schema_rules.compare(place, old_media[media].get("schema", {}), new_media[media].get("schema", {}))
    yield from _headers(where, (*path, "headers"), old.get("headers") or {}, new.get("headers") or {})
    yield from _links(where, (*path, "links"), old.get("links") or {}, new.get("links") or {})


def _headers(where: str, path: Path, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    olds = {name.lower(): (name, h) for name, h in old.items()}
    news = {name.lower(): (name, h) for name, h in new.items()}
    for name in sorted(news.keys() - olds.keys()):
        yield Change("response.header-added", f"{where} header {name}", "response header added",
                     pointer=spec_doc.pointer([*path, news[name][0]]))  # fmt: skip
    for name in sorted(olds.keys() - news.keys()):
        yield Change("response.header-removed", f"{where} header {name}", "response header removed",
                     pointer=spec_doc.pointer([*path, olds[name][0]]))  # fmt: skip
    for name in sorted(olds.keys() & news.keys()):
        (_, before), (spelled, after) = olds[name], news[name]
        here, at = f"{where} header {name}", (*path, spelled)
        if bool(before.get("required")) != bool(after.get("required")):
            rule = "response.header-became-required" if after.get("required") else "response.header-became-optional"
            yield Change(rule, here, f"required {bool(before.get('required'))} -> {bool(after.get('required'))}",
                         pointer=spec_doc.pointer([*at, "required"]))  # fmt: skip
        yield from _unjudged(here, at, before, after, HEADER_KEYS)
        place = Place("response", here, "", (*at, "schema"))
        yield from schema_rules.compare(place, before.get("schema", {}), after.get("schema", {}))


def _links(where: str, path: Path, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    for name in sorted(old.keys() | new.keys()):
        here, pointer = f"{where} link {name}", spec_doc.pointer([*path, name])
        if name not in new:
            yield Change("response.link-removed", here, f"link {name} removed", pointer=pointer)
        elif name not in old:
            yield Change("response.link-added", here, f"link {name} added", pointer=pointer)
        elif core(old[name]) != core(new[name]):
            # Every key of a Link Object but its description says where callers go and what they pass.
            keys = sorted(
                k for k in old[name].keys() | new[name].keys() if core(old[name].get(k)) != core(new[name].get(k))
            )
            yield Change("response.link-changed", here, f"{', '.join(keys)} changed", pointer=pointer)
