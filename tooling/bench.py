"""Measure what the generated client and the contract gate cost, side by side with the alternatives, in one run.

Sections: per-call time against a loopback server in its own process (hamr_client sync and
async, raw httpx and urllib3 floors, datadog-api-client), what a drift capture adds to a lenient
call, parsing alone, import time as whole processes, regeneration and the drift check, the
served fake under load, and the contract gate.
Prints a table and writes JSON; see docs/benchmarks.md. Counts are options so a smoke test can run it all in seconds.
"""

from __future__ import annotations

import argparse
import json
import shlex
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

from tooling.arguments import positive
from tooling.bench_kit import calls, capture, gate, imports, layers, parsing, regen, served
from tooling.bench_kit.report import Report

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("calls", "layers", "capture", "parsing", "imports", "regen", "served", "gate", "red-gate")


def parser() -> argparse.ArgumentParser:
    doc = __doc__ or ""
    p = argparse.ArgumentParser(description=doc.splitlines()[0], epilog="Sections: " + ", ".join(SECTIONS))
    p.add_argument(
        "--only",
        nargs="+",
        choices=SECTIONS,
        default=list(SECTIONS),
        metavar="SECTION",
        help="sections to run (default: all)",
    )
    p.add_argument("--calls", type=positive, default=2000, help="calls per client and operation (default: %(default)s)")
    p.add_argument(
        "--round-size", type=positive, default=100, help="calls per client per interleaved round (default: %(default)s)"
    )
    p.add_argument(
        "--parse-number", type=positive, default=2000, help="parses per timing sample (default: %(default)s)"
    )
    p.add_argument("--parse-repeat", type=positive, default=25, help="timing samples per parser (default: %(default)s)")
    p.add_argument(
        "--import-runs", type=positive, default=15, help="fresh processes per import statement (default: %(default)s)"
    )
    p.add_argument(
        "--import-python",
        help="interpreter to time imports in (default: a fresh venv holding only the two clients, as users have)",
    )
    p.add_argument("--regen-runs", type=positive, default=5, help="generations and drift checks (default: %(default)s)")
    p.add_argument(
        "--served-requests",
        type=positive,
        default=2000,
        help="requests in a row on one keep-alive connection to the served fake (default: %(default)s)",
    )
    p.add_argument(
        "--served-clients", type=positive, default=50, help="clients connecting at once (default: %(default)s)"
    )
    p.add_argument("--served-per-client", type=positive, default=100, help="requests per client (default: %(default)s)")
    p.add_argument(
        "--gate-profile", default="ci", help="Hypothesis profile for the contract gate (default: %(default)s)"
    )
    p.add_argument(
        "--gate-suite", type=Path, default=gate.SUITE, help="the contract test directory (default: %(default)s)"
    )
    p.add_argument(
        "--gate-args",
        default=gate.SESSION_ARGS,
        help="pytest arguments for the gate run, one shell-quoted string (default: as `nox -s contract`: %(default)s)",
    )
    p.add_argument(
        "--json",
        type=Path,
        default=ROOT / "reports" / "bench.json",
        help="where to write the results (default: %(default)s)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.import_python and not Path(args.import_python).is_file():
        p.error(f"--import-python: no such interpreter: {args.import_python}")
    try:
        gate_args = shlex.split(args.gate_args)
    except ValueError as exc:
        p.error(f"--gate-args: {exc}")
    # The official client warns on every call to an unstable operation; the warning is its cost, the text noise.
    warnings.filterwarnings("ignore", message="Using unstable operation", category=UserWarning)
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    report = Report(settings)
    if "calls" in args.only:
        report.calls(calls.measure(args.calls, args.round_size))
    if "layers" in args.only:
        report.layers(calls.measure(args.calls, args.round_size, layers.layer_contenders))
    if "capture" in args.only:
        report.capture(calls.measure(args.calls, args.round_size, capture.capture_contenders))
    if "parsing" in args.only:
        report.parsing(parsing.measure(args.parse_number, args.parse_repeat))
    if "imports" in args.only:
        with tempfile.TemporaryDirectory(prefix="hamr-bench-venv-") as scratch:
            python = args.import_python or imports.fresh_venv(Path(scratch) / "venv")
            where = f"in {python}" if args.import_python else "in a fresh venv with only the two clients"
            samples = imports.measure(args.import_runs, python)
            report.imports(samples, where, imports.breakdowns(python, min(args.import_runs, 5)))
    if "regen" in args.only:
        report.regeneration(regen.measure(args.regen_runs))
    if "served" in args.only:
        report.served(served.measure(args.served_requests, args.served_clients, args.served_per_client))
    if "gate" in args.only:
        report.gate(gate.measure(args.gate_profile, gate_args, args.gate_suite), args.gate_suite)
    if "red-gate" in args.only:
        report.red_gate(gate.red_and_green(args.gate_profile, gate_args))
    print(report.render())
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report.as_dict(), indent=2) + "\n")
    print(f"\nwrote {args.json}")
    return 0
