"""``hamr wait``: poll until the status is reached (0) or the timeout passes (10), printing each change."""

from __future__ import annotations

import threading

import pytest
from hamr_client.testing import HamrFake

from tests.cli.conftest import Hamr
from tests.cli.harness import LINK, Clock, in_process


def test_an_already_reached_status_returns_at_once(hamr: Hamr) -> None:
    assert hamr("set", *LINK, "--hamr-status", "ACTIVE", "--yes").code == 0
    reached = hamr("wait", "--status", "active", "--json")
    assert reached.code == 0, reached.stderr
    assert reached.document()["data"]["attributes"]["hamr_status"] == 4


def test_a_status_never_reached_times_out_with_exit_10(hamr: Hamr) -> None:
    assert hamr("set", *LINK, "--hamr-status", "FAILOVER", "--yes").code == 0
    waited = hamr("wait", "--status", "ACTIVE", "--timeout", "0.3", "--interval", "0.1")
    assert waited.code == 10
    assert "FAILOVER (3)" in waited.stderr
    assert waited.stdout.splitlines()[0].endswith("hamr_status: FAILOVER (3)")


class Mover(Clock):
    """A clock whose every sleep lets another operator set the next status."""

    def __init__(self, fake: HamrFake, statuses: list[str]) -> None:
        super().__init__()
        self.fake = fake
        self.statuses = iter(statuses)

    def sleep(self, seconds: float) -> None:
        super().sleep(seconds)
        assert in_process(self.fake, "set", "--hamr-status", next(self.statuses), "--yes").code == 0


def test_each_change_is_printed_until_the_status_is_reached(hamr_fake: HamrFake) -> None:
    assert in_process(hamr_fake, "set", *LINK, "--hamr-status", "PASSIVE", "--yes").code == 0
    clock = Mover(hamr_fake, ["PASSIVE", "FAILOVER", "FAILOVER", "ACTIVE"])
    waited = in_process(hamr_fake, "wait", "--status", "ACTIVE", "--interval", "2.5", clock=clock)
    assert waited.code == 0, waited.stderr
    changes = [line.split("hamr_status: ", 1)[1] for line in waited.stdout.splitlines()]
    assert changes == ["PASSIVE (2)", "PASSIVE (2) → FAILOVER (3)", "FAILOVER (3) → ACTIVE (4)"]
    assert clock.sleeps == [2.5] * 4
    assert [float(line.split()[0]) for line in waited.stdout.splitlines()] == [0, 5, 10]  # seconds since the start


def test_the_last_sleep_is_cut_to_the_timeout(hamr_fake: HamrFake) -> None:
    assert in_process(hamr_fake, "set", *LINK, "--hamr-status", "PASSIVE", "--yes").code == 0
    clock = Clock()
    waited = in_process(hamr_fake, "wait", "--status", "4", "--timeout", "25", "--interval", "10", clock=clock)
    assert waited.code == 10
    assert clock.sleeps == [10, 10, 5]
    assert hamr_fake.requests == 2 + 4  # the link's read and write, then a poll at 0, 10, 20 and 25 s


def test_a_rate_limit_is_waited_out_not_fatal(hamr_fake: HamrFake) -> None:
    assert in_process(hamr_fake, "set", *LINK, "--hamr-status", "ACTIVE", "--yes").code == 0
    hamr_fake.fail_next(429, headers={"X-RateLimit-Reset": "30"}, times=2)  # more than --max-retries 0 takes
    clock = Clock()
    waited = in_process(hamr_fake, "wait", "--status", "ACTIVE", "--interval", "1", "--max-retries", "0", clock=clock)
    assert waited.code == 0, waited.stderr
    assert clock.sleeps == [30, 30]  # the reset it asked for, not the interval


def test_a_terminal_gets_a_one_line_progress_display(hamr_fake: HamrFake) -> None:
    assert in_process(hamr_fake, "set", *LINK, "--hamr-status", "FAILOVER", "--yes").code == 0
    waited = in_process(hamr_fake, "wait", "--status", "ACTIVE", "--timeout", "30", progress=True)
    assert waited.code == 10
    assert "\r\x1b[Kwaiting for ACTIVE (4): FAILOVER (3)" in waited.stderr
    assert "\n" not in waited.stderr.split("hamr: error:")[0]  # one line, redrawn


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf"])
def test_timeout_and_interval_are_seconds_above_0(hamr_fake: HamrFake, value: str) -> None:
    for option in ("--timeout", "--interval"):
        refused = in_process(hamr_fake, "wait", "--status", "ACTIVE", option, value)
        assert refused.code == 2
        assert option in refused.stderr
    assert hamr_fake.requests == 0


def test_a_wait_in_real_time_sees_another_process_move_the_status(processes: Hamr) -> None:
    hamr = processes
    assert hamr("set", *LINK, "--hamr-status", "FAILOVER", "--yes").code == 0
    mover = threading.Timer(0.5, lambda: hamr("set", "--hamr-status", "ACTIVE", "--yes"))
    mover.start()
    try:
        waited = hamr("wait", "--status", "ACTIVE", "--interval", "0.1", "--timeout", "30")
    finally:
        mover.join()
    assert waited.code == 0, waited.stderr
    assert waited.stdout.splitlines()[-1].endswith("FAILOVER (3) → ACTIVE (4)")
