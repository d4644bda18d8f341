"""HamrFake's behaviour, request by request: what a user's test relies on beyond the spec's schemas."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hamr_client import RetryPolicy, UnexpectedStatus, models
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.testing import HamrFake, examples

KEYS = {"DD-API-KEY": "an-api-key", "DD-APPLICATION-KEY": "an-app-key"}
PATH = "/api/v2/hamr"


def http(fake: HamrFake) -> httpx.Client:
    """Raw httpx on the fake's core: requests the generated client would refuse to send."""
    return httpx.Client(transport=httpx.MockTransport(fake.handle), base_url="http://fake", headers=KEYS)


@pytest.fixture
def fake() -> HamrFake:
    return HamrFake()


@pytest.fixture
def raw(fake: HamrFake) -> Iterator[httpx.Client]:
    with http(fake) as client:
        yield client


def body(**attributes: Any) -> dict[str, Any]:
    document = copy.deepcopy(examples.CONNECTION_REQUEST)
    document["data"]["attributes"].update(attributes)
    return document


# ---------------------------------------------------------------------- POST validation


@pytest.mark.parametrize(
    ("document", "pointer"),
    [
        (body(hamr_status=6), "/data/attributes/hamr_status"),
        (body(is_primary="yes"), "/data/attributes/is_primary"),
        ({"data": {"id": "x", "type": "hamr_org_connections"}}, "/data/attributes"),
        ({"data": {**examples.CONNECTION_REQUEST["data"], "type": "users"}}, "/data/type"),
        ([], ""),
    ],
)
def test_an_off_spec_body_is_a_400_naming_its_pointer_and_nothing_is_stored(
    fake: HamrFake, raw: httpx.Client, document: Any, pointer: str
) -> None:
    response = raw.post(PATH, json=document)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["source"]["pointer"] == pointer
    assert error["status"] == "400"
    assert fake.connection is None
    assert fake.writes == []


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"NaN", "application/json"),  # Python's json reads it; JSON has no NaN
        (b"\xff", "application/json"),
        (b"{}", "text/plain"),
    ],
)
def test_a_body_that_is_not_json_is_a_400(raw: httpx.Client, content: bytes, content_type: str) -> None:
    response = raw.post(PATH, content=content, headers={"Content-Type": content_type})
    assert response.status_code == 400
    assert isinstance(models.JSONAPIErrorResponse.from_dict(response.json()), models.JSONAPIErrorResponse)


def test_post_stores_the_body_with_a_fresh_rfc3339_modified_at(fake: HamrFake, raw: httpx.Client) -> None:
    before = datetime.datetime.now(datetime.UTC)
    first = raw.post(PATH, json=body(hamr_status=1, extra={"kept": True})).json()
    second = raw.post(PATH, json=body(hamr_status=2)).json()
    stamp = second["data"]["attributes"]["modified_at"]
    assert stamp.endswith("Z")
    assert datetime.datetime.fromisoformat(stamp) >= before
    assert stamp >= first["data"]["attributes"]["modified_at"]
    assert raw.get(PATH).json() == second == fake.connection
    assert [write["data"]["attributes"]["hamr_status"] for write in fake.writes] == [1, 2]
    assert first["data"]["attributes"]["extra"] == {"kept": True}  # the spec allows extra properties


def test_connection_and_writes_are_copies(fake: HamrFake, raw: httpx.Client) -> None:
    raw.post(PATH, json=body())
    assert fake.connection is not None
    fake.connection["data"]["id"] = "changed"
    fake.writes[0]["data"]["id"] = "changed"
    assert raw.get(PATH).json()["data"]["id"] == examples.CONNECTION_REQUEST["data"]["id"]
    assert fake.writes[0] == examples.CONNECTION_REQUEST


# ---------------------------------------------------------------------- keys, rate limit, routes


@pytest.mark.parametrize(
    "headers",
    [{}, {"DD-API-KEY": "k"}, {"DD-APPLICATION-KEY": "a"}, {"DD-API-KEY": " ", "DD-APPLICATION-KEY": "a"}],
)
def test_a_missing_or_blank_key_is_a_403_even_when_any_key_goes(fake: HamrFake, headers: dict[str, str]) -> None:
    with httpx.Client(transport=httpx.MockTransport(fake.handle), base_url="http://fake") as client:
        response = client.get(PATH, headers=headers)
    assert response.status_code == 403
    assert response.json()["errors"][0]["status"] == "403"


def test_configured_keys_refuse_every_other_key() -> None:
    fake = HamrFake(api_key="the-api-key", app_key="the-app-key")
    for api_key, app_key in [("other", "the-app-key"), ("the-api-key", "other")]:
        response = get_hamr_org_connection.sync_detailed(client=fake.client(api_key=api_key, app_key=app_key))
        assert response.status_code == 403
    assert get_hamr_org_connection.sync_detailed(client=fake.client()).status_code == 404


def test_past_the_rate_limit_every_request_is_the_documented_429_until_reset() -> None:
    fake = HamrFake(rate_limit=2)
    with http(fake) as raw:
        assert [raw.get(PATH).status_code for _ in range(2)] == [404, 404]
        limited = raw.post(PATH, json=body())
        assert limited.status_code == 429
        assert limited.json() == examples.TOO_MANY_REQUESTS
        assert {name: limited.headers[name] for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining")} == {
            "X-RateLimit-Limit": "2",
            "X-RateLimit-Remaining": "0",
        }
        assert int(limited.headers["X-RateLimit-Reset"]) > 0
        assert int(limited.headers["X-RateLimit-Period"]) > 0
        assert limited.headers["X-RateLimit-Name"]
        assert fake.writes == []
        fake.reset()
        assert raw.get(PATH).status_code == 404


class Clock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def test_the_rate_limit_is_a_window_that_resets_when_its_announced_reset_passes() -> None:
    clock = Clock()
    fake = HamrFake(rate_limit=2, rate_limit_period=30, clock=clock)
    with http(fake) as raw:
        assert raw.get(PATH).status_code == 404  # the window starts here
        clock.now += 10.5
        assert raw.get(PATH).status_code == 404
        limited = raw.get(PATH)
        assert limited.status_code == 429
        assert (limited.headers["X-RateLimit-Period"], limited.headers["X-RateLimit-Reset"]) == ("30", "20")
        clock.now += 19  # 0.5 s left: still refused, and Reset never says 0
        assert raw.get(PATH).headers["X-RateLimit-Reset"] == "1"
        clock.now += 1
        assert [raw.get(PATH).status_code for _ in range(3)] == [404, 404, 429], "a new window did not start"


def test_in_process_retries_skip_the_window_as_if_they_had_slept() -> None:
    fake = HamrFake(rate_limit=1)
    client = fake.client()
    assert get_hamr_org_connection.sync_detailed(client=client).status_code == 404
    assert get_hamr_org_connection.sync_detailed(client=client).status_code == 404, "the 429 was not waited out"
    assert fake.waits == [60.0]  # the window's X-RateLimit-Reset, recorded, not slept


@pytest.mark.parametrize("period", [0, -1, 1.5, True])
def test_the_rate_limit_period_is_whole_seconds(period: Any) -> None:
    with pytest.raises(ValueError, match="rate_limit_period"):
        HamrFake(rate_limit=1, rate_limit_period=period)


def test_other_methods_are_405_with_allow_and_other_paths_404(raw: httpx.Client) -> None:
    for method in ("PUT", "DELETE", "PATCH"):
        response = raw.request(method, PATH)
        assert response.status_code == 405
        assert response.headers["Allow"] == "GET, POST"
    assert raw.get("/api/v2/hamr/other").status_code == 404


# ---------------------------------------------------------------------- fail_next


def test_fail_next_answers_in_order_then_serves_again(fake: HamrFake, raw: httpx.Client) -> None:
    fake.fail_next(502, times=2)
    fake.fail_next(418, body=b"not json", headers={"Retry-After": "7", "Content-Type": "text/plain"})
    fake.fail_next(400, body={"errors": [{"detail": "mine"}]})
    statuses = [raw.get(PATH) for _ in range(5)]
    assert [response.status_code for response in statuses] == [502, 502, 418, 400, 404]
    assert statuses[0].json() == {"errors": [{"status": "502", "title": "Bad Gateway"}]}
    assert (statuses[2].content, statuses[2].headers["Retry-After"]) == (b"not json", "7")
    assert statuses[2].headers["Content-Type"] == "text/plain"
    assert statuses[3].json() == {"errors": [{"detail": "mine"}]}
    assert fake.requests == 1  # only the last one reached the API


def test_an_injected_429_carries_the_rate_limit_headers(fake: HamrFake, raw: httpx.Client) -> None:
    fake.fail_next(429)
    response = raw.get(PATH)
    assert response.status_code == 429
    assert response.headers["X-RateLimit-Reset"] == "1"
    assert "X-RateLimit-Limit" in response.headers


@pytest.mark.parametrize(("status", "times"), [(99, 1), (600, 1), (True, 1), (503, 0), (503, -1)])
def test_fail_next_refuses_what_is_not_an_answer(fake: HamrFake, status: Any, times: int) -> None:
    with pytest.raises(ValueError, match=r"status|times"):
        fake.fail_next(status, times=times)


def test_reset_drops_pending_failures(fake: HamrFake, raw: httpx.Client) -> None:
    fake.fail_next(500, times=3)
    fake.reset()
    assert raw.get(PATH).status_code == 404


@pytest.mark.parametrize("kwargs", [{"api_key": ""}, {"app_key": " "}, {"rate_limit": -1}, {"rate_limit": True}])
def test_the_constructor_refuses_unusable_settings(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"api_key|app_key|rate_limit"):
        HamrFake(**kwargs)


# ---------------------------------------------------------------------- .client()


def test_client_retries_do_not_sleep_and_their_waits_are_recorded(fake: HamrFake) -> None:
    fake.fail_next(503)
    fake.fail_next(429, headers={"X-RateLimit-Reset": "42"})
    assert get_hamr_org_connection.sync_detailed(client=fake.client(max_retries=2)).status_code == 404
    assert len(fake.waits) == 2
    assert fake.waits[1] == 42.0


def test_a_retry_policy_with_its_own_sleep_keeps_it(fake: HamrFake) -> None:
    slept: list[float] = []
    fake.fail_next(503)
    client = fake.client(retry=RetryPolicy(1, sleep=slept.append))
    assert get_hamr_org_connection.sync_detailed(client=client).status_code == 404
    assert len(slept) == 1
    assert fake.waits == []


def test_post_is_not_retried_on_503_by_default(fake: HamrFake) -> None:
    """The fake does not paper over the client's policy: POST is create-or-update, not idempotent."""
    fake.fail_next(503)
    with pytest.raises(UnexpectedStatus):
        create_hamr_org_connection.sync(
            client=fake.client(), body=models.HamrOrgConnectionRequest.from_dict(examples.CONNECTION_REQUEST)
        )
    assert fake.writes == []


@pytest.mark.parametrize("owned", ["transport", "async_transport", "base_url", "site"])
def test_client_refuses_arguments_that_would_unwire_it(fake: HamrFake, owned: str) -> None:
    with pytest.raises(TypeError, match=owned):
        fake.client(**{owned: None})


# ---------------------------------------------------------------------- .app (ASGI)


@pytest.mark.anyio
async def test_the_asgi_app_is_the_same_fake(fake: HamrFake) -> None:
    transport = httpx.ASGITransport(app=fake.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fake", headers=KEYS) as client:
        assert (await client.get(PATH)).status_code == 404
        written = await client.post(PATH, json=body(hamr_status=3))
        assert written.status_code == 200
        assert (await client.get(PATH)).json() == written.json() == fake.connection
        refused = await client.put(PATH)
        assert (refused.status_code, refused.headers["allow"]) == (405, "GET, POST")


@pytest.mark.anyio
async def test_the_asgi_app_completes_the_lifespan_handshake(fake: HamrFake) -> None:
    incoming = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent: list[dict[str, Any]] = []

    async def receive() -> Any:
        return next(incoming)

    async def send(message: Any) -> None:
        sent.append(message)

    await fake.app({"type": "lifespan"}, receive, send)
    assert [message["type"] for message in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
