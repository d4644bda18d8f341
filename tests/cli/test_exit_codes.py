"""One exit code per outcome, the same in-process and as a process; with ``--json`` the error is one JSON object.

Each case prepares the fake (``fail_next`` answers the next requests), runs ``hamr`` and checks the
exit status, that stdout stays empty, and the JSON error's ``type`` and ``status``.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from hamr_client import AuthenticatedClient, datadog_client
from hamr_client.cli.exits import MEANINGS
from hamr_client.testing import HamrFake, examples

from tests.cli.conftest import Hamr
from tests.cli.harness import KEYS, LINK, as_process, environment, in_process
from tests.testing.served import serving


def _linked(fake: HamrFake) -> None:
    assert in_process(fake, "set", *LINK, "--yes").code == 0


def _then(*answers: tuple[int, object]) -> Callable[[HamrFake], None]:
    def prepare(fake: HamrFake) -> None:
        _linked(fake)
        for status, body in answers:
            fake.fail_next(status, body=body, times=1 if status != 429 else 10)

    return prepare


CONNECTION = examples.CONNECTION_RESPONSE


@dataclass(frozen=True)
class Case:
    name: str
    code: int
    argv: tuple[str, ...]
    kind: str
    status: int | None = None
    prepare: Callable[[HamrFake], None] = _linked
    env: dict[str, str] = field(default_factory=environment)


CASES = [
    Case("done", 0, ("get",), ""),
    Case("unknown option", 2, ("get", "--colour"), "UsageError"),
    Case("no keys", 2, ("get",), "ConfigurationError", env={"LOGNAME": "x"}),
    Case("400 refused as malformed", 2, ("get",), "BadRequestError", 400, _then((400, None))),
    Case("404 no connection", 3, ("get",), "NotFoundError", 404, lambda fake: None),
    Case("403 refused", 4, ("get",), "PermissionDeniedError", 403, env={**KEYS, "DD_APP_KEY": "another-app-key"}),
    Case("429 after the retries", 5, ("get", "--max-retries", "0"), "RateLimitError", 429, _then((429, None))),
    Case(
        "500 on a write",
        6,
        ("set", "--hamr-status", "3", "--yes"),
        "InternalServerError",
        500,
        _then((200, CONNECTION), (500, None)),  # the read gets a connection, the write a 500
    ),
    Case("undocumented status", 6, ("get",), "UnexpectedStatus", 418, _then((418, {"errors": ["teapot"]}))),
    Case("an answer off the spec", 7, ("get",), "InvalidResponse", 200, _then((200, {"data": {}}))),
    Case("precondition", 9, ("set", "--hamr-status", "3", "--expect-status", "0", "--yes"), "PreconditionFailed"),
    Case("not confirmed", 9, ("set", "--hamr-status", "3"), "NotConfirmed"),
    Case("wait timed out", 10, ("wait", "--status", "0", "--timeout", "0.2", "--interval", "0.1"), "WaitTimeout"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.code}-{case.name}")
@pytest.mark.parametrize("output", ["human", "json"])
def test_each_outcome_has_its_exit_code(injectable: Hamr, case: Case, output: str) -> None:
    assert injectable.fake is not None
    case.prepare(injectable.fake)
    argv = ("--json", *case.argv) if output == "json" else case.argv
    result = injectable(*argv, env=case.env)
    assert result.code == case.code, result.stderr
    if case.code == 0:
        return
    if output == "json":
        assert result.stdout == ""
        assert result.error() == {"type": case.kind, "status": case.status, "message": result.error()["message"]}
        assert result.error()["message"]
    else:
        assert "hamr: error: " in result.stderr


def test_an_unknown_site_is_a_usage_error_before_any_request(hamr_fake: HamrFake) -> None:
    for result in (
        as_process("--json", "--site", "datadoghq.moon", "get"),
        in_process(hamr_fake, "--json", "--site", "datadoghq.moon", "get"),
    ):
        assert result.code == 2
        assert result.error()["type"] == "ConfigurationError"
        assert "datadoghq.eu" in result.error()["message"]  # it names the sites there are
    assert hamr_fake.requests == 0


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_no_answer_is_exit_8_as_a_process() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    result = as_process("--json", "--base-url", url, "--max-retries", "0", "get")
    assert result.code == 8
    assert result.error()["type"] == "APIConnectionError"


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (httpx.ConnectError("connection refused"), "APIConnectionError"),
        (httpx.ReadTimeout("timed out"), "APITimeoutError"),
    ],
)
def test_no_answer_is_exit_8_in_process(hamr_fake: HamrFake, error: httpx.TransportError, kind: str) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        error.request = request
        raise error

    def connect(**settings: Any) -> AuthenticatedClient:
        return datadog_client(**settings, transport=httpx.MockTransport(fail))

    result = in_process(hamr_fake, "--json", "get", "--max-retries", "0", "--request-timeout", "0.5", connect=connect)
    assert result.code == 8
    assert result.error()["type"] == kind


def test_an_unexpected_error_is_exit_1_never_a_traceback(hamr_fake: HamrFake) -> None:
    def broken(**settings: Any) -> AuthenticatedClient:
        raise RuntimeError("a bug")

    result = in_process(hamr_fake, "get", connect=broken)
    assert result.code == 1
    assert result.stderr == "hamr: error: unexpected RuntimeError: a bug\n"


@pytest.mark.parametrize(
    ("args", "argv", "code"),
    [
        ((), ("get",), 3),
        (("--rate-limit", "0"), ("get", "--max-retries", "0"), 5),
    ],
)
def test_the_served_fake_gives_the_same_codes(
    tmp_path: Path, args: tuple[str, ...], argv: tuple[str, ...], code: int
) -> None:
    with serving(tmp_path / "stderr.txt", *args) as served:
        assert as_process("--base-url", served.url, *argv).code == code


def test_help_lists_every_exit_code_with_its_meaning(hamr_fake: HamrFake) -> None:
    shown = in_process(hamr_fake, "--help")
    assert shown.code == 0
    for code, meaning in MEANINGS.items():
        assert f"{int(code):>2}  {meaning}" in shown.stdout
