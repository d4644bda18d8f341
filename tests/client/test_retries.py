"""Retries (httpx-retries under RetryPolicy): 429 honours X-RateLimit-Reset, GET backs off, POST does not."""

from __future__ import annotations

import datetime
import email.utils
from typing import Any

import httpx
import pytest
from hamr_client import APIConnectionError, RetryPolicy, UnexpectedStatus
from hamr_client.models import APIErrorResponse, HamrOrgConnectionResponse
from hypothesis import given
from hypothesis import strategies as st

from tests.client.calls import GETS, POSTS, Call, get_async, get_sync, post_async, post_sync
from tests.client.conftest import PATH, Wire, json_response, rate_limit_example, response_example


def rate_limited(reset: str) -> httpx.Response:
    return json_response(429, rate_limit_example(), **{"X-RateLimit-Reset": reset, "X-RateLimit-Limit": "100"})


@pytest.mark.parametrize("call", GETS + POSTS)
def test_429_waits_the_rate_limit_reset_then_succeeds(wire: Wire, call: Call) -> None:
    route = wire.router.route(path=PATH).mock(
        side_effect=[rate_limited("7"), rate_limited("2"), json_response(200, response_example())]
    )
    response = call(wire.client())
    assert response.status_code == 200
    assert isinstance(response.parsed, HamrOrgConnectionResponse)
    assert route.call_count == 3
    assert wire.sleeps == [7.0, 2.0]


@given(reset=st.integers(min_value=0, max_value=10_000), cap=st.floats(min_value=0, max_value=600))
def test_the_rate_limit_wait_is_the_reset_capped(reset: int, cap: float) -> None:
    policy = RetryPolicy(3, max_rate_limit_wait=cap)
    assert policy.wait_for(rate_limited(str(reset))) == min(float(reset), cap)


@pytest.mark.parametrize("call", GETS + POSTS)
def test_429_gives_up_after_max_retries_and_returns_the_last_429_parsed(wire: Wire, call: Call) -> None:
    route = wire.router.route(path=PATH).mock(return_value=rate_limited("1"))
    response = call(wire.client(max_retries=2))
    assert route.call_count == 3
    assert response.status_code == 429
    assert response.headers["X-RateLimit-Reset"] == "1"
    assert isinstance(response.parsed, APIErrorResponse)


@pytest.mark.parametrize("call", GETS)
@pytest.mark.parametrize("status", [502, 503, 504])
def test_get_retries_5xx_with_jittered_exponential_backoff(wire: Wire, call: Call, status: int) -> None:
    route = wire.router.get(PATH).mock(
        side_effect=[
            httpx.Response(status),
            httpx.Response(status),
            httpx.Response(status),
            json_response(200, response_example()),
        ]
    )
    response = call(wire.client(max_retries=3))
    assert response.status_code == 200
    assert route.call_count == 4
    # backoff_factor 0.5 * 2**(retry - 1), jittered down by at most half: 0.5, 1, 2 at most.
    assert len(wire.sleeps) == 3
    for retry, slept in enumerate(wire.sleeps, start=1):
        assert 0.5 * 2 ** (retry - 1) * 0.5 <= slept <= 0.5 * 2 ** (retry - 1)


@pytest.mark.parametrize("call", GETS)
def test_get_retries_connection_errors(wire: Wire, call: Call) -> None:
    route = wire.router.get(PATH).mock(
        side_effect=[httpx.ConnectError("refused"), json_response(200, response_example())]
    )
    assert call(wire.client()).status_code == 200
    assert route.call_count == 2


@pytest.mark.parametrize("call", GETS)
def test_get_final_5xx_is_unexpected_status_with_the_last_response(wire: Wire, call: Call) -> None:
    wire.router.get(PATH).mock(side_effect=[httpx.Response(503, text="first"), httpx.Response(504, text="last")])
    with pytest.raises(UnexpectedStatus) as raised:
        call(wire.client(max_retries=1))
    assert (raised.value.status_code, raised.value.content) == (504, b"last")
    assert raised.value.operation == "GetHamrOrgConnection"


@pytest.mark.parametrize("call", POSTS)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_post_is_not_retried_on_server_errors(wire: Wire, call: Call, status: int) -> None:
    body = {"errors": [{"detail": "boom"}]}
    route = wire.router.post(PATH).mock(return_value=json_response(status, body))
    if status == 500:  # documented for POST: parsed
        assert call(wire.client()).status_code == 500
    else:
        with pytest.raises(UnexpectedStatus) as raised:
            call(wire.client())
        assert raised.value.status_code == status
    assert route.call_count == 1
    assert wire.sleeps == []


@pytest.mark.parametrize("call", POSTS)
def test_post_is_not_retried_on_connection_errors(wire: Wire, call: Call) -> None:
    route = wire.router.post(PATH).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as raised:
        call(wire.client())
    assert route.call_count == 1
    assert type(raised.value) is APIConnectionError  # not a timeout, on either transport
    assert isinstance(raised.value.__cause__, httpx.TransportError)


@pytest.mark.parametrize("call", POSTS)
def test_post_retries_server_errors_when_the_caller_opts_in(wire: Wire, call: Call) -> None:
    route = wire.router.post(PATH).mock(side_effect=[httpx.Response(503), json_response(200, response_example())])
    assert call(wire.client(retry_unsafe=True)).status_code == 200
    assert route.call_count == 2


@pytest.mark.parametrize("call", GETS + POSTS)
def test_max_retries_zero_disables_retrying(wire: Wire, call: Call) -> None:
    route = wire.router.route(path=PATH).mock(return_value=rate_limited("1"))
    assert call(wire.client(max_retries=0)).status_code == 429
    assert route.call_count == 1
    assert wire.sleeps == []


@pytest.mark.parametrize(("sync_call", "async_call"), [(get_sync, get_async), (post_sync, post_async)])
def test_sync_and_async_make_the_same_attempts_and_waits(wire: Wire, sync_call: Call, async_call: Call) -> None:
    def script() -> list[httpx.Response]:
        return [rate_limited("3"), rate_limited("5"), json_response(200, response_example())]

    route = wire.router.route(path=PATH).mock(side_effect=script())
    sync_response = sync_call(wire.client())
    sync_sleeps, sync_calls = list(wire.sleeps), route.call_count
    wire.sleeps.clear()
    route.reset()
    route.side_effect = script()
    async_response = async_call(wire.client())
    assert (wire.sleeps, route.call_count) == (sync_sleeps, sync_calls) == ([3.0, 5.0], 3)
    assert async_response.parsed == sync_response.parsed


def test_backoff_without_a_reset_header_falls_back_to_exponential(wire: Wire) -> None:
    wait = RetryPolicy(3).wait_for(json_response(429, rate_limit_example()), retry=2)
    assert 0.5 <= wait <= 1.0


@given(
    retry=st.integers(min_value=1, max_value=12),
    factor=st.floats(min_value=0, max_value=5),
    jitter=st.floats(min_value=0, max_value=1),
    cap=st.floats(min_value=0, max_value=120),
)
def test_backoff_is_exponential_jittered_and_capped(retry: int, factor: float, jitter: float, cap: float) -> None:
    policy = RetryPolicy(3, backoff_factor=factor, backoff_jitter=jitter, max_backoff_wait=cap)
    ceiling = factor * 2 ** (retry - 1)
    wait = policy.wait_for(httpx.Response(503), retry=retry)
    assert min(ceiling * (1 - jitter), cap) - 1e-9 <= wait <= min(ceiling, cap) + 1e-9


@pytest.mark.parametrize("header", ["X-RateLimit-Reset", "Retry-After"])
@pytest.mark.parametrize("value", ["soon", "-5", "inf", ""])
def test_an_unusable_reset_header_falls_back_to_backoff(header: str, value: str) -> None:
    response = json_response(429, rate_limit_example(), **{header: value})
    assert 0.25 <= RetryPolicy(3).wait_for(response, retry=1) <= 0.5


@pytest.mark.parametrize("bad", [{"total": -1}, {"backoff_jitter": 1.5}, {"max_rate_limit_wait": -1.0}])
def test_a_nonsensical_policy_is_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be"):
        RetryPolicy(**bad)


@pytest.mark.parametrize("call", GETS)
def test_retry_after_as_an_http_date_is_honoured(wire: Wire, call: Call) -> None:
    when = email.utils.format_datetime(
        datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=20), usegmt=True
    )
    wire.router.get(PATH).mock(
        side_effect=[httpx.Response(503, headers={"Retry-After": when}), json_response(200, response_example())]
    )
    assert call(wire.client()).status_code == 200
    (waited,) = wire.sleeps
    assert 17 <= waited <= 20


@pytest.mark.parametrize("call", GETS)
def test_an_empty_status_set_retries_no_status(wire: Wire, call: Call) -> None:
    route = wire.router.get(PATH).mock(side_effect=[httpx.Response(503), json_response(200, response_example())])
    client = wire.client(retry=RetryPolicy(statuses=()))
    with pytest.raises(UnexpectedStatus):
        call(client)
    assert route.call_count == 1


@given(status=st.sampled_from([429, 500, 502, 503, 504]), chosen=st.sets(st.sampled_from([429, 500, 502, 503, 504])))
def test_statuses_mean_exactly_what_they_say(status: int, chosen: set[int]) -> None:
    policy = RetryPolicy(statuses=chosen)
    assert policy.retries_status("GET", status) is (status in chosen)


@pytest.mark.parametrize(("status", "header"), [(503, "Retry-After"), (429, "X-RateLimit-Reset"), (429, "Retry-After")])
@pytest.mark.parametrize(
    "value", ["Mon, 01 Jan 2026 00:00:99999999999999999999 GMT", "9" * 400, "Fri, 31 Dec 9999 23:59:59 GMT"]
)
def test_a_hostile_wait_header_is_a_capped_wait_not_a_crash(wire: Wire, status: int, header: str, value: str) -> None:
    wire.router.get(PATH).mock(
        side_effect=[
            httpx.Response(status, headers={header: value}, json={"errors": ["x"]}),
            json_response(200, response_example()),
        ]
    )
    assert get_sync(wire.client()).status_code == 200
    (waited,) = wire.sleeps
    assert 0 <= waited <= 60


def test_wait_for_reads_an_http_date_without_a_retry_state() -> None:
    when = email.utils.format_datetime(
        datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=20), usegmt=True
    )
    assert 17 <= RetryPolicy().wait_for(httpx.Response(503, headers={"Retry-After": when})) <= 20
