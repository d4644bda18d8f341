"""The shipped fake behind the generated client, the way docs/testing.md tells users to use it."""

from __future__ import annotations

import asyncio
from typing import Any

from hamr_client import models
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.testing import HamrFake
from hypothesis import given, settings

from contract_tests.conftest import Cases
from contract_tests.strategies import request_bodies


def _write_then_read_sync(fake: HamrFake, body: dict[str, Any]) -> tuple[Any, Any, Any]:
    with fake.client(max_retries=0) as client:
        before = get_hamr_org_connection.sync(client=client)
        written = create_hamr_org_connection.sync(client=client, body=models.HamrOrgConnectionRequest.from_dict(body))
        return before, written, get_hamr_org_connection.sync(client=client)


async def _write_then_read_async(fake: HamrFake, body: dict[str, Any]) -> tuple[Any, Any, Any]:
    async with fake.client(max_retries=0) as client:
        before = await get_hamr_org_connection.asyncio(client=client)
        written = await create_hamr_org_connection.asyncio(
            client=client, body=models.HamrOrgConnectionRequest.from_dict(body)
        )
        return before, written, await get_hamr_org_connection.asyncio(client=client)


def test_client_reads_its_writes_through_the_fake(cases: Cases) -> None:
    # Three requests per flavour per example (and an event loop): a third of the profile's examples.
    @settings(max_examples=max(10, settings().max_examples // 3))
    @given(body=request_bodies("CreateHamrOrgConnection"))
    def check(body: dict[str, Any]) -> None:
        cases.tried()
        for flavour, fake in (("sync", HamrFake()), ("async", HamrFake())):
            if flavour == "sync":
                before, written, read = _write_then_read_sync(fake, body)
            else:
                before, written, read = asyncio.run(_write_then_read_async(fake, body))
            assert isinstance(before, models.JSONAPIErrorResponse), f"{flavour}: GET before any POST is not a 404"
            assert isinstance(written, models.HamrOrgConnectionResponse), f"{flavour}: POST gave {written!r}"
            assert isinstance(read, models.HamrOrgConnectionResponse), f"{flavour}: GET after POST gave {read!r}"
            assert read.to_dict() == written.to_dict(), f"{flavour}: GET does not return what POST stored"
            assert read.to_dict() == fake.connection, f"{flavour}: .connection is not what GET answers"
            assert fake.writes == [body], f"{flavour}: .writes is not the one body sent"
            sent = body["data"]["attributes"]
            got = read.to_dict()["data"]["attributes"]
            assert {key: got[key] for key in sent if key != "modified_at"} == {
                key: value for key, value in sent.items() if key != "modified_at"
            }, f"{flavour}: the stored attributes differ from the ones sent"

    check()


def test_fake_refuses_unknown_keys_with_a_documented_403() -> None:
    fake = HamrFake(api_key="the-right-api-key", app_key="the-right-app-key")
    with fake.client(api_key="someone-elses-api-key", app_key="the-right-app-key") as client:
        response = get_hamr_org_connection.sync_detailed(client=client)
    assert response.status_code == 403
    assert isinstance(response.parsed, models.JSONAPIErrorResponse)
    with fake.client() as client:  # the fake's own keys by default
        assert get_hamr_org_connection.sync_detailed(client=client).status_code == 404
