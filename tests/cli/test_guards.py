"""What keeps ``hamr set`` from writing: ``--expect-status``, ``--dry-run``, the confirmation (exit 9)."""

from __future__ import annotations

from hamr_client.testing import HamrFake

from tests.cli.conftest import Hamr
from tests.cli.harness import LINK, in_process


def _linked(fake: HamrFake) -> int:
    assert in_process(fake, "set", *LINK, "--hamr-status", "PASSIVE", "--yes").code == 0
    return len(fake.writes)


def test_expect_status_refuses_when_the_status_moved(injectable: Hamr) -> None:
    assert injectable.fake is not None
    writes = _linked(injectable.fake)
    refused = injectable("set", "--hamr-status", "FAILOVER", "--expect-status", "ACTIVE", "--yes")
    assert refused.code == 9
    assert "PASSIVE (2)" in refused.stderr
    assert "ACTIVE (4)" in refused.stderr
    assert len(injectable.fake.writes) == writes


def test_expect_status_writes_when_the_status_is_the_expected_one(hamr: Hamr) -> None:
    assert hamr("set", *LINK, "--hamr-status", "PASSIVE", "--yes").code == 0
    moved = hamr("set", "--hamr-status", "FAILOVER", "--expect-status", "passive", "--yes", "--json")
    assert moved.code == 0, moved.stderr
    assert moved.document()["data"]["attributes"]["hamr_status"] == 3


def test_expect_status_without_a_connection_is_not_met(injectable: Hamr) -> None:
    refused = injectable("set", *LINK, "--expect-status", "PASSIVE", "--yes")
    assert refused.code == 9
    assert injectable.fake is not None
    assert injectable.fake.writes == []


def test_dry_run_shows_the_change_and_writes_nothing(injectable: Hamr) -> None:
    assert injectable.fake is not None
    writes = _linked(injectable.fake)
    dry = injectable("set", "--hamr-status", "FAILOVER", "--dry-run")
    assert dry.code == 0, dry.stderr
    assert "PASSIVE (2) → FAILOVER (3)" in dry.stdout
    assert "nothing written" in dry.stdout
    as_json = injectable("set", "--hamr-status", "FAILOVER", "--dry-run", "--json")
    assert as_json.code == 0
    assert as_json.document()["data"]["attributes"]["hamr_status"] == 3  # the request it would send
    assert "modified_at" not in as_json.document()["data"]["attributes"]
    assert len(injectable.fake.writes) == writes


def test_without_a_terminal_it_refuses_to_write_without_yes(hamr: Hamr) -> None:
    refused = hamr("set", *LINK)
    assert refused.code == 9
    assert "--yes" in refused.stderr
    assert hamr("get").code == 3  # nothing was written


def test_on_a_terminal_it_asks_and_writes_on_yes(hamr_fake: HamrFake) -> None:
    asked = in_process(hamr_fake, "set", *LINK, confirmable=True, stdin="y\n")
    assert asked.code == 0, asked.stderr
    assert "[y/N]" in asked.stderr
    assert len(hamr_fake.writes) == 1


def test_on_a_terminal_anything_but_yes_writes_nothing(hamr_fake: HamrFake) -> None:
    for answer in ("n\n", "\n", "", "yess\n"):
        refused = in_process(hamr_fake, "set", *LINK, confirmable=True, stdin=answer)
        assert refused.code == 9, answer
        assert "not confirmed" in refused.stderr
    assert hamr_fake.writes == []
