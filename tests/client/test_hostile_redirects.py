"""The keys go to the configured origin only: a redirect elsewhere, followed or not, never carries them."""

from __future__ import annotations

import pickle

import httpx
import pytest
from hamr_client import APIConnectionError, UnexpectedStatus

from tests.client.calls import GETS, Call, loopback_client
from tests.client.conftest import API_KEY, APP_KEY, PATH, response_example
from tests.client.loopback import RawServer, always, response


def redirecting_to(location: str) -> RawServer:
    return RawServer(always(response(307, b"", {"Location": location})))


@pytest.mark.parametrize("call", GETS)
def test_a_followed_redirect_to_another_port_drops_both_keys(call: Call) -> None:
    with (
        RawServer(always(response(200, response_example()))) as elsewhere,
        redirecting_to(f"{elsewhere.url}{PATH}") as origin,
    ):
        result = call(loopback_client(origin.url, follow_redirects=True))
    assert result.status_code == 200
    (first,) = origin.exchanges
    (followed,) = elsewhere.exchanges
    assert (first.headers["dd-api-key"], first.headers["dd-application-key"]) == (API_KEY, APP_KEY)
    assert "dd-api-key" not in followed.headers
    assert "dd-application-key" not in followed.headers


@pytest.mark.parametrize("call", GETS)
def test_a_redirect_to_another_host_or_scheme_drops_the_keys(call: Call) -> None:
    # localhost and 127.0.0.1 are the same machine but not the same origin, as httpx and browsers judge.
    with (
        RawServer(always(response(200, response_example()))) as elsewhere,
        redirecting_to(f"http://localhost:{elsewhere.port}{PATH}") as origin,
    ):
        call(loopback_client(origin.url, follow_redirects=True))
    assert elsewhere.exchanges
    assert all("dd-api-key" not in exchange.headers for exchange in elsewhere.exchanges)


@pytest.mark.parametrize("call", GETS)
def test_a_redirect_within_the_origin_keeps_the_keys(call: Call) -> None:
    def handler(exchange: object) -> list[bytes]:
        moved = getattr(exchange, "target", "") == PATH
        return [response(308, b"", {"Location": f"{PATH}/moved"}) if moved else response(200, response_example())]

    with RawServer(handler) as origin:
        call(loopback_client(origin.url, follow_redirects=True))
    assert [exchange.target for exchange in origin.exchanges] == [PATH, f"{PATH}/moved"]
    assert all(exchange.headers.get("dd-api-key") == API_KEY for exchange in origin.exchanges)


@pytest.mark.parametrize("call", GETS)
def test_an_unfollowed_redirect_is_an_unexpected_status_and_goes_nowhere(call: Call) -> None:
    with (
        RawServer(always(response(200, response_example()))) as elsewhere,
        redirecting_to(f"{elsewhere.url}{PATH}") as origin,
        pytest.raises(UnexpectedStatus) as raised,
    ):
        call(loopback_client(origin.url))
    assert raised.value.status_code == 307
    assert elsewhere.exchanges == []


@pytest.mark.parametrize("call", GETS)
def test_a_redirect_loop_is_a_keyless_connection_error(call: Call) -> None:
    loop = RawServer(always(response(302, b"", {"Location": PATH})))
    with loop, pytest.raises(APIConnectionError) as raised:
        call(loopback_client(loop.url, follow_redirects=True, max_retries=2))
    assert isinstance(raised.value.__cause__, httpx.TooManyRedirects)
    assert raised.value.attempts == 1, "a redirect loop is not worth retrying"
    assert API_KEY.encode() not in pickle.dumps(raised.value)
    assert "dd-api-key" not in raised.value.__cause__.request.headers
