"""The served fake against clients that misbehave, on raw loopback sockets: every one bounded in time.

What another language's test suite, a fuzzer or a broken client sends: absurd lengths, chunked
bodies, promises of a body never sent, malformed lines; and a rate limit such a client must be
able to wait out. Every answer must be JSON, every read bounded, no thread held for ever.
"""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hamr_client import RetryPolicy, datadog_client, models
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.testing import HamrFake, examples, serve
from hamr_client.testing.server import MAX_BODY

PATH = "/api/v2/hamr"
KEYS = "DD-API-KEY: k\r\nDD-APPLICATION-KEY: a\r\n"
# No exchange here takes longer, whatever the server does; the idle timeout the tests serve with is shorter.
SOCKET_TIMEOUT = 5.0
IDLE_TIMEOUT = 0.5


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@pytest.fixture
def address() -> Iterator[tuple[str, int]]:
    with serve(HamrFake(), idle_timeout=IDLE_TIMEOUT) as url:
        host, port = url.removeprefix("http://").rsplit(":", 1)
        yield host, int(port)


def connect(address: tuple[str, int]) -> socket.socket:
    return socket.create_connection(address, timeout=SOCKET_TIMEOUT)


def answer(conn: socket.socket) -> Answer:
    """The next response on ``conn``, parsed by http.client."""
    response = http.client.HTTPResponse(conn)
    response.begin()
    return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())


def exchange(address: tuple[str, int], raw: bytes) -> Answer:
    with connect(address) as conn:
        conn.sendall(raw)
        return answer(conn)


def closed(conn: socket.socket) -> bool:
    """Whether the server closed the connection (reads the rest of what it sent)."""
    while True:
        try:
            data = conn.recv(65536)
        except ConnectionResetError:
            return True
        if not data:
            return True


def assert_json_api_error(found: Answer, status: int) -> None:
    assert found.status == status, found
    assert found.headers["content-type"] == "application/json"
    (error,) = found.json()["errors"]
    assert error["status"] == str(status)
    assert error["detail"]


@pytest.mark.parametrize("length", [10**14, 2**64, MAX_BODY + 1])
def test_a_body_too_large_is_a_413_and_the_connection_closes(address: tuple[str, int], length: int) -> None:
    with connect(address) as conn:
        conn.sendall(f"POST {PATH} HTTP/1.1\r\nHost: x\r\n{KEYS}Content-Length: {length}\r\n\r\n{{".encode())
        assert_json_api_error(answer(conn), 413)
        assert closed(conn)


def test_expect_100_continue_with_a_body_too_large_gets_the_413_first(address: tuple[str, int]) -> None:
    head = f"POST {PATH} HTTP/1.1\r\nHost: x\r\n{KEYS}Content-Length: {MAX_BODY + 1}\r\nExpect: 100-continue\r\n\r\n"
    assert_json_api_error(exchange(address, head.encode()), 413)


def chunked(body: bytes, sizes: list[int]) -> bytes:
    out, rest = b"", body
    for size in sizes:
        out += f"{size:x};ext=1\r\n".encode() + rest[:size] + b"\r\n"
        rest = rest[size:]
    return out + f"{len(rest):x}\r\n".encode() + rest + b"\r\n0\r\nX-Trailer: t\r\n\r\n"


def test_a_chunked_body_is_read(address: tuple[str, int]) -> None:
    body = json.dumps(examples.CONNECTION_REQUEST).encode()
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\n{KEYS}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    with connect(address) as conn:
        conn.sendall(head.encode() + chunked(body, [1, 17, 100]))
        written = answer(conn)
        assert written.status == 200, written
        conn.sendall(f"GET {PATH} HTTP/1.1\r\nHost: x\r\n{KEYS}\r\n".encode())  # the same connection goes on
        assert answer(conn).json() == written.json()


@pytest.mark.parametrize(
    ("framing", "status"),
    [
        ("Transfer-Encoding: gzip\r\n", 501),
        ("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400),
        ("Content-Length: -1\r\n", 400),
        ("Content-Length: 1e3\r\n", 400),
        ("Transfer-Encoding: chunked\r\n\r\nzz", 400),
        ("Transfer-Encoding: chunked\r\n\r\n0x10", 400),
        (f"Transfer-Encoding: chunked\r\n\r\n{MAX_BODY + 1:x}", 413),
    ],
)
def test_a_body_framed_wrong_is_a_json_error(address: tuple[str, int], framing: str, status: int) -> None:
    raw = f"POST {PATH} HTTP/1.1\r\nHost: x\r\n{KEYS}{framing}\r\n"
    assert_json_api_error(exchange(address, raw.encode()), status)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"NONSENSE\r\n\r\n", 400),
        (b"GET / HTTP/9.9\r\n\r\n", 505),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(101)) + b"\r\n", 431),
    ],
    ids=["no request line", "an unknown HTTP version", "a request line too long", "too many headers"],
)
def test_what_http_server_itself_refuses_is_json_too(address: tuple[str, int], raw: bytes, status: int) -> None:
    assert_json_api_error(exchange(address, raw), status)


@pytest.mark.parametrize(
    "sent",
    [
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\n{KEYS}Content-Length: 10\r\n\r\n",  # a body promised, never sent
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\n{KEYS}Transfer-Encoding: chunked\r\n\r\n5\r\nab",  # half a chunk
        f"GET {PATH} HTTP/1.1\r\nHost: x\r\n",  # half a head
        "",  # connected, and silent
    ],
    ids=["a promised body", "half a chunk", "half a head", "nothing"],
)
def test_a_silent_client_is_dropped_after_the_idle_timeout(address: tuple[str, int], sent: str) -> None:
    with connect(address) as conn:
        conn.sendall(sent.encode())
        assert closed(conn), "the server kept the connection"  # recv times out (an error) if it never closes


def test_each_answer_arrives_in_one_piece(address: tuple[str, int]) -> None:
    """Head and body in one write: split, the body waits for the client's delayed ACK (40 ms a request)."""
    with connect(address) as conn:
        for _ in range(20):
            conn.sendall(f"GET {PATH} HTTP/1.1\r\nHost: x\r\n{KEYS}\r\n".encode())
            first = conn.recv(65536)
            head, _, body = first.partition(b"\r\n\r\n")
            (length,) = (
                int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
            )
            assert len(body) == length, f"the head came without its body: {first!r}"


class Clock:
    """A clock that moves only when told: the rate limit's window without waiting for it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_an_outside_client_waits_out_the_rate_limit_and_gets_through() -> None:
    clock = Clock()
    fake = HamrFake(rate_limit=2, rate_limit_period=10, clock=clock)
    with serve(fake) as url:
        policy = RetryPolicy(sleep=clock.sleep)
        client = datadog_client(base_url=url, api_key="k", app_key="a", allow_insecure_http=True, retry=policy)
        with client:
            assert get_hamr_org_connection.sync_detailed(client=client).status_code == 404
            clock.sleep(4)
            assert get_hamr_org_connection.sync_detailed(client=client).status_code == 404
            raw = client.get_httpx_client().get(PATH)  # no retry: the 429 as sent
            assert raw.status_code == 429
            assert {k: raw.headers[f"X-RateLimit-{k}"] for k in ("Limit", "Period", "Remaining", "Reset")} == {
                "Limit": "2",
                "Period": "10",
                "Remaining": "0",
                "Reset": "6",  # the seconds left in the window that started at the first request
            }
            body = models.HamrOrgConnectionRequest.from_dict(examples.CONNECTION_REQUEST)
            written = create_hamr_org_connection.sync_detailed(client=client, body=body)
        assert written.status_code == 200, "the client waited the announced reset and was still refused"
    assert clock.now == 1010.0
