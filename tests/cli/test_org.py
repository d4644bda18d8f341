"""``--org NAME`` on every command: the keys and the site from ``NAME_DD_*`` (never from a flag), ``DD_*``
without it; a half-configured org refused, naming what is set and what is not."""

from __future__ import annotations

import pytest
from hamr_client.cli.exits import Exit
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.harness import LINK
from tests.cli.orgs import ORG_KEYS, ORG_TOKENS, URLS, Orgs, org_env

COMMANDS = [
    ["get"],
    ["set", *LINK, "--yes"],
    ["wait", "--status", "ACTIVE", "--timeout", "1"],
    ["check"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[argv[0] for argv in COMMANDS])
@pytest.mark.parametrize("org", ["PRIMARY", "ddr"])
def test_every_command_talks_to_the_org_named(argv: list[str], org: str) -> None:
    orgs = Orgs()
    orgs(*argv, "--org", org)
    assert orgs.connected, "no client was built"
    assert {connected["base_url"] for connected in orgs.connected} == {URLS[org.upper()]}
    used = orgs.fakes[org.upper()].requests
    other = orgs.fakes["DDR" if org.upper() == "PRIMARY" else "PRIMARY"].requests
    assert (used > 0, other) == (True, 0)  # the fakes take only their own keys: a 403 would not count as used


VARIABLES = ["DD_API_KEY", "DD_APP_KEY", "DD_API_URL"]


@settings(max_examples=30, deadline=None)
@given(unset=st.sets(st.sampled_from(VARIABLES), min_size=1), argv=st.sampled_from(COMMANDS))
def test_a_half_configured_org_is_refused_naming_what_is_missing(unset: set[str], argv: list[str]) -> None:
    env = org_env()
    for name in unset:
        del env[f"PRIMARY_{name}"]
    orgs = Orgs()
    refused = orgs("--org", "PRIMARY", *argv, env=env)
    assert refused.code == Exit.USAGE
    (line,) = refused.stderr.splitlines()
    if len(unset) == len(VARIABLES):
        assert line.startswith("hamr: error: no org PRIMARY in the environment: set PRIMARY_DD_API_KEY")
    else:
        assert "half-configured" in line
        for name in unset:
            assert f"PRIMARY_{'DD_SITE' if name == 'DD_API_URL' else name}" in line.split("but not", 1)[1]
    assert orgs.connected == []


@pytest.mark.parametrize("flag", [["--site", "datadoghq.eu"], ["--base-url", "https://api.datadoghq.eu"]])
def test_an_org_takes_no_site_from_a_flag(flag: list[str]) -> None:
    refused = Orgs()("--org", "PRIMARY", *flag, "get")
    assert refused.code == Exit.USAGE
    assert "PRIMARY_DD_SITE or PRIMARY_DD_API_URL" in refused.stderr


def test_site_and_api_url_both_set_is_refused() -> None:
    refused = Orgs()("--org", "PRIMARY", "get", env=org_env(PRIMARY_DD_SITE="datadoghq.eu"))
    assert refused.code == Exit.USAGE
    assert "set PRIMARY_DD_SITE or PRIMARY_DD_API_URL, not both" in refused.stderr


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("http://api.example.com", "PRIMARY_DD_API_URL: refusing plain http://"),
        ("site:datadoghq.moon", "unknown Datadog site 'datadoghq.moon' (from PRIMARY_DD_SITE)"),
    ],
)
def test_where_an_org_is_is_checked_in_its_variables_name(value: str, said: str) -> None:
    env = org_env()
    if value.startswith("site:"):
        del env["PRIMARY_DD_API_URL"]
        env["PRIMARY_DD_SITE"] = value.removeprefix("site:")
    else:
        env["PRIMARY_DD_API_URL"] = value
    refused = Orgs()("--org", "PRIMARY", "get", env=env)
    assert refused.code == Exit.USAGE
    assert refused.stderr.startswith(f"hamr: error: {said}")


def test_one_org_commands_take_one_org() -> None:
    refused = Orgs()("get", "--org", "PRIMARY", "--org", "DDR")
    assert refused.code == Exit.USAGE
    assert "give --org once" in refused.stderr


def test_an_org_name_is_a_variable_prefix() -> None:
    refused = Orgs()("get", "--org", "PRI MARY")
    assert refused.code == Exit.USAGE
    assert "an org's name is letters, digits and _" in refused.stderr


def test_the_keys_of_an_org_are_never_printed() -> None:
    orgs = Orgs()
    orgs.fakes["PRIMARY"].fail_next(403, body={"errors": [{"detail": f"bad key {ORG_KEYS['PRIMARY'][0]}"}]})
    refused = orgs("--org", "PRIMARY", "get")
    assert refused.code == Exit.REFUSED
    assert ORG_KEYS["PRIMARY"][0] not in refused.stderr
    assert "<redacted>" in refused.stderr
    assert "PRIMARY_DD_API_KEY" in refused.stderr  # the spec's advice names the org's variables


@pytest.mark.parametrize("org", ["PRIMARY", "DDR"])
def test_an_org_of_a_token_alone_is_read_from_its_own_variable(org: str) -> None:
    env = {name: value for name, value in org_env().items() if not name.startswith(f"{org}_DD_AP")}
    env[f"{org}_DD_API_URL"] = URLS[org]
    env[f"{org}_DD_BEARER_TOKEN"] = ORG_TOKENS[org]
    orgs = Orgs()
    written = orgs("--org", org, "set", *LINK, "--yes", env=env)
    assert written.code == 0, written.stderr
    other = "DDR" if org == "PRIMARY" else "PRIMARY"
    assert (orgs.fakes[org].requests > 0, orgs.fakes[other].requests) == (True, 0)
    env[f"{org}_DD_BEARER_TOKEN"] = ORG_TOKENS[other]  # the other org's token: refused, named as this org's
    refused = orgs("--org", org, "get", env=env)
    assert refused.code == Exit.REFUSED
    assert f"{org}_DD_BEARER_TOKEN" in refused.stderr
    assert ORG_TOKENS[other] not in refused.stdout + refused.stderr
