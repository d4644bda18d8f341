"""``scripts/record.py`` as its own process, as a person runs it: none of the developer's ``DD_*`` variables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_record(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``record.py ARGS`` with ``env`` added to the environment less ``DD_*``; bounded at 60 s."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DD_")}
    return subprocess.run(
        [sys.executable, "-m", "scripts.record", *args],
        cwd=ROOT,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
