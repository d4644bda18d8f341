"""The fake's request-to-response function as an ASGI 3 application: no framework needed for one route."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Handler = Callable[[httpx.Request], httpx.Response]


def asgi_app(handle: Handler) -> ASGIApp:
    """An ASGI application answering every HTTP request with ``handle``; lifespan events are acknowledged."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            raise ValueError(f"the HAMR fake speaks HTTP only, not {scope['type']!r}")
        body = await _body(receive)
        if body is None:  # the client went away before sending its body
            return
        # The fake routes on the path alone; the host (a unix socket's path, even) plays no part.
        url = httpx.URL(scheme="http", host="hamr-fake", path=scope["path"], query=scope.get("query_string", b""))
        response = handle(httpx.Request(scope["method"], url, headers=scope["headers"], content=body))
        headers = [(name.lower(), value) for name, value in response.headers.raw]
        await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": response.content})

    return app


async def _body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
