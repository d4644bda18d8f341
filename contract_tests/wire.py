"""The generated client on a respx router (no network), and how to compare what it parsed with JSON.

``max_retries=0`` everywhere: the gate replays 429s and 5xx, and a retry would only sleep.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import enum
import functools
import importlib
import pkgutil
import re
import typing
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpx
import respx
from hamr_client import AuthenticatedClient, api, datadog_client
from hamr_client.dialects import DIALECTS
from hamr_client.errors import SchemaViolation
from hamr_client.parsing import parse_datetime
from hamr_client.types import Response, Unset

from contract_tests.spec import Operation, Spec
from tooling.spec_doc import is_ref, join, ref_name

BASE_URL = "https://api.datadoghq.com"
# Placeholders, not secrets: distinctive so a leak into a recording or a message is easy to spot.
API_KEY = "contract-api-key-7c1d2e3f4a5b6c7d"
APP_KEY = "contract-app-key-0f9e8d7c6b5a4f3e2d1c0b9a"


@dataclass(frozen=True)
class Arguments:
    """What a caller gives an operation: its body (None for none) and parameters by (location, spec name)."""

    body: Any = None
    parameters: Mapping[tuple[str, str], Any] = field(default_factory=dict)


def _plain(name: str) -> str:
    # The generator's Python names keep a name's letters and digits (page[size] -> pagesize, X-Trace -> x_trace).
    return re.sub(r"[^0-9a-z]", "", name.lower())


@functools.cache
def modules() -> dict[str, ModuleType]:
    """Every generated endpoint module, by its name's letters (one per operationId)."""
    found = {}
    for info in pkgutil.walk_packages(api.__path__, f"{api.__name__}."):
        if not info.ispkg:
            found[_plain(info.name.rsplit(".", 1)[1])] = importlib.import_module(info.name)
    return found


def module_for(operation_id: str) -> ModuleType:
    module = modules().get(_plain(operation_id))
    if module is None:
        raise AssertionError(f"the generated client has no module for {operation_id}: regenerate (nox -s generate)")
    return module


def keyword_arguments(operation_id: str, arguments: Arguments) -> dict[str, Any]:
    """``arguments`` as the generated function's keywords: each parameter by its Python name and as the type
    the function takes (an enum member, a list of them, a datetime, a model...), the body as a model."""
    function = module_for(operation_id).sync_detailed
    hints = {name: hint for name, hint in typing.get_type_hints(function).items() if name not in ("client", "return")}
    names = {_plain(name): name for name in hints}
    kwargs: dict[str, Any] = {}
    for (_, name), value in arguments.parameters.items():
        python = names.get(_plain(name))
        if python is None:
            raise AssertionError(f"{operation_id}: the generated function takes no parameter for {name!r}")
        kwargs[python] = as_type(value, hints[python], name)
    if arguments.body is not None:
        kwargs["body"] = as_type(arguments.body, hints["body"], "body")
    return kwargs


def as_type(value: Any, hint: Any, name: str) -> Any:
    """A JSON value as the generated code's type ``hint`` holds it (``Unset`` and ``None`` arms aside)."""
    kinds = [kind for kind in typing.get_args(hint) or (hint,) if kind not in (Unset, type(None))]
    if len(kinds) > 1:  # a union of shapes: the first that takes the value
        for kind in kinds:
            try:
                return as_type(value, kind, name)
            except (TypeError, ValueError, SchemaViolation):
                continue
        raise AssertionError(f"{name}: {value!r} fits none of {hint}")
    (kind,) = kinds
    if typing.get_origin(kind) is list:
        (item,) = typing.get_args(kind)
        return [as_type(element, item, name) for element in value]
    if not isinstance(kind, type):
        return value
    for base, convert in _CONVERSIONS:
        if issubclass(kind, base):
            return convert(kind, value, name)
    if hasattr(kind, "from_dict"):
        return kind.from_dict(value)
    if kind in (int, float, str, bool) and not isinstance(value, kind):
        raise TypeError(f"{name}: {value!r} is not a {kind.__name__}")
    return value


# The JSON value of a schema with a format or an enum, as the generated code's type of it. A datetime
# keeps its text (parse_datetime), so the client sends back exactly what the spec's value was.
_CONVERSIONS: tuple[tuple[type, Any], ...] = (
    (enum.Enum, lambda kind, value, name: kind(value)),
    (datetime.datetime, lambda kind, value, name: parse_datetime(value, name)),
    (datetime.date, lambda kind, value, name: datetime.date.fromisoformat(value)),
    (uuid.UUID, lambda kind, value, name: uuid.UUID(value)),
)


def new_router() -> respx.Router:
    return respx.Router(base_url=BASE_URL, assert_all_mocked=True, assert_all_called=False)


def client_on(router: respx.Router, *, strict: bool = True, dialect: str | None = None) -> AuthenticatedClient:
    """A client whose transport is ``router`` (sync and async), with retries off.

    ``dialect`` pins the spelling its request bodies are written in; None leaves the client's
    choice (for a Datadog site such as :data:`BASE_URL`, production's until an answer says otherwise).
    """
    pinned = None if dialect is None else next(known for known in DIALECTS if known == dialect)
    return datadog_client(
        api_key=API_KEY,
        app_key=APP_KEY,
        base_url=BASE_URL,
        max_retries=0,
        strict=strict,
        dialect=pinned,
        transport=httpx.MockTransport(router.handler),
    )


def path_pattern(operation: Operation) -> re.Pattern[str]:
    """The operation's path template as a pattern of encoded paths, one group per path parameter."""
    parts = re.split(r"\{([^}]+)\}", operation.path)
    literal = [re.escape(part) if index % 2 == 0 else f"(?P<p{index // 2}>[^/]+)" for index, part in enumerate(parts)]
    return re.compile("".join(literal))


def path_parameters(operation: Operation, raw_path: str) -> dict[str, str] | None:
    """The path parameters in an encoded path, as encoded; None when the path is not the operation's."""
    match = path_pattern(operation).fullmatch(raw_path)
    if match is None:
        return None
    names = re.findall(r"\{([^}]+)\}", operation.path)
    return {name: match[f"p{index}"] for index, name in enumerate(names)}


def recorded_arguments(spec: Spec, operation: Operation, url: str, headers: Mapping[str, str], body: Any) -> Arguments:
    """The arguments a recorded request was made with: its body and the spec's parameters found in it (JSON values)."""
    parsed = httpx.URL(url)
    found: dict[tuple[str, str], Any] = {}
    lowered = {name.lower(): value for name, value in headers.items()}
    path = path_parameters(operation, parsed.raw_path.decode("ascii").partition("?")[0]) or {}
    for parameter in spec.parameters(operation.operation_id):
        location, name = parameter["in"], parameter["name"]
        if location == "query":
            value: Any = parsed.params.get_list(name) or None
            if value is not None and spec.follow(parameter.get("schema", {})).get("type") != "array":
                value = value[0]
        else:
            value = {"path": path, "header": lowered}[location].get(name.lower() if location == "header" else name)
        if value is not None:
            found[(location, name)] = spec.parameter_value(operation.operation_id, location, name, value)
    return Arguments(body, found)


def mocked(
    operation: Operation, *, strict: bool = True, dialect: str | None = None
) -> tuple[respx.Route, AuthenticatedClient]:
    """A route for every request of ``operation``'s method, and a client whose requests go to it."""
    router = new_router()
    return router.route(method=operation.method), client_on(router, strict=strict, dialect=dialect)


def call(client: AuthenticatedClient, operation: str, arguments: Arguments, *, use_async: bool) -> Response[Any]:
    """Call ``operation`` the way a user would (``sync_detailed`` or ``asyncio_detailed``)."""
    module = module_for(operation)
    kwargs = {"client": client, **keyword_arguments(operation, arguments)}
    if use_async:
        return asyncio.run(module.asyncio_detailed(**kwargs))
    result: Response[Any] = module.sync_detailed(**kwargs)
    return result


def call_plain(client: AuthenticatedClient, operation: str, arguments: Arguments, *, use_async: bool) -> Any:
    """Call ``operation`` through ``sync`` or ``asyncio``: a success's body, or an error raised."""
    module = module_for(operation)
    kwargs = {"client": client, **keyword_arguments(operation, arguments)}
    if use_async:
        return asyncio.run(module.asyncio(**kwargs))
    return module.sync(**kwargs)


def shape_mismatches(spec: Spec, schema: Any, parsed: Any, where: str = "") -> list[str]:
    """Where ``parsed`` is not what the generated client makes of ``schema``: a model named like a
    ``$ref``'d schema, a list for an array, None for no body at all."""
    if schema is None:
        return [] if parsed is None else [f"{where or '/'}: a bodyless response parsed into {parsed!r}"]
    if is_ref(schema):
        name = ref_name(schema)
        if type(parsed).__name__ != name:
            return [f"{where or '/'}: parsed into {type(parsed).__name__}, not {name}"]
        return []
    resolved = spec.follow(schema)
    if resolved.get("type") == "array":
        if not isinstance(parsed, list):
            return [f"{where or '/'}: parsed into {type(parsed).__name__}, not a list"]
        return [
            p for i, item in enumerate(parsed) for p in shape_mismatches(spec, resolved["items"], item, join(where, i))
        ]
    return []


def to_json(parsed: Any) -> Any:
    """What the parsed value writes back: ``to_dict()`` of models, item by item for lists."""
    if hasattr(parsed, "to_dict"):
        return parsed.to_dict()
    if isinstance(parsed, list):
        return [to_json(item) for item in parsed]
    if isinstance(parsed, enum.Enum):
        return parsed.value
    return parsed


def response_schema(spec: Spec, operation: str, status: int) -> Any:
    """The schema of a documented response's JSON body, or None when it has none."""
    return spec.schema_at(spec.response_schema_pointer(operation, status)) if spec.has_body(operation, status) else None


def field_mismatches(parsed: Any, document: Any, where: str = "") -> list[str]:
    """Where the parsed model's fields differ from the JSON it came from (JSON pointers), independent of to_dict()."""
    if isinstance(document, dict):
        fields = dataclasses.fields(parsed) if dataclasses.is_dataclass(parsed) else ()
        declared = {field.name for field in fields} - {"additional_properties"}
        extra = getattr(parsed, "additional_properties", parsed if isinstance(parsed, dict) else {})
        problems: list[str] = []
        for key, value in document.items():
            # The generator appends "_" to names that shadow a builtin ("type" -> "type_").
            name = key if key in declared else f"{key}_"
            if name in declared:
                problems += field_mismatches(getattr(parsed, name), value, join(where, key))
            elif key in extra:
                problems += field_mismatches(extra[key], value, join(where, key))
            else:
                problems.append(f"{join(where, key)}: missing from the parsed model")
        return problems
    if isinstance(document, list):
        if not isinstance(parsed, list) or len(parsed) != len(document):
            return [f"{where}: parsed {parsed!r}, recorded {document!r}"]
        return [
            p
            for i, (a, b) in enumerate(zip(parsed, document, strict=True))
            for p in field_mismatches(a, b, join(where, i))
        ]
    if isinstance(parsed, enum.Enum):
        parsed = parsed.value
    elif isinstance(parsed, datetime.datetime) and isinstance(document, str):
        expected = datetime.datetime.fromisoformat(document.upper().replace("Z", "+00:00"))
        return [] if parsed == expected else [f"{where}: parsed {parsed.isoformat()}, recorded {document}"]
    same = parsed == document and type(parsed) is type(document)
    return [] if same else [f"{where}: parsed {parsed!r}, recorded {document!r}"]
