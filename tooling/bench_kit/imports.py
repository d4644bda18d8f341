"""Import time as whole processes, and where it goes (``python -X importtime``), per top-level package.

Beside the imports: the ``hamr`` console script's cold start, ``hamr --help`` and ``hamr get``
against the loopback benchmark server, each a whole process like ``python -c "import httpx"``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from tooling.bench_kit import server

ROOT = Path(__file__).resolve().parents[2]
BENCH_REQUIREMENTS = ROOT / "requirements" / "bench.txt"
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"

HAMR_MODULES = (
    "hamr_client.api.high_availability_multi_region.get_hamr_org_connection",
    "hamr_client.api.high_availability_multi_region.create_hamr_org_connection",
)
STATEMENTS = {
    "python -c pass": "pass",
    "import httpx": "import httpx",
    "import hamr_client (both operations)": "import " + ", ".join(HAMR_MODULES),
    "import datadog-api-client HAMR API": "import datadog_api_client.v2.api.high_availability_multi_region_api",
}
HAMR_HELP = "hamr --help"
HAMR_GET = "hamr get (loopback server)"
# Placeholders: the benchmark server takes any key.
KEYS = {"DD_API_KEY": "bench-api-key", "DD_APP_KEY": "bench-app-key"}
TOP_PACKAGES = 8


def _env() -> dict[str, str]:
    # A user's process: no -X flags or warnings settings inherited from whoever runs the benchmark.
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}


def _run(python: str, statement: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([python, *flags, "-c", statement], capture_output=True, text=True, check=True, env=_env())


def commands(python: str, url: str) -> dict[str, list[str]]:
    """What is timed, each a whole process: the statements, then the ``hamr`` installed beside ``python``."""
    hamr = str(Path(python).parent / "hamr")
    return {
        **{name: [python, "-c", statement] for name, statement in STATEMENTS.items()},
        HAMR_HELP: [hamr, "--help"],
        HAMR_GET: [hamr, "--base-url", url, "get"],
    }


def measure(runs: int, python: str = sys.executable) -> dict[str, list[float]]:
    """Wall ms of each command in a fresh process, ``runs`` times, interleaved (bytecode warmed first)."""
    env = {**_env(), **KEYS}
    with server.running() as url:
        timed = commands(python, url)
        for argv in timed.values():
            subprocess.run(argv, capture_output=True, check=True, env=env)
        samples: dict[str, list[float]] = {name: [] for name in timed}
        for _ in range(runs):
            for name, argv in timed.items():
                start = time.perf_counter()
                subprocess.run(argv, capture_output=True, check=True, env=env)
                samples[name].append((time.perf_counter() - start) * 1000)
    return samples


def _self_times(stderr: str) -> Counter[str]:
    """Self import time (µs) per top-level package from one ``-X importtime`` report."""
    totals: Counter[str] = Counter()
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        if self_us.isdigit():  # not the header line
            totals[name.split(".")[0]] += int(self_us)
    return totals


def breakdown(statement: str, python: str = sys.executable, runs: int = 5) -> list[dict[str, Any]]:
    """Self import time (ms) per top-level package, median of ``runs`` ``-X importtime`` runs, largest first."""
    reports = [_self_times(_run(python, statement, "-X", "importtime").stderr) for _ in range(runs)]
    medians = {name: statistics.median(report[name] for report in reports) for name in set().union(*reports)}
    top = sorted(medians.items(), key=lambda item: item[1], reverse=True)[:TOP_PACKAGES]
    return [{"package": name, "ms": us / 1000} for name, us in top]


def breakdowns(python: str = sys.executable, runs: int = 5) -> dict[str, list[dict[str, Any]]]:
    return {name: breakdown(statement, python, runs) for name, statement in STATEMENTS.items() if statement != "pass"}


def fresh_venv(directory: Path) -> str:
    """A venv holding only the two clients (pinned), as a user would have: nothing else to import by accident."""
    subprocess.run([sys.executable, "-m", "venv", str(directory)], check=True, capture_output=True)
    python = str(directory / "bin" / "python")
    pins = [line.strip() for line in BENCH_REQUIREMENTS.read_text().splitlines()]
    official = next(line for line in pins if line.startswith("datadog-api-client=="))
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "-c", str(CONSTRAINTS), str(ROOT / "generated"), official],
        check=True,
        capture_output=True,
    )
    return python
