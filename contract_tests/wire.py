"""The generated client on a respx router (no network), and how to compare what it parsed with JSON.

``max_retries=0`` everywhere: the gate replays 429s and 5xx, and a retry would only sleep.
"""

from __future__ import annotations

import asyncio
import datetime
import enum
from collections.abc import Mapping
from types import ModuleType
from typing import Any

import httpx
import respx
from hamr_client import AuthenticatedClient, datadog_client, models
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.types import Response
from spec_doc import join, ref_name

from contract_tests.spec import Spec

BASE_URL = "https://api.datadoghq.com"
# Placeholders, not secrets: distinctive so a leak into a recording or a message is easy to spot.
API_KEY = "contract-api-key-7c1d2e3f4a5b6c7d"
APP_KEY = "contract-app-key-0f9e8d7c6b5a4f3e2d1c0b9a"
MODULES: dict[str, ModuleType] = {
    "GetHamrOrgConnection": get_hamr_org_connection,
    "CreateHamrOrgConnection": create_hamr_org_connection,
}


def new_router() -> respx.Router:
    return respx.Router(base_url=BASE_URL, assert_all_mocked=True, assert_all_called=False)


def client_on(router: respx.Router, *, strict: bool = True) -> AuthenticatedClient:
    """A client whose transport is ``router`` (sync and async), with retries off."""
    return datadog_client(
        api_key=API_KEY,
        app_key=APP_KEY,
        base_url=BASE_URL,
        max_retries=0,
        strict=strict,
        transport=httpx.MockTransport(router.handler),
    )


def mocked(method: str, path: str, *, strict: bool = True) -> tuple[respx.Route, AuthenticatedClient]:
    """A route for one operation and a client whose every request goes to it."""
    router = new_router()
    return router.route(method=method, path=path), client_on(router, strict=strict)


def call(
    client: AuthenticatedClient, operation: str, body: Mapping[str, Any] | None, *, use_async: bool
) -> Response[Any]:
    """Call ``operation`` the way a user would (``sync_detailed`` or ``asyncio_detailed``)."""
    module = MODULES[operation]
    kwargs: dict[str, Any] = {"client": client}
    if body is not None:
        kwargs["body"] = models.HamrOrgConnectionRequest.from_dict(body)
    if use_async:
        return asyncio.run(module.asyncio_detailed(**kwargs))
    result: Response[Any] = module.sync_detailed(**kwargs)
    return result


def model_for(spec: Spec, operation: str, status: int) -> type[Any]:
    """The generated model class for a documented response: the one named like the spec's schema."""
    schema = spec.schema_at(spec.response_schema_pointer(operation, status))
    model: type[Any] = getattr(models, ref_name(schema))
    return model


def field_mismatches(parsed: Any, document: Any, where: str = "") -> list[str]:
    """Where the parsed model's fields differ from the JSON it came from (JSON pointers), independent of to_dict()."""
    if isinstance(document, dict):
        declared = {a.name for a in getattr(type(parsed), "__attrs_attrs__", ())} - {"additional_properties"}
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
