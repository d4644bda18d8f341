"""The two spellings of one document: the API reference's and production's.

Datadog's production API answers in Go's default JSON names (``HamrStatus`` for the reference's
``hamr_status``) with zone-less date-times; the spec says so per schema in ``x-production``, and
the generated models carry it in their field metadata (``"production"``, ``"zoneless"``). The
models read either spelling themselves (``from_dict``); this module writes a document in one and
reads a request as a server of either dialect does (the fake).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal

#: A spelling: ``"reference"`` (the public API reference: snake_case, RFC 3339) or ``"production"``
#: (what Datadog's production API answers in: PascalCase attributes, zone-less date-times).
Dialect = Literal["reference", "production"]
#: Every dialect, the reference's first.
DIALECTS: tuple[Dialect, ...] = ("reference", "production")


# A NamedTuple, not a frozen dataclass: a tenth of the cost to define on import (`hamr get`'s start, issue 31).
class _Field(typing.NamedTuple):
    name: str  # the attribute of the model
    key: str  # the reference's JSON key
    production: str  # production's JSON key (the reference's where the spec gives none)
    zoneless: bool
    model: type | None  # the model a nested object is (or a list's items are), if any


_FIELDS: dict[type, tuple[_Field, ...]] = {}


def _fields(cls: type) -> tuple[_Field, ...]:
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS.setdefault(cls, _read_fields(cls))
    return known


def _read_fields(cls: type) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)  # the model's module imports its nested models last: resolved on first use
    found = []
    for field in dataclasses.fields(cls):
        key = field.metadata.get("key")
        if key is None:  # additional_properties
            continue
        found.append(
            _Field(
                field.name,
                key,
                field.metadata.get("production", key),
                bool(field.metadata.get("zoneless")),
                _nested_model(hints.get(field.name)),
            )
        )
    return tuple(found)


def _is_model(value: Any) -> bool:
    return dataclasses.is_dataclass(value)


def _nested_model(hint: Any) -> type | None:
    """The model (a dataclass) a field holds, directly, in a list, or beside ``Unset`` (None for a plain value)."""
    if isinstance(hint, type) and _is_model(hint):
        return hint
    origin = typing.get_origin(hint)
    if origin in (list, typing.Union, types.UnionType):
        for argument in typing.get_args(hint):
            found = _nested_model(argument)
            if found is not None:
                return found
    return None


def spelled(model: Any, document: Any, dialect: Dialect) -> Any:
    """``document`` (``model.to_dict()``, the reference's spelling) in ``dialect``.

    In production's: each property the spec's ``x-production`` names is renamed, each zone-less
    date-time written as production writes it; properties it does not know are left as they are.
    """
    if dialect == "reference" or not _is_model(model) or not isinstance(document, Mapping):
        return document
    from .parsing import format_zoneless  # noqa: PLC0415 -- see _read_fields

    written = dict(document)
    for field in _fields(type(model)):
        if field.key not in written:
            continue
        value = written.pop(field.key)
        held = getattr(model, field.name)
        if field.model is not None and isinstance(held, list) and isinstance(value, list):
            value = [spelled(item, item_doc, dialect) for item, item_doc in zip(held, value, strict=True)]
        elif field.model is not None:
            value = spelled(held, value, dialect)
        elif field.zoneless:
            value = format_zoneless(held)
        written[field.production] = value
    return written


def read_as(cls: type, document: Any, dialect: Dialect) -> Any:
    """``document`` as a server of ``dialect`` reads a body of ``cls``: in the reference's spelling again.

    Production's (Go's ``encoding/json``): each key matches a field by production's name exactly
    or, failing that, case-insensitively; a key no field has is ignored, so a body in the
    reference's spelling (``hamr_status``) reads as empty. The reference's: keys as they are, less
    production's spelling of a field (a server of the reference's spelling does not know it).
    """
    if not isinstance(document, Mapping) or not _is_model(cls):
        return document
    fields = _fields(cls)
    if dialect == "reference":
        foreign = {field.production for field in fields} - {field.key for field in fields}
        read = {key: value for key, value in document.items() if key not in foreign}
        for field in fields:
            if field.model is not None and field.key in read:
                read[field.key] = _nested(field.model, read[field.key], dialect)
        return read
    by_fold = {key.casefold(): key for key in document if isinstance(key, str)}
    read = {}
    for field in fields:
        wire = field.production if field.production in document else by_fold.get(field.production.casefold())
        if wire is not None:
            read[field.key] = _nested(field.model, document[wire], dialect) if field.model else document[wire]
    return read


def _nested(cls: type, value: Any, dialect: Dialect) -> Any:
    if isinstance(value, list):
        return [read_as(cls, item, dialect) for item in value]
    return read_as(cls, value, dialect)


__all__ = ["DIALECTS", "Dialect", "read_as", "spelled"]
