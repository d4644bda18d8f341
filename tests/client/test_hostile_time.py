"""``timeout`` bounds a whole attempt, the body included; ``deadline`` bounds the call: no trickle stretches them."""

from __future__ import annotations

import time

import pytest
from hamr_client import APITimeoutError, UnexpectedStatus

from tests.client.calls import GETS, Call, loopback_client
from tests.client.conftest import response_example
from tests.client.loopback import RawServer, always, head, response
from tests.client.transports import ASYNC_TRANSPORTS, AsyncTransport

# A 200 whose body arrives one byte every 0.1 s: each read is quick, the whole takes minutes.
BODY = b'{"data": ' + b" " * 3000 + b"null}"
TRICKLE: list[object] = [head(200, {"Content-Type": "application/json", "Content-Length": str(len(BODY))})]
TRICKLE += [step for byte in BODY for step in (bytes([byte]), 0.1)]


@pytest.mark.parametrize("call", GETS)
def test_a_trickled_body_cannot_hold_an_attempt_past_its_timeout(call: Call) -> None:
    with RawServer(always(*TRICKLE)) as server:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            call(loopback_client(server.url, timeout=1))
        took = time.monotonic() - started
    assert took < 2.5, f"a call with timeout=1 took {took:.1f} s"


@pytest.mark.parametrize("async_transport", ASYNC_TRANSPORTS)
def test_async_bounds_trickled_headers_too(async_transport: AsyncTransport) -> None:
    from tests.client.calls import get_async  # noqa: PLC0415

    trickled_head = [step for byte in head(200, {"X-Pad": "p" * 3000}) for step in (bytes([byte]), 0.05)]
    with RawServer(always(*trickled_head)) as server:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            get_async(loopback_client(server.url, timeout=1))
        took = time.monotonic() - started
    assert took < 2.5, f"a call with timeout=1 took {took:.1f} s"


@pytest.mark.parametrize("call", GETS)
def test_the_deadline_stops_retrying(call: Call) -> None:
    sleeps: list[float] = []
    with RawServer(always(0.3, response(503, b"busy"))) as server:
        started = time.monotonic()
        with pytest.raises(UnexpectedStatus) as raised:
            call(loopback_client(server.url, max_retries=50, deadline=1.0, sleeps=sleeps))
        took = time.monotonic() - started
    assert raised.value.status_code == 503
    assert took < 2.0
    assert 1 <= server.connections < 50


@pytest.mark.parametrize("call", GETS)
def test_a_wait_longer_than_the_deadline_is_not_started(call: Call) -> None:
    sleeps: list[float] = []
    with RawServer(always(response(429, {"errors": ["slow down"]}, {"X-RateLimit-Reset": "30"}))) as server:
        result = call(loopback_client(server.url, max_retries=3, deadline=5.0, sleeps=sleeps))
    assert result.status_code == 429
    assert sleeps == []
    assert server.connections == 1


def test_a_fast_call_is_unaffected() -> None:
    from tests.client.calls import get_sync  # noqa: PLC0415

    with RawServer(always(response(200, response_example()))) as server:
        assert get_sync(loopback_client(server.url, timeout=1, deadline=1.0)).status_code == 200


@pytest.mark.parametrize("call", GETS)
def test_the_deadline_bounds_a_silent_server(call: Call) -> None:
    with RawServer(always(3.0)) as server:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            call(loopback_client(server.url, timeout=2.0, deadline=0.5))
        took = time.monotonic() - started
    assert took < 1.5, f"a call with deadline=0.5 took {took:.1f} s"


def test_no_timeout_is_still_bounded_by_the_deadline() -> None:
    from tests.client.calls import get_sync  # noqa: PLC0415

    with RawServer(always(3.0)) as server:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            get_sync(loopback_client(server.url, timeout=None, deadline=0.5))
        took = time.monotonic() - started
    assert took < 1.5, f"a call with deadline=0.5 and no timeout took {took:.1f} s"
