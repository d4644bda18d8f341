"""``client_settings(options, env)``: the one resolver reads the site from the environment it is given (never another),
and names where a refused value came from: the keyword (or the caller's spelling of it), or ``DD_SITE``."""

from __future__ import annotations

import pytest
from hamr_client.client import DEFAULT_SITE, SITES, client_settings
from hamr_client.errors import ConfigurationError
from hypothesis import given
from hypothesis import strategies as st

_NOT_A_SITE = st.text(st.characters(codec="ascii", exclude_categories=["Cc"]), min_size=1, max_size=30).filter(
    lambda text: text.strip().lower() not in SITES
)


@pytest.mark.parametrize("site", SITES)
def test_the_site_comes_from_the_given_environment_not_the_process(monkeypatch: pytest.MonkeyPatch, site: str) -> None:
    monkeypatch.setenv("DD_SITE", "not-a-site")
    assert client_settings({}, env={"DD_SITE": site}).base_url == f"https://api.{site}"
    assert client_settings({}, env={}).base_url == f"https://api.{DEFAULT_SITE}"


@given(site=_NOT_A_SITE)
def test_a_site_from_dd_site_is_named_as_coming_from_there(site: str) -> None:
    with pytest.raises(ConfigurationError, match="unknown Datadog site") as raised:
        client_settings({}, env={"DD_SITE": site})
    assert "(from DD_SITE)" in str(raised.value)


@given(site=_NOT_A_SITE)
def test_a_site_given_is_named_as_the_caller_spells_it(site: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        client_settings({"site": site}, env={"DD_SITE": "datadoghq.eu"}, names={"site": "--site"})
    assert "(from --site)" in str(raised.value)
    assert "DD_SITE" not in str(raised.value)


@pytest.mark.parametrize(
    ("options", "keyword"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"deadline": 0}, "deadline"),
        ({"timeout": float("inf")}, "timeout"),
        ({"base_url": "ftp://example.com"}, "base_url"),
        ({"drift_dir": "drift"}, "drift_dir"),
    ],
)
def test_each_refusal_names_the_option_as_the_caller_spells_it(options: dict[str, object], keyword: str) -> None:
    with pytest.raises(ConfigurationError, match=keyword):
        client_settings(options, env={})
    spelled = f"--{keyword}-as-spelled"
    with pytest.raises(ConfigurationError, match=spelled):
        client_settings(options, env={}, names={keyword: spelled})


def test_drift_dir_without_strict_false_names_both_as_spelled() -> None:
    with pytest.raises(ConfigurationError) as raised:
        client_settings({"drift_dir": "d"}, env={}, names={"drift_dir": "--record-drift", "strict=False": "--lenient"})
    assert "--record-drift" in str(raised.value)
    assert "add --lenient" in str(raised.value)
