"""The async client's two transports, for tests that run on each: httpx's own and aiohttp's.

tests/client/conftest.py sets :data:`ASYNC_TRANSPORT` for each test from its parameters (an
``OnAiohttp`` call of tests/client/calls.py, or an ``async_transport`` parameter); the helpers that
build the test's clients (``loopback_client``, the ``wire`` fixture) build them on it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import AsyncIterator, Callable
from typing import Literal
from unittest import mock

import httpx
import pytest

from tests.client import loopback

#: The async client's transport the running test's clients get: None (httpx's) or "aiohttp".
AsyncTransport = Literal["aiohttp"] | None
ASYNC_TRANSPORT: contextvars.ContextVar[AsyncTransport] = contextvars.ContextVar("async_transport", default=None)
#: For tests that make async calls themselves: an ``async_transport`` parameter, once per transport.
ASYNC_TRANSPORTS = [pytest.param(None, id="httpx"), pytest.param("aiohttp", id="aiohttp")]
#: The running test's relay servers, stopped when it ends (conftest's autouse fixture).
RELAYS: contextvars.ContextVar[contextlib.ExitStack] = contextvars.ContextVar("relays")

Handler = Callable[[httpx.Request], httpx.Response]


def relayed(handler: Handler, base_url: str) -> str:
    """The URL of a loopback server answering each request as ``handler`` does, for the aiohttp transport.

    aiohttp sends real bytes, which no in-process httpx transport (respx, MockTransport) can stand in
    for; the server hands ``handler`` each request as if sent to ``base_url``, and a network error it
    raises (a respx side effect) drops the connection. Stopped when the test ends.
    """
    # Connection: close on every answer, so a connection per request (40 concurrent calls and their retries).
    return RELAYS.get().enter_context(loopback.serving(_relay(handler, base_url), max_connections=1000)).url


def as_sent_to(handler: Handler, base_url: str) -> Handler:
    """``handler`` for a client whose base URL is a relay: each request as if sent to ``base_url``, as the relay does.

    The sync calls of a test on aiohttp go through an in-process transport with this, the async ones through the relay.
    """

    def handle(request: httpx.Request) -> httpx.Response:
        url = httpx.URL(base_url + request.url.raw_path.decode("ascii"))
        return handler(httpx.Request(request.method, url, headers=request.headers, content=request.read()))

    return handle


def _relay(handler: Handler, base_url: str) -> Callable[[loopback.Exchange], loopback.Script]:
    def handle(exchange: loopback.Exchange) -> loopback.Script:
        request = httpx.Request(
            exchange.method, base_url + exchange.target, headers=exchange.headers, content=exchange.body
        )
        try:
            response = handler(request)
        except httpx.TransportError:  # a side effect standing for the network failing
            return [loopback.CLOSE]
        lines = [f"HTTP/1.1 {response.status_code} {response.reason_phrase or 'X'}", "Connection: close"]
        lines += [
            f"{name}: {value}"
            for name, value in response.headers.multi_items()
            if name.lower() not in {"connection", "content-length", "transfer-encoding"}
        ]
        body = response.read()
        lines.append(f"Content-Length: {len(body)}")
        return [("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body]

    return handle


@contextlib.asynccontextmanager
async def no_httpx_pool() -> AsyncIterator[None]:
    """Fails if a request inside goes through httpx's own async transport (an aiohttp test would prove nothing).

    Told by what is sent, not by how the pool was built: httpx keeps its transports to itself.
    """
    sent: list[httpx.Request] = []
    send = httpx.AsyncHTTPTransport.handle_async_request

    async def spy(transport: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return await send(transport, request)

    with mock.patch.object(httpx.AsyncHTTPTransport, "handle_async_request", spy):
        try:
            yield
        finally:
            assert not sent, f"an aiohttp test sent {sent[0]!r} on httpx's transport"
