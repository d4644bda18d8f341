"""A client that can only speak plain http (the loopback fake) loads no CA bundle; any other still does.

httpx builds its SSL context (``ssl.create_default_context`` with the CA bundle) with every client,
a large part of a ``hamr get`` start against the loopback fake. The client skips it when no request
can be TLS: a plain ``http://`` origin, no redirect followed, no proxy.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from hamr_client import APIConnectionError

from tests.client.calls import GETS, Call, loopback_client
from tests.client.conftest import response_example
from tests.client.loopback import RawServer, always, response


@pytest.fixture
def bundles_loaded(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every CA bundle an SSL context loads while the test runs."""
    import ssl  # noqa: PLC0415

    loaded: list[Any] = []
    load = ssl.SSLContext.load_verify_locations

    def recording(context: ssl.SSLContext, *args: Any, **kwargs: Any) -> None:
        loaded.append(args or kwargs)
        load(context, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", recording)
    return loaded


@pytest.fixture
def server() -> Iterator[RawServer]:
    with RawServer(always(response(200, response_example()))) as served:
        yield served


@pytest.fixture(autouse=True)
def _no_environment_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("call", GETS)
def test_a_plain_http_origin_loads_no_ca_bundle(call: Call, server: RawServer, bundles_loaded: list[Any]) -> None:
    assert call(loopback_client(server.url)).status_code == 200
    assert bundles_loaded == []


@pytest.mark.parametrize("call", GETS)
@pytest.mark.parametrize(
    "options",
    [{"follow_redirects": True}, {"proxy": "https://127.0.0.1:9"}],
    ids=["a followed redirect may go to https", "a proxy"],
)
def test_a_client_that_may_speak_tls_loads_the_ca_bundle(
    call: Call, server: RawServer, bundles_loaded: list[Any], options: dict[str, Any]
) -> None:
    with contextlib.suppress(APIConnectionError):  # the proxy is unreachable: only the SSL context matters here
        call(loopback_client(server.url, **options))
    assert bundles_loaded


@pytest.mark.parametrize("call", GETS)
def test_an_environment_proxy_for_http_loads_the_ca_bundle(
    call: Call, server: RawServer, bundles_loaded: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "https://127.0.0.1:9")  # TLS to the proxy: the bundle is needed
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # the request itself goes straight to the server
    assert call(loopback_client(server.url)).status_code == 200
    assert bundles_loaded
