"""Proxies as plain httpx honours them; a dropped body retried on GET; a failed certificate check never retried."""

from __future__ import annotations

import gc
import ssl
import warnings
from collections.abc import Iterator

import pytest
import trustme
from hamr_client import APIConnectionError

from tests.client.calls import GETS, POSTS, Call, loopback_client
from tests.client.conftest import API_KEY, PATH, response_example
from tests.client.loopback import CLOSE, RawServer, always, in_turn, response

# Nothing listens here: a request that reaches it, not the proxy, fails.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[RawServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    with RawServer(always(response(200, response_example())), tls=context) as server:
        yield server


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY"])
@pytest.mark.parametrize("call", GETS)
def test_environment_proxies_are_honoured(monkeypatch: pytest.MonkeyPatch, variable: str, call: Call) -> None:
    with RawServer(always(response(200, response_example()))) as proxy:
        monkeypatch.setenv(variable, proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        assert call(loopback_client(UNREACHABLE)).status_code == 200
    (exchange,) = proxy.exchanges
    assert exchange.target == f"{UNREACHABLE}{PATH}"  # absolute-form: a forward proxy's request
    assert exchange.headers["dd-api-key"] == API_KEY


@pytest.mark.parametrize("call", GETS)
def test_no_proxy_and_trust_env_false_bypass_the_environment_proxy(monkeypatch: pytest.MonkeyPatch, call: Call) -> None:
    with (
        RawServer(always(response(200, response_example()))) as proxy,
        RawServer(always(response(200, response_example()))) as server,
    ):
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        call(loopback_client(server.url))
        monkeypatch.delenv("NO_PROXY")
        call(loopback_client(server.url, httpx_args={"trust_env": False}))
    assert proxy.exchanges == []
    assert len(server.exchanges) == 2


@pytest.mark.parametrize("call", GETS)
def test_the_proxy_argument_routes_every_request(call: Call) -> None:
    with RawServer(always(response(200, response_example()))) as proxy:
        assert call(loopback_client(UNREACHABLE, proxy=proxy.url)).status_code == 200
    assert [exchange.target for exchange in proxy.exchanges] == [f"{UNREACHABLE}{PATH}"]


def dropped_mid_body() -> list[object]:
    return [response(200, response_example(), length=5000)[:200], CLOSE]


@pytest.mark.parametrize("call", GETS)
def test_get_retries_a_connection_dropped_while_the_body_is_read(call: Call) -> None:
    with RawServer(in_turn(dropped_mid_body(), [response(200, response_example())])) as server:
        result = call(loopback_client(server.url, max_retries=2))
    assert result.status_code == 200
    assert result.parsed.data.id == response_example()["data"]["id"]
    assert server.connections == 2


@pytest.mark.parametrize("call", POSTS)
def test_post_does_not_retry_a_dropped_body(call: Call) -> None:
    server = RawServer(in_turn(dropped_mid_body(), [response(200, response_example())]))
    with server, pytest.raises(APIConnectionError):
        call(loopback_client(server.url, max_retries=2))
    assert server.connections == 1


@pytest.mark.parametrize("call", GETS)
def test_a_failed_certificate_check_is_not_retried(tls_server: RawServer, call: Call) -> None:
    with pytest.raises(APIConnectionError) as raised:
        call(loopback_client(tls_server.url, max_retries=3))
    assert "CERTIFICATE_VERIFY_FAILED" in str(raised.value)
    assert raised.value.attempts == 1
    assert tls_server.connections == 1


@pytest.mark.parametrize("call", GETS)
def test_a_trusted_certificate_works(tls_server: RawServer, ca: trustme.CA, call: Call) -> None:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    assert call(loopback_client(tls_server.url, verify_ssl=context)).status_code == 200


@pytest.mark.parametrize("call", GETS)
def test_no_socket_outlives_the_call_when_the_server_is_slow_to_say_goodbye(ca: trustme.CA, call: Call) -> None:
    # The answer ends the connection (Connection: close); the server then reads nothing for a while, so the
    # client's TLS close waits for a goodbye that comes after the call's event loop is gone. aiohttp forgets
    # such a connection once released: closing the pool with the loop must still close its socket.
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    trusted = ssl.create_default_context()
    ca.configure_trust(trusted)
    with RawServer(always(response(200, response_example()), 2.0), tls=context) as server:
        assert call(loopback_client(server.url, verify_ssl=trusted)).status_code == 200
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            gc.collect()
    assert [str(warning.message) for warning in caught if warning.category is ResourceWarning] == []
