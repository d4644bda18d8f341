"""The contract gate's cost: wall time of its pytest run under a Hypothesis profile, and cases per second.

Cases are the test cases Hypothesis ran to completion (passing + failing), read from
``--hypothesis-show-statistics``; cases per second divides them by the time Hypothesis spent
in its phases, so collection and fixtures do not count against the properties.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "contract_tests"
PHASE = re.compile(r"during \w+ phase \(([\d.]+) seconds\)")
CASES = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid test cases")
TEST = re.compile(r"^(\S+::\S+):$", re.MULTILINE)


@dataclass(frozen=True)
class GateRun:
    """One run of the contract suite."""

    profile: str
    wall_s: float
    passed: bool
    properties: int
    cases: int
    invalid: int
    hypothesis_s: float
    outcome: str  # pytest's last line, e.g. "12 passed in 40.1s", or why it failed

    @property
    def cases_per_s(self) -> float:
        return self.cases / self.hypothesis_s if self.hypothesis_s else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "cases_per_s": self.cases_per_s}


def parse_statistics(output: str) -> tuple[int, int, int, float]:
    """(properties, cases, invalid, seconds) summed over every test in a ``--hypothesis-show-statistics`` report."""
    cases = [tuple(map(int, found)) for found in CASES.findall(output)]
    return (
        len(TEST.findall(output)),
        sum(passing + failing for passing, failing, _ in cases),
        sum(invalid for _, _, invalid in cases),
        sum(float(seconds) for seconds in PHASE.findall(output)),
    )


def measure(profile: str, pytest_args: list[str], suite: Path = SUITE) -> GateRun | None:
    """Run ``suite`` once under ``profile``; None when there is no such suite (yet)."""
    if not suite.is_dir():
        return None
    command = [sys.executable, "-m", "pytest", str(suite), "-q", "-p", "no:cacheprovider"]
    command += ["--hypothesis-show-statistics", *pytest_args]
    start = time.perf_counter()
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "HYPOTHESIS_PROFILE": profile},
    )
    wall = time.perf_counter() - start
    properties, cases, invalid, seconds = parse_statistics(result.stdout)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    outcome = lines[-1].strip("= ") if lines else f"exit {result.returncode}, no output"
    return GateRun(profile, wall, result.returncode == 0, properties, cases, invalid, seconds, outcome)
