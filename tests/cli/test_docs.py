"""docs/cli.md says what ``hamr`` does: its exit codes, its statuses, a drill that runs as written on the fake."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from hamr_client.cli.exits import MEANINGS

from tests.cli.harness import KEYS, as_process
from tests.testing.served import serving

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text()
BASH = re.findall(r"^```bash\n(.*?)^```$", DOCS, flags=re.DOTALL | re.MULTILINE)
(DRILL,) = [block for block in BASH if block.startswith("set -euo pipefail")]
(BRANCHING,) = [block for block in BASH if "case $status in" in block]


def test_the_exit_code_table_is_the_one_hamr_has() -> None:
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", DOCS, flags=re.MULTILINE)
    assert {int(code): meaning for code, meaning in rows} == {int(code): text for code, text in MEANINGS.items()}


def test_the_statuses_shown_are_what_hamr_prints() -> None:
    shown = DOCS.split("$ hamr statuses\n", 1)[1].split("```", 1)[0]
    assert as_process("statuses").stdout == shown


def test_the_drill_and_the_branching_script_run_as_written(tmp_path: Path) -> None:
    with serving(tmp_path / "fake-stderr.txt") as served:
        env = {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "FAKE": served.url,
            **KEYS,
        }
        result = subprocess.run(
            ["bash", "-c", DRILL + BRANCHING],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "2"  # back to PASSIVE, read by the branching script
    assert '"hamr_status": 2' in result.stdout
