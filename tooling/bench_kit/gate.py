"""The contract gate's cost: wall time of its pytest run under a Hypothesis profile, and cases per second.

Cases are what the suite itself counts: contract_tests' ``cases`` fixture records each property's
count as a JUnit property, and cases per second divides them by those tests' own time. A suite
without that fixture falls back to ``--hypothesis-show-statistics`` (passing + failing cases over
the time Hypothesis spent in its phases), so collection and fixtures never count against it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from tooling.gate_tree import copy_tree, gate_environment

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "contract_tests"
PHASE = re.compile(r"during \w+ phase \(([\d.]+) seconds\)")
CASES = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid test cases")
TEST = re.compile(r"^(\S+::\S+):$", re.MULTILINE)
# How noxfile's contract session runs the suite (one worker per core); keep the two in step.
SESSION_ARGS = "--numprocesses=auto --dist=worksteal"


@dataclass(frozen=True)
class GateRun:
    """One run of the contract suite."""

    profile: str
    wall_s: float
    passed: bool
    properties: int
    cases: int
    invalid: int
    property_s: float  # time inside the property tests themselves
    outcome: str  # pytest's last line, e.g. "12 passed in 40.1s", or why it failed

    @property
    def cases_per_s(self) -> float:
        """Cases per second of property-test time (summed over workers: one worker's throughput)."""
        return self.cases / self.property_s if self.property_s else 0.0

    @property
    def cases_per_wall_s(self) -> float:
        return self.cases / self.wall_s if self.wall_s else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "cases_per_s": self.cases_per_s, "cases_per_wall_s": self.cases_per_wall_s}


def parse_statistics(output: str) -> tuple[int, int, int, float]:
    """(properties, cases, invalid, seconds) summed over every test in a ``--hypothesis-show-statistics`` report."""
    cases = [tuple(map(int, found)) for found in CASES.findall(output)]
    return (
        len(TEST.findall(output)),
        sum(passing + failing for passing, failing, _ in cases),
        sum(invalid for _, _, invalid in cases),
        sum(float(seconds) for seconds in PHASE.findall(output)),
    )


def counted_cases(junit: Path) -> tuple[int, int, float] | None:
    """(properties, cases, seconds) from the suite's own ``cases`` JUnit properties; None if it records none."""
    if not junit.is_file():
        return None
    counted = [
        (int(prop.get("value", "0")), float(testcase.get("time", "0")))
        for testcase in ElementTree.parse(junit).iter("testcase")  # noqa: S314 - pytest's own output, just written
        for prop in testcase.iter("property")
        if prop.get("name") == "cases"
    ]
    if not counted:
        return None
    return len(counted), sum(cases for cases, _ in counted), sum(seconds for _, seconds in counted)


def measure(profile: str, pytest_args: list[str], suite: Path = SUITE, tree: Path = ROOT) -> GateRun | None:
    """Run ``suite`` once under ``profile`` (in ``tree``, a copy's on its own client); None when there is no suite."""
    if not suite.is_dir():
        return None
    env = {**os.environ, "HYPOTHESIS_PROFILE": profile} if tree == ROOT else gate_environment(tree, profile)
    with tempfile.TemporaryDirectory(prefix="hamr-bench-gate-") as scratch:
        junit = Path(scratch) / "junit.xml"
        command = [sys.executable, "-m", "pytest", str(suite), "-q", "-p", "no:cacheprovider"]
        command += ["--hypothesis-show-statistics", f"--junitxml={junit}", *pytest_args]
        start = time.perf_counter()
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=tree,
            check=False,
            env=env,
        )
        wall = time.perf_counter() - start
        counted = counted_cases(junit)
    properties, cases, invalid, seconds = parse_statistics(result.stdout)
    if counted is not None:
        properties, cases, seconds = counted
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    outcome = lines[-1].strip("= ") if lines else f"exit {result.returncode}, no output"
    return GateRun(profile, wall, result.returncode == 0, properties, cases, invalid, seconds, outcome)


def crash_first_request_builder(tree: Path) -> str:
    """Make the first operation's generated request builder raise, as a generator bug would; returns its module."""
    modules = sorted((tree / "generated" / "hamr_client" / "api").rglob("*.py"))
    target = next(path for path in modules if "def _get_kwargs(" in path.read_text())
    lines = target.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("def _get_kwargs("))
    body = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith(":")) + 1
    lines.insert(body, '    raise AttributeError("injected: the request builder crashes")\n')
    target.write_text("".join(lines))
    return target.stem


def red_and_green(profile: str, pytest_args: list[str]) -> tuple[GateRun, GateRun, str] | None:
    """The gate on a copy of the tree as it is, then with a request builder crashing: (green, red, operation).

    A crash fails every property of that operation; the red run is what a person waits for to
    learn what broke (docs/contract.md: the ``ci`` profile reports first failures, unshrunk).
    """
    with tempfile.TemporaryDirectory(prefix="hamr-bench-red-") as scratch:
        tree = copy_tree(Path(scratch))
        green = measure(profile, pytest_args, tree / "contract_tests", tree)
        crashed = crash_first_request_builder(tree)
        red = measure(profile, pytest_args, tree / "contract_tests", tree)
    if green is None or red is None:
        return None
    return green, red, crashed
