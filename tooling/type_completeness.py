"""Fail unless the installed ``hamr_client`` is 100 % type-complete for Pyright and every public symbol documented.

Runs the pinned Pyright (``node_modules``, from package-lock.json) as ``pyright --verifytypes
hamr_client --ignoreexternal --outputjson`` against the interpreter running this script (its venv
holds the package), and reads its report: the completeness score must be 1.0 and no public
function or class may lack a docstring.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"
PACKAGE = "hamr_client"


def report(package: str = PACKAGE) -> dict[str, Any]:
    """Pyright's type-completeness report of ``package`` as importable by this interpreter."""
    venv = Path(sys.prefix)
    env = {**os.environ, "VIRTUAL_ENV": str(venv), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [str(PYRIGHT), "--verifytypes", package, "--ignoreexternal", "--outputjson"]
    # Outside the repository: its pyproject must not change what an installed user sees.
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=venv, check=False)
    try:
        found: dict[str, Any] = json.loads(result.stdout)["typeCompleteness"]
    except (json.JSONDecodeError, KeyError):
        output = result.stdout + result.stderr
        raise SystemExit(f"pyright gave no report (exit {result.returncode}):\n{output}") from None
    return found


def problems(completeness: dict[str, Any]) -> list[str]:
    """Every symbol that is not fully typed or lacks a docstring, as ``name: message``."""
    found = []
    for symbol in completeness["symbols"]:
        found += [f"{symbol['name']}: {d['message'].splitlines()[0]}" for d in symbol.get("diagnostics", [])]
    return found


def main() -> int:
    completeness = report()
    score = completeness["completenessScore"]
    counts = completeness["exportedSymbolCounts"]
    known, ambiguous, unknown = (counts[f"with{kind}Type"] for kind in ("Known", "Ambiguous", "Unknown"))
    print(f"pyright --verifytypes {PACKAGE}: {score:.1%} type-complete", end=" ")
    print(f"({known} known, {ambiguous} ambiguous, {unknown} unknown)")
    found = problems(completeness)
    for line in found:
        print(f"  {line}", file=sys.stderr)
    return 0 if score == 1 and not found else 1
