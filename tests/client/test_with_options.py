"""``client.with_options(**changes)``: a new client, same keys and origin, the changes applied and checked."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hamr_client import AuthenticatedClient, ConfigurationError, RetryPolicy, UnexpectedStatus, datadog_client
from hamr_client.api.high_availability_multi_region import get_hamr_org_connection
from hamr_client.testing import HamrFake
from hypothesis import given
from hypothesis import strategies as st

from tests.client.conftest import API_KEY, APP_KEY, BASE_URL, PATH, Wire, json_response, response_example

SETTINGS = ("retry", "timeout", "deadline", "max_body_size", "raise_on_unexpected_status", "strict")
CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "timeout": st.one_of(st.none(), st.floats(0.1, 60), st.builds(httpx.Timeout, st.floats(0.1, 60))),
        "deadline": st.floats(1, 600),
        "max_body_size": st.integers(1, 2**30),
        "strict": st.booleans(),
        "raise_on_unexpected_status": st.booleans(),
        "retry": st.builds(RetryPolicy, st.integers(0, 9), retry_unsafe=st.booleans()),
        "headers": st.dictionaries(st.sampled_from(["X-Team", "X-Runbook"]), st.text("abc-", max_size=5), max_size=2),
    },
)


def _settings(client: AuthenticatedClient) -> dict[str, Any]:
    return {name: getattr(client, name) for name in SETTINGS}


@given(CHANGES)
def test_a_derived_client_is_the_client_built_with_the_changes(changes: dict[str, Any]) -> None:
    base: dict[str, Any] = {"api_key": API_KEY, "app_key": APP_KEY, "max_retries": 2, "deadline": 30.0, "strict": False}
    original = datadog_client(**base)
    before = _settings(original)
    derived = original.with_options(**changes)
    assert _settings(derived) == _settings(datadog_client(**{**base, **changes}))
    assert _settings(original) == before, "with_options changed the original"
    assert derived.base_url == original.base_url


def test_the_derived_client_sends_the_same_keys_to_the_same_origin_with_its_own_headers(wire: Wire) -> None:
    route = wire.router.get(PATH).mock(return_value=json_response(200, response_example()))
    original = wire.client(headers={"X-Team": "sre"})
    derived = original.with_options(headers={"X-Runbook": "failover"}, deadline=5)
    get_hamr_org_connection.sync(client=derived)
    sent = route.calls.last.request
    assert (sent.headers["DD-API-KEY"], sent.headers["DD-APPLICATION-KEY"]) == (API_KEY, APP_KEY)
    assert str(sent.url).startswith(BASE_URL)
    assert sent.headers["X-Runbook"] == "failover"
    assert "X-Team" not in sent.headers, "headers= replaces the headers, as any other option does"
    assert (original.deadline, derived.deadline) == (120.0, 5.0)


def test_the_two_share_no_pool_and_close_apart(wire: Wire) -> None:
    original = wire.client()
    derived = original.with_options(strict=False)
    assert original.get_httpx_client() is not derived.get_httpx_client()
    original.close()
    assert not derived.closed
    derived.get_httpx_client()  # still usable


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"deadline": -1}, "deadline"),
        ({"timeout": float("nan")}, "timeout"),
        ({"max_body_size": 0}, "max_body_size"),
        ({"max_retries": -1}, "max_retries"),
        ({"headers": {"Bad Name": "x"}}, "headers"),
        ({"httpx_args": {"auth": None}}, "auth"),
        ({"api_key": "another"}, "api_key"),
        ({"base_url": "https://example.com"}, "base_url"),
        ({"site": "datadoghq.eu"}, "site"),
    ],
)
def test_a_change_is_checked_as_at_construction(wire: Wire, changes: dict[str, Any], named: str) -> None:
    with pytest.raises(ConfigurationError, match=named) as raised:
        wire.client().with_options(**changes)
    assert API_KEY not in str(raised.value)


def test_an_unknown_keyword_is_a_type_error(wire: Wire) -> None:
    with pytest.raises(TypeError, match="max_retry"):
        wire.client().with_options(max_retry=1)  # type: ignore[call-arg]


def test_retry_keywords_change_the_policy_and_keep_the_rest_of_it(hamr_fake: HamrFake) -> None:
    client = hamr_fake.client(retry=RetryPolicy(5, backoff_factor=2.0))
    fewer = client.with_options(max_retries=1)
    assert (fewer.retry.total, fewer.retry.backoff_factor) == (1, 2.0)
    hamr_fake.fail_next(503, times=2)
    with pytest.raises(UnexpectedStatus, match="503"):  # undocumented: raised by *_detailed too
        get_hamr_org_connection.sync_detailed(client=fewer)
    assert len(hamr_fake.waits) == 1, "the fake's recording sleep was kept: nothing slept"


def test_a_direct_constructor_gets_the_same_checks() -> None:
    with pytest.raises(ConfigurationError, match="site"):
        AuthenticatedClient(site="datadoghq.example", api_key=API_KEY, app_key=APP_KEY)
    with pytest.raises(ConfigurationError, match="app_key"):
        AuthenticatedClient(api_key=API_KEY)
