"""A server that echoes a credential (a key, the OAuth token) back gets it into nothing the client raises, warns, logs
or pickles.

Properties against a raw loopback server (:mod:`tests.client.echo` draws the answer: where the key
goes, its encoding, what surrounds it), strict and lenient, sync and async, GET and POST: every
text of the error (message, args, repr, attributes, the response it keeps, its pickle, its cause
chain as a traceback prints it), of each ``SpecDriftWarning`` and of each record on the
``hamr_client`` logger, and of httpx's and httpcore's under it at DEBUG, holds no form of any credential the
client has: its keys, its token, or both.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import traceback
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from hamr_client import AuthenticatedClient, HamrClientError, RetryPolicy, datadog_client
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.client import TRANSPORT_LOGGERS
from hamr_client.errors import BODY_EXCERPT_LIMIT, APIStatusError, InvalidResponse, SpecDriftWarning
from hamr_client.models import HamrOrgConnectionRequest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.client.conftest import request_example
from tests.client.echo import Answer, answers, api_keys, app_keys, leaks, tokens
from tests.client.loopback import Exchange, RawServer, Script

# Bounded: each example is one loopback exchange of a few milliseconds, never retried.
EXAMPLES = 150


class Echoing:
    """A loopback server whose next answer a test sets."""

    def __init__(self) -> None:
        self.answer = b""
        self.server = RawServer(self.handler, max_connections=10_000)

    def handler(self, exchange: Exchange) -> Script:
        return [self.answer]


@pytest.fixture(scope="module")
def echoing() -> Iterator[Echoing]:
    echo = Echoing()
    with echo.server:
        yield echo


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def recording() -> Iterator[_Records]:
    """Every record of the client's logger and of the transport's under it (httpx, httpcore), at DEBUG."""
    handler = _Records()
    loggers = [logging.getLogger(name) for name in ("hamr_client", *TRANSPORT_LOGGERS)]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def client(url: str, api: str, app: str, strict: bool, token: str = "") -> AuthenticatedClient:
    """A client of the keys, the token (``api``/``app`` blank) or both; never slow, never retrying."""
    return datadog_client(
        base_url=url,
        api_key=api,
        app_key=app,
        bearer_token=token,
        strict=strict,
        timeout=3,
        deadline=5,
        retry=RetryPolicy(0),
    )


#: What a client authenticates with: the key pair, the OAuth token, or both (sent together, as Datadog's clients do).
CONFIGURED = {"keys": ("api", "app"), "token": ("token",), "both": ("api", "app", "token")}


def call(http: AuthenticatedClient, operation: str, asynchronous: bool) -> Any:
    if operation == "write":
        body = HamrOrgConnectionRequest.from_dict(request_example())
        if asynchronous:
            return asyncio.run(create_hamr_org_connection.asyncio(client=http, body=body))
        return create_hamr_org_connection.sync(client=http, body=body)
    if asynchronous:
        return asyncio.run(get_hamr_org_connection.asyncio(client=http))
    return get_hamr_org_connection.sync(client=http)


def error_texts(error: BaseException) -> Iterator[str | bytes]:
    """Everything a caller, a log, a crash reporter or a process pool gets of ``error``."""
    yield str(error)
    yield repr(error)
    yield repr(error.args)
    yield "".join(traceback.format_exception(error))  # the cause chain too, as logging.exception prints it
    yield pickle.dumps(error)
    for name, value in vars(error).items():
        yield f"{name}={value!r}"
    if isinstance(error, APIStatusError):
        response = error.response
        yield response.content
        yield repr(response.headers.raw)
        yield response.reason_phrase
        yield str(response.request.url)
        yield repr(response.request.headers.raw)
        yield repr(getattr(error.body, "to_dict", lambda: error.body)())
    if isinstance(error, InvalidResponse | APIStatusError):
        yield error.content
        yield repr(error.headers)
    cause = error.__cause__ or error.__context__
    if cause is not None:
        yield repr(cause.args)


def outputs(http: AuthenticatedClient, operation: str, asynchronous: bool) -> Iterator[str | bytes]:
    """What one call produces for a person or a log: its error, its warnings, its log records."""
    with recording() as log, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            call(http, operation, asynchronous)
        except HamrClientError as error:
            yield from error_texts(error)
    for warning in caught:
        yield str(warning.message)
        if isinstance(warning.message, SpecDriftWarning):
            yield repr(vars(warning.message))
            yield pickle.dumps(warning.message)
    for record in log.records:
        yield record.getMessage()
        yield repr(record.args)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.data(),
    api=api_keys,
    app=app_keys,
    token=tokens,
    configured=st.sampled_from(sorted(CONFIGURED)),
    strict=st.booleans(),
    operation=st.sampled_from(["read", "write"]),
    asynchronous=st.booleans(),
)
def test_no_echoed_credential_reaches_an_error_a_warning_or_a_log(
    echoing: Echoing,
    data: st.DataObject,
    api: str,
    app: str,
    token: str,
    configured: str,
    strict: bool,
    operation: str,
    asynchronous: bool,
) -> None:
    given = {
        name: value
        for name, value in {"api": api, "app": app, "token": token}.items()
        if name in CONFIGURED[configured]
    }
    secret = data.draw(st.sampled_from(sorted(given.values())), label="echoed")
    answer: Answer = data.draw(answers(secret), label="answer")
    echoing.answer = answer.raw
    with client(echoing.server.url, given.get("api", ""), given.get("app", ""), strict, given.get("token", "")) as http:
        for text in outputs(http, operation, asynchronous):
            assert not leaks(text, tuple(given.values())), f"{answer.place} / {answer.encoding}: {text!r}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.data(),
    keys=st.lists(
        st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=20, max_size=40), min_size=3, max_size=3
    ),
)
def test_credentials_of_any_printable_characters_are_redacted_too(
    echoing: Echoing, data: st.DataObject, keys: list[str]
) -> None:
    """Keys and a token with quotes, backslashes and percent signs (a hostile environment's): an echo is redacted
    all the same."""
    api, app, token = keys
    key = data.draw(st.sampled_from(keys), label="echoed")
    answer: Answer = data.draw(answers(key), label="answer")
    echoing.answer = answer.raw
    strict = data.draw(st.booleans())
    with client(echoing.server.url, api, app, strict, token) as http:
        for text in outputs(http, "read", asynchronous=False):
            folded = (text.decode("latin-1") if isinstance(text, bytes) else text).casefold()
            for secret in keys:
                assert secret.casefold() not in folded, f"{answer.place} / {answer.encoding}: {text!r}"


def test_an_error_keeps_the_answer_as_received_but_the_keys(echoing: Echoing) -> None:
    """What the error keeps: body, headers and reason as sent, each key in them as <redacted>, nothing else changed."""
    api, app = "0123456789abcdef" * 2, "fedcba9876543210" * 2 + "01234567"
    body = b'{"said": "' + api.encode() + b'", "kept": "everything else"}     '
    echoing.answer = (
        b"HTTP/1.1 418 teapot "
        + api.encode()
        + b"\r\nContent-Length: %d\r\nConnection: close\r\nX-Echo: " % len(body)
        + app.upper().encode()
        + b"\r\n\r\n"
        + body
    )
    with client(echoing.server.url, api, app, strict=True) as http, pytest.raises(APIStatusError) as raised:
        get_hamr_org_connection.sync(client=http)
    error = raised.value
    assert error.content == b'{"said": "<redacted>", "kept": "everything else"}     '
    assert error.headers["x-echo"] == "<redacted>"
    assert error.response.content == error.content
    assert error.response.reason_phrase == "teapot <redacted>"
    assert pickle.loads(pickle.dumps(error)) == error  # noqa: S301 -- our own bytes
    assert "everything else" in str(error)


def test_an_error_without_an_echo_keeps_the_response_itself(echoing: Echoing) -> None:
    """Nothing to redact: ``.response`` is the response httpx read (its request keyless), as before."""
    echoing.answer = b"HTTP/1.1 418 teapot\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno"
    with client(echoing.server.url, "k" * 32, "a" * 40, strict=True) as http, pytest.raises(APIStatusError) as raised:
        get_hamr_org_connection.sync(client=http)
    assert raised.value.response.reason_phrase == "teapot"
    assert raised.value.response.extensions.get("http_version") == b"HTTP/1.1"
    assert "dd-api-key" not in raised.value.response.request.headers


def test_a_transport_error_quoting_a_header_line_is_redacted_down_its_cause_chain(echoing: Echoing) -> None:
    api, app = "0123456789abcdef" * 2, "fedcba9876543210" * 2 + "01234567"
    echoing.answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + app.encode() + b"\r\n\r\n{}"
    with client(echoing.server.url, api, app, strict=True) as http, pytest.raises(HamrClientError) as raised:
        get_hamr_org_connection.sync(client=http)
    chain = "".join(traceback.format_exception(raised.value))
    assert "illegal header line" in chain  # h11's words are kept...
    assert app not in chain  # ...not the key they quote
    assert isinstance(raised.value.__cause__, httpx.RemoteProtocolError)


def test_a_huge_hostile_body_is_redacted_within_bounds(echoing: Echoing) -> None:
    """8 MiB of escapes with a key at the end: the error is made in bounded time and memory and keeps 64 KiB."""
    api, app = "0123456789abcdef" * 2, "fedcba9876543210" * 2 + "01234567"
    body = b"%\\u&#" * (2 * 1024 * 1024) + api.encode()
    echoing.answer = b"HTTP/1.1 418 teapot\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body
    with client(echoing.server.url, api, app, strict=True) as http, pytest.raises(APIStatusError) as raised:
        get_hamr_org_connection.sync(client=http)
    error = raised.value
    assert len(error.content) <= BODY_EXCERPT_LIMIT
    assert len(error.response.content) <= BODY_EXCERPT_LIMIT
    for text in error_texts(error):
        assert not leaks(text, (api, app))
