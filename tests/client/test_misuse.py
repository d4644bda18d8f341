"""Misuse fails early and typed: ConfigurationError at construction, SchemaViolation before sending."""

from __future__ import annotations

import math
import sys
import types
from typing import Any

import httpx
import pytest
from hamr_client import ConfigurationError, RetryPolicy, SchemaViolation, datadog_client
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection
from hamr_client.models import HamrOrgConnectionRequest

from tests.client.conftest import API_KEY, APP_KEY, PATH, Wire, request_example

KEYS: dict[str, Any] = {"api_key": API_KEY, "app_key": APP_KEY}


def refused(match: str, **kwargs: Any) -> ConfigurationError:
    with pytest.raises(ConfigurationError, match=match) as raised:
        datadog_client(**{**KEYS, **kwargs})
    for secret in (API_KEY, APP_KEY, "hunter2"):
        assert secret not in str(raised.value)
    return raised.value


@pytest.mark.parametrize("name", ["base_url", "headers", "timeout", "auth", "transport", "follow_redirects", "verify"])
def test_httpx_args_that_collide_with_named_arguments_are_refused(name: str) -> None:
    refused(name, httpx_args={name: None})


def test_httpx_args_unknown_to_httpx_are_refused() -> None:
    refused("retries_per_day", httpx_args={"retries_per_day": 3})


def test_proxy_given_twice_is_refused() -> None:
    refused("proxy", proxy="http://127.0.0.1:3128", httpx_args={"proxy": "http://127.0.0.1:3128"})


@pytest.mark.parametrize(
    ("module", "kwargs", "extra"),
    [
        ("h2", {"httpx_args": {"http2": True}}, "httpx[http2]"),
        ("socksio", {"httpx_args": {"proxy": "socks5://127.0.0.1:1080"}}, "httpx[socks]"),
        ("socksio", {"proxy": "socks5://127.0.0.1:1080"}, "httpx[socks]"),
        ("httpx_aiohttp", {"async_transport": "aiohttp"}, "hamr-client[aiohttp]"),
    ],
    ids=["http2", "a SOCKS proxy in httpx_args", "a SOCKS proxy", "the aiohttp transport"],
)
def test_an_httpx_feature_whose_extra_is_missing_is_refused_at_construction(
    monkeypatch: pytest.MonkeyPatch, module: str, kwargs: dict[str, Any], extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # not installed, whatever this environment has
    error = refused(module, **kwargs)
    assert f"pip install '{extra}'" in str(error)


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"async_transport": "aiohttp", "httpx_args": {"http2": True}}, "http2"),
        ({"async_transport": "aiohttp", "proxy": "socks5://127.0.0.1:1080"}, "SOCKS"),
        ({"async_transport": "curl"}, "async_transport"),
    ],
    ids=["http2 on aiohttp", "SOCKS on aiohttp", "an unknown transport name"],
)
def test_what_the_aiohttp_transport_cannot_do_is_refused_at_construction(
    monkeypatch: pytest.MonkeyPatch, kwargs: dict[str, Any], named: str
) -> None:
    for module in ("h2", "socksio"):  # installed or not, the refusal is aiohttp's
        monkeypatch.setitem(sys.modules, module, types.ModuleType(module))
    refused(named, **kwargs)


def test_the_aiohttp_transport_needs_a_running_asyncio_loop() -> None:
    """aiohttp has no trio backend: outside an asyncio loop (under trio, say) it says so instead of failing deep."""
    client = datadog_client(**KEYS, base_url="http://127.0.0.1:9", async_transport="aiohttp")
    with pytest.raises(ConfigurationError, match="asyncio only"):
        client.get_async_httpx_client()


def test_http2_with_h2_installed_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "h2", types.ModuleType("h2"))
    datadog_client(**KEYS, httpx_args={"http2": True})


@pytest.mark.parametrize("value", [-1, 0, math.nan, math.inf, True, "5"])
def test_a_timeout_that_is_not_a_positive_finite_number_is_refused(value: Any) -> None:
    refused("timeout", timeout=value)


def test_a_bad_phase_of_an_httpx_timeout_is_refused() -> None:
    refused("timeout.read", timeout=httpx.Timeout(5.0, read=-1.0))


@pytest.mark.parametrize("value", [-1, math.nan, math.inf, -math.inf])
def test_max_rate_limit_wait_must_be_finite_and_not_negative(value: float) -> None:
    refused("max_rate_limit_wait", max_rate_limit_wait=value)


@pytest.mark.parametrize(("name", "value"), [("deadline", 0), ("deadline", math.inf), ("max_body_size", 0)])
def test_other_bounds_are_checked(name: str, value: Any) -> None:
    refused(name, **{name: value})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("total", -1),
        ("total", 1.5),
        ("backoff_factor", math.nan),
        ("backoff_jitter", 2),
        ("max_backoff_wait", math.inf),
    ],
)
def test_retry_policy_refuses_unusable_numbers(field: str, value: Any) -> None:
    with pytest.raises(ConfigurationError, match=field):
        RetryPolicy(**{field: value})


def test_status_codes_must_be_status_codes() -> None:
    with pytest.raises(ConfigurationError, match="statuses"):
        RetryPolicy(statuses=frozenset({42}))


def test_a_base_url_with_credentials_is_refused_without_showing_them() -> None:
    refused("user:password", base_url="https://admin:hunter2@api.datadoghq.com")


@pytest.mark.parametrize("url", ["https://api.datadoghq.com/?site=eu", "https://api.datadoghq.com/#top"])
def test_a_base_url_with_a_query_or_fragment_is_refused(url: str) -> None:
    refused("query or a fragment", base_url=url)


def test_the_client_repr_shows_no_key() -> None:
    client = datadog_client(**KEYS)
    assert API_KEY not in repr(client)
    assert APP_KEY not in repr(client)


@pytest.mark.parametrize(
    ("extra", "pointer", "reason"),
    [
        ({1, 2}, "/tags", "set is not a JSON value"),
        (math.nan, "/tags", "nan is not a JSON number"),
        ("\ud800", "/tags", "lone surrogate"),
        ({"deep": [1, object()]}, "/tags/deep/1", "object is not a JSON value"),
    ],
)
def test_a_body_json_cannot_carry_is_refused_before_sending(wire: Wire, extra: Any, pointer: str, reason: str) -> None:
    route = wire.router.post(PATH)
    body = HamrOrgConnectionRequest.from_dict(request_example())
    body["tags"] = extra
    with pytest.raises(SchemaViolation) as raised:
        create_hamr_org_connection.sync(client=wire.client(), body=body)
    assert raised.value.path == pointer
    assert reason in raised.value.reason
    assert "CreateHamrOrgConnection" in str(raised.value)
    assert not route.called


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"site": 123}, "site"),
        ({"headers": {"X-Team": "équipe"}}, "X-Team"),
        ({"headers": {"X-N": 1}}, "X-N"),
        ({"headers": {"Bad Name": "x"}}, "header name"),
        ({"proxy": "not a url"}, "proxy"),
        ({"verify_ssl": "/no/such/ca-bundle.pem"}, "verify_ssl"),
    ],
)
def test_arguments_httpx_would_refuse_late_are_refused_at_construction(arguments: dict[str, Any], named: str) -> None:
    refused(named, **arguments)


def test_a_directly_built_client_is_checked_as_datadog_client_is() -> None:
    from hamr_client import AuthenticatedClient  # noqa: PLC0415

    with pytest.raises(ConfigurationError) as raised:
        AuthenticatedClient(base_url="https://admin:hunter2@api.datadoghq.com", api_key=API_KEY, app_key=APP_KEY)
    assert "hunter2" not in str(raised.value)
