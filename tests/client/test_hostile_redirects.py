"""The credentials (the keys and the OAuth token) go to the configured origin only: a redirect elsewhere, followed
or not, never carries them."""

from __future__ import annotations

import pickle

import httpx
import pytest
from hamr_client import APIConnectionError, UnexpectedStatus
from hamr_client.client import DatadogKeys

from tests.client.calls import GETS, Call, loopback_client
from tests.client.conftest import API_KEY, APP_KEY, BEARER_TOKEN, PATH, response_example
from tests.client.loopback import RawServer, always, response

# What a client with every credential configured sends, each header in a form of its own.
CREDENTIALS = {"dd-api-key": API_KEY, "dd-application-key": APP_KEY, "authorization": f"Bearer {BEARER_TOKEN}"}


def redirecting_to(location: str) -> RawServer:
    return RawServer(always(response(307, b"", {"Location": location})))


def credentials_in(headers: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name in CREDENTIALS}


@pytest.mark.parametrize("call", GETS)
def test_a_followed_redirect_to_another_port_drops_every_credential(call: Call) -> None:
    with (
        RawServer(always(response(200, response_example()))) as elsewhere,
        redirecting_to(f"{elsewhere.url}{PATH}") as origin,
    ):
        result = call(loopback_client(origin.url, follow_redirects=True, bearer_token=BEARER_TOKEN))
    assert result.status_code == 200
    (first,) = origin.exchanges
    (followed,) = elsewhere.exchanges
    assert credentials_in(first.headers) == CREDENTIALS  # the keys and the token, as Datadog's clients send both
    assert credentials_in(followed.headers) == {}


@pytest.mark.parametrize("call", GETS)
def test_a_redirect_to_another_host_or_scheme_drops_the_keys(call: Call) -> None:
    # localhost and 127.0.0.1 are the same machine but not the same origin, as httpx and browsers judge.
    with (
        RawServer(always(response(200, response_example()))) as elsewhere,
        redirecting_to(f"http://localhost:{elsewhere.port}{PATH}") as origin,
    ):
        call(loopback_client(origin.url, follow_redirects=True, bearer_token=BEARER_TOKEN))
    assert elsewhere.exchanges
    assert all(credentials_in(exchange.headers) == {} for exchange in elsewhere.exchanges)


@pytest.mark.parametrize(
    "hop", ["https://127.0.0.1:8126/api/v2/hamr", "http://localhost:8126/api/v2/hamr", "http://127.0.0.1:8127/"]
)
def test_every_hop_off_the_origin_loses_the_token_even_an_upgrade_to_https(hop: str) -> None:
    """httpx itself keeps ``Authorization`` on an http-to-https redirect of the same host; the origin rule does not."""
    auth = DatadogKeys(API_KEY, APP_KEY, httpx.URL("http://127.0.0.1:8126"), bearer_token=BEARER_TOKEN)
    request = httpx.Request("GET", hop, headers=CREDENTIALS)
    auth.strip_elsewhere(request)
    assert credentials_in(dict(request.headers)) == {}
    home = httpx.Request("GET", "http://127.0.0.1:8126/api/v2/hamr")
    assert credentials_in(dict(next(auth.auth_flow(home)).headers)) == CREDENTIALS


@pytest.mark.parametrize("call", GETS)
def test_a_redirect_within_the_origin_keeps_the_keys(call: Call) -> None:
    def handler(exchange: object) -> list[bytes]:
        moved = getattr(exchange, "target", "") == PATH
        return [response(308, b"", {"Location": f"{PATH}/moved"}) if moved else response(200, response_example())]

    with RawServer(handler) as origin:
        call(loopback_client(origin.url, follow_redirects=True, bearer_token=BEARER_TOKEN))
    assert [exchange.target for exchange in origin.exchanges] == [PATH, f"{PATH}/moved"]
    assert all(credentials_in(exchange.headers) == CREDENTIALS for exchange in origin.exchanges)


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
        call(loopback_client(loop.url, follow_redirects=True, max_retries=2, bearer_token=BEARER_TOKEN))
    assert isinstance(raised.value.__cause__, httpx.TooManyRedirects)
    assert raised.value.attempts == 1, "a redirect loop is not worth retrying"
    assert API_KEY.encode() not in pickle.dumps(raised.value)
    assert BEARER_TOKEN.encode() not in pickle.dumps(raised.value)
    assert credentials_in(dict(raised.value.__cause__.request.headers)) == {}
