"""Run scripts/bench.py as `nox -s bench` does, with tiny counts: a smoke run, never a timing check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A stand-in for contract_tests/: one property whose number of cases is known in advance.
TINY_SUITE = """
from hypothesis import given, settings, strategies as st

@settings(max_examples={cases}, database=None)
@given(st.integers())
def test_property(number: int) -> None:
    assert number == number
"""

# The same, counting its cases as contract_tests does: a ``cases`` property per test in the JUnit XML.
COUNTING_SUITE = """
from hypothesis import given, settings, strategies as st

def test_property(record_property) -> None:
    tried = []

    @settings(max_examples={cases}, database=None)
    @given(st.integers())
    def check(number: int) -> None:
        tried.append(number)

    check()
    record_property("cases", len(tried))
"""


def run_bench(*args: str | Path | int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts.bench", *map(str, args)], capture_output=True, text=True, check=False, cwd=ROOT
    )
