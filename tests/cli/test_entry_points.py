"""``hamr`` is a console script of the plain install and ``python -m hamr_client``; its help starts without httpx."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

from tests.cli.harness import PROCESS_SECONDS, as_process

# What `hamr --help` must not import: the HTTP stack and the generated models (the command's own parser only).
HEAVY = ("httpx", "anyio", "attrs", "hamr_client.client", "hamr_client.models", "hamr_client.api")


def test_the_console_script_is_declared_and_installed() -> None:
    (script,) = metadata.entry_points(group="console_scripts", name="hamr")
    assert script.value == "hamr_client.cli:main"
    installed = Path(sys.executable).parent / "hamr"
    shown = subprocess.run(
        [str(installed), "--help"], capture_output=True, text=True, timeout=PROCESS_SECONDS, check=False
    )
    assert shown.returncode == 0
    assert shown.stdout == as_process("--help").stdout
    assert shown.stdout.startswith("usage: hamr ")


def test_help_imports_neither_httpx_nor_a_model() -> None:
    code = (
        "import sys\n"
        "from hamr_client.cli import run\n"
        "assert run(['--help']) == 0\n"
        f"print('loaded:', [name for name in {HEAVY!r} if name in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stderr.strip() == "loaded: []"


def test_a_command_still_finds_everything_it_imports_lazily() -> None:
    listed = as_process("statuses", env={})
    assert listed.code == 0, listed.stderr
    assert as_process("set", "--help", env={}).code == 0
