"""``hamr check``: the gate for automation. Exit 0 when every org named is outside the statuses checked (by
default the spec's ``x-cli-check``: those Datadog's sync tool refuses to sync in), 15 when one is inside, 14 when
one cannot be read; a line per org, or one JSON document."""

from __future__ import annotations

from enum import Enum

import pytest
from hamr_client.cli.exits import Exit
from hamr_client.cli.fields import by_role, leaves
from hamr_client.cli.operations import discover
from hamr_client.testing import HamrFake

from tests.cli.harness import in_process
from tests.cli.orgs import ROLES, Orgs, document

STATUS = ROLES["status"]
assert STATUS.enum is not None
MEMBERS = list(STATUS.enum)
# What Datadog's datadog-sync-cli refuses to sync in (--verify-ddr-status): the spec says it, the test restates it.
SYNC_TOOL_REFUSES = {"FAILOVER", "ACTIVE"}


def test_the_default_statuses_are_the_sync_tools() -> None:
    status = by_role(leaves(discover().request), "status")
    assert status is not None
    assert set(status.check) == SYNC_TOOL_REFUSES


@pytest.mark.parametrize("member", MEMBERS, ids=[member.name for member in MEMBERS])
def test_every_status_by_default(hamr_fake: HamrFake, member: Enum) -> None:
    hamr_fake.fail_next(200, body=document({"status": member.value}))
    checked = in_process(hamr_fake, "check")
    inside = member.name in SYNC_TOOL_REFUSES
    assert checked.code == (Exit.IN_STATUS if inside else Exit.OK), checked.stderr
    (line,) = checked.stdout.splitlines()
    assert line.startswith(f"DD_*: {member.name} ({member.value}): {'in' if inside else 'outside'} ")


@pytest.mark.parametrize("member", MEMBERS, ids=[member.name for member in MEMBERS])
def test_every_status_against_statuses_given(hamr_fake: HamrFake, member: Enum) -> None:
    hamr_fake.fail_next(200, body=document({"status": member.value}), times=2)
    given = in_process(hamr_fake, "check", "--status", "recovery", "--status", "0")
    inside = member.name in ("RECOVERY", "UNSPECIFIED")
    assert given.code == (Exit.IN_STATUS if inside else Exit.OK)
    as_json = in_process(hamr_fake, "--json", "check", "--status", "RECOVERY", "--status", "0")
    found = as_json.document()
    assert found["statuses"] == [5, 0]
    assert found["orgs"] == [{"org": "DD_*", STATUS.key: member.value, "inside": inside, "error": None}]


def test_two_orgs_a_line_each_and_one_inside_fails_the_gate() -> None:
    orgs = Orgs()
    orgs.fakes["PRIMARY"].fail_next(200, body=document({"status": 4}))
    orgs.fakes["DDR"].fail_next(200, body=document({"status": 2}))
    checked = orgs("check", "--org", "PRIMARY", "--org", "DDR")
    assert checked.code == Exit.IN_STATUS
    assert [line.split(":")[0] for line in checked.stdout.splitlines()] == ["PRIMARY", "DDR"]
    assert checked.stderr.startswith("hamr: error: PRIMARY in ")


def test_an_unread_org_is_exit_14_unless_another_is_inside() -> None:
    orgs = Orgs()
    orgs.fakes["PRIMARY"].fail_next(200, body=document({"status": 2}))
    orgs.fakes["DDR"].fail_next(403, times=5)
    checked = orgs("--max-retries", "0", "check", "--org", "PRIMARY", "--org", "DDR")
    assert checked.code == Exit.UNREAD
    assert checked.stdout.splitlines()[1].startswith("DDR: could not be read: ")
    orgs.fakes["PRIMARY"].fail_next(200, body=document({"status": 3}))
    orgs.fakes["DDR"].fail_next(403, times=5)
    assert orgs("--max-retries", "0", "check", "--org", "PRIMARY", "--org", "DDR").code == Exit.IN_STATUS


def test_no_connection_is_outside(hamr_fake: HamrFake) -> None:
    checked = in_process(hamr_fake, "check")
    assert checked.code == 0
    assert checked.stdout == "DD_*: no connection is configured: outside\n"


def test_a_status_the_spec_does_not_have_is_a_usage_error(hamr_fake: HamrFake) -> None:
    refused = in_process(hamr_fake, "check", "--status", "ACTIV")
    assert refused.code == Exit.USAGE
    assert refused.stderr.startswith("usage: hamr check ")
    assert hamr_fake.requests == 0
