"""The API and application keys appear in no repr, no error message and no log record."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from hamr_client import PermissionDeniedError, UnexpectedStatus
from hamr_client.api.high_availability_multi_region import get_hamr_org_connection

from tests.client.conftest import API_KEY, APP_KEY, PATH, Wire, json_response
from tests.client.transports import ASYNC_TRANSPORTS, AsyncTransport

KEYS = (API_KEY, APP_KEY)


def assert_no_key(text: str) -> None:
    for key in KEYS:
        assert key not in text
        assert key[-12:] not in text  # not even a tail of it


def test_client_repr_and_str_hide_the_keys(wire: Wire) -> None:
    client = wire.client()
    assert_no_key(repr(client))
    assert_no_key(str(client))
    client.get_httpx_client()  # built clients are part of the object now
    assert_no_key(repr(client))
    assert_no_key(repr(client.get_httpx_client().auth))
    assert_no_key(repr(client.get_httpx_client().headers))


def test_errors_and_logs_never_carry_the_keys(wire: Wire, caplog: pytest.LogCaptureFixture) -> None:
    wire.router.get(PATH).mock(
        side_effect=[httpx.Response(503, text="unavailable"), httpx.ConnectError("refused"), httpx.Response(502)]
    )
    caplog.set_level(logging.DEBUG)
    client = wire.client(max_retries=2)
    with pytest.raises(UnexpectedStatus) as raised:
        get_hamr_org_connection.sync(client=client)
    assert raised.value.status_code == 502
    assert_no_key(str(raised.value))
    assert_no_key(repr(raised.value))
    assert caplog.records, "the retries are logged"
    for record in caplog.records:
        assert_no_key(record.getMessage())
        assert_no_key(repr(record.args))


@pytest.mark.parametrize("async_transport", ASYNC_TRANSPORTS)
def test_async_logs_never_carry_the_keys(
    wire: Wire, caplog: pytest.LogCaptureFixture, async_transport: AsyncTransport
) -> None:
    wire.router.get(PATH).mock(
        side_effect=[httpx.Response(429, json={"errors": ["x"]}), json_response(403, {"errors": []})]
    )
    caplog.set_level(logging.DEBUG)
    with pytest.raises(PermissionDeniedError) as raised:
        asyncio.run(get_hamr_org_connection.asyncio(client=wire.client()))
    assert_no_key(str(raised.value))
    for record in caplog.records:
        assert_no_key(record.getMessage())
