"""The four ways to call the API, sync and async, for tests that run each against one client."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from hamr_client import AuthenticatedClient, RetryPolicy, datadog_client
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.models import HamrOrgConnectionRequest

from tests.client.conftest import API_KEY, APP_KEY, request_example

Call = Callable[[AuthenticatedClient], Any]


def get_sync(client: AuthenticatedClient) -> Any:
    return get_hamr_org_connection.sync_detailed(client=client)


def get_async(client: AuthenticatedClient) -> Any:
    return asyncio.run(get_hamr_org_connection.asyncio_detailed(client=client))


def post_sync(client: AuthenticatedClient) -> Any:
    return create_hamr_org_connection.sync_detailed(
        client=client, body=HamrOrgConnectionRequest.from_dict(request_example())
    )


def post_async(client: AuthenticatedClient) -> Any:
    body = HamrOrgConnectionRequest.from_dict(request_example())
    return asyncio.run(create_hamr_org_connection.asyncio_detailed(client=client, body=body))


GETS = [pytest.param(get_sync, id="get-sync"), pytest.param(get_async, id="get-async")]
POSTS = [pytest.param(post_sync, id="post-sync"), pytest.param(post_async, id="post-async")]


def loopback_client(
    url: str, *, max_retries: int = 0, sleeps: list[float] | None = None, **kwargs: Any
) -> AuthenticatedClient:
    """A client for a loopback server; retry waits are recorded in ``sleeps``, never slept."""
    recorded = sleeps if sleeps is not None else []

    async def async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    kwargs.setdefault("retry", RetryPolicy(max_retries, sleep=recorded.append, async_sleep=async_sleep))
    return datadog_client(base_url=url, api_key=API_KEY, app_key=APP_KEY, **kwargs)
