"""``org_options``: an org's keys and site from its variables (Datadog's DDR guide: ``PRIMARY_DD_API_KEY``...), as
``datadog_client`` keywords; an org half there is refused, naming its variables and never a key."""

from __future__ import annotations

import pytest
from hamr_client import ConfigurationError, datadog_client, org_options
from hamr_client.client import client_settings
from hypothesis import given
from hypothesis import strategies as st

names = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,12}", fullmatch=True)
keys = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=8, max_size=40)
WHERE = {"DD_SITE": ("site", "datadoghq.eu"), "DD_API_URL": ("base_url", "https://api.us5.datadoghq.com")}


@given(name=names, api=keys, app=keys, where=st.sampled_from(sorted(WHERE)))
def test_a_whole_org_is_its_keywords(name: str, api: str, app: str, where: str) -> None:
    prefix = name.upper() + "_"
    keyword, value = WHERE[where]
    env = {prefix + "DD_API_KEY": api, prefix + "DD_APP_KEY": app, prefix + where: value, "DD_API_KEY": "other"}
    assert org_options(name, env) == {"api_key": api.strip(), "app_key": app.strip(), keyword: value}


@given(
    name=names,
    present=st.sets(st.sampled_from(["DD_API_KEY", "DD_APP_KEY", "DD_SITE"]), max_size=2),
    api=keys,
)
def test_an_org_half_there_is_refused_naming_its_variables_never_a_key(name: str, present: set[str], api: str) -> None:
    prefix = name.upper() + "_"
    values = {"DD_API_KEY": api, "DD_APP_KEY": api[::-1], "DD_SITE": "datadoghq.eu"}
    env = {prefix + variable: values[variable] for variable in present}
    with pytest.raises(ConfigurationError) as refused:
        org_options(name, env)
    said = str(refused.value)
    for variable in {"DD_API_KEY", "DD_APP_KEY"} - present:
        assert prefix + variable in said
    assert api.strip() not in said
    assert api[::-1].strip() not in said


def test_without_a_name_the_dd_variables_that_are_set() -> None:
    assert org_options(None, {}) == {}
    assert org_options(None, {"DD_SITE": "datadoghq.eu", "PRIMARY_DD_SITE": "us5.datadoghq.com"}) == {
        "site": "datadoghq.eu"
    }


@pytest.mark.parametrize(
    ("env", "said"),
    [
        (
            {
                "X_DD_API_KEY": "k" * 9,
                "X_DD_APP_KEY": "a" * 9,
                "X_DD_SITE": "datadoghq.eu",
                "X_DD_API_URL": "https://a",
            },
            "not both",
        ),
        ({"X_DD_API_KEY": "k" * 9, "X_DD_APP_KEY": "a" * 9, "X_DD_SITE": "moon"}, "X_DD_SITE: unknown Datadog site"),
    ],
)
def test_where_the_org_is_must_be_said_once_and_known(env: dict[str, str], said: str) -> None:
    with pytest.raises(ConfigurationError, match=said):
        org_options("x", env)


def test_it_builds_a_client() -> None:
    env = {"DDR_DD_API_KEY": "ddr-api", "DDR_DD_APP_KEY": "ddr-app", "DDR_DD_SITE": "us5.datadoghq.com"}
    with datadog_client(**org_options("DDR", env)) as client:
        assert client.base_url == "https://api.us5.datadoghq.com"


def test_the_resolver_reads_dd_api_url_as_the_api_root_and_refuses_it_beside_dd_site() -> None:
    assert client_settings({}, {"DD_API_URL": "https://api.datadoghq.eu"}).base_url == "https://api.datadoghq.eu"
    assert client_settings({"site": "us5.datadoghq.com"}, {"DD_API_URL": "https://api.datadoghq.eu"}).base_url == (
        "https://api.us5.datadoghq.com"  # an option given wins over the environment
    )
    with pytest.raises(ConfigurationError, match="set DD_SITE or DD_API_URL, not both"):
        client_settings({}, {"DD_API_URL": "https://api.datadoghq.eu", "DD_SITE": "datadoghq.eu"})
    with pytest.raises(ConfigurationError, match=r"^DD_API_URL: refusing plain http:// to example\.com"):
        client_settings({}, {"DD_API_URL": "http://example.com"})
