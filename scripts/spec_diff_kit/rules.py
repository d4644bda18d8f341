"""Classify every difference between two resolved OpenAPI documents, rule by rule.

Requests are judged from a caller's side (a request the old spec allowed must stay allowed),
responses from the old client's side (a response the new spec allows must be one the old
client understood). ``client`` changes are neither until the evidence run has shown whether
the old generated client tolerates them (see evidence.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from spec_diff_kit.openapi import Doc, operations

Severity = Literal["breaking", "non-breaking", "client", "docs"]

# rule id -> (severity, why). The docs and the report quote the "why".
RULES: dict[str, tuple[Severity, str]] = {
    "operation.removed": ("breaking", "callers of the operation get 404/405"),
    "operation.added": ("non-breaking", "nobody calls it yet"),
    "request.body-became-required": ("breaking", "callers that sent no body are now rejected"),
    "request.body-media-type-removed": ("breaking", "callers send a media type the server no longer takes"),
    "request.required-field-added": ("breaking", "old callers do not send it"),
    "request.field-became-required": ("breaking", "old callers may omit it"),
    "request.optional-field-added": ("non-breaking", "old callers may omit it"),
    "request.field-became-optional": ("non-breaking", "old callers still send it"),
    "request.field-removed": ("non-breaking", "the schema still admits unknown properties, so old bodies stay valid"),
    "request.field-removed-closed": ("breaking", "additionalProperties is false: old bodies that send it are invalid"),
    "request.enum-narrowed": ("breaking", "old callers may send the removed value"),
    "request.enum-widened": ("non-breaking", "old callers never send the new value"),
    "request.type-changed": ("breaking", "old callers send the old type"),
    "request.format-changed": ("breaking", "old callers send the old format"),
    "request.constraint-narrowed": ("breaking", "some old values are now out of bounds"),
    "request.constraint-widened": ("non-breaking", "every old value is still in bounds"),
    "request.nullable-removed": ("breaking", "old callers may send null"),
    "request.required-parameter-added": ("breaking", "old callers do not send it (a new required header too)"),
    "request.parameter-became-required": ("breaking", "old callers may omit it"),
    "request.optional-parameter-added": ("non-breaking", "old callers may omit it"),
    "request.parameter-removed": ("non-breaking", "servers ignore parameters they do not know"),
    "response.status-removed": ("breaking", "a documented outcome callers handle is gone"),
    "response.status-added-success": ("breaking", "the old client raises UnexpectedStatus on this success"),
    "response.status-added-error": ("client", "the old client sees an undocumented status"),
    "response.media-type-changed": ("breaking", "the old client parses only the old media type"),
    "response.field-removed": ("breaking", "old callers read a field that no longer comes"),
    "response.field-became-optional": ("breaking", "the old client requires it"),
    "response.field-became-required": ("non-breaking", "the old client copes with it being present"),
    "response.required-field-added": ("client", "the old client has no attribute for it"),
    "response.optional-field-added": ("client", "the old client has no attribute for it"),
    "response.enum-widened": ("breaking", "the old client cannot parse the new value"),
    "response.enum-narrowed": ("non-breaking", "the old client knows every remaining value"),
    "response.type-changed": ("breaking", "the old client parses the old type"),
    "response.format-changed": ("breaking", "the old client parses the old format"),
    "response.constraint-widened": ("breaking", "values the old bounds excluded can come"),
    "response.constraint-narrowed": ("non-breaking", "every new value was already allowed"),
    "response.nullable-added": ("breaking", "the old client does not expect null"),
    "response.header-added": ("non-breaking", "the old client ignores headers it does not know"),
    "response.header-removed": ("breaking", "the old client or its callers may read it"),
    "servers.site-removed": ("breaking", "callers configured for that site lose it"),
    "servers.site-added": ("non-breaking", "nobody uses it yet"),
    "docs.changed": ("docs", "descriptions, examples, summaries and x- notes only"),
    "evidence.breaking": ("breaking", "generated cases broke across the change where no rule says why"),
    "openapi-diff.breaking": ("breaking", "openapi-diff found a breaking difference where no rule found any change"),
}
BOUNDS_LOW = ("minimum", "minLength", "minItems", "minProperties", "exclusiveMinimum")
BOUNDS_HIGH = ("maximum", "maxLength", "maxItems", "maxProperties", "exclusiveMaximum")


@dataclass(frozen=True)
class Change:
    """One classified difference. ``where`` is ``"POST /api/v2/hamr request /data/id"``-like."""

    rule: str
    where: str
    detail: str
    resolved: Severity | None = None  # set when evidence decided a "client" rule
    basis: str = ""  # what backs the classification beyond the rule (evidence counts)

    @property
    def severity(self) -> Severity:
        return self.resolved or RULES[self.rule][0]

    @property
    def operation(self) -> str:
        """``"POST /api/v2/hamr"``, or ``""`` for document-wide changes."""
        parts = self.where.split(" ")
        return " ".join(parts[:2]) if len(parts) >= 2 and parts[0].isupper() else ""

    @property
    def why(self) -> str:
        return RULES[self.rule][1]

    @property
    def side(self) -> str:
        return self.rule.split(".", 1)[0]


def compare(old: Doc, new: Doc) -> list[Change]:
    """Every classified change from resolved ``old`` to resolved ``new``, in a stable order."""
    changes = list(_servers(old, new))
    old_ops, new_ops = dict(operations(old)), dict(operations(new))
    for key in sorted(old_ops.keys() | new_ops.keys()):
        if key not in new_ops:
            changes.append(Change("operation.removed", key, "operation removed"))
        elif key not in old_ops:
            changes.append(Change("operation.added", key, "operation added"))
        else:
            changes += _operation(key, old_ops[key], new_ops[key])
    if not any(c.severity != "docs" for c in changes) and _unversioned(old) != _unversioned(new):
        # Whatever differs is outside what the rules walk: documentation, examples, x- notes.
        changes.append(Change("docs.changed", "document", "only documentation (descriptions, examples, x- notes)"))
    return changes


def _unversioned(doc: Doc) -> Doc:
    """The document without ``info.version``: a bump alone is no change."""
    return {**doc, "info": {k: v for k, v in (doc.get("info") or {}).items() if k != "version"}}


def _servers(old: Doc, new: Doc) -> Iterator[Change]:
    def sites(doc: Doc) -> set[str]:
        return {
            f"{name}={value}"
            for server in doc.get("servers", [])
            for name, var in (server.get("variables") or {}).items()
            for value in var.get("enum", [var.get("default")])
        }

    for site in sorted(sites(old) - sites(new)):
        yield Change("servers.site-removed", "servers", f"server variable value {site} removed")
    for site in sorted(sites(new) - sites(old)):
        yield Change("servers.site-added", "servers", f"server variable value {site} added")


def _operation(key: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    yield from _parameters(key, old.get("parameters", []), new.get("parameters", []))
    yield from _request_body(key, old.get("requestBody"), new.get("requestBody"))
    old_responses, new_responses = old.get("responses", {}), new.get("responses", {})
    for status in sorted(old_responses.keys() | new_responses.keys(), key=str):
        where = f"{key} {status}"
        if status not in new_responses:
            yield Change("response.status-removed", where, f"status {status} no longer documented")
        elif status not in old_responses:
            success = str(status).startswith("2")
            rule = "response.status-added-success" if success else "response.status-added-error"
            yield Change(rule, where, f"status {status} newly documented")
        else:
            yield from _response(where, old_responses[status], new_responses[status])


def _parameters(key: str, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> Iterator[Change]:
    olds = {(p["in"], p["name"].lower() if p["in"] == "header" else p["name"]): p for p in old}
    news = {(p["in"], p["name"].lower() if p["in"] == "header" else p["name"]): p for p in new}
    for ident in sorted(olds.keys() | news.keys()):
        where = f"{key} {ident[0]} parameter {ident[1]}"
        if ident not in news:
            yield Change("request.parameter-removed", where, "parameter removed")
        elif ident not in olds:
            required = bool(news[ident].get("required"))
            rule = "request.required-parameter-added" if required else "request.optional-parameter-added"
            yield Change(rule, where, f"{'required' if required else 'optional'} {ident[0]} parameter added")
        else:
            if news[ident].get("required") and not olds[ident].get("required"):
                yield Change("request.parameter-became-required", where, "parameter became required")
            yield from _schema("request", where, olds[ident].get("schema", {}), news[ident].get("schema", {}), "")


def _request_body(key: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> Iterator[Change]:
    old, new = old or {}, new or {}
    where = f"{key} request"
    if new.get("required") and not old.get("required"):
        yield Change("request.body-became-required", where, "request body became required")
    old_media, new_media = old.get("content", {}), new.get("content", {})
    for media in sorted(old_media.keys() - new_media.keys()):
        yield Change("request.body-media-type-removed", where, f"media type {media} no longer accepted")
    for media in sorted(old_media.keys() & new_media.keys()):
        yield from _schema("request", where, old_media[media].get("schema", {}), new_media[media].get("schema", {}), "")


def _response(where: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    old_media, new_media = old.get("content", {}), new.get("content", {})
    if old_media.keys() != new_media.keys():
        yield Change("response.media-type-changed", where, f"media types {sorted(old_media)} -> {sorted(new_media)}")
    for media in sorted(old_media.keys() & new_media.keys()):
        yield from _schema(
            "response", where, old_media[media].get("schema", {}), new_media[media].get("schema", {}), ""
        )
    old_headers = {name.lower(): h for name, h in (old.get("headers") or {}).items()}
    new_headers = {name.lower(): h for name, h in (new.get("headers") or {}).items()}
    for name in sorted(new_headers.keys() - old_headers.keys()):
        yield Change("response.header-added", f"{where} header {name}", "response header added")
    for name in sorted(old_headers.keys() - new_headers.keys()):
        yield Change("response.header-removed", f"{where} header {name}", "response header removed")


def _schema(side: str, where: str, old: dict[str, Any], new: dict[str, Any], pointer: str) -> Iterator[Change]:
    here = f"{where} {pointer or '/'}"
    if _types(old) != _types(new):
        yield Change(f"{side}.type-changed", here, f"type {_types(old) or 'any'} -> {_types(new) or 'any'}")
        return  # below a changed type nothing compares meaningfully
    if old.get("format") != new.get("format"):
        yield Change(f"{side}.format-changed", here, f"format {old.get('format')} -> {new.get('format')}")
    yield from _enum(side, here, old.get("enum"), new.get("enum"))
    if side == "request" and old.get("nullable") and not new.get("nullable"):
        yield Change("request.nullable-removed", here, "no longer nullable")
    if side == "response" and new.get("nullable") and not old.get("nullable"):
        yield Change("response.nullable-added", here, "now nullable")
    yield from _bounds(side, here, old, new)
    yield from _properties(side, where, old, new, pointer)
    if "items" in old or "items" in new:
        yield from _schema(side, where, old.get("items", {}), new.get("items", {}), f"{pointer}/items")
    if isinstance(old.get("additionalProperties"), dict) and isinstance(new.get("additionalProperties"), dict):
        yield from _schema(
            side, where, old["additionalProperties"], new["additionalProperties"], f"{pointer}/additionalProperties"
        )


def _types(schema: dict[str, Any]) -> str:
    if "type" in schema:
        return str(schema["type"])
    return "object" if "properties" in schema else ""


def _enum(side: str, here: str, old: list[Any] | None, new: list[Any] | None) -> Iterator[Change]:
    if old == new:
        return
    if new is not None and (old is None or set(map(repr, old)) - set(map(repr, new))):
        gone = "any value" if old is None else ", ".join(repr(v) for v in old if v not in new)
        rule = "request.enum-narrowed" if side == "request" else "response.enum-narrowed"
        yield Change(rule, here, f"enum no longer allows {gone}")
    if old is not None and (new is None or set(map(repr, new)) - set(map(repr, old))):
        added = "any value" if new is None else ", ".join(repr(v) for v in new if v not in old)
        rule = "request.enum-widened" if side == "request" else "response.enum-widened"
        yield Change(rule, here, f"enum now allows {added}")


def _bounds(side: str, here: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    narrowed, widened = [], []
    for key in (*BOUNDS_LOW, *BOUNDS_HIGH):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        low = key in BOUNDS_LOW
        if before is None:
            narrowed.append(f"{key} {after} added")
        elif after is None:
            widened.append(f"{key} {before} removed")
        elif (after > before) == low:
            narrowed.append(f"{key} {before} -> {after}")
        else:
            widened.append(f"{key} {before} -> {after}")
    if old.get("pattern") != new.get("pattern"):
        # Two regexes do not compare: call it narrowed for callers and widened for clients.
        narrowed.append(f"pattern {old.get('pattern')!r} -> {new.get('pattern')!r}")
        widened.append(f"pattern {old.get('pattern')!r} -> {new.get('pattern')!r}")
    if narrowed:
        yield Change(f"{side}.constraint-narrowed", here, "; ".join(narrowed))
    if widened:
        yield Change(f"{side}.constraint-widened", here, "; ".join(widened))


def _properties(side: str, where: str, old: dict[str, Any], new: dict[str, Any], pointer: str) -> Iterator[Change]:
    old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
    old_req, new_req = set(old.get("required") or []), set(new.get("required") or [])
    for name in sorted(old_props.keys() | new_props.keys()):
        path = f"{pointer}/{name}"
        here = f"{where} {path}"
        if name not in new_props:
            if side == "request":
                closed = new.get("additionalProperties") is False
                rule = "request.field-removed-closed" if closed else "request.field-removed"
            else:
                rule = "response.field-removed"
            yield Change(rule, here, f"{'required' if name in old_req else 'optional'} field removed")
        elif name not in old_props:
            required = name in new_req
            kind = "required" if required else "optional"
            yield Change(f"{side}.{kind}-field-added", here, f"{kind} field added")
        else:
            if name in new_req and name not in old_req:
                yield Change(f"{side}.field-became-required", here, "field became required")
            if name in old_req and name not in new_req:
                yield Change(f"{side}.field-became-optional", here, "field became optional")
            yield from _schema(side, where, old_props[name], new_props[name], path)
