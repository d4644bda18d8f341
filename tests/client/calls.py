"""The ways to call the API -- sync, async on httpx, async on aiohttp -- for tests that run each against one client.

An async call runs on each of the async client's transports: ``get-async`` on httpx's own,
``get-async-aiohttp`` on aiohttp (``async_transport="aiohttp"``, the ``[aiohttp]`` extra). The
test is the same; for the aiohttp ids tests/client/conftest.py makes every client the test builds
through :func:`loopback_client` or the ``wire`` fixture an aiohttp one, and the call checks that
the client it was given really sent on aiohttp.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import pytest
from hamr_client import AuthenticatedClient, RetryPolicy, datadog_client
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.models import HamrOrgConnectionRequest

from tests.client.conftest import API_KEY, APP_KEY, request_example
from tests.client.transports import ASYNC_TRANSPORT, AsyncTransport, no_httpx_pool

Call = Callable[[AuthenticatedClient], Any]


def get_sync(client: AuthenticatedClient) -> Any:
    return get_hamr_org_connection.sync_detailed(client=client)


async def _get(client: AuthenticatedClient) -> Any:
    return await get_hamr_org_connection.asyncio_detailed(client=client)


def get_async(client: AuthenticatedClient) -> Any:
    return asyncio.run(_get(client))


def post_sync(client: AuthenticatedClient) -> Any:
    return create_hamr_org_connection.sync_detailed(
        client=client, body=HamrOrgConnectionRequest.from_dict(request_example())
    )


async def _post(client: AuthenticatedClient) -> Any:
    body = HamrOrgConnectionRequest.from_dict(request_example())
    return await create_hamr_org_connection.asyncio_detailed(client=client, body=body)


def post_async(client: AuthenticatedClient) -> Any:
    return asyncio.run(_post(client))


@dataclass(frozen=True)
class OnAiohttp:
    """An async call whose test's clients are on aiohttp; fails if the client was not (it would prove nothing)."""

    call: Callable[[AuthenticatedClient], Coroutine[Any, Any, Any]]
    async_transport: AsyncTransport = "aiohttp"

    def __call__(self, client: AuthenticatedClient) -> Any:
        return asyncio.run(self._checked(client))

    async def _checked(self, client: AuthenticatedClient) -> Any:
        async with no_httpx_pool():
            return await self.call(client)


GETS = [
    pytest.param(get_sync, id="get-sync"),
    pytest.param(get_async, id="get-async"),
    pytest.param(OnAiohttp(_get), id="get-async-aiohttp"),
]
POSTS = [
    pytest.param(post_sync, id="post-sync"),
    pytest.param(post_async, id="post-async"),
    pytest.param(OnAiohttp(_post), id="post-async-aiohttp"),
]


def loopback_client(
    url: str, *, max_retries: int = 0, sleeps: list[float] | None = None, **kwargs: Any
) -> AuthenticatedClient:
    """A client for a loopback server; retry waits are recorded in ``sleeps``, never slept."""
    recorded = sleeps if sleeps is not None else []

    async def async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    kwargs.setdefault("retry", RetryPolicy(max_retries, sleep=recorded.append, async_sleep=async_sleep))
    if ASYNC_TRANSPORT.get() is not None:
        kwargs.setdefault("async_transport", ASYNC_TRANSPORT.get())
    return datadog_client(base_url=url, api_key=API_KEY, app_key=APP_KEY, **kwargs)
