"""The checks every generated model and endpoint runs, written once (kept plain Python for speed).

Parsing is code written out per model by the generator's templates, not a generic schema pass: a
response is checked in one walk, and the first value the spec does not allow raises
:class:`~hamr_client.errors.SchemaViolation` with its JSON pointer. :func:`parse_json_body` turns
that, and anything else wrong with a body, into one :class:`~hamr_client.errors.InvalidResponse`.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import importlib
import json
import logging
import math
import re
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar, Token
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx

from ._quoting import QUOTING, STRICT_JSON, short
from .bodies import TRUNCATED, UNDECODABLE
from .errors import InvalidResponse, SchemaViolation, SpecDriftWarning, json_pointer, pointer_parts, redaction
from .types import UNSET

if TYPE_CHECKING:
    from .capture import DriftCapture

logger: logging.Logger = logging.getLogger("hamr_client")

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

# ---------------------------------------------------------------------------- date-times


class RFC3339DateTime(datetime.datetime):
    """A ``datetime`` parsed from the wire that remembers its exact text.

    ``to_dict`` writes ``wire`` back unchanged, so ``2026-01-13T17:26:48.830968Z`` keeps its ``Z``
    and ``.83Z`` stays ``.83Z``: round trips are byte-exact. A datetime you build yourself has
    no ``wire`` and is written with ``isoformat()`` (``+00:00`` spelled ``Z``).
    """

    wire: str

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        # datetime's own drops instance attributes: the wire text would be lost in a copy or pickle.
        return _restored, (self.isoformat(), getattr(self, "wire", None))


def _restored(text: str, wire: str | None) -> RFC3339DateTime:
    restored = RFC3339DateTime.fromisoformat(text)
    if wire is not None:
        restored.wire = wire
    return restored


_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?P<fraction>\.\d+)?(?P<offset>[Zz]|[+-]\d{2}:\d{2})",
    re.ASCII,
)


# Production's date-times (the spec's x-production zoneless): RFC 3339 without the zone, read as UTC.
_ZONELESS = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?P<fraction>\.\d+)?", re.ASCII)


def parse_datetime(value: Any, key: str | int, *, zoneless: bool = False) -> RFC3339DateTime | str:
    """An RFC 3339 ``date-time`` string as an aware datetime that keeps its text.

    ``zoneless`` (production's spelling of a property its ``x-production`` lists): a text without
    a zone, such as ``2026-05-28 16:34:21.636477``, is UTC, the zone Datadog's servers write in.
    Off its format, a string is a violation; when drift is tolerated, it is read as any ISO 8601
    date-time Python knows (possibly naive) or, failing that, kept as the string it is.
    """
    if type(value) is not str:
        raise SchemaViolation((key,), f"expected an RFC 3339 date-time string, got {json_type(value)}")
    match = _RFC3339.fullmatch(value)
    if match is None and zoneless:
        match = _ZONELESS.fullmatch(value)
        if match is not None:
            return _utc(value, match, key)
    if match is None:
        return _off_format(value, key, f"{short(value)} is not an RFC 3339 date-time")
    text = value.upper()
    fraction = match["fraction"]
    if fraction is not None and len(fraction) > 7:
        # Python keeps microseconds; finer digits stay in `wire` only.
        text = text[: match.start("fraction") + 7] + text[match.end("fraction") :]
    try:
        parsed = RFC3339DateTime.fromisoformat(text)
    except ValueError as exc:  # a well-formed but impossible date, such as 2026-02-30
        return _off_format(value, key, f"{short(value)} is not a valid date-time: {exc}")
    parsed.wire = value
    return parsed


def _utc(value: str, match: re.Match[str], key: str | int) -> RFC3339DateTime | str:
    """A zone-less date-time text as UTC (finer than microseconds: cut, as RFC 3339's are).

    It keeps no ``wire``: written back in the reference's spelling it is RFC 3339 (``Z``), which
    that spelling requires, and in production's it is zone-less again (:func:`format_zoneless`).
    """
    text = value
    fraction = match["fraction"]
    if fraction is not None and len(fraction) > 7:
        text = text[: match.start("fraction") + 7] + text[match.end("fraction") :]
    try:
        parsed = RFC3339DateTime.fromisoformat(text + "+00:00")
    except ValueError as exc:
        return _off_format(value, key, f"{short(value)} is not a valid date-time: {exc}")
    return parsed


def format_zoneless(value: datetime.datetime | str) -> str:
    """``value`` as production writes a zone-less date-time: UTC, a space, microseconds, no zone."""
    if isinstance(value, str):
        return value  # a tolerated off-format value, written back as it came
    utc = value.astimezone(datetime.UTC) if value.tzinfo is not None else value
    return utc.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _off_format(value: str, key: str | int, reason: str) -> RFC3339DateTime | str:
    if not drifted(key, reason):
        raise SchemaViolation((key,), reason)
    try:
        parsed = RFC3339DateTime.fromisoformat(value)
    except ValueError:
        return value
    if parsed.tzinfo is None:
        return value  # a naive datetime would not compare with aware ones: the text is closer to the truth
    parsed.wire = value
    return parsed


def format_datetime(value: datetime.datetime | str) -> str:
    """The wire text of ``value``: exactly what was received, else RFC 3339 with ``Z`` for UTC."""
    if isinstance(value, str):
        return value  # a tolerated off-format value, written back as it came
    wire = getattr(value, "wire", None)
    if wire is not None:
        return str(wire)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# ---------------------------------------------------------------------------- dialect

# The spellings the models of one response were read in (from_dict calls heard()); None outside
# parse_json_body, where nobody listens.
_HEARD: ContextVar[list[str] | None] = ContextVar("hamr_client.heard", default=None)


def heard(dialect: str) -> None:
    """Note the spelling a model with an ``x-production`` was read in, for the client to write in it too."""
    listening = _HEARD.get()
    if listening is not None:
        listening.append(dialect)


def unapplied(sent: Any, answered: Any, pointers: Sequence[str]) -> list[tuple[str, Any, Any]]:
    """``(pointer, sent, answered)`` for each of ``pointers`` where the answer does not hold what was sent.

    ``sent`` and ``answered`` are models (or JSON documents), walked by their JSON keys, never
    serialised: this runs on every write. Values compare as JSON does: an enum by its value, and
    ``True`` is not ``1``; a value not sent is not compared.
    """
    differences = []
    for pointer in pointers:
        wanted, found = _value_at(sent, pointer), _value_at(answered, pointer)
        if wanted is not None and (type(found) is not type(wanted) or found != wanted):
            differences.append((pointer, wanted, found))
    return differences


def _value_at(node: Any, pointer: str) -> Any:
    """The JSON value at ``pointer`` in a model or document; None where there is none."""
    for part in _tokens(pointer):
        if isinstance(node, Mapping):
            node = node.get(part)
        else:
            name = _attribute(type(node), part)
            node = None if name is None else getattr(node, name)
        if node is None or node is UNSET:
            return None
    return node.value if isinstance(node, Enum) else node


@functools.cache
def _tokens(pointer: str) -> tuple[str, ...]:
    return tuple(pointer_parts(pointer))


_ATTRIBUTES: dict[tuple[type, str], str | None] = {}


def _attribute(model: type, key: str) -> str | None:
    """The attribute of ``model`` that holds the JSON property ``key`` (its field metadata), if any."""
    try:
        return _ATTRIBUTES[model, key]
    except KeyError:
        fields = dataclasses.fields(model) if dataclasses.is_dataclass(model) else ()
        name = _ATTRIBUTES[model, key] = next((f.name for f in fields if f.metadata.get("key") == key), None)
        return name


# ---------------------------------------------------------------------------- drift

# The deviations tolerated while parsing one response with strict=False, innermost key first
# filled in as parsing unwinds; None (the default) means strict: every deviation is a violation.
Drift = list[tuple[list[str | int], str]]
_DRIFT: ContextVar[Drift | None] = ContextVar("hamr_client.drift", default=None)


def drifted(key: str | int, reason: str) -> bool:
    """Record a tolerable deviation at ``key`` if drift is tolerated here; False when strict."""
    drift = _DRIFT.get()
    if drift is None:
        return False
    drift.append(([key], reason))
    return True


def _mark() -> int:
    drift = _DRIFT.get()
    return -1 if drift is None else len(drift)


def _prefix(mark: int, *parts: str | int) -> None:
    """Prefix the deviations recorded since ``mark`` with the enclosing keys (parsing unwinds outwards)."""
    drift = _DRIFT.get()
    if drift is not None and mark >= 0:
        for path, _ in drift[mark:]:
            path[:0] = parts


_UNKNOWN: dict[tuple[type[Enum], int | str], Enum] = {}


def unknown_member(enum: type[E], value: int | str) -> E:
    """A member of ``enum`` for a value it does not list (a newer server's): ``UNKNOWN_6`` for 6.

    It is an instance of the enum (and of int or str), so typed code and ``match`` keep working;
    it is in no ``list(enum)``, ``to_dict`` writes its value back, the same value gives the same
    member, and it pickles to it.
    """
    found = _UNKNOWN.get((enum, value))
    if found is None:
        base: Any = int if isinstance(value, int) else str
        member = base.__new__(enum, value)  # beside Enum.__call__, which refuses values it does not list
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        found = _UNKNOWN.setdefault((enum, value), member)
    return cast(E, found)


def member_or_unknown(enum: type[E], value: int | str) -> E:
    """The member of ``enum`` for ``value``, listed or not (how the generated enums unpickle)."""
    listed = enum._value2member_map_.get(value)
    return cast(E, listed) if listed is not None else unknown_member(enum, value)


# ---------------------------------------------------------------------------- values


def json_type(value: Any) -> str:  # noqa: PLR0911 -- one return per JSON type
    """The JSON name of a decoded value's type, for error messages (never the value itself)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def required(d: dict[str, Any], key: str) -> Any:
    """Pop a required property, or say which one is missing."""
    try:
        return d.pop(key)
    except KeyError:
        raise SchemaViolation((key,), "missing required property") from None


def as_object(value: Any) -> dict[str, Any]:
    """A copy of a JSON object (the caller pops its properties), or a violation at the root."""
    if isinstance(value, Mapping):
        return dict(value)
    raise SchemaViolation((), f"expected an object, got {json_type(value)}")


def enum_member(enum: type[E], value: Any, key: str | int) -> E:
    """The member of ``enum`` whose value is ``value``; ``true`` is not ``1`` and ``4.0`` is not ``4``."""
    usable = isinstance(value, int | str) and not isinstance(value, bool)
    found = enum._value2member_map_.get(value) if usable else None
    if found is not None:
        return found  # type: ignore[return-value]
    allowed = ", ".join(repr(member.value) for member in enum)
    if usable and any(type(member.value) is type(value) for member in enum):
        reason = f"{short(value)} is not one of {allowed}"
        if drifted(key, reason):
            return unknown_member(enum, value)
        raise SchemaViolation((key,), reason)
    expected = "an integer" if all(type(m.value) is int for m in enum) else "a string"
    raise SchemaViolation((key,), f"expected {expected} (one of {allowed}), got {json_type(value)}")


def nested(parse: Callable[[Mapping[str, Any]], T], value: Any, key: str | int | None) -> T:
    """Parse a nested object, prefixing any violation's path with ``key`` (None: the document's root)."""
    if not isinstance(value, Mapping):
        raise SchemaViolation(_parts(key), f"expected an object, got {json_type(value)}")
    mark = _mark()
    try:
        parsed = parse(value)
    except SchemaViolation as exc:
        raise _within(exc, key) from None
    _prefix(mark, *_parts(key))
    return parsed


def array(parse: Callable[[Any, int], T], value: Any, key: str | int | None) -> list[T]:
    """Parse a JSON array item by item; a violation's path gets ``key`` (None: the root) and the index."""
    if type(value) is not list:
        raise SchemaViolation(_parts(key), f"expected an array, got {json_type(value)}")
    mark = _mark()
    try:
        items = [parse(item, index) for index, item in enumerate(value)]
    except SchemaViolation as exc:
        raise _within(exc, key) from None
    _prefix(mark, *_parts(key))
    return items


def _parts(key: str | int | None) -> tuple[str | int, ...]:
    return () if key is None else (key,)


def _within(exc: SchemaViolation, key: str | int | None) -> SchemaViolation:
    return exc if key is None else exc.within(key)


def wrong_type(key: str | int, what: str, value: Any) -> SchemaViolation:
    """The violation of a value at ``key`` that is not ``what`` the spec says (``"a string"``...)."""
    return SchemaViolation((key,), f"expected {what}, got {json_type(value)}")


def is_string(value: Any, key: str | int) -> str:
    """``value`` if it is a JSON string, else a SchemaViolation at ``key``."""
    if isinstance(value, str):
        return value
    raise wrong_type(key, "a string", value)


def is_boolean(value: Any, key: str | int) -> bool:
    """``value`` if it is a JSON boolean, else a SchemaViolation at ``key``."""
    if type(value) is bool:
        return value
    raise wrong_type(key, "a boolean", value)


def is_integer(value: Any, key: str | int) -> int:
    """``value`` if it is a JSON integer (not a boolean, not 1.0), else a SchemaViolation at ``key``."""
    if type(value) is int:
        return value
    raise wrong_type(key, "an integer", value)


def is_number(value: Any, key: str | int) -> float:
    """``value`` if it is a JSON number (not a boolean), else a SchemaViolation at ``key``."""
    if type(value) is float or type(value) is int:
        return value
    raise wrong_type(key, "a number", value)


def passthrough(value: Any, index: int) -> Any:
    """An array item checked later (by the model's field check) or not at all (``{}``)."""
    return value


# ---------------------------------------------------------------------------- field checks


#: A field's check: returns if the model may hold ``value``, else raises SchemaViolation.
Check = Callable[[Any], None]


def set_checked(model: Any, checks: Mapping[str, Check], name: str, value: Any) -> None:
    """A model's ``__setattr__``: the field's check from its table (if it has one), then the value stored.

    The dataclass ``__init__`` assigns through it, so construction is checked as assignment is;
    ``from_dict`` stores with ``object.__setattr__``, having checked each value as it converted it.
    """
    check = checks.get(name)
    if check is not None:
        check(value)
    object.__setattr__(model, name, value)


def Expect(  # reads as a declaration in the models' table of checks: "key": Expect("key", "a string", str)
    key: str,
    what: str,
    types: type | tuple[type, ...] = (),
    *,
    lazy: tuple[str, str] | None = None,
    exact: bool = False,
    optional: bool = False,
    items: bool = False,
    or_text: bool = False,
) -> Check:
    """A field's check: the value must be ``what``, else a SchemaViolation naming the JSON key.

    A model's ``__setattr__`` runs it on construction and on assignment, so a request model
    refuses a wrong value before anything is sent. ``exact`` compares types exactly (``True``
    is not an integer). ``lazy`` names a model class imported on first use (models may refer to
    each other). Built once per field of a model class; the common cases get a specialised closure.
    """
    expected: list[tuple[type, ...]] = [types if isinstance(types, tuple) else (types,)]

    def resolve() -> tuple[type, ...]:
        if lazy is not None and not expected[0]:
            module, name = lazy
            expected[0] = (getattr(importlib.import_module(module), name),)
        return expected[0]

    def ok(value: Any) -> bool:
        kinds = resolve()
        return type(value) in kinds if exact else isinstance(value, kinds)

    def fail(value: Any, index: int | None = None) -> SchemaViolation:
        where: tuple[str | int, ...] = (key,) if index is None else (key, index)
        if isinstance(value, datetime.datetime):
            return SchemaViolation(where, "expected a date-time with a UTC offset, got a naive datetime")
        return SchemaViolation(where, f"expected {what}, got {json_type(value)}")

    if items:

        def check_items(value: Any) -> None:
            if optional and value is UNSET:
                return
            if type(value) is not list:
                raise SchemaViolation((key,), f"expected an array, got {json_type(value)}")
            for index, item in enumerate(value):
                if not ok(item):
                    raise fail(item, index)

        return check_items
    single = expected[0][0] if len(expected[0]) == 1 else None
    if single is datetime.datetime:

        def check_datetime(value: Any) -> None:
            if (optional and value is UNSET) or (or_text and isinstance(value, str)):
                return
            if not isinstance(value, datetime.datetime) or value.tzinfo is None:
                raise fail(value)

        return check_datetime
    if single is not None and exact and not optional:

        def check_exact(value: Any) -> None:
            if type(value) is not single:
                raise fail(value)

        return check_exact
    if single is not None and not optional:

        def check_instance(value: Any) -> None:
            if not isinstance(value, single):
                raise fail(value)

        return check_instance

    def check(value: Any) -> None:
        if optional and value is UNSET:
            return
        if not ok(value):
            raise fail(value)

    return check


# ---------------------------------------------------------------------------- bodies


def parse_json_body(
    response: httpx.Response,
    operation: str,
    parse: Callable[[Mapping[str, Any]], T],
    *,
    strict: bool = True,
    capture: DriftCapture | None = None,
    documented_headers: Sequence[str] = (),
    on_dialect: Callable[[str], None] | None = None,
) -> T:
    """The documented JSON body of ``response`` parsed by ``parse`` (a model's ``from_dict``).

    Anything the spec does not allow -- another Content-Type, bytes that are not JSON, a body
    over the client's size cap or nested past the interpreter's recursion limit, a document that
    does not match the schema -- raises InvalidResponse, never a bare KeyError/RecursionError.
    With ``strict=False`` what the model can still carry exactly (an unknown enum value, a value
    off its format) is kept, and each such deviation is reported once as a SpecDriftWarning;
    ``capture`` (the client's ``drift_dir``) then keeps the answer, with the ``documented_headers``
    of the operation, as a cassette candidate. ``on_dialect`` hears the spelling the answer was
    in (``"reference"`` or ``"production"``) when it held a model that has both (the client then writes in it).
    """

    def invalid(path: str, reason: str) -> InvalidResponse:
        return InvalidResponse(
            operation=operation,
            status_code=response.status_code,
            content=response.content,
            path=path,
            reason=reason,
            headers=response.headers,
            scrubber=redaction(response),
        )

    limit = response.extensions.get(TRUNCATED)
    if limit is not None:
        raise invalid("", f"the body is larger than max_body_size ({limit} bytes once decoded); not read further")
    undecodable = response.extensions.get(UNDECODABLE)
    if undecodable is not None:
        raise invalid("", str(undecodable))
    content_type = response.headers.get("content-type", "")
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type != "application/json" and not (
        media_type.startswith("application/") and media_type.endswith("+json")
    ):
        raise invalid("", f"expected Content-Type application/json, got {content_type or 'none'!r}")
    drift: Drift = []
    token = None if strict else _DRIFT.set(drift)
    spellings: list[str] = []
    listening = None if on_dialect is None else _HEARD.set(spellings)
    quoting = QUOTING.set(response)
    try:
        document = STRICT_JSON.decode(response.content.decode("utf-8"))
        parsed = parse(document)
    except SchemaViolation as exc:
        exc.reason = redaction(response).redact(exc.reason)  # it travels on as the cause
        raise invalid(exc.path, exc.reason) from exc
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
        raise invalid("", f"the body is not JSON ({exc})") from None
    except RecursionError:
        raise invalid("", "the body is nested too deeply to parse") from None
    finally:
        QUOTING.reset(quoting)
        _reset(token, listening)
    if spellings and on_dialect is not None:
        on_dialect(spellings[-1])
    if drift:
        status = response.status_code
        redact = redaction(response).redact
        found = [
            SpecDriftWarning(operation, status, redact(json_pointer(path)), redact(reason)) for path, reason in drift
        ]
        if capture is not None:  # first: warnings may be errors (-W error) and end the call at the first
            capture.capture(response, found, documented_headers)
        for warning in found:
            _report(warning)
    return parsed


def _reset(drift: Token[Drift | None] | None, heard: Token[list[str] | None] | None) -> None:
    if drift is not None:
        _DRIFT.reset(drift)
    if heard is not None:
        _HEARD.reset(heard)


def _report(drift: SpecDriftWarning) -> None:
    logger.warning("%s", drift)
    warnings.warn(drift, stacklevel=_callers_level())


def _callers_level() -> int:
    """The stacklevel of the first frame outside this package: the line that called the API."""
    level, frame = 2, sys._getframe(2)  # 2: the caller of _report
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(f"{__package__}."):
        level, frame = level + 1, frame.f_back
    return level


def encode_json_body(body: Any, operation: str) -> bytes:
    """``body`` as compact UTF-8 JSON; SchemaViolation naming the first value JSON cannot carry.

    Runs before anything is sent: an extra property holding a ``set``, ``nan`` or a lone
    surrogate must fail here, typed, not as a TypeError deep inside httpx.
    """
    try:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:  # UnicodeEncodeError is a ValueError
        parts, reason = _unsendable(body, ()) or ((), str(exc))
        raise SchemaViolation(parts, f"{operation}: the request body cannot be sent as JSON: {reason}") from None


def _unsendable(value: Any, parts: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], str] | None:
    """Where in ``value`` JSON fails, and why; None if nowhere (the failure was elsewhere)."""
    if isinstance(value, Mapping):
        children: list[tuple[str | int, Any]] = []
        for key, item in value.items():
            if key is not None and not isinstance(key, str | int | float):  # json.dumps writes those as strings
                return parts, f"a {type(key).__name__} key is not a JSON object key"
            children += [(str(key), key), (str(key), item)]
    elif isinstance(value, list | tuple):
        children = list(enumerate(value))
    else:
        return _unsendable_scalar(value, parts)
    if len(parts) > 200:
        return parts, "nested too deeply"
    for part, child in children:
        found = _unsendable(child, (*parts, part))
        if found:
            return found
    return None


def _unsendable_scalar(value: Any, parts: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], str] | None:
    if isinstance(value, str):
        if not value.isascii() and any("\ud800" <= char <= "\udfff" for char in value):
            return parts, "a string with a lone surrogate is not UTF-8"
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return parts, f"{value!r} is not a JSON number"
    if value is None or isinstance(value, bool | int | float):
        return None
    return parts, f"a {type(value).__name__} is not a JSON value"
