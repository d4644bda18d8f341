"""The OAuth token, the spec's alternative to the key pair: ``bearer_token=`` or ``DD_BEARER_TOKEN`` (or an org's
``NAME_DD_BEARER_TOKEN``) goes out as ``Authorization: Bearer <token>``; with the keys, every credential
configured goes out (as Datadog's clients send them); with neither whole alternative, the client is refused
before any request, saying both ways out. Where it is sent and what is never printed: test_hostile_redirects.py
and test_key_echo.py, which draw the token beside the keys.
"""

from __future__ import annotations

import asyncio
import pickle
from typing import Any

import httpx
import pytest
import respx
from hamr_client import datadog_client, org_options
from hamr_client.api.high_availability_multi_region import get_hamr_org_connection
from hamr_client.errors import ConfigurationError
from hypothesis import given
from hypothesis import strategies as st

from tests.client.conftest import API_KEY, APP_KEY, BASE_URL, BEARER_TOKEN, PATH, SPEC, response_example
from tests.client.echo import tokens
from tooling.spec_doc import walk

# The runtime's names, checked against the spec's below (the hand-kept copy of what the spec says).
from hamr_client._constants import (  # isort: skip
    BEARER_HEADER,
    BEARER_SCHEME,
    BEARER_VARIABLE,
    KEY_HEADERS,
    KEY_VARIABLES,
)
from hamr_client._config import resolved  # isort: skip
from hamr_client.orgs import org_environment  # isort: skip

_KEY_HEADERS = {name.lower() for name in KEY_HEADERS}


def sent_by(asynchronous: bool = False, env: dict[str, str] | None = None, **options: Any) -> httpx.Headers:
    """The headers of one GET by a client of ``options`` (the environment ``env`` for what they leave out)."""
    with respx.mock(base_url=BASE_URL, assert_all_mocked=True) as router:
        route = router.get(PATH).respond(200, json=response_example())
        with pytest.MonkeyPatch.context() as patch:
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            client = datadog_client(transport=httpx.MockTransport(router.handler), **options)
        with client:
            if asynchronous:
                asyncio.run(get_hamr_org_connection.asyncio(client=client))
            else:
                get_hamr_org_connection.sync(client=client)
    return route.calls.last.request.headers


def credentials(headers: httpx.Headers) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name in {*_KEY_HEADERS, BEARER_HEADER.lower()}}


def test_the_runtime_sends_each_scheme_where_the_spec_says_and_reads_it_from_its_x_env_name() -> None:
    schemes = SPEC["components"]["securitySchemes"]
    keys = {scheme["name"]: scheme["x-env-name"] for scheme in schemes.values() if scheme["type"] == "apiKey"}
    assert keys == dict(zip(KEY_HEADERS, KEY_VARIABLES, strict=True))
    (bearer,) = (scheme for scheme in schemes.values() if scheme["type"] == "http")
    assert (bearer["scheme"], bearer["x-env-name"]) == (BEARER_SCHEME.lower(), BEARER_VARIABLE)
    # Every operation takes either the pair or the token: no operation needs both, none takes neither.
    names = {frozenset(alternative) for _, _, operation in walk(SPEC) for alternative in operation["security"]}
    bearer_name = next(name for name, scheme in schemes.items() if scheme["type"] == "http")
    assert names == {frozenset(name for name in schemes if name != bearer_name), frozenset({bearer_name})}


@given(token=tokens, asynchronous=st.booleans(), from_env=st.booleans())
def test_a_token_alone_is_sent_as_a_bearer_credential_and_no_key(
    token: str, asynchronous: bool, from_env: bool
) -> None:
    options = {} if from_env else {"bearer_token": token}
    env = {BEARER_VARIABLE: f"  {token}\n"} if from_env else {}  # padded as a pasted variable is: stripped
    assert credentials(sent_by(asynchronous, env, **options)) == {"authorization": f"Bearer {token}"}


def test_the_argument_wins_over_the_environment() -> None:
    sent = sent_by(env={BEARER_VARIABLE: "from-the-environment"}, bearer_token=BEARER_TOKEN)
    assert sent["authorization"] == f"Bearer {BEARER_TOKEN}"


@pytest.mark.parametrize("asynchronous", [False, True])
def test_keys_and_a_token_are_all_sent_as_datadogs_clients_send_them(asynchronous: bool) -> None:
    sent = sent_by(asynchronous, api_key=API_KEY, app_key=APP_KEY, bearer_token=BEARER_TOKEN)
    assert credentials(sent) == {
        "dd-api-key": API_KEY,
        "dd-application-key": APP_KEY,
        "authorization": f"Bearer {BEARER_TOKEN}",
    }


def test_with_a_token_a_lone_key_is_sent_too_and_no_key_is_needed() -> None:
    """The token is a whole alternative: a stray DD_API_KEY (an Agent host's) neither blocks nor hides it."""
    sent = sent_by(env={"DD_API_KEY": API_KEY, BEARER_VARIABLE: BEARER_TOKEN})
    assert credentials(sent) == {"dd-api-key": API_KEY, "authorization": f"Bearer {BEARER_TOKEN}"}


@pytest.mark.parametrize(
    ("env", "lacking"),
    [
        ({}, ("DD_API_KEY", "DD_APP_KEY")),
        ({"DD_API_KEY": API_KEY}, ("DD_APP_KEY",)),
        ({"DD_APP_KEY": APP_KEY, BEARER_VARIABLE: "   "}, ("DD_API_KEY",)),  # a blank token is no token
    ],
)
def test_without_either_alternative_the_client_is_refused_naming_both_ways_out(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], lacking: tuple[str, ...]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as raised:
        datadog_client()
    message = str(raised.value)
    assert all(name in message for name in lacking)
    assert BEARER_VARIABLE in message
    assert "bearer_token=" in message
    assert API_KEY not in message


@pytest.mark.parametrize(
    ("token", "why"),
    [
        (f"Bearer {BEARER_TOKEN}", "give the token alone"),
        (f"bearer {BEARER_TOKEN}", "give the token alone"),
        (f"{BEARER_TOKEN}\u00e9", "cannot carry"),
        (f"{BEARER_TOKEN}\n{BEARER_TOKEN}", "cannot carry"),
    ],
)
def test_a_malformed_token_is_refused_without_being_quoted(token: str, why: str) -> None:
    with pytest.raises(ConfigurationError, match=why) as raised:
        datadog_client(bearer_token=token)
    assert BEARER_TOKEN not in str(raised.value)
    assert BEARER_TOKEN.encode() not in pickle.dumps(raised.value)


def test_with_options_keeps_the_token_and_refuses_to_change_it() -> None:
    client = datadog_client(bearer_token=BEARER_TOKEN)
    with pytest.raises(ConfigurationError, match="bearer_token"):
        client.with_options(bearer_token="another")  # noqa: S106 -- a placeholder
    derived = client.with_options(max_retries=0)
    assert BEARER_TOKEN not in repr(client) + repr(derived) + repr(vars(derived)) + repr(vars(client))


@given(org=st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True), token=tokens, other=tokens)
def test_an_org_of_a_token_reads_its_own_prefixed_variables_and_no_others(org: str, token: str, other: str) -> None:
    prefix = f"{org.upper()}_"
    env = {
        f"{prefix}{BEARER_VARIABLE}": token,
        f"{prefix}DD_SITE": "datadoghq.eu",
        BEARER_VARIABLE: other,  # the unprefixed ones are the default org's
        "DD_API_KEY": API_KEY,
        "DD_APP_KEY": APP_KEY,
    }
    assert org_options(org, env) == {"bearer_token": token, "site": "datadoghq.eu"}
    settings, found = resolved({}, org_environment(org, env))  # what hamr --org hands the resolver
    assert settings.base_url == "https://api.datadoghq.eu"
    assert found.options() == {"api_key": "", "app_key": "", "bearer_token": token}
    assert token not in repr(found)


def test_an_org_with_neither_alternative_is_told_both_ways_out() -> None:
    with pytest.raises(ConfigurationError) as raised:
        org_options("PRIMARY", {"PRIMARY_DD_API_KEY": API_KEY, "PRIMARY_DD_SITE": "datadoghq.eu"})
    message = str(raised.value)
    assert "PRIMARY_DD_APP_KEY" in message
    assert "PRIMARY_DD_BEARER_TOKEN" in message
    assert API_KEY not in message
