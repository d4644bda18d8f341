"""The fake served over HTTP on loopback, on the standard library's ThreadingHTTPServer.

For callers that are not httpx in this process: Datadog's own client, curl, another language's tests.
Built to be hammered by them: every read is bounded (a body over ``max_body`` is a 413, a
connection silent for ``idle_timeout`` seconds is closed), the listen backlog is the system's, each
answer goes out in one write on a ``TCP_NODELAY`` socket (split writes meet delayed ACKs: 40 ms a
request), chunked bodies are read, and every answer, errors of the HTTP layer included, is JSON.
"""

from __future__ import annotations

import http
import ipaddress
import math
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from .fake import HamrFake, error_response

#: The largest request body the served fake reads; a larger one is answered 413 and the connection closed.
MAX_BODY = 1024 * 1024
#: Seconds a connection may stay silent (between requests, or in the middle of one) before it is closed.
IDLE_TIMEOUT = 10.0
# A chunk-size line is hex digits and optional extensions: a few bytes, never a megabyte.
_MAX_CHUNK_LINE = 1024
_MAX_TRAILERS = 64
_HEX = re.compile(rb"[0-9A-Fa-f]{1,8}")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine's loopback: the only place the fake serves."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Refused(Exception):
    """A request the HTTP layer refuses before the fake sees it: answered with this status, then closed."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class _Handler(BaseHTTPRequestHandler):
    """Hands each request to the fake's ``handle`` and writes back what it answers, in one write."""

    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, as Datadog's API
    server_version = "hamr-fake"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)  # every read and write: a silent peer is dropped
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _answer(self) -> None:
        try:
            content = self._body()
        except _Refused as refused:
            self._send(error_response(refused.status, refused.detail), close=True)
            return
        if content is None:  # the client went away mid-body
            self.close_connection = True
            return
        try:
            url = httpx.URL(
                scheme="http", host=self.server.host, port=self.server.server_port, raw_path=self.path.encode("latin-1")
            )
            # http.server decodes headers as latin-1: bytes again, whatever a client sent.
            headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in self.headers.items()]
            request = httpx.Request(self.command, url, headers=headers, content=content)
        except (httpx.InvalidURL, UnicodeError):
            self._send(error_response(400, "malformed request line or headers"), close=True)
            return
        self._send(self.server.fake.handle(request))

    def _body(self) -> bytes | None:
        """The request body, read within ``max_body``; None when the client hung up before sending all of it."""
        encoding = self.headers.get("Transfer-Encoding")
        length = self.headers.get("Content-Length")
        if encoding is not None:
            if length is not None:  # which one frames the body? A proxy and this server may disagree
                raise _Refused(400, "send either Transfer-Encoding or Content-Length, not both")
            if encoding.strip().lower() != "chunked":
                raise _Refused(501, f"Transfer-Encoding {encoding!r} is not supported: send chunked or a length")
            return self._chunked()
        if length is None:
            return b""
        if not length.strip().isdigit():
            raise _Refused(400, f"Content-Length {length!r} is not a number of bytes")
        size = int(length)
        if size > self.server.max_body:
            raise _Refused(413, f"the body is {size} bytes; the fake reads {self.server.max_body} at most")
        content = self.rfile.read(size)
        return content if len(content) == size else None

    def _chunked(self) -> bytes | None:
        body = bytearray()
        while True:
            line = self.rfile.readline(_MAX_CHUNK_LINE + 1)
            if not line:
                return None
            size_text = line.split(b";", 1)[0].strip()
            if len(line) > _MAX_CHUNK_LINE or not _HEX.fullmatch(size_text):
                raise _Refused(400, "a chunk size is not a hexadecimal number")
            size = int(size_text, 16)
            if size == 0:
                break
            if len(body) + size > self.server.max_body:
                raise _Refused(413, f"the chunked body passes {self.server.max_body} bytes, the most the fake reads")
            chunk = self.rfile.read(size + 2)
            if len(chunk) < size + 2:
                return None
            if chunk[size:] != b"\r\n":
                raise _Refused(400, "a chunk is longer than its size says")
            body += chunk[:size]
        for _ in range(_MAX_TRAILERS):  # trailers: read and dropped, as the fake needs none
            line = self.rfile.readline(_MAX_CHUNK_LINE + 1)
            if line in (b"\r\n", b"\n", b""):
                return bytes(body)
        raise _Refused(400, "too many trailer lines")

    def _send(self, response: httpx.Response, *, close: bool = False) -> None:
        """Status line, headers and body in one write (so one packet for a small answer)."""
        close = close or self.close_connection
        self.close_connection = close
        status = response.status_code
        try:
            phrase = http.HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        lines = [f"HTTP/1.1 {status} {phrase}", f"Server: {self.version_string()}", f"Date: {self.date_time_string()}"]
        lines += [f"{name}: {value}" for name, value in response.headers.multi_items()]
        if close:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.wfile.write(head if self.command == "HEAD" else head + response.content)
        self.log_request(status)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a malformed request line, too many headers...) as JSON:API errors too."""
        self._send(error_response(code, message or explain or http.HTTPStatus(code).phrase), close=True)

    def handle_expect_100(self) -> bool:
        """``Expect: 100-continue`` with a body too large: the 413 at once, not a 100 and then a read."""
        length = self.headers.get("Content-Length", "0").strip()
        if length.isdigit() and int(length) > self.server.max_body:
            self.send_error(413, f"the body is {length} bytes; the fake reads {self.server.max_body} at most")
            return False
        return super().handle_expect_100()

    def __getattr__(self, name: str) -> Callable[[], None]:
        # http.server looks up do_<METHOD>: every method, even one it does not know (QUERY), reaches
        # the fake, which answers those the spec has no operation for with 405.
        if name.startswith("do_"):
            return self._answer
        raise AttributeError(name)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.log:
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a client holding a keep-alive connection open does not block shutdown
    # socketserver's default backlog is 5: 50 clients connecting at once would see resets and SYN retries.
    request_queue_size = socket.SOMAXCONN

    def __init__(
        self, address: tuple[str, int], fake: HamrFake, *, log: bool, idle_timeout: float, max_body: int
    ) -> None:
        self.fake = fake
        self.log = log
        self.idle_timeout = idle_timeout
        self.max_body = max_body
        self.host = address[0].strip("[]")
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)


@contextmanager
def serve(
    fake: HamrFake,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    log: bool = False,
    idle_timeout: float = IDLE_TIMEOUT,
    max_body: int = MAX_BODY,
) -> Iterator[str]:
    """Serve ``fake`` on ``host:port`` (0: a free port) in a background thread; yields its URL.

    Loopback only: the fake takes any key by default, which is no thing to offer a network. A
    connection silent for ``idle_timeout`` seconds is closed; a body over ``max_body`` bytes is a 413.
    """
    if not is_loopback(host):
        raise ValueError(f"the HAMR fake serves loopback only (127.0.0.1, ::1, localhost), not {host!r}")
    if not (isinstance(idle_timeout, int | float) and 0 < idle_timeout < math.inf):
        raise ValueError(f"idle_timeout must be a finite number of seconds above 0, got {idle_timeout!r}")
    if type(max_body) is not int or max_body < 0:
        raise ValueError(f"max_body must be a number of bytes, 0 or more; got {max_body!r}")
    server = _Server((host, port), fake, log=log, idle_timeout=idle_timeout, max_body=max_body)
    # A short poll interval: shutdown() waits for the loop to notice, and SIGTERM should stop it at once.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="hamr-fake-server", daemon=True)
    thread.start()
    shown = f"[{server.host}]" if ":" in server.host else server.host
    try:
        yield f"http://{shown}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


__all__ = ["IDLE_TIMEOUT", "MAX_BODY", "serve"]
