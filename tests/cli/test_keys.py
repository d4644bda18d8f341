"""The credentials come from DD_API_KEY and DD_APP_KEY, or DD_BEARER_TOKEN, only (never a flag), and no output ever
shows them: not -v, not an error, not JSON."""

from __future__ import annotations

import pytest
from hamr_client.testing import HamrFake

from tests.cli.conftest import Hamr
from tests.cli.harness import API_KEY, APP_KEY, BEARER_TOKEN, KEYS, LINK, OPERATOR, environment, in_process

TOKEN_ONLY = {"DD_BEARER_TOKEN": BEARER_TOKEN, "LOGNAME": OPERATOR}


@pytest.mark.parametrize("missing", [("DD_API_KEY",), ("DD_APP_KEY",), ("DD_API_KEY", "DD_APP_KEY")])
def test_a_missing_key_is_a_usage_error_naming_the_variables(hamr: Hamr, missing: tuple[str, ...]) -> None:
    env = {name: value for name, value in environment().items() if name not in missing}
    env.update(dict.fromkeys(missing[1:], "  "))  # blank is missing too
    refused = hamr("--json", "get", env=env)
    assert refused.code == 2
    for name in missing:
        assert name in refused.error()["message"]
    assert "DD_BEARER_TOKEN" in refused.error()["message"]  # the other way out
    assert "=..." not in refused.error()["message"]  # no keyword: hamr takes no credential on its command line


def test_a_token_alone_reads_and_writes(hamr: Hamr) -> None:
    written = hamr("--json", "set", *LINK, "--yes", env=TOKEN_ONLY)
    assert written.code == 0, written.stderr
    read = hamr("--json", "get", env=TOKEN_ONLY)
    assert read.code == 0, read.stderr
    assert read.document() == written.document()


@pytest.mark.parametrize(
    "env",
    [
        {**TOKEN_ONLY, "DD_BEARER_TOKEN": BEARER_TOKEN[::-1]},  # a wrong token
        {**KEYS, **TOKEN_ONLY, "DD_BEARER_TOKEN": "stale-" + BEARER_TOKEN},  # good keys do not hide a stale token
    ],
)
def test_a_refused_token_is_exit_4_naming_the_variable_not_the_token(hamr: Hamr, env: dict[str, str]) -> None:
    refused = hamr("-v", "--json", "get", env=env)
    assert refused.code == 4, refused.stderr
    assert refused.error()["status"] == 401
    assert "DD_BEARER_TOKEN" in refused.error()["message"]
    assert env["DD_BEARER_TOKEN"] not in refused.stdout + refused.stderr


@pytest.mark.parametrize("flag", ["--api-key", "--app-key", "--key", "--dd-api-key", "--bearer-token", "--token"])
def test_no_flag_takes_a_key(hamr_fake: HamrFake, flag: str) -> None:
    refused = in_process(hamr_fake, "get", flag, "a-key-on-the-command-line")
    assert refused.code == 2
    assert "unrecognized arguments" in refused.stderr
    assert hamr_fake.requests == 0


def _every_output(hamr: Hamr) -> list[str]:
    """What a busy session prints: writes, reads, waits, a refusal, a rate limit, verbose and JSON."""
    runs = [
        hamr("-v", "set", *LINK, "--yes"),
        hamr("-v", "get"),
        hamr("-v", "--json", "get"),
        hamr("-v", "wait", "--status", "active", "--timeout", "0.2", "--interval", "0.1"),
        hamr("-v", "set", "--hamr-status", "1", "--dry-run"),
        hamr("-v", "--json", "get", env={**KEYS, "DD_API_KEY": "wrong-" + API_KEY}),
        hamr("-v", "get", env={**KEYS, "DD_APP_KEY": APP_KEY[::-1]}),
        hamr("-v", "--json", "get", env=TOKEN_ONLY),
        hamr("-v", "get", env={**TOKEN_ONLY, **KEYS}),
        hamr("-v", "--json", "get", env={**TOKEN_ONLY, "DD_BEARER_TOKEN": BEARER_TOKEN[::-1]}),
    ]
    if hamr.fake is not None:
        hamr.fake.fail_next(429, times=2)
        runs.append(hamr("-v", "get", "--max-retries", "1"))
    assert {run.code for run in runs} >= {0, 4}
    return [text for run in runs for text in (run.stdout, run.stderr)]


def test_no_output_shows_a_key(hamr: Hamr) -> None:
    printed = "\n".join(_every_output(hamr))
    for key in (API_KEY, APP_KEY, API_KEY[::-1], APP_KEY[::-1], BEARER_TOKEN, BEARER_TOKEN[::-1]):
        assert key not in printed
    assert "hamr: retrying after" in printed or hamr.fake is None  # -v did log the retries


def test_verbose_logs_retries_and_waits_to_stderr_only(injectable: Hamr) -> None:
    assert injectable.fake is not None
    assert injectable("set", *LINK, "--yes").code == 0
    injectable.fake.fail_next(503)
    read = injectable("-v", "--json", "get")
    assert read.code == 0, read.stderr
    assert "retrying after status 503" in read.stderr
    assert read.document()["data"]["id"]  # stdout is still just the document
    quiet = injectable("--json", "get")
    assert quiet.stderr == ""
