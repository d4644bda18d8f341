"""The request on the wire is what httpx.Client would send, cached template or not, sync or async."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from hamr_client import APIConnectionError
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.client import DEFAULT_TIMEOUT
from hamr_client.models import HamrOrgConnectionRequest

from tests.client.conftest import API_KEY, APP_KEY, PATH, Wire, json_response, request_example, response_example
from tests.client.transports import ASYNC_TRANSPORTS, AsyncTransport


def test_a_base_url_with_a_path_prefix_keeps_it(wire: Wire) -> None:
    route = wire.router.get(f"https://proxy.example.com/datadog{PATH}").mock(
        return_value=json_response(200, response_example())
    )
    get_hamr_org_connection.sync(client=wire.client(base_url="https://proxy.example.com/datadog"))
    assert route.call_count == 1


def test_repeated_calls_send_identical_requests(wire: Wire) -> None:
    route = wire.router.post(PATH).mock(return_value=json_response(200, response_example()))
    client = wire.client(dialect="reference")  # unpinned, the first answer would teach it the reference's
    body = HamrOrgConnectionRequest.from_dict(request_example())
    for _ in range(3):
        create_hamr_org_connection.sync(client=client, body=body)
    sent = [(dict(call.request.headers), call.request.content) for call in route.calls]
    assert sent[0] == sent[1] == sent[2]
    headers, content = sent[0]
    assert json.loads(content) == request_example()
    assert headers["content-length"] == str(len(content))
    assert headers["content-type"] == "application/json"


def test_cookies_send_through_httpx_and_carry_the_keys(wire: Wire) -> None:
    route = wire.router.get(PATH).mock(return_value=json_response(200, response_example()))
    get_hamr_org_connection.sync(client=wire.client(httpx_args={"cookies": {"session": "abc"}}))
    headers = route.calls.last.request.headers
    assert headers["cookie"] == "session=abc"
    assert (headers["DD-API-KEY"], headers["DD-APPLICATION-KEY"]) == (API_KEY, APP_KEY)


def test_a_transport_error_is_ours_and_names_its_request(wire: Wire) -> None:
    wire.router.get(PATH).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as raised:
        get_hamr_org_connection.sync(client=wire.client(max_retries=0))
    assert raised.value.url == f"https://api.datadoghq.com{PATH}"
    assert raised.value.method == "GET"
    cause = raised.value.__cause__
    assert isinstance(cause, httpx.ConnectError)
    assert cause.request.url == httpx.URL(f"https://api.datadoghq.com{PATH}")


def test_a_client_holding_cookies_builds_each_request_through_httpx(wire: Wire) -> None:
    route = wire.router.get(PATH).mock(
        return_value=httpx.Response(200, json=response_example(), headers={"Set-Cookie": "dd=1; Path=/"})
    )
    client = wire.client()
    get_hamr_org_connection.sync(client=client)
    get_hamr_org_connection.sync(client=client)
    first, second = (call.request.headers for call in route.calls)
    assert "cookie" not in first
    assert second["cookie"] == "dd=1"
    assert (second["DD-API-KEY"], second["DD-APPLICATION-KEY"]) == (API_KEY, APP_KEY)


@pytest.mark.parametrize("async_transport", ASYNC_TRANSPORTS)
def test_async_sends_the_same_request_as_sync(wire: Wire, async_transport: AsyncTransport) -> None:
    route = wire.router.get(PATH).mock(return_value=json_response(200, response_example()))
    client = wire.client()
    get_hamr_org_connection.sync(client=client)
    asyncio.run(get_hamr_org_connection.asyncio(client=client))
    sync_request, async_request = (call.request for call in route.calls)
    assert dict(sync_request.headers) == dict(async_request.headers)
    assert sync_request.url == async_request.url
    if async_transport is None:  # in-process the transport sees each attempt's timeouts; aiohttp's relay sees bytes
        assert sync_request.extensions["timeout"] == async_request.extensions["timeout"]
        # Far from the deadline, each attempt gets the configured timeouts exactly (no float rounding).
        assert sync_request.extensions["timeout"] == DEFAULT_TIMEOUT.as_dict()


def test_the_response_reports_its_elapsed_time(wire: Wire) -> None:
    wire.router.get(PATH).mock(return_value=json_response(200, response_example()))
    http_response = get_hamr_org_connection.sync_detailed(client=wire.client())
    assert http_response.status_code == 200
    assert http_response.content
