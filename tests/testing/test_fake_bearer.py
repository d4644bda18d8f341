"""The fake takes either alternative of the spec's ``security``: the two keys, or an OAuth token as
``Authorization: Bearer <token>``, in both dialects, in-process and served. A wrong token is 401 (RFC 6750's answer to
an invalid token, and production's to wrong credentials) in both; a request carrying both alternatives, as Datadog's
clients send them, needs each credential it carries right.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from hamr_client import AuthenticationError
from hamr_client.api.high_availability_multi_region import get_hamr_org_connection
from hamr_client.dialects import DIALECTS, Dialect
from hamr_client.testing import HamrFake
from hypothesis import given
from hypothesis import strategies as st

from tests.client.echo import tokens
from tests.testing.served import serving

API_KEY, APP_KEY = "fake-api-key-0123456789", "fake-app-key-0123456789abcdef"
KEYS = {"DD-API-KEY": API_KEY, "DD-APPLICATION-KEY": APP_KEY}
PATH = "/api/v2/hamr"
TOKEN = "fake-oauth-token.0123456789"  # noqa: S105 -- a placeholder
UNAUTHORIZED = {"errors": ["Unauthorized"]}


#: What a GET past the credentials gets from a fake with no connection yet.
ACCEPTED = 404


def status(fake: HamrFake, headers: dict[str, str]) -> tuple[int, object]:
    with httpx.Client(transport=httpx.MockTransport(fake.handle), base_url="http://fake") as http:
        answer = http.get(PATH, headers=headers)
    return answer.status_code, answer.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@given(token=tokens, other=tokens, dialect=st.sampled_from(DIALECTS), configured=st.booleans())
def test_a_token_is_the_keys_alternative_and_a_wrong_one_is_401(
    token: str, other: str, dialect: Dialect, configured: bool
) -> None:
    fake = HamrFake(api_key=API_KEY, app_key=APP_KEY, bearer_token=token if configured else None, dialect=dialect)
    assert status(fake, bearer(token))[0] == ACCEPTED
    assert status(fake, KEYS)[0] == ACCEPTED  # the keys still serve alone
    assert status(fake, {**KEYS, **bearer(token)})[0] == ACCEPTED
    if configured and other != token:
        assert status(fake, bearer(other)) == (401, UNAUTHORIZED)
        assert status(fake, {**KEYS, **bearer(other)}) == (401, UNAUTHORIZED)  # good keys hide no stale token


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    "authorization", ["Bearer ", "Bearer", "Basic dXNlcjpwYXNz", "Token abc", "bearer-abc"], ids=repr
)
def test_an_authorization_that_is_no_bearer_token_is_401(dialect: Dialect, authorization: str) -> None:
    fake = HamrFake(dialect=dialect)  # any token goes: still a token, not another scheme
    assert status(fake, {"Authorization": authorization}) == (401, UNAUTHORIZED)
    assert fake.connection is None


@pytest.mark.parametrize("dialect", DIALECTS)
def test_with_a_token_a_wrong_key_is_still_refused_as_the_keys_are(dialect: Dialect) -> None:
    fake = HamrFake(api_key=API_KEY, app_key=APP_KEY, bearer_token=TOKEN, dialect=dialect)
    code, _ = status(fake, {**bearer(TOKEN), "DD-API-KEY": "not-" + API_KEY})
    assert code == (401 if dialect == "production" else 403)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_its_client_uses_its_token_alone_whatever_the_environment(
    monkeypatch: pytest.MonkeyPatch, dialect: Dialect
) -> None:
    monkeypatch.setenv("DD_API_KEY", "a-stray-agent-key")
    fake = HamrFake(bearer_token=TOKEN, dialect=dialect)
    client = fake.client(max_retries=0)
    sent: list[httpx.Request] = []  # the fake keeps no request: a hook of the client's pool sees what it sends
    client.get_httpx_client().event_hooks["request"].append(sent.append)
    assert get_hamr_org_connection.sync_detailed(client=client).status_code == 404  # accepted; nothing written yet
    (request,) = sent
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert "dd-api-key" not in request.headers
    with pytest.raises(AuthenticationError):
        get_hamr_org_connection.sync(client=fake.client(bearer_token=TOKEN[::-1]))


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_served_fake_takes_its_token_and_refuses_another(tmp_path: Path, dialect: Dialect) -> None:
    with (
        serving(tmp_path / "stderr.txt", "--bearer-token", "served-token", "--dialect", dialect) as served,
        httpx.Client(base_url=served.url, timeout=10) as http,
    ):
        accepted = http.get(PATH, headers=bearer("served-token"))
        refused = http.get(PATH, headers=bearer("another-token"))
    assert accepted.status_code == ACCEPTED
    assert (refused.status_code, refused.json()) == (401, UNAUTHORIZED)


@pytest.mark.parametrize("token", ["", "  ", 5])
def test_the_constructor_refuses_an_unusable_token(token: object) -> None:
    with pytest.raises(ValueError, match="bearer_token"):
        HamrFake(bearer_token=token)  # type: ignore[arg-type]
