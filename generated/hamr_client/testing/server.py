"""The fake served over HTTP on loopback, on the standard library's ThreadingHTTPServer.

For callers that are not httpx in this process: Datadog's own client, curl, another language's tests.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from .fake import HamrFake


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine's loopback: the only place the fake serves."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Handler(BaseHTTPRequestHandler):
    """Hands each request to the fake's ``handle`` and writes back what it answers."""

    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, as Datadog's API
    server_version = "hamr-fake"

    def _answer(self) -> None:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") or (length is not None and not length.isdigit()):
            self.send_error(411, "send the body with a Content-Length")
            return
        content = self.rfile.read(int(length or 0))
        try:
            url = httpx.URL(
                scheme="http", host=self.server.host, port=self.server.server_port, raw_path=self.path.encode("latin-1")
            )
            # http.server decodes headers as latin-1: bytes again, whatever a client sent.
            headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in self.headers.items()]
            request = httpx.Request(self.command, url, headers=headers, content=content)
        except (httpx.InvalidURL, UnicodeError):
            self.send_error(400, "malformed request line or headers")
            return
        response = self.server.fake.handle(request)
        self.send_response(response.status_code)
        for name, value in response.headers.multi_items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.content)

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

    def __init__(self, address: tuple[str, int], fake: HamrFake, *, log: bool) -> None:
        self.fake = fake
        self.log = log
        self.host = address[0].strip("[]")
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)


@contextmanager
def serve(fake: HamrFake, host: str = "127.0.0.1", port: int = 0, *, log: bool = False) -> Iterator[str]:
    """Serve ``fake`` on ``host:port`` (0: a free port) in a background thread; yields its URL.

    Loopback only: the fake takes any key by default, which is no thing to offer a network.
    """
    if not is_loopback(host):
        raise ValueError(f"the HAMR fake serves loopback only (127.0.0.1, ::1, localhost), not {host!r}")
    server = _Server((host, port), fake, log=log)
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


__all__ = ["serve"]
