"""One pool per client, built once even when threads race; a closed client refuses; nothing leaks."""

from __future__ import annotations

import asyncio
import gc
import threading
import warnings

import httpx
import pytest
from hamr_client import AuthenticatedClient, ClientClosedError, ConfigurationError, RetryPolicy
from hamr_client.api.high_availability_multi_region import get_hamr_org_connection

from tests.client.calls import GETS, Call, loopback_client
from tests.client.conftest import response_example
from tests.client.loopback import RawServer, always, response
from tests.client.transports import ASYNC_TRANSPORTS, AsyncTransport


@pytest.mark.parametrize("call", GETS)
def test_a_closed_client_refuses_and_opens_no_connection(call: Call) -> None:
    with RawServer(always(response(200, response_example()))) as server:
        client = loopback_client(server.url)
        with client:
            assert call(client).status_code == 200
        with pytest.raises(ClientClosedError):
            call(client)
    assert server.connections == 1


@pytest.mark.parametrize("async_transport", ASYNC_TRANSPORTS)
def test_async_with_closes_the_client(async_transport: AsyncTransport) -> None:
    async def scenario(client: AuthenticatedClient) -> None:
        async with client as entered:
            await get_hamr_org_connection.asyncio_detailed(client=entered)
        with pytest.raises(ClientClosedError):
            await get_hamr_org_connection.asyncio_detailed(client=entered)

    with RawServer(always(response(200, response_example()))) as server:
        client = loopback_client(server.url)
        asyncio.run(scenario(client))
        assert client.closed
    assert server.connections == 1


def test_threads_racing_to_the_first_call_share_one_pool_and_its_limits() -> None:
    threads = 8
    start = threading.Barrier(threads)
    with RawServer(always(0.2, response(200, response_example(), keep_alive=True))) as server:
        client = loopback_client(server.url, httpx_args={"limits": httpx.Limits(max_connections=2)})
        pools: list[httpx.Client] = []
        statuses: list[int] = []

        def work() -> None:
            start.wait(timeout=5)
            pools.append(client.get_httpx_client())
            statuses.append(get_hamr_org_connection.sync_detailed(client=client).status_code)

        workers = [threading.Thread(target=work) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=20)
        client.close()
    assert statuses == [200] * threads
    assert len({id(pool) for pool in pools}) == 1
    assert server.connections <= 2


async def _call_then_close(client: AuthenticatedClient) -> None:
    await get_hamr_org_connection.asyncio_detailed(client=client)
    await client.aclose()


@pytest.mark.parametrize("async_transport", ASYNC_TRANSPORTS)
def test_close_leaves_no_resource_warning(async_transport: AsyncTransport) -> None:
    with RawServer(always(response(200, response_example(), keep_alive=True))) as server:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ResourceWarning)
            client = loopback_client(server.url)
            get_hamr_org_connection.sync_detailed(client=client)
            asyncio.run(_call_then_close(client))
            del client
            gc.collect()  # a collection is what would surface a leaked socket
        assert server.connections == 2


def test_closing_during_a_retry_wait_is_a_client_closed_error() -> None:
    with RawServer(always(response(503, b"busy"))) as server:
        client = loopback_client(server.url)
        client.retry = RetryPolicy(3, sleep=lambda seconds: client.close())
        with pytest.raises(ClientClosedError):
            get_hamr_org_connection.sync_detailed(client=client)
    assert server.connections == 1


@pytest.mark.parametrize("async_transport", ASYNC_TRANSPORTS)
def test_one_client_serves_two_event_loops(async_transport: AsyncTransport) -> None:
    # The first loop's pool dies with it; the second call gets a pool of its own, not "Event loop is closed".
    with RawServer(always(response(200, response_example()))) as server:
        client = loopback_client(server.url)
        first = asyncio.run(get_hamr_org_connection.asyncio_detailed(client=client))
        second = asyncio.run(_call_then_close(client))
    assert first.status_code == 200
    assert second is None


def test_a_sync_only_transport_refuses_async_calls_instead_of_using_the_network() -> None:
    client = loopback_client("http://127.0.0.1:9", transport=httpx.HTTPTransport())
    with pytest.raises(ConfigurationError, match="async_transport"):
        asyncio.run(get_hamr_org_connection.asyncio_detailed(client=client))
