"""The fields of a generated model as the command line sees them: leaves of a JSON document.

A generated model carries, on each field (its dataclass ``metadata``), its JSON key, the spec's description and the
role the schema's ``x-cli`` gives it (``status``, ``operator``). :func:`leaves` walks a model
class into its scalar leaves, each with its path from the document's root; the command line
turns them into options (``--target-org-name``), reads and writes them in documents, and shows
them. Nothing here names a field: a field the spec gains is a leaf after ``nox -s generate``.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import importlib
import math
import re
import sys
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any

#: A value a document does not hold.
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
#: The scalar types a leaf can be given as text on the command line.
SETTABLE = (str, bool, int, float, datetime.datetime)


class FieldError(ValueError):
    """A value given on the command line that its field cannot take; the message says what it can."""


# A NamedTuple, not a frozen dataclass: a tenth of the cost to define on import (`hamr get`'s start, issue 31).
class Leaf(typing.NamedTuple):
    """One scalar of a document: where it is, what it holds, what the spec says of it."""

    path: tuple[str, ...]
    kind: type | None  # None: no scalar (a list, a free-form object): carried over, never given as text
    required: bool
    description: str
    role: str | None = None
    check: tuple[str, ...] = ()  # the status field's: the statuses `hamr check` fails on by default (x-cli-check)

    @property
    def key(self) -> str:
        """The JSON key (``target_org_name``)."""
        return self.path[-1]

    @property
    def pointer(self) -> str:
        """The RFC 6901 JSON pointer from the document's root."""
        return "/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in self.path)

    @property
    def enum(self) -> type[enum.Enum] | None:
        """The generated enum the leaf holds a value of, if it is one."""
        return self.kind if isinstance(self.kind, type) and issubclass(self.kind, enum.Enum) else None

    @property
    def fixed(self) -> Any:
        """The one value a single-member enum allows (JSON), else MISSING: never worth an option."""
        members = list(self.enum or ())
        return members[0].value if len(members) == 1 else MISSING

    @property
    def settable(self) -> bool:
        """Whether the command line can take it as text (a scalar or an enum with a choice)."""
        return self.fixed is MISSING and (self.enum is not None or self.kind in SETTABLE)


def leaves(model: type) -> list[Leaf]:
    """Every leaf of ``model`` (a generated model, a dataclass), in the order its fields are declared."""
    return list(_walk(model, (), required=True))


def _walk(model: type, path: tuple[str, ...], *, required: bool) -> Iterator[Leaf]:
    hints = _hints(model)
    for field in dataclasses.fields(model):
        key = field.metadata.get("key")
        if key is None or not field.init:  # additional_properties, or a field the templates did not describe
            continue
        kind = _scalar(hints[field.name])
        here = (*path, key)
        needed = required and field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        if kind is not None and dataclasses.is_dataclass(kind):
            yield from _walk(kind, here, required=needed)
        else:
            description = str(field.metadata.get("description", ""))
            check = tuple(field.metadata.get("check", ()))
            yield Leaf(here, kind, needed, description, field.metadata.get("cli"), check)


def _hints(model: type) -> dict[str, Any]:
    # Nested models are imported lazily by the generated modules: resolve names in the models package.
    package = importlib.import_module(model.__module__.rpartition(".")[0])
    return typing.get_type_hints(model, vars(sys.modules[model.__module__]), vars(package))


def _scalar(hint: Any) -> type | None:
    """The one type a hint allows besides ``Unset``/``None``; ``datetime | str`` (drift kept as text) is a datetime."""
    options = [option for option in _members(hint) if option is not type(None) and option.__name__ != "Unset"]
    if datetime.datetime in options:
        return datetime.datetime
    if len(options) == 1 and isinstance(options[0], type) and typing.get_origin(options[0]) is None:
        return options[0]
    return None


def _members(hint: Any) -> list[Any]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return list(typing.get_args(hint))
    return [hint]


def by_role(found: list[Leaf], role: str) -> Leaf | None:
    """The leaf the spec's ``x-cli`` names for ``role``, if any."""
    return next((leaf for leaf in found if leaf.role == role), None)


def option_names(found: list[Leaf]) -> dict[Leaf, str]:
    """Each settable leaf's option (``--target-org-name``): its key, or its path where keys repeat."""
    settable = [leaf for leaf in found if leaf.settable]
    counts: dict[str, int] = {}
    for leaf in settable:
        counts[leaf.key] = counts.get(leaf.key, 0) + 1
    return {
        leaf: "--" + ("-".join(leaf.path[1:]) if counts[leaf.key] > 1 else leaf.key).replace("_", "-")
        for leaf in settable
    }


# ---------------------------------------------------------------------------- documents


def get(document: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in ``document``, or MISSING."""
    for key in path:
        if not isinstance(document, Mapping) or key not in document:
            return MISSING
        document = document[key]
    return document


def put(document: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set the value at ``path``, making the objects on the way."""
    for key in path[:-1]:
        document = document.setdefault(key, {})
    document[path[-1]] = value


def project(document: Any, found: list[Leaf]) -> dict[str, Any]:
    """The values of ``document`` at ``found``'s paths (a response read into a request), fixed ones filled in."""
    projected: dict[str, Any] = {}
    for leaf in found:
        value = get(document, leaf.path)
        if value is MISSING:
            value = leaf.fixed
        if value is not MISSING:
            put(projected, leaf.path, value)
    return projected


# ---------------------------------------------------------------------------- values


def parse(leaf: Leaf, text: str) -> Any:
    """The JSON value ``text`` stands for in ``leaf``; FieldError saying what it takes otherwise."""
    members = leaf.enum
    if members is not None:
        return member(members, text).value
    if leaf.kind is bool:
        lowered = text.strip().lower()
        if lowered not in ("true", "false"):
            raise FieldError(f"{text!r} is not true or false")
        return lowered == "true"
    if leaf.kind is int:
        try:
            return int(text)
        except ValueError:
            raise FieldError(f"{text!r} is not an integer") from None
    if leaf.kind is float:
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise FieldError(f"{text!r} is not a number")
        return number
    if leaf.kind is datetime.datetime:
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise FieldError(f"{text!r} is not an RFC 3339 date-time with a UTC offset")
        return text
    return text


def member(members: type[enum.Enum], text: str) -> enum.Enum:
    """The member ``text`` names: its name in any case, or its value (a number for an integer enum)."""
    wanted = text.strip()
    for candidate in members:
        if candidate.name.lower() == wanted.lower() or str(candidate.value) == wanted:
            return candidate
    choices = ", ".join(f"{candidate.name} ({candidate.value})" for candidate in members)
    raise FieldError(f"{text!r} is not one of {choices}")


def show(leaf: Leaf, value: Any) -> str:
    """``value`` (JSON) as a person reads it: an enum member by name and value, booleans as JSON does."""
    if value is MISSING or value is None:
        return "-"
    members = leaf.enum
    if members is not None:
        try:
            found = members(value)
        except ValueError:
            return f"{value} (not in the spec)"
        return f"{found.name} ({value})" if found.name != str(value) and not isinstance(value, str) else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def meanings(members: type[enum.Enum]) -> dict[enum.Enum, str]:
    """Each member's meaning, from the spec's description of the enum (its docstring): ``- 4: ACTIVE - ...``."""
    doc = members.__doc__ or ""
    found = {}
    for candidate in members:
        line = re.search(
            rf"^\s*-\s*{re.escape(str(candidate.value))}\s*:\s*{candidate.name}\s*-\s*(.+?)\s*$", doc, re.M
        )
        found[candidate] = line[1] if line else ""
    return found


def summary(members: type[enum.Enum]) -> str:
    """The first line of the spec's description of the enum ("Status of the HAMR connection:")."""
    lines = (members.__doc__ or "").strip().splitlines()
    return lines[0].rstrip(":") if lines else members.__name__


__all__ = ["MISSING", "FieldError", "Leaf", "by_role", "leaves", "option_names", "parse", "project", "show"]
