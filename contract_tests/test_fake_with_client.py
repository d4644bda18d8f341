"""The fake behind the generated client, the way docs/contract.md tells users to use it in their own tests."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from hamr_client import AuthenticatedClient, datadog_client, models
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hypothesis import given, settings

from contract_tests.conftest import Cases
from contract_tests.fake_server import FAKE_KEYS, fake_hamr_app
from contract_tests.strategies import request_bodies


def fake_client(keys: tuple[str, str] = FAKE_KEYS) -> AuthenticatedClient:
    """A client on a fresh fake: ASGI in-process, no socket (httpx's ASGITransport is async-only)."""
    return datadog_client(
        base_url="http://127.0.0.1",
        api_key=keys[0],
        app_key=keys[1],
        max_retries=0,
        async_transport=httpx.ASGITransport(app=fake_hamr_app()),
    )


async def _write_then_read(body: dict[str, Any]) -> tuple[Any, Any, Any]:
    client = fake_client()
    before = await get_hamr_org_connection.asyncio(client=client)
    written = await create_hamr_org_connection.asyncio(
        client=client, body=models.HamrOrgConnectionRequest.from_dict(body)
    )
    read = await get_hamr_org_connection.asyncio(client=client)
    await client.aclose()
    return before, written, read


def test_client_reads_its_writes_through_the_fake(cases: Cases) -> None:
    # Three requests and an event loop per example: a third of the profile's examples.
    @settings(max_examples=max(10, settings().max_examples // 3))
    @given(body=request_bodies("CreateHamrOrgConnection"))
    def check(body: dict[str, Any]) -> None:
        cases.tried()
        before, written, read = asyncio.run(_write_then_read(body))
        assert isinstance(before, models.JSONAPIErrorResponse), "GET before any POST is not the documented 404"
        assert isinstance(written, models.HamrOrgConnectionResponse), f"POST of a valid body gave {written!r}"
        assert isinstance(read, models.HamrOrgConnectionResponse), f"GET after POST gave {read!r}"
        assert read.to_dict() == written.to_dict(), "GET does not return what POST stored"
        sent = body["data"]["attributes"]
        got = read.to_dict()["data"]["attributes"]
        assert {key: got[key] for key in sent if key != "modified_at"} == {
            key: value for key, value in sent.items() if key != "modified_at"
        }, "the stored attributes differ from the ones sent"

    check()


def test_fake_refuses_unknown_keys_with_a_documented_403() -> None:
    async def attempt() -> Any:
        client = fake_client(("someone-elses-api-key", "someone-elses-app-key"))
        response = await get_hamr_org_connection.asyncio_detailed(client=client)
        await client.aclose()
        return response

    response = asyncio.run(attempt())
    assert response.status_code == 403
    assert isinstance(response.parsed, models.JSONAPIErrorResponse)
