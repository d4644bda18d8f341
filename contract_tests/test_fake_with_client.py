"""The shipped fake behind the generated client, the way docs/testing.md tells users to use it.

Driven by the spec's links: where a response of one operation links to another (POST 200 ->
GetHamrOrgConnection: read-your-writes) and the fake models both, what the first wrote is what the
second reads, sync and async; before any write the second has nothing to read (not a 2xx).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hamr_client.testing import HamrFake
from hypothesis import given, settings

from contract_tests import spec as spec_module
from contract_tests.conftest import Cases
from contract_tests.strategies import requests
from contract_tests.wire import Arguments, keyword_arguments, module_for, to_json

SPEC = spec_module.load()
LINKS = sorted(
    (operation, link["operationId"])
    for operation in SPEC.operations
    for status in SPEC.operations[operation].statuses
    if 200 <= status < 300
    for link in (SPEC.response(operation, status) or ({}, ""))[0].get("links", {}).values()
    if {operation, link.get("operationId")} <= HamrFake.OPERATIONS
)


# The body each reading operation answers with on success: what the written values are found in.
READ_SCHEMAS = {
    read: SPEC.schema_at(
        SPEC.response_schema_pointer(read, next(s for s in SPEC.body_statuses(read) if 200 <= s < 300))
    )
    for _, read in LINKS
}


def _sync(fake: HamrFake, write: str, read: str, arguments: Arguments) -> tuple[Any, Any, Any]:
    with fake.client(max_retries=0) as client:
        before = module_for(read).sync_detailed(client=client)
        written = module_for(write).sync_detailed(client=client, **keyword_arguments(write, arguments))
        return before, written, module_for(read).sync_detailed(client=client)


async def _async(fake: HamrFake, write: str, read: str, arguments: Arguments) -> tuple[Any, Any, Any]:
    async with fake.client(max_retries=0) as client:
        before = await module_for(read).asyncio_detailed(client=client)
        written = await module_for(write).asyncio_detailed(client=client, **keyword_arguments(write, arguments))
        return before, written, await module_for(read).asyncio_detailed(client=client)


def _kept(schema: Any, read: Any, written: Any) -> list[str]:
    """Where a written value the read schema declares is not read back as written (JSON pointers)."""
    schema = SPEC.follow(schema)
    if not isinstance(written, dict) or "properties" not in schema:
        return [] if read == written else [f"{written!r} read back as {read!r}"]
    if not isinstance(read, dict):
        return [f"an object read back as {read!r}"]
    return [
        f"/{key}{problem if problem.startswith('/') else ': ' + problem}"
        for key, child in schema["properties"].items()
        if key in written
        for problem in (["missing"] if key not in read else _kept(child, read[key], written[key]))
    ]


def test_the_spec_links_operations_the_fake_models() -> None:
    assert LINKS, "no link between two operations the fake models: the read-your-writes property has nothing to run"


@pytest.mark.parametrize(("write", "read"), LINKS, ids=[f"{w}->{r}" for w, r in LINKS])
def test_client_reads_its_writes_through_the_fake(write: str, read: str, cases: Cases) -> None:
    # Three requests per flavour per example (and an event loop): a third of the profile's examples.
    @settings(max_examples=max(10, settings().max_examples // 3))
    @given(arguments=requests(write))
    def check(arguments: Arguments) -> None:
        cases.tried()
        for flavour, fake in (("sync", HamrFake()), ("async", HamrFake())):
            if flavour == "sync":
                before, written, after = _sync(fake, write, read, arguments)
            else:
                before, written, after = asyncio.run(_async(fake, write, read, arguments))
            assert not 200 <= before.status_code < 300, (
                f"{flavour}: {read} answered {before.status_code} before {write}"
            )
            assert 200 <= written.status_code < 300, f"{flavour}: {write} answered {written.status_code}"
            assert 200 <= after.status_code < 300, f"{flavour}: {read} after {write} answered {after.status_code}"
            assert to_json(after.parsed) == to_json(written.parsed), (
                f"{flavour}: {read} does not read what {write} wrote"
            )
            assert to_json(after.parsed) == fake.connection, f"{flavour}: .connection is not what {read} answers"
            assert fake.writes == [arguments.body], f"{flavour}: .writes is not the one body sent"
            lost = _kept(READ_SCHEMAS[read], to_json(after.parsed), arguments.body)
            assert not lost, f"{flavour}: {read} does not read back what {write} wrote: {lost}"

    check()
