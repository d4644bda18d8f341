"""Running ``hamr``: in-process on a HamrFake (a Console of strings and a fake clock), or as a process.

Both give a :class:`Result` (exit status, stdout, stderr), so that one assertion can hold for both.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hamr_client.cli import run
from hamr_client.cli.console import Console
from hamr_client.client import AuthenticatedClient
from hamr_client.testing import HamrFake, examples

# Placeholders, not secrets: long and distinctive so that a leak anywhere is easy to spot.
API_KEY = "cli-api-key-7c2e9d4b1a0f8e6d5c3b"
APP_KEY = "cli-app-key-1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c"
KEYS = {"DD_API_KEY": API_KEY, "DD_APP_KEY": APP_KEY}
#: The OAuth token every fake of the tests also takes, the keys' alternative (DD_BEARER_TOKEN).
BEARER_TOKEN = "cli-oauth-token.5b8e2d7a4c1f.9e6b3a0d7c4f1e8b"  # noqa: S105 -- a placeholder
OPERATOR = "oncall-operator"
PROCESS_SECONDS = 60
# Every option a `set` that links the organizations needs: the docs' example request as options.
_EXAMPLE = examples.CONNECTION_REQUEST["data"]
LINK = [
    *[f"--{key.replace('_', '-')}={str(value).lower() if isinstance(value, bool) else value}"
      for key, value in _EXAMPLE["attributes"].items() if key != "modified_by"],
    f"--id={_EXAMPLE['id']}",
]  # fmt: skip


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    def document(self) -> Any:
        """stdout as the one JSON document it must be."""
        return json.loads(self.stdout)

    def error(self) -> dict[str, Any]:
        """stderr as the one JSON error object it must be."""
        lines = self.stderr.splitlines()
        assert len(lines) == 1, self.stderr
        found: dict[str, Any] = json.loads(lines[0])["error"]
        return found


class Clock:
    """A monotonic clock that only sleeping moves: ``wait`` runs at once, its sleeps recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def environment(**extra: str) -> dict[str, str]:
    """What ``hamr`` sees: the keys, a login name, nothing of the developer's DD_* variables."""
    return {**KEYS, "LOGNAME": OPERATOR, **extra}


def in_process(
    fake: HamrFake,
    *argv: str,
    env: dict[str, str] | None = None,
    stdin: str = "",
    confirmable: bool = False,
    progress: bool = False,
    clock: Clock | None = None,
    connect: Callable[..., AuthenticatedClient] | None = None,
) -> Result:
    """``hamr ARGV`` in this process, its client wired to ``fake`` (no socket, retries not slept).

    ``connect`` replaces the fake's client (``datadog_client``'s keywords: site or base_url, keys...).
    """
    clock = clock or Clock()

    def to_the_fake(**settings: Any) -> AuthenticatedClient:
        for owned in ("site", "base_url"):
            settings.pop(owned, None)
        return fake.client(**settings)

    out, err = io.StringIO(), io.StringIO()
    console = Console(
        env if env is not None else environment(),
        out,
        err,
        io.StringIO(stdin),
        confirmable=confirmable,
        progress=progress,
        connect=connect or to_the_fake,
        sleep=clock.sleep,
        clock=clock,
    )
    return Result(run(list(argv), console), out.getvalue(), err.getvalue())


def as_process(*argv: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    """``python -m hamr_client ARGV`` in its own process, with only ``env`` (and PATH) as its environment."""
    completed = subprocess.run(
        [sys.executable, "-m", "hamr_client", *argv],
        env={"PATH": os.environ.get("PATH", ""), **(env if env is not None else environment())},
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=PROCESS_SECONDS,
        check=False,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def started(*argv: str, text: bool = False) -> subprocess.Popen[Any]:
    """``python -m hamr_client ARGV`` started in its own process, its stdout and stderr pipes (the caller ends it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "hamr_client", *argv],
        env={"PATH": os.environ.get("PATH", ""), **environment()},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=text,
    )
