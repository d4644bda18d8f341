"""A hamr_client wired to a respx router on its transport: no network, no real sleeping.

On the aiohttp transport (a test's ``get-async-aiohttp``/``post-async-aiohttp`` call or ``aiohttp``
parameter) the router answers through a loopback server instead: aiohttp sends real bytes, which
no in-process transport can stand in for.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from hamr_client import AuthenticatedClient, RetryPolicy, datadog_client

from tests.client.transports import ASYNC_TRANSPORT, RELAYS, AsyncTransport, as_sent_to, relayed
from tooling import spec_doc

ROOT = Path(__file__).resolve().parents[2]
SPEC: dict[str, Any] = spec_doc.read()
EXAMPLES = SPEC["components"]["examples"]
# Placeholders, not secrets: long and distinctive so a leak anywhere is easy to spot.
API_KEY = "test-api-key-4f1c9b2e7d6a5c3b1e0f9a8d"
APP_KEY = "test-app-key-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
BEARER_TOKEN = "test-oauth-token.8c1d5e9f2a7b3c6d0e4f.b9a8c7d6e5f4"  # noqa: S105 -- a placeholder, long and distinctive
PATH = "/api/v2/hamr"
BASE_URL = "https://api.datadoghq.com"


def response_example() -> dict[str, Any]:
    """The docs' example 200 body (a fresh copy each time: tests mutate it)."""
    return copy.deepcopy(EXAMPLES["HamrOrgConnectionResponseExample"]["value"])


def error_example() -> dict[str, Any]:
    """The docs' example JSON:API error body (400/403/404/500)."""
    return copy.deepcopy(EXAMPLES["JSONAPIErrorResponseExample"]["value"])


def rate_limit_example() -> dict[str, Any]:
    """The docs' example 429 body."""
    return {"errors": ["Bad Request"]}


def request_example() -> dict[str, Any]:
    """The docs' example POST body."""
    body = SPEC["paths"][PATH]["post"]["requestBody"]["content"]["application/json"]["examples"]["default"]
    return copy.deepcopy(body["value"])


@dataclass
class Wire:
    """The router the client talks to, and the waits its retry policy asked for."""

    router: respx.MockRouter
    sleeps: list[float] = field(default_factory=list)

    def client(self, *, max_retries: int = 3, **kwargs: Any) -> AuthenticatedClient:
        sleeps = self.sleeps

        async def async_sleep(seconds: float) -> None:
            sleeps.append(seconds)

        policy_args = {name: kwargs.pop(name) for name in ("retry_unsafe", "max_rate_limit_wait") if name in kwargs}
        kwargs.setdefault(
            "retry", RetryPolicy(max_retries, sleep=sleeps.append, async_sleep=async_sleep, **policy_args)
        )
        kwargs.setdefault("api_key", API_KEY)
        kwargs.setdefault("app_key", APP_KEY)
        if ASYNC_TRANSPORT.get() is not None:  # async calls on aiohttp through a relay, sync ones in-process
            kwargs.setdefault("base_url", relayed(self.router.handler, BASE_URL))
            sync = httpx.MockTransport(as_sent_to(self.router.handler, BASE_URL))
            return datadog_client(transport=sync, async_transport=ASYNC_TRANSPORT.get(), **kwargs)
        return datadog_client(transport=httpx.MockTransport(self.router.handler), **kwargs)


@pytest.fixture
def wire() -> Iterator[Wire]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False, assert_all_mocked=True) as router:
        yield Wire(router)


@pytest.fixture(autouse=True)
def _async_transport(request: pytest.FixtureRequest) -> Iterator[None]:
    """The async transport this test's clients get: aiohttp for an ``OnAiohttp`` call or an ``aiohttp`` parameter."""
    callspec = getattr(request.node, "callspec", None)
    params: dict[str, Any] = callspec.params if callspec is not None else {}
    transport: AsyncTransport = getattr(params.get("call"), "async_transport", None) or params.get("async_transport")
    if transport == "aiohttp":
        # Loaded before the test, as in a process after its first call: a memory bound measures the call.
        importlib.import_module("httpx_aiohttp")
    token = ASYNC_TRANSPORT.set(transport)
    with contextlib.ExitStack() as servers:
        relays = RELAYS.set(servers)
        yield
    RELAYS.reset(relays)
    ASYNC_TRANSPORT.reset(token)


@pytest.fixture(autouse=True)
def _no_datadog_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts without DD_* variables; tests that need them set them."""
    for name in ("DD_SITE", "DD_API_KEY", "DD_APP_KEY", "DD_BEARER_TOKEN"):
        monkeypatch.delenv(name, raising=False)


JsonResponse = Callable[..., httpx.Response]


def json_response(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)
