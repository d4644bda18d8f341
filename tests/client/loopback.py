"""A raw TCP server on 127.0.0.1 that misbehaves on purpose: bounded in connections and time.

Each request runs a *script*: bytes are sent as they are, a float sleeps that many seconds,
:data:`CLOSE` drops the connection there. A connection then waits for the next request
(keep-alive) until the client hangs up, the script closes it or the server stops.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

CLOSE = object()
Step = bytes | float | object
Script = Sequence[Step]

#: No test connection lives longer than this, whatever the client does.
SOCKET_TIMEOUT = 10.0


@dataclass(frozen=True)
class Exchange:
    """One request as the server read it, and the connection (1, 2, ...) it came on."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    connection: int


def response(
    status: int,
    body: Any = b"",
    headers: dict[str, str] | None = None,
    *,
    length: int | None = None,
    keep_alive: bool = False,
) -> bytes:
    """An HTTP/1.1 response's bytes; a dict or list body is sent as JSON; ``length`` may lie.

    ``Connection: close`` unless ``keep_alive``: no pooled connection outlives a test's event loop.
    """
    payload: bytes = body if isinstance(body, bytes) else json.dumps(body).encode()
    if not isinstance(body, bytes):
        headers = {"Content-Type": "application/json", **(headers or {})}
    if not keep_alive:
        headers = {"Connection": "close", **(headers or {})}
    lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(payload) if length is None else length}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def head(status: int, headers: dict[str, str]) -> bytes:
    """Only the status line and headers (the body follows in later steps); the connection closes after."""
    lines = [f"HTTP/1.1 {status} X", "Connection: close", *(f"{name}: {value}" for name, value in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


@dataclass
class RawServer:
    """Serve ``handler(exchange) -> script`` on a free loopback port (TLS with ``tls``)."""

    handler: Callable[[Exchange], Script]
    tls: ssl.SSLContext | None = None
    max_connections: int = 32
    exchanges: list[Exchange] = field(default_factory=list)
    connections: int = 0
    _listener: socket.socket | None = None
    _threads: list[threading.Thread] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        assert self._listener is not None
        return int(self._listener.getsockname()[1])

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def __enter__(self) -> RawServer:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._spawn(self._accept_loop)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in list(self._threads):
            thread.join(timeout=SOCKET_TIMEOUT)
        assert self._listener is not None
        self._listener.close()

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stop.is_set() and self.connections < self.max_connections:
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            with self._lock:
                self.connections += 1
                number = self.connections
            self._spawn(self._serve, conn, number)

    def _serve(self, conn: socket.socket, number: int) -> None:
        conn.settimeout(SOCKET_TIMEOUT)
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            with conn:
                buffer = b""
                while not self._stop.is_set():
                    exchange, buffer = _read_request(conn, buffer, number)
                    if exchange is None:
                        return
                    with self._lock:
                        self.exchanges.append(exchange)
                    if not self._play(conn, self.handler(exchange)):
                        return
        except (OSError, ssl.SSLError):
            return  # the client hung up or refused our certificate: both are test cases

    def _play(self, conn: socket.socket, script: Script) -> bool:
        for step in script:
            if step is CLOSE or self._stop.is_set():
                return False
            if isinstance(step, bytes):
                conn.sendall(step)
            elif isinstance(step, float | int):
                time.sleep(step)
        return True


def _read_request(conn: socket.socket, buffer: bytes, number: int) -> tuple[Exchange | None, bytes]:
    while b"\r\n\r\n" not in buffer:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        buffer += chunk
    raw_head, _, rest = buffer.partition(b"\r\n\r\n")
    request_line, *header_lines = raw_head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    method, target, _ = request_line.split(" ", 2)
    if headers.get("transfer-encoding", "").lower() == "chunked":
        # aiohttp sends a followed redirect's (empty) body chunked.
        body, rest = _read_chunked(conn, rest)
        return (None, b"") if body is None else (Exchange(method, target, headers, body, number), rest)
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        rest += chunk
    return Exchange(method, target, headers, rest[:length], number), rest[length:]


def _read_chunked(conn: socket.socket, buffer: bytes) -> tuple[bytes | None, bytes]:
    """A chunked body (size lines, data, the empty last chunk and no trailers), and what follows it."""
    body = b""
    while True:
        while b"\r\n" not in buffer:
            chunk = conn.recv(65536)
            if not chunk:
                return None, b""
            buffer += chunk
        size_line, _, buffer = buffer.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        while len(buffer) < size + 2:
            chunk = conn.recv(65536)
            if not chunk:
                return None, b""
            buffer += chunk
        body, buffer = body + buffer[:size], buffer[size + 2 :]
        if size == 0:
            return body, buffer


@contextmanager
def serving(handler: Callable[[Exchange], Script], **kwargs: Any) -> Iterator[RawServer]:
    with RawServer(handler, **kwargs) as server:
        yield server


def always(*script: Step) -> Callable[[Exchange], Script]:
    """A handler that plays the same script for every request."""
    return lambda exchange: script


def in_turn(*scripts: Script) -> Callable[[Exchange], Script]:
    """A handler that plays the scripts one per request, then repeats the last."""
    played: list[int] = [0]

    def handler(exchange: Exchange) -> Script:
        index = min(played[0], len(scripts) - 1)
        played[0] += 1
        return scripts[index]

    return handler
