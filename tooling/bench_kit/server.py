"""A minimal HTTP/1.1 keep-alive server on loopback, answering the docs' 200 example; runs in its own process.

Under ``payloads.DRIFT_PREFIX`` it answers GET with the same example drifted (``hamr_status`` 6).

It lives in a separate process so the clients being measured have the GIL to themselves, and it
answers every request with a single write (headers and body together) on a TCP_NODELAY socket:
split writes would meet delayed ACKs and add ~40 ms per call. Run as a script it prints its port
on stdout and serves until stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from tooling.bench_kit import payloads

HEAD_END = b"\r\n\r\n"


def _response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: keep-alive\r\n\r\n"
    )
    return head.encode("ascii") + body


OK = _response("200 OK", payloads.response_bytes())
DRIFTED = _response("200 OK", payloads.drifted_response_bytes())
DRIFTED_PATH = (payloads.DRIFT_PREFIX + payloads.PATH).encode()
NOT_FOUND = _response("404 Not Found", b'{"errors": ["Not found"]}')
BAD_REQUEST = _response("400 Bad Request", b'{"errors": ["Bad request"]}')


class _Connection(asyncio.Protocol):
    """One keep-alive connection: parse pipelined requests out of a buffer, answer each in one write."""

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport  # asyncio already sets TCP_NODELAY on TCP transports

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.buffer += data
        while (end := self.buffer.find(HEAD_END)) >= 0:
            lines = self.buffer[:end].split(b"\r\n")
            headers = dict(line.split(b":", 1) for line in lines[1:] if b":" in line)
            headers = {name.strip().lower(): value.strip() for name, value in headers.items()}
            if b"transfer-encoding" in headers:  # no client here streams its body; refuse rather than guess
                self.transport.write(BAD_REQUEST)
                self.transport.close()
                return
            total = end + len(HEAD_END) + int(headers.get(b"content-length", b"0"))
            if len(self.buffer) < total:
                return
            self.buffer = self.buffer[total:]
            method, target = [*lines[0].split(b" "), b"", b""][:2]
            path = target.split(b"?", 1)[0]
            if path == payloads.PATH.encode() and method in (b"GET", b"POST"):
                self.transport.write(OK)
            elif path == DRIFTED_PATH and method == b"GET":
                self.transport.write(DRIFTED)
            else:
                self.transport.write(NOT_FOUND)
            if headers.get(b"connection", b"").lower() == b"close":
                self.transport.close()
                return


async def serve(port: int) -> None:
    """Serve on 127.0.0.1:``port`` (0 picks one), print the port, stop when stdin reaches EOF."""
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Connection, "127.0.0.1", port, backlog=128)
    print(server.sockets[0].getsockname()[1], flush=True)
    # The parent closes our stdin to stop us; reading it in a thread keeps the loop free.
    await loop.run_in_executor(None, sys.stdin.buffer.read)
    server.close()


@contextlib.contextmanager
def running() -> Iterator[str]:
    """Start the server in a child process; yield its base URL; stop it on exit."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tooling.bench_kit.server"],
        cwd=Path(__file__).resolve().parents[2],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": ""},
    )
    try:
        assert child.stdout is not None
        port = child.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"the benchmark server did not start (exit {child.poll()})")
        yield f"http://127.0.0.1:{port}"
    finally:
        assert child.stdin is not None
        child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)")
    args = parser.parse_args(argv)
    if not 0 <= args.port < 65536:
        parser.error(f"--port must be 0..65535, not {args.port}")
    asyncio.run(serve(args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
