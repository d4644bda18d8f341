"""Shell completion (bash, zsh) by argcomplete, the client's ``completion`` extra: a shell that asks
(``_ARGCOMPLETE``, as ``register-python-argcomplete hamr`` sets up) gets the commands, the shared options, and the
options the spec's fields give the command being completed; nothing runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.harness import PROCESS_SECONDS, environment


def completions(line: str, tmp_path: Path) -> list[str]:
    """What ``hamr`` offers a shell for ``line`` (the cursor at its end), as argcomplete's protocol carries it."""
    answer = tmp_path / "completions.txt"
    env = {
        "PATH": os.environ.get("PATH", ""),
        **environment(),
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_SHELL": "bash",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
    }
    done = subprocess.run(
        [sys.executable, "-m", "hamr_client"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=PROCESS_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # nothing ran
    return answer.read_text().split("\013") if answer.exists() else []


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("hamr ", {"get", "set", "wait", "statuses", "pair", "check"}),
        ("hamr pa", {"pair"}),
        ("hamr get --or", {"--org"}),
        ("hamr set --hamr", {"--hamr-status"}),  # the spec's field, built for the command completed
        ("hamr set --target-org-", {"--target-org-uuid", "--target-org-name", "--target-org-datacenter"}),
    ],
)
def test_a_shell_is_offered_what_hamr_takes(tmp_path: Path, line: str, offered: set[str]) -> None:
    found = {word.strip() for word in completions(line, tmp_path)}
    assert offered <= found, found
