"""The served fake (``python -m hamr_client.testing``) under load, in its own process, driven over loopback.

Two measures, as another language's test suite would meet it: requests per second on one
keep-alive connection (what each call costs), and with many clients connecting at once, each
opening a connection per request (what the listen backlog and the threads hold), counting the
requests that failed (connection resets, refusals, timeouts) by kind.
"""

from __future__ import annotations

import http.client
import selectors
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from tooling.bench_kit import payloads

KEYS = {"DD-API-KEY": payloads.API_KEY, "DD-APPLICATION-KEY": payloads.APP_KEY}
STARTUP_S = 30.0
SOCKET_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class ServedRun:
    """Requests per second on one keep-alive connection, and with ``clients`` at once; failures by kind."""

    keep_alive_requests: int
    keep_alive_rps: float
    clients: int
    concurrent_requests: int
    concurrent_rps: float
    failures: dict[str, int] = field(default_factory=dict)

    @property
    def resets(self) -> int:
        return sum(count for kind, count in self.failures.items() if "Reset" in kind or "BrokenPipe" in kind)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "resets": self.resets}


@contextmanager
def served() -> Iterator[int]:
    """The fake in its own process on a free port; yields the port."""
    command = [sys.executable, "-m", "hamr_client.testing", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            url = process.stdout.readline().strip() if selector.select(timeout=STARTUP_S) else ""
        if not url:
            raise RuntimeError(f"the served fake printed no URL within {STARTUP_S} s")
        yield int(url.rsplit(":", 1)[1])
    finally:
        process.terminate()
        process.wait(SOCKET_TIMEOUT_S)
        process.stdout.close()


def _request(connection: http.client.HTTPConnection, method: str, body: bytes | None = None) -> int:
    headers = {**KEYS, "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    connection.request(method, payloads.PATH, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status


def keep_alive(port: int, requests: int) -> float:
    """GETs per second, one after another on one connection (after one POST, so each GET reads a connection)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=SOCKET_TIMEOUT_S)
    try:
        _request(connection, "POST", payloads.request_bytes())
        start = time.perf_counter()
        for _ in range(requests):
            status = _request(connection, "GET")
            if status != 200:
                raise RuntimeError(f"the served fake answered GET with {status}")
        return requests / (time.perf_counter() - start)
    finally:
        connection.close()


def concurrently(port: int, clients: int, per_client: int) -> tuple[float, Counter[str]]:
    """GETs per second with ``clients`` threads starting together, a new connection per request; failures."""
    failures: Counter[str] = Counter()
    lock = threading.Lock()
    start_line = threading.Barrier(clients + 1)

    def client() -> None:
        start_line.wait()
        for _ in range(per_client):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=SOCKET_TIMEOUT_S)
            try:
                _request(connection, "GET")
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    failures[type(error).__name__] += 1
            finally:
                connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start_line.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return clients * per_client / (time.perf_counter() - start), failures


def measure(requests: int, clients: int, per_client: int) -> ServedRun:
    """Both measures on one served fake: ``requests`` in a row, then ``per_client`` by each of ``clients``."""
    with served() as port:
        rps = keep_alive(port, requests)
        concurrent_rps, failures = concurrently(port, clients, per_client)
    return ServedRun(requests, rps, clients, clients * per_client, concurrent_rps, dict(failures))
