"""datadog_client(): sites, keys from arguments or the environment, headers, http refusal, timeouts."""

from __future__ import annotations

import httpx
import pytest
from hamr_client import SITES, APITimeoutError, ConfigurationError, __version__, datadog_client
from hamr_client.api.high_availability_multi_region import get_hamr_org_connection
from hypothesis import given
from hypothesis import strategies as st

from tests.client.conftest import API_KEY, APP_KEY, PATH, SPEC, Wire, json_response, response_example

DOCUMENTED_SITES = SPEC["servers"][0]["variables"]["site"]["enum"]


def test_sites_are_the_specs_servers() -> None:
    assert list(SITES) == DOCUMENTED_SITES


@pytest.mark.parametrize("site", DOCUMENTED_SITES)
def test_every_site_sends_to_its_api_host(wire: Wire, site: str) -> None:
    route = wire.router.get(f"https://api.{site}{PATH}").mock(return_value=json_response(200, response_example()))
    get_hamr_org_connection.sync(client=wire.client(site=site))
    assert route.call_count == 1
    assert route.calls.last.request.url == httpx.URL(f"https://api.{site}{PATH}")


def test_default_site_is_datadoghq_com() -> None:
    assert datadog_client(api_key=API_KEY, app_key=APP_KEY).base_url == "https://api.datadoghq.com"


@given(st.text(min_size=1, max_size=30).filter(lambda s: s.strip().lower() not in SITES))
def test_unknown_site_is_a_value_error_naming_every_valid_site(site: str) -> None:
    with pytest.raises(ValueError, match="unknown Datadog site") as raised:
        datadog_client(site=site, api_key=API_KEY, app_key=APP_KEY)
    assert isinstance(raised.value, ConfigurationError)
    for valid in SITES:
        assert valid in str(raised.value)


def test_site_comes_from_dd_site(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DD_SITE", "datadoghq.eu")
    assert datadog_client(api_key=API_KEY, app_key=APP_KEY).base_url == "https://api.datadoghq.eu"


def test_site_argument_beats_dd_site(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DD_SITE", "datadoghq.eu")
    assert datadog_client(site="us5.datadoghq.com", api_key=API_KEY, app_key=APP_KEY).base_url == (
        "https://api.us5.datadoghq.com"
    )


def test_base_url_beats_site_and_dd_site(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DD_SITE", "not-a-site")
    client = datadog_client(site="datadoghq.eu", base_url="https://proxy.example.com/", api_key="a", app_key="b")
    assert client.base_url == "https://proxy.example.com"


def test_keys_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, wire: Wire) -> None:
    monkeypatch.setenv("DD_API_KEY", "env-api-key")
    monkeypatch.setenv("DD_APP_KEY", "env-app-key")
    route = wire.router.get(PATH).mock(return_value=json_response(200, response_example()))
    client = datadog_client(transport=httpx.MockTransport(wire.router.handler))
    get_hamr_org_connection.sync(client=client)
    headers = route.calls.last.request.headers
    assert (headers["DD-API-KEY"], headers["DD-APPLICATION-KEY"]) == ("env-api-key", "env-app-key")


def test_key_arguments_beat_the_environment(monkeypatch: pytest.MonkeyPatch, wire: Wire) -> None:
    monkeypatch.setenv("DD_API_KEY", "env-api-key")
    monkeypatch.setenv("DD_APP_KEY", "env-app-key")
    route = wire.router.get(PATH).mock(return_value=json_response(200, response_example()))
    get_hamr_org_connection.sync(client=wire.client())
    headers = route.calls.last.request.headers
    assert (headers["DD-API-KEY"], headers["DD-APPLICATION-KEY"]) == (API_KEY, APP_KEY)


@pytest.mark.parametrize(("missing", "variable"), [("api_key", "DD_API_KEY"), ("app_key", "DD_APP_KEY")])
@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_missing_key_is_refused_before_any_request(
    monkeypatch: pytest.MonkeyPatch, missing: str, variable: str, value: str | None
) -> None:
    monkeypatch.setenv("DD_API_KEY", API_KEY)
    monkeypatch.setenv("DD_APP_KEY", APP_KEY)
    monkeypatch.delenv(variable)
    with pytest.raises(ConfigurationError, match=variable) as raised:
        datadog_client(**{missing: value})  # type: ignore[arg-type]
    assert missing in str(raised.value)


def test_a_key_unfit_for_a_header_is_refused_without_echoing_it() -> None:
    with pytest.raises(ConfigurationError) as raised:
        datadog_client(api_key="secret\nvalue", app_key=APP_KEY)
    assert "secret" not in str(raised.value)


def test_every_request_carries_keys_accept_and_user_agent(wire: Wire) -> None:
    route = wire.router.get(PATH).mock(return_value=json_response(200, response_example()))
    get_hamr_org_connection.sync(client=wire.client())
    headers = route.calls.last.request.headers
    assert headers["DD-API-KEY"] == API_KEY
    assert headers["DD-APPLICATION-KEY"] == APP_KEY
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"].startswith(f"hamr-client/{__version__} ")


@pytest.mark.parametrize(
    "url", ["http://api.datadoghq.com", "http://10.0.0.8:8080", "http://proxy.internal", "ftp://api.datadoghq.com"]
)
def test_plain_http_to_a_remote_host_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="http"):
        datadog_client(base_url=url, api_key=API_KEY, app_key=APP_KEY)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8126", "http://localhost:9000", "http://[::1]:80"])
def test_plain_http_to_loopback_is_allowed(url: str) -> None:
    assert datadog_client(base_url=url, api_key=API_KEY, app_key=APP_KEY).base_url == url


def test_plain_http_to_a_remote_host_needs_the_explicit_opt_in() -> None:
    client = datadog_client(
        base_url="http://proxy.internal", api_key=API_KEY, app_key=APP_KEY, allow_insecure_http=True
    )
    assert client.base_url == "http://proxy.internal"


def test_default_timeouts_reach_the_wire(wire: Wire) -> None:
    route = wire.router.get(PATH).mock(return_value=json_response(200, response_example()))
    get_hamr_org_connection.sync(client=wire.client())
    timeout = route.calls.last.request.extensions["timeout"]
    assert timeout == {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}


def test_a_configured_timeout_reaches_the_wire(wire: Wire) -> None:
    route = wire.router.get(PATH).mock(return_value=json_response(200, response_example()))
    get_hamr_org_connection.sync(client=wire.client(timeout=httpx.Timeout(2.5, connect=0.5)))
    assert route.calls.last.request.extensions["timeout"] == {"connect": 0.5, "read": 2.5, "write": 2.5, "pool": 2.5}


def test_a_timeout_surfaces_as_api_timeout_error_after_the_retries(wire: Wire) -> None:
    route = wire.router.get(PATH).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError) as raised:
        get_hamr_org_connection.sync(client=wire.client(max_retries=2))
    assert route.call_count == 3
    assert raised.value.attempts == 3
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)
