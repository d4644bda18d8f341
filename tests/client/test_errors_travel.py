"""Every error pickles to an equal error, and no error -- pickled, printed or in a crash report -- carries a key."""

from __future__ import annotations

import pickle
import sys
import traceback
from typing import Any

import httpx
import pytest
from hamr_client import datadog_client, errors
from hamr_client.api.high_availability_multi_region import get_hamr_org_connection
from hamr_client.models import APIErrorResponse, JSONAPIErrorResponse
from hypothesis import given
from hypothesis import strategies as st

from tests.client.calls import GETS, Call, loopback_client
from tests.client.conftest import API_KEY, APP_KEY, Wire
from tests.client.loopback import CLOSE, RawServer, always, response

KEYS_TEXT = (API_KEY, APP_KEY)
KEYS = (API_KEY.encode(), APP_KEY.encode())
KEY_NAMES = errors.KEY_HEADERS
text = st.text(max_size=40)
status = st.integers(100, 599)
headers = st.dictionaries(st.text("abcdefgh-", min_size=1, max_size=10), st.text(max_size=10), max_size=3)


def _answered(code: int, content: bytes, headers: dict[str, str]) -> httpx.Response:
    """A response as the client hands it to an error: read, its request still carrying the keys."""
    keys = dict(zip(KEY_NAMES, KEYS_TEXT, strict=True))
    request = httpx.Request("GET", "https://api.datadoghq.com/api/v2/hamr", headers=keys)
    return httpx.Response(code, content=content, headers=headers, request=request)


ascii_headers = st.dictionaries(
    st.text("abcdefgh-", min_size=1, max_size=10), st.text("xyz 0189", max_size=10), max_size=3
)
responses = st.builds(_answered, status, st.binary(max_size=300), ascii_headers)
bodies = st.one_of(
    st.none(),
    st.builds(lambda detail: JSONAPIErrorResponse.from_dict({"errors": [{"detail": detail}]}), text),
    st.builds(lambda items: APIErrorResponse.from_dict({"errors": items}), st.lists(text, max_size=3)),
)
ERRORS = st.one_of(
    st.builds(errors.UnexpectedStatus, responses, operation=text),
    st.builds(errors.status_error, responses, bodies, operation=text, description=text, advice=text),
    st.builds(
        errors.InvalidResponse,
        operation=text,
        status_code=status,
        content=st.binary(max_size=300),
        path=text,
        reason=text,
        headers=headers,
    ),
    st.builds(errors.SchemaViolation, st.lists(st.one_of(text, st.integers()), max_size=4).map(tuple), text),
    st.builds(errors.APIConnectionError, text, method=text, url=text, attempts=st.integers(1, 9)),
    st.builds(errors.APITimeoutError, text, method=text, url=text, attempts=st.integers(1, 9)),
    st.builds(errors.ConfigurationError, text),
    st.builds(errors.ClientClosedError, text),
)


@given(ERRORS)
def test_every_error_pickles_to_an_equal_error(error: errors.HamrClientError) -> None:
    blob = pickle.dumps(error)
    assert_keyless(blob)
    copy = pickle.loads(blob)  # noqa: S301 -- our own bytes
    assert copy == error
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert hash(copy) == hash(error)


def _raised(call: Call, client: Any) -> BaseException:
    try:
        call(client)
    except errors.HamrClientError as exc:
        return exc
    raise AssertionError("the call did not fail")


def assert_keyless(blob: bytes | str) -> None:
    data = blob.encode() if isinstance(blob, str) else blob
    for key in KEYS:
        assert key not in data


@pytest.mark.parametrize("call", GETS)
def test_a_transport_error_carries_no_key_anywhere(call: Call) -> None:
    with RawServer(always(CLOSE)) as server:
        error = _raised(call, loopback_client(server.url, max_retries=1))
    assert isinstance(error, errors.APIConnectionError)
    cause = error.__cause__
    assert isinstance(cause, httpx.TransportError)
    assert "dd-api-key" not in cause.request.headers
    assert "dd-application-key" not in cause.request.headers
    assert_keyless(pickle.dumps(error))
    assert_keyless(pickle.dumps(cause.request.headers.multi_items()))
    assert_keyless("".join(traceback.format_exception(error)))


@pytest.mark.parametrize("call", GETS)
def test_locals_of_our_frames_show_no_key(call: Call) -> None:
    """What a crash reporter (Sentry and the like) captures: repr() of each local in each frame."""
    with RawServer(always(CLOSE)) as server:
        error = _raised(call, loopback_client(server.url))
    seen = 0
    for exc in (error, error.__cause__):
        assert exc is not None
        for frame, _ in traceback.walk_tb(exc.__traceback__):
            if frame.f_globals.get("__name__", "").startswith("hamr_client"):
                seen += 1
                for name, value in frame.f_locals.items():
                    assert_keyless(f"{name}={value!r}")
    assert seen >= 2


def test_an_unpickled_status_error_keeps_status_body_and_headers() -> None:
    with RawServer(always(response(503, b"down for maintenance", {"X-RateLimit-Remaining": "0"}))) as server:
        error = _raised(lambda client: get_hamr_org_connection.sync(client=client), loopback_client(server.url))
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own bytes
    assert isinstance(copy, errors.UnexpectedStatus)
    assert (copy.status_code, copy.content, copy.headers["x-ratelimit-remaining"]) == (
        503,
        b"down for maintenance",
        "0",
    )


def test_a_client_is_not_pickled_with_its_keys(wire: Wire) -> None:
    client = wire.client()
    with pytest.raises(TypeError):
        pickle.dumps(client)


def test_the_exported_names_are_usable() -> None:
    import hamr_client  # noqa: PLC0415

    assert not hasattr(hamr_client, "Client"), "a client without keys cannot call this API"
    for name in hamr_client.__all__:
        assert getattr(hamr_client, name) is not None
    assert "hamr_client.client" in sys.modules


@pytest.mark.parametrize("bad", [{"max_retries": -1}, {"deadline": -1}, {"api_key": "key\x7fwith-a-control-char"}])
def test_a_configuration_error_leaves_no_key_in_any_frames_locals(monkeypatch: pytest.MonkeyPatch, bad: Any) -> None:
    monkeypatch.setenv("DD_API_KEY", API_KEY)
    monkeypatch.setenv("DD_APP_KEY", APP_KEY)
    with pytest.raises(errors.ConfigurationError) as raised:
        datadog_client(**bad)
    captured = traceback.TracebackException.from_exception(raised.value, capture_locals=True)
    for frame in captured.stack:
        for name, value in (frame.locals or {}).items():
            assert_keyless(f"{frame.name}.{name}={value}")
            assert "key\x7fwith" not in value, f"{frame.name}.{name} shows the refused key"
