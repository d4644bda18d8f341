"""Regeneration cost: ``scripts/generate.py`` (validate, generate, format) into a temp dir, and the drift check.

Both run as ``nox -s generate``/``nox -s drift`` run them, minus nox's own setup; the working
tree's generated/ is never written.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tooling.bench_kit.stats import Summary, summarize

ROOT = Path(__file__).resolve().parents[2]


def _timed(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "scripts.generate", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    return time.perf_counter() - start, result


def measure(runs: int) -> dict[str, Summary | bool]:
    """Seconds per generation and per drift check, ``runs`` each, alternating; whether drift found none."""
    generation: list[float] = []
    drift: list[float] = []
    clean = True
    with tempfile.TemporaryDirectory(prefix="hamr-bench-regen-") as scratch:
        for run in range(runs):
            parent = Path(scratch) / f"run-{run}"
            parent.mkdir()
            seconds, result = _timed("--output", str(parent / "generated"))
            if result.returncode != 0:
                raise RuntimeError(f"generation failed:\n{result.stderr}")
            generation.append(seconds)
            seconds, result = _timed("--check")
            drift.append(seconds)
            clean = clean and result.returncode == 0
    return {"generate_s": summarize(generation), "drift_s": summarize(drift), "drift_clean": clean}
