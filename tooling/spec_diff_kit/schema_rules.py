"""Rules for one Schema Object against its old self, on one side (``request`` or ``response``).

Every keyword is either judged here, documentation, or reported ``not-judged``. ``allOf`` is
merged into one schema first (as the generator merges it into one model); ``oneOf``/``anyOf``
are compared alternative by alternative, a plain schema being a union of one. ``readOnly``
properties are not part of requests and ``writeOnly`` ones not of responses (OpenAPI 3.0), so a
flip of either is a field appearing or disappearing on that side.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tooling import spec_doc
from tooling.spec_diff_kit.changes import RULES, Change

Schema = dict[str, Any]
Path = tuple[spec_doc.Part, ...]

DOC_KEYS = frozenset({"description", "title", "example", "examples", "externalDocs", "xml", "deprecated"})
BOUNDS_LOW = ("minimum", "minLength", "minItems", "minProperties")
BOUNDS_HIGH = ("maximum", "maxLength", "maxItems", "maxProperties")
FLAGS = ("exclusiveMinimum", "exclusiveMaximum", "uniqueItems")  # true narrows what is allowed
UNIONS = ("oneOf", "anyOf")
# Keywords read by the rules below (or at the parent: readOnly/writeOnly/required of properties).
JUDGED = frozenset(
    {"type", "format", "enum", "nullable", "default", "pattern", "multipleOf", "properties", "required", "items",
     "additionalProperties", "allOf", "oneOf", "anyOf", "readOnly", "writeOnly", *BOUNDS_LOW, *BOUNDS_HIGH, *FLAGS}
)  # fmt: skip
# Widths of the numeric formats: a change within one family is a widening or a narrowing.
WIDTHS = {"int32": ("integer", 32), "int64": ("integer", 64), "float": ("number", 32), "double": ("number", 64)}
INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


@dataclass(frozen=True)
class Place:
    """Where a schema is: ``where`` the operation and part, ``field`` the instance pointer, ``path`` the spec's."""

    side: str
    where: str
    field: str
    path: Path
    required: bool = False  # the parent requires it: nobody omits it, so its default never applies

    def change(self, rule: str, detail: str, *more: spec_doc.Part) -> Change:
        return Change(
            rule if rule in RULES else f"{self.side}.{rule}",
            f"{self.where} {self.field or '/'}",
            detail,
            pointer=spec_doc.pointer([*self.path, *more]),
        )

    def below(self, field: str, *path: spec_doc.Part, required: bool = False) -> Place:
        """The place of a property or the items of an array (``field`` a key, or "items")."""
        return Place(self.side, self.where, spec_doc.join(self.field, field), (*self.path, *path), required)

    def beside(self, *path: spec_doc.Part) -> Place:
        """The same field, another schema describing it (an alternative of a union)."""
        return Place(self.side, self.where, self.field, (*self.path, *path), self.required)


def core(node: Any) -> Any:
    """``node`` without documentation and ``x-`` keys, recursively: what two alternatives are compared by."""
    if isinstance(node, dict):
        return {k: core(v) for k, v in node.items() if k not in DOC_KEYS and not str(k).startswith("x-")}
    if isinstance(node, list):
        return [core(v) for v in node]
    return node


def merge_all_of(schema: Schema) -> Schema | None:
    """``schema`` with its ``allOf`` merged in, or None where two parts disagree on a keyword."""
    if "allOf" not in schema:
        return schema
    merged: Schema = {k: v for k, v in schema.items() if k != "allOf"}
    for raw in schema["allOf"]:
        part = merge_all_of(raw) if isinstance(raw, dict) else None
        if part is None:
            return None
        for key, value in part.items():
            if key == "properties":
                props = dict(merged.get("properties") or {})
                for name, sub in value.items():
                    if name in props and core(props[name]) != core(sub):
                        return None
                    props[name] = sub
                merged["properties"] = props
            elif key == "required":
                merged["required"] = sorted({*merged.get("required", []), *value})
            elif key in merged and core(merged[key]) != core(value):
                return None
            else:
                merged[key] = value
    return merged


def compare(place: Place, old: Schema, new: Schema) -> Iterator[Change]:
    """Every change from ``old`` to ``new`` at ``place``, recursing into properties, items and alternatives."""
    if core(old) == core(new):
        return
    merged_old, merged_new = merge_all_of(old), merge_all_of(new)
    if merged_old is None or merged_new is None:
        yield place.change("not-judged", "an allOf whose parts disagree does not merge into one schema", "allOf")
        return
    old, new = merged_old, merged_new
    if any(key in old or key in new for key in UNIONS):
        yield from _union(place, old, new)
        return
    if _types(old) != _types(new):
        yield place.change("type-changed", f"type {_types(old) or 'any'} -> {_types(new) or 'any'}", "type")
        return  # below a changed type nothing compares meaningfully
    yield from _format(place, old, new)
    yield from _enum(place, old.get("enum"), new.get("enum"))
    yield from _nullable(place, bool(old.get("nullable")), bool(new.get("nullable")))
    yield from _default(place, old, new)
    yield from _bounds(place, old, new)
    yield from _properties(place, old, new)
    if "items" in old or "items" in new:
        yield from compare(place.below("items", "items"), old.get("items", {}), new.get("items", {}))
    extra_old, extra_new = old.get("additionalProperties"), new.get("additionalProperties")
    if isinstance(extra_old, dict) and isinstance(extra_new, dict):
        yield from compare(place.below("additionalProperties", "additionalProperties"), extra_old, extra_new)
    for key in sorted((old.keys() | new.keys()) - JUDGED - DOC_KEYS):
        if not key.startswith("x-") and core(old.get(key)) != core(new.get(key)):
            yield place.change("not-judged", f"`{key}` changed and no rule reads it", key)


def _types(schema: Schema) -> str:
    if "type" in schema:
        return str(schema["type"])
    return "object" if "properties" in schema else ""


def _alternatives(schema: Schema) -> tuple[str, list[Schema]]:
    for key in UNIONS:
        if key in schema:
            return key, list(schema[key])
    plain = {k: v for k, v in schema.items() if k not in ("nullable", "default", *DOC_KEYS)}
    return "", [plain]


Indexed = tuple[int, Schema]


def _match(
    olds: list[Schema], news: list[Schema]
) -> tuple[list[tuple[int, Schema, int, Schema]], list[Indexed], list[Indexed]]:
    """Old and new alternatives paired (equal ones dropped, then same-type ones paired), and those left over."""
    unmatched = list(enumerate(news))
    left: list[Indexed] = []
    for i, alt in enumerate(olds):
        same = next((k for k, (_, n) in enumerate(unmatched) if core(n) == core(alt)), None)
        if same is None:
            left.append((i, alt))
        else:
            unmatched.pop(same)
    pairs, removed = [], []
    for i, alt in left:
        kin = next((k for k, (_, n) in enumerate(unmatched) if _types(alt) and _types(n) == _types(alt)), None)
        if kin is None:
            removed.append((i, alt))
        else:
            j, counterpart = unmatched.pop(kin)
            pairs.append((i, alt, j, counterpart))
    return pairs, removed, unmatched


def _may_overlap(a: Schema, b: Schema) -> bool:
    """Whether a value may match both (only different types, or disjoint enums, are known apart)."""
    if _types(a) and _types(b) and _types(a) != _types(b):
        return False
    if "enum" in a and "enum" in b:
        return bool({repr(v) for v in a["enum"]} & {repr(v) for v in b["enum"]})
    return True


def _beside(schema: Schema) -> Schema:
    return {k: v for k, v in core(schema).items() if k not in UNIONS}


def _summary(schema: Schema) -> str:
    return _types(schema) or ", ".join(sorted(core(schema))) or "any"


def _union(place: Place, old: Schema, new: Schema) -> Iterator[Change]:
    """Alternatives matched by equality, then by type (compared as schemas); the rest were added or removed."""
    old_key, olds = _alternatives(old)
    new_key, news = _alternatives(new)
    if old_key and new_key:
        # What stands beside the alternatives (nullable, a shared type...) is compared as a schema of its own.
        yield from compare(place, _beside(old), _beside(new))
    else:
        yield from _nullable(place, bool(old.get("nullable")), bool(new.get("nullable")))
        yield from _default(place, old, new)
        extra = sorted(k for k in _beside(new if new_key else old) if k not in {"nullable", "default"})
        if extra:
            yield place.change("not-judged", f"{', '.join(extra)} beside a union that was a plain schema", extra[0])
    if old_key and new_key and old_key != new_key:
        # anyOf admits a value several alternatives match; oneOf does not.
        rule = "union-widened" if new_key == "anyOf" else "union-narrowed"
        yield place.change(rule, f"{old_key} became {new_key}", new_key)
    pairs, removed, added = _match(olds, news)
    for i, alt in removed:
        yield place.change("union-narrowed", f"alternative {_summary(alt)} removed", *((old_key, i) if old_key else ()))
    for _, alt, j, counterpart in pairs:
        yield from compare(place.beside(*((new_key, j) if new_key else ())), alt, counterpart)
    for j, alt in added:
        yield place.change("union-widened", f"alternative {_summary(alt)} added", *((new_key, j) if new_key else ()))
    # oneOf refuses a value two alternatives match: once any alternative moved, an old value may now
    # match two (for a caller's request; the generated client takes the first that parses).
    overlapping = [(i, j) for i in range(len(news)) for j in range(i + 1, len(news)) if _may_overlap(news[i], news[j])]
    if place.side == "request" and new_key == "oneOf" and overlapping:
        i, j = overlapping[0]
        yield place.change(
            "union-overlapping", f"alternatives {i} and {j} of the changed oneOf may both match", "oneOf"
        )


def _fits(values: list[Any], fmt: str | None) -> bool:
    """Whether every enum value is within the format's range (a number format bounds no literal)."""
    if fmt not in INT_BOUNDS:
        return fmt is None or fmt in WIDTHS
    low, high = INT_BOUNDS[fmt]
    return all(isinstance(v, int) and low <= v <= high for v in values if v is not None)


def _format(place: Place, old: Schema, new: Schema) -> Iterator[Change]:
    before, after = old.get("format"), new.get("format")
    if before == after:
        return
    detail = f"format {before} -> {after}"
    enum_old, enum_new = old.get("enum"), new.get("enum")
    numeric = {before, after} - {None} <= WIDTHS.keys()
    if (
        numeric
        and enum_old is not None
        and enum_new is not None
        and all(_fits(values, fmt) for values in (enum_old, enum_new) for fmt in (before, after))
    ):
        yield place.change("format-within-enum", f"{detail}; the enum {enum_new} fits both", "format")
    elif before is None:
        yield place.change("format-added", detail, "format")
    elif after is None:
        yield place.change("format-removed", detail, "format")
    elif before in WIDTHS and after in WIDTHS and WIDTHS[before][0] == WIDTHS[after][0]:
        wider = WIDTHS[after][1] > WIDTHS[before][1]
        yield place.change("format-widened" if wider else "format-narrowed", detail, "format")
    else:
        yield place.change("format-changed", detail, "format")


def _enum(place: Place, old: list[Any] | None, new: list[Any] | None) -> Iterator[Change]:
    if old == new:
        return
    if new is not None and (old is None or set(map(repr, old)) - set(map(repr, new))):
        gone = "any value" if old is None else ", ".join(repr(v) for v in old if v not in new)
        yield place.change("enum-narrowed", f"enum no longer allows {gone}", "enum")
    if old is not None and (new is None or set(map(repr, new)) - set(map(repr, old))):
        added = "any value" if new is None else ", ".join(repr(v) for v in new if v not in old)
        yield place.change("enum-widened", f"enum now allows {added}", "enum")


def _nullable(place: Place, old: bool, new: bool) -> Iterator[Change]:
    if old and not new:
        yield place.change("nullable-removed", "no longer nullable", "nullable")
    elif new and not old:
        yield place.change("nullable-added", "now nullable", "nullable")


def _default(place: Place, old: Schema, new: Schema) -> Iterator[Change]:
    if place.required:
        return  # a default applies only where the value may be left out
    if "default" in old and old.get("default") != new.get("default"):
        after = repr(new["default"]) if "default" in new else "none"
        yield place.change("default-changed", f"default {old['default']!r} -> {after}", "default")
    elif "default" in new and "default" not in old:
        yield place.change("default-added", f"default {new['default']!r} added", "default")


def _bounds(place: Place, old: Schema, new: Schema) -> Iterator[Change]:
    narrowed, widened = [], []
    for key in (*BOUNDS_LOW, *BOUNDS_HIGH):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if before is None:
            narrowed.append(f"{key} {after} added")
        elif after is None:
            widened.append(f"{key} {before} removed")
        elif (after > before) == (key in BOUNDS_LOW):
            narrowed.append(f"{key} {before} -> {after}")
        else:
            widened.append(f"{key} {before} -> {after}")
    for key in FLAGS:
        if bool(old.get(key)) != bool(new.get(key)):
            (narrowed if new.get(key) else widened).append(f"{key} {old.get(key)} -> {new.get(key)}")
    _incomparable(old, new, narrowed, widened)
    if narrowed:
        yield place.change("constraint-narrowed", "; ".join(narrowed))
    if widened:
        yield place.change("constraint-widened", "; ".join(widened))


def _incomparable(old: Schema, new: Schema, narrowed: list[str], widened: list[str]) -> None:
    for key in ("pattern", "multipleOf"):
        if old.get(key) != new.get(key):
            # Two regexes (or two divisors) do not compare: narrowed for callers and widened for clients.
            narrowed.append(f"{key} {old.get(key)!r} -> {new.get(key)!r}")
            widened.append(f"{key} {old.get(key)!r} -> {new.get(key)!r}")
    extra = _openness(old.get("additionalProperties")), _openness(new.get("additionalProperties"))
    if extra[0] != extra[1]:
        label = f"additionalProperties {extra[0]} -> {extra[1]}"
        (narrowed if extra[1] < extra[0] else widened).append(label)


def _openness(value: Any) -> int:
    """2: any extra property, 1: those a schema allows, 0: none (a changed schema is compared, not ranked)."""
    if value is False:
        return 0
    return 1 if isinstance(value, dict) else 2


def _visible(place: Place, schema: Any) -> bool:
    """readOnly properties are not sent in requests, writeOnly ones do not come in responses."""
    hidden = "readOnly" if place.side == "request" else "writeOnly"
    return not (isinstance(schema, dict) and schema.get(hidden))


def _properties(place: Place, old: Schema, new: Schema) -> Iterator[Change]:
    old_req, new_req = set(old.get("required") or []), set(new.get("required") or [])
    # A required name no property declares is a field of any value.
    old_props = {**{name: {} for name in old_req}, **(old.get("properties") or {})}
    new_props = {**{name: {} for name in new_req}, **(new.get("properties") or {})}
    for name in sorted(old_props.keys() | new_props.keys()):
        here = place.below(name, "properties", name, required=name in old_req and name in new_req)
        seen_old = name in old_props and _visible(place, old_props[name])
        seen_new = name in new_props and _visible(place, new_props[name])
        if name in new_req and name not in (new.get("properties") or {}) and name in (old.get("properties") or {}):
            yield _lost_property(place, here, name, new, old_props[name])
        elif name in old_props and name in new_props and seen_old != seen_new:
            yield from _flipped(place, here, name in new_req, seen_new)
        elif seen_old and not seen_new:
            if place.side == "request":
                rule = "field-removed-closed" if new.get("additionalProperties") is False else "field-removed"
            else:
                rule = "field-removed"
            yield here.change(rule, f"{'required' if name in old_req else 'optional'} field removed")
        elif seen_new and not seen_old:
            kind = "required" if name in new_req else "optional"
            yield here.change(f"{kind}-field-added", f"{kind} field added")
        elif seen_old and seen_new:
            if name in new_req and name not in old_req:
                yield here.change("field-became-required", "field became required")
            if name in old_req and name not in new_req:
                yield here.change("field-became-optional", "field became optional")
            yield from compare(here, old_props[name], new_props[name])


def _lost_property(place: Place, here: Place, name: str, new: Schema, was: Any) -> Change:
    """A name still ``required`` whose property is gone: the schema nobody touched is not to blame, the property is."""
    index = list(new.get("required") or []).index(name)
    return Change(
        f"{place.side}.required-without-property",
        f"{here.where} {here.field}",
        f"{name!r} is still required but its property is gone from `properties` (it was {_summary(was)}): the "
        "generator would drop the field, required check included. Was it swallowed by the line above it "
        "(an unclosed quote)?",
        pointer=spec_doc.pointer([*place.path, "required", index]),
    )


def _flipped(place: Place, here: Place, required: bool, now_visible: bool) -> Iterator[Change]:
    """A property that readOnly (requests) or writeOnly (responses) hides or shows on this side."""
    flag = "readOnly" if place.side == "request" else "writeOnly"
    if place.side == "request":
        if now_visible:
            rule = "field-became-writable-required" if required else "field-became-writable"
            yield here.change(rule, f"no longer readOnly{' and required' if required else ''}", flag)
        else:
            yield here.change("field-became-read-only", "now readOnly: not part of requests", flag)
    elif now_visible:
        yield here.change("field-no-longer-write-only", "no longer writeOnly: now part of responses", flag)
    else:
        yield here.change("field-became-write-only", "now writeOnly: no longer part of responses", flag)
