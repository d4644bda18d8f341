"""``hamr wait`` in an outage: no answer, timeouts and 5xx are ridden out until ``--timeout``, each kind said once on
stderr; the timeout while the API still does not answer is exit 12, not the 10 of a status that did not come."""

from __future__ import annotations

import socket
import threading

import pytest
from hamr_client.cli.exits import Exit
from hamr_client.testing import HamrFake, serve
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.harness import API_KEY, APP_KEY, LINK, PROCESS_SECONDS, Clock, in_process, started

IDLE = 0.05


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_wait_rides_out_a_fake_gone_for_longer_than_the_retries_and_sees_it_come_back() -> None:
    fake = HamrFake(api_key=API_KEY, app_key=APP_KEY)
    assert in_process(fake, "set", *LINK, "--hamr-status", "FAILOVER", "--yes").code == 0
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    argv = ["-v", "--base-url", url, "--max-retries", "1", "wait", "--status", "ACTIVE", "--interval", str(4 * IDLE)]
    with started(*argv, "--timeout", str(PROCESS_SECONDS), text=True) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        timer = threading.Timer(PROCESS_SECONDS, process.kill)  # bounded, whatever happens
        timer.start()
        try:
            # A connection silent between two polls is closed: hamr's keep-alive one does not outlive the server.
            with serve(fake, port=port, idle_timeout=IDLE):
                assert process.stdout.readline().endswith("hamr_status: FAILOVER (3)\n")
            # Gone: polls fail, each after its retry, until the third failed poll is logged.
            said: list[str] = []
            while sum("no answer at" in line for line in said) < 3:
                line = process.stderr.readline()
                assert line, "".join(said)
                said.append(line)
            assert in_process(fake, "set", "--hamr-status", "ACTIVE", "--yes").code == 0
            with serve(fake, port=port, idle_timeout=IDLE):  # back, on the same port, with the status moved meanwhile
                out, rest = process.communicate(timeout=PROCESS_SECONDS)
        finally:
            timer.cancel()
    stderr = "".join(said) + rest
    assert process.returncode == 0, stderr
    assert out.endswith("FAILOVER (3) → ACTIVE (4)\n")
    riding = [line for line in stderr.splitlines() if "riding out" in line]
    assert len(riding) == 1, stderr  # three polls met no answer: said once
    assert "riding out no answer" in riding[0]
    assert sum("the API answers again" in line for line in stderr.splitlines()) == 1


@settings(max_examples=20, deadline=None)
@given(
    troubles=st.lists(st.sampled_from([500, 502, 503, 504]), min_size=1, max_size=6),
    as_json=st.booleans(),
)
def test_5xx_is_ridden_out_said_once_a_status_and_a_timeout_in_it_is_exit_12(
    troubles: list[int], as_json: bool
) -> None:
    fake = HamrFake(api_key=API_KEY, app_key=APP_KEY)
    assert in_process(fake, "set", *LINK, "--hamr-status", "FAILOVER", "--yes").code == 0
    for status in troubles:
        fake.fail_next(status)
    fake.fail_next(503, times=1000)  # still failing at the timeout
    argv = ["--json"] * as_json + ["--max-retries", "0", "wait", "--status", "ACTIVE", "--interval", "1"]
    waited = in_process(fake, *argv, "--timeout", "30", clock=Clock())
    assert waited.code == Exit.WAIT_UNREACHABLE, waited.stderr
    lines = waited.stderr.splitlines()
    assert sum("riding out" in line for line in lines) == len({*troubles, 503})
    assert "timed out after 30 s" in lines[-1]
    assert "503" in lines[-1]  # the trouble at the end


def test_a_timeout_after_the_api_answered_again_is_exit_10(hamr_fake: HamrFake) -> None:
    assert in_process(hamr_fake, "set", *LINK, "--hamr-status", "FAILOVER", "--yes").code == 0
    hamr_fake.fail_next(502, times=3)
    argv = ["--max-retries", "0", "wait", "--status", "ACTIVE", "--interval", "1", "--timeout", "10"]
    waited = in_process(hamr_fake, *argv, clock=Clock())
    assert waited.code == Exit.WAIT_TIMEOUT, waited.stderr
    assert "FAILOVER (3)" in waited.stderr.splitlines()[-1]


@pytest.mark.parametrize("status", [401, 403, 404])
def test_a_refusal_is_not_ridden_out(hamr_fake: HamrFake, status: int) -> None:
    assert in_process(hamr_fake, "set", *LINK, "--hamr-status", "FAILOVER", "--yes").code == 0
    hamr_fake.fail_next(status, times=100)
    waited = in_process(hamr_fake, "wait", "--status", "ACTIVE", "--interval", "1", "--timeout", "30", clock=Clock())
    assert waited.code == {401: Exit.REFUSED, 403: Exit.REFUSED, 404: Exit.NOT_FOUND}[status]
    assert "riding out" not in waited.stderr
