"""Every message ``hamr`` says is in its own terms (its options, variables and commands, not the library's
keywords or operationIds), and said once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import hamr_client
import pytest
from hamr_client.cli.exits import Exit
from hamr_client.cli.operations import discover
from hamr_client.testing import HamrFake, serve

from tests.cli.conftest import Hamr
from tests.cli.harness import API_KEY, APP_KEY, LINK, PROCESS_SECONDS, environment, in_process, started
from tests.testing.served import serving

OPERATIONS = [discover().read.OPERATION, discover().write.OPERATION]


def test_plain_http_elsewhere_is_refused_naming_the_option_not_a_keyword(hamr_fake: HamrFake) -> None:
    refused = in_process(hamr_fake, "--base-url", "http://example.com", "get")
    assert refused.code == Exit.USAGE
    assert refused.stderr.startswith("hamr: error: --base-url: refusing plain http:// to example.com")
    assert "allow_insecure_http" not in refused.stderr
    assert hamr_fake.requests == 0


@pytest.mark.parametrize(
    ("argv", "env", "named"),
    [
        (["get"], {"DD_SITE": "datadoghq.moon"}, "DD_SITE"),
        (["--site", "datadoghq.moon", "get"], {"DD_SITE": "datadoghq.eu"}, "--site"),
    ],
)
def test_a_bad_site_is_named_where_it_came_from(
    hamr_fake: HamrFake, argv: list[str], env: dict[str, str], named: str
) -> None:
    refused = in_process(hamr_fake, *argv, env=environment(**env))
    assert refused.code == Exit.USAGE
    assert refused.stderr.startswith(f"hamr: error: unknown Datadog site 'datadoghq.moon' (from {named});")


def test_an_answer_off_the_spec_says_what_lenient_would_do_unless_lenient(hamr_fake: HamrFake) -> None:
    assert in_process(hamr_fake, "set", *LINK, "--yes").code == 0
    for lenient in ([], ["--lenient"]):
        hamr_fake.fail_next(200, body={"data": {"id": "x", "type": "hamr_org_connections", "attributes": {}}})
        off = in_process(hamr_fake, *lenient, "get")
        assert off.code == Exit.OFF_SPEC
        assert ("--lenient" in off.stderr) is not bool(lenient), off.stderr  # a missing field: lenient refuses too


def test_lenient_wait_says_a_drift_once_however_many_polls_meet_it(drifting: Hamr) -> None:
    assert drifting("set", *LINK, "--yes", "--lenient").code == Exit.NOT_APPLIED  # written, answered 6
    waited = drifting("--lenient", "wait", "--status", "ACTIVE", "--timeout", "0.5", "--interval", "0.1")
    assert waited.code == Exit.WAIT_TIMEOUT
    assert sum(line.startswith("hamr: drift: ") for line in waited.stderr.splitlines()) == 1, waited.stderr


def test_no_connection_is_said_once_naming_the_command_that_links(hamr: Hamr) -> None:
    missing = hamr("get")
    assert missing.code == Exit.NOT_FOUND
    (line,) = missing.stderr.splitlines()
    assert line.lower().count("no hamr connection is configured") == 1, line
    assert "hamr set" in line
    assert not any(operation in line for operation in OPERATIONS)


def test_the_served_fakes_429_says_rate_limited_not_bad_request(tmp_path: Path) -> None:
    with serving(tmp_path / "stderr.txt", "--rate-limit", "0") as served:
        limited = subprocess.run(
            [sys.executable, "-m", "hamr_client", "--base-url", served.url, "get", "--max-retries", "0"],
            env={"PATH": os.environ.get("PATH", ""), **environment()},
            capture_output=True,
            text=True,
            timeout=PROCESS_SECONDS,
            check=False,
        )
    assert limited.returncode == Exit.RATE_LIMITED
    assert "429" in limited.stderr
    assert "Bad Request" not in limited.stderr


@pytest.fixture
def sigint_heard() -> Iterator[None]:
    """SIGINT at its default while hamr starts. A runner started with SIGINT ignored (a job a shell without job
    control put in the background) passes that on, and hamr rightly keeps ignoring it, as every program does."""
    if signal.getsignal(signal.SIGINT) != signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)  # the child starts with SIG_DFL
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.usefixtures("sigint_heard")
def test_sigint_under_json_is_one_json_error_and_130() -> None:
    fake = HamrFake(api_key=API_KEY, app_key=APP_KEY)
    assert in_process(fake, "set", *LINK, "--hamr-status", "FAILOVER", "--yes").code == 0
    with serve(fake) as url:
        before = fake.requests
        argv = ["--json", "--base-url", url, "wait", "--status", "ACTIVE", "--interval", "0.05", "--timeout", "60"]
        with started(*argv, text=True) as process:
            deadline = time.monotonic() + PROCESS_SECONDS
            while fake.requests < before + 2 and time.monotonic() < deadline:  # polling: past its start-up
                time.sleep(0.05)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=PROCESS_SECONDS)
    assert process.returncode == Exit.INTERRUPTED
    assert out == ""
    (line,) = err.splitlines()
    assert json.loads(line) == {"error": {"type": "Interrupted", "status": None, "message": "interrupted"}}


def test_a_status_the_spec_does_not_have_gets_the_usage_line(hamr_fake: HamrFake) -> None:
    for argv in (["wait", "--status", "ACTIV"], ["set", "--hamr-status", "PASSIVE", "--expect-status", "ACTIV"]):
        refused = in_process(hamr_fake, *argv)
        assert refused.code == Exit.USAGE
        assert refused.stderr.startswith(f"usage: hamr {argv[0]} ")
        assert "'ACTIV' is not one of" in refused.stderr
    assert hamr_fake.requests == 0


def test_version_is_the_packages(hamr_fake: HamrFake) -> None:
    shown = in_process(hamr_fake, "--version")
    assert (shown.code, shown.stdout, shown.stderr) == (0, f"hamr {hamr_client.__version__}\n", "")


def test_setting_what_the_connection_holds_writes_nothing_unless_forced(injectable: Hamr) -> None:
    assert injectable("set", *LINK, "--hamr-status", "PASSIVE", "--yes").code == 0
    assert injectable.fake is not None
    writes = len(injectable.fake.writes)
    same = injectable("set", "--hamr-status", "passive", "--yes")
    assert same.code == 0, same.stderr
    assert same.stdout.startswith("nothing to write: ")
    assert "PASSIVE (2)" in same.stdout
    assert "--force" in same.stdout
    assert len(injectable.fake.writes) == writes
    held = injectable("--json", "set", "--hamr-status", "2", "--yes")
    assert held.document() == injectable("--json", "get").document()  # --json: the connection as it is
    assert len(injectable.fake.writes) == writes
    forced = injectable("set", "--hamr-status", "PASSIVE", "--yes", "--force")
    assert forced.code == 0, forced.stderr
    assert len(injectable.fake.writes) == writes + 1
    moved = injectable("set", "--hamr-status", "FAILOVER", "--yes")
    assert (moved.code, len(injectable.fake.writes)) == (0, writes + 2)
