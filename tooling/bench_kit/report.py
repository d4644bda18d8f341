"""The results as one table (for people) and one JSON document (for tools), with the project's targets beside them.

Targets are the project's goals, shown for where we stand; nothing here adjusts a measurement.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from tooling.bench_kit import capture
from tooling.bench_kit.calls import CallTimes
from tooling.bench_kit.gate import GateRun
from tooling.bench_kit.served import ServedRun
from tooling.bench_kit.stats import Summary, paired_ratio, summarize

CLIENTS = (
    "urllib3 + json",
    "httpx + json",
    "httpx async + json",
    "httpx-aiohttp + json",
    "hamr_client",
    "hamr_client async",
    "hamr_client async aiohttp",
    "datadog-api-client",
)
OPERATIONS = ("GET", "POST")
# (numerator, denominator, target: the ratio must be at most this, or None for context only)
CALL_RATIOS: tuple[tuple[str, str, float | None], ...] = (
    ("hamr_client", "httpx + json", 1.10),
    ("hamr_client", "datadog-api-client", 1.00),
    ("hamr_client async", "httpx async + json", None),
    # issue 31: async on aiohttp at most the sync client's price; beside its own floor and httpx's async.
    ("hamr_client async aiohttp", "hamr_client", 1.00),
    ("hamr_client async aiohttp", "hamr_client async", None),
    ("hamr_client async aiohttp", "httpx-aiohttp + json", None),
    ("hamr_client", "urllib3 + json", None),
    ("httpx + json", "urllib3 + json", None),
    ("datadog-api-client", "urllib3 + json", None),
)
HAMR_PARSE = "hamr_client from_dict(json.loads)"
OFFICIAL_PARSE = "datadog-api-client deserialize"
HAMR_IMPORT = "import hamr_client (both operations)"
OFFICIAL_IMPORT = "import datadog-api-client HAMR API"
HTTPX_IMPORT = "import httpx"
# The `hamr` console script's cold starts, each against `python -c "import httpx"` (target: --help at most 1x).
CLI_RATIOS: tuple[tuple[str, float | None], ...] = (("hamr --help", 1.00), ("hamr get (loopback server)", 1.50))
PARSE_SPEEDUP_TARGET = 5.0
REGEN_TARGET_S = 2.5
# The served fake: another language's suite of 1,000 calls waits at most 2 s for it; no client refused.
SERVED_TARGET_RPS = 500
GATE_TARGET_S = 90.0
GATE_TARGET_CASES = 3000
# A red gate (a property crashing) must answer within about twice a green one.
RED_GATE_RATIO = 2.0


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    goal: str
    met: bool

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "goal": self.goal, "met": self.met}


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    versions: dict[str, str | None] = {}
    for dist in ("hamr-client", "httpx", "httpcore", "urllib3", "datadog-api-client", "hypothesis"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "cpu": cpu,
        "cpus": os.cpu_count(),
        # Other work on the machine skews absolute numbers (ratios less so): say how busy it was.
        "load_average_1m_at_start": os.getloadavg()[0],
        "versions": versions,
    }


def _ratio_cell(ratio: Summary) -> str:
    return f"{ratio.median:.2f}x [{ratio.q1:.2f}-{ratio.q3:.2f}]"


class Report:
    """Collects each section's results; renders them as text and as a JSON-ready dict."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.lines: list[str] = []
        self.data: dict[str, Any] = {"machine": machine(), "settings": settings}
        self.targets: list[Target] = []

    def _target(self, name: str, value: float, goal: str, met: bool) -> str:
        self.targets.append(Target(name, value, goal, met))
        return f"{goal:<10} {'met' if met else 'MISSED'}"

    def calls(self, times: CallTimes) -> None:
        self.lines += ["", "Per call, loopback server in its own process (µs: median ±half-IQR)"]
        self.lines.append(f"  {'client':<26}" + "".join(f"{op:>18}" for op in OPERATIONS))
        for client in CLIENTS:
            cells = []
            for op in OPERATIONS:
                s = times.summary(f"{client} {op}")
                cells.append(f"{s.median:>10.0f} {s.spread():>6}")
            self.lines.append(f"  {client:<26}" + "".join(f"{cell:>18}" for cell in cells))
        n = min(len(v) for v in times.calls.values())
        rounds = min(len(v) for v in times.rounds.values())
        self.lines.append(f"  ({n} calls each, in {rounds} interleaved rounds)")
        self.lines += ["", "Per-call ratios (median of per-round ratios [q1-q3])"]
        ratios: dict[str, Any] = {}
        for numerator, denominator, goal in CALL_RATIOS:
            for op in OPERATIONS:
                ratio = times.ratio(f"{numerator} {op}", f"{denominator} {op}")
                name = f"{numerator} / {denominator} {op}"
                ratios[name] = ratio.as_dict()
                verdict = (
                    "" if goal is None else self._target(name, ratio.median, f"≤ {goal:.2f}x", ratio.median <= goal)
                )
                self.lines.append(f"  {name:<54} {_ratio_cell(ratio):<24} {verdict}")
        self.data["calls_us"] = times.as_dict()
        self.data["call_ratios"] = ratios

    def layers(self, times: CallTimes) -> None:
        self.lines += ["", "Options for the templates: one GET through each httpx layer (µs: median ±half-IQR)"]
        keys = list(times.calls)
        official_key = next(key for key in keys if key.startswith("datadog-api-client"))
        rows: dict[str, Any] = {}
        for key in keys:
            s = times.summary(key)
            ratio = times.ratio(key, official_key)
            rows[key] = {**s.as_dict(), "vs_official": ratio.as_dict()}
            self.lines.append(
                f"  {key.removesuffix(' GET'):<46} {s.median:>8.0f} {s.spread():>6}   {_ratio_cell(ratio)} official"
            )
        self.data["layers_us"] = rows

    def capture(self, times: CallTimes) -> None:
        """A strict=False GET whose answer drifts, with a drift capture and without, side by side."""
        self.lines += ["", "Drift capture: a strict=False GET whose answer drifts (µs: median ±half-IQR)"]
        for key in times.calls:
            s = times.summary(key)
            self.lines.append(f"  {key.removesuffix(' ' + capture.OPERATION):<46} {s.median:>8.0f} {s.spread():>6}")
        n = min(len(v) for v in times.calls.values())
        self.lines.append(f"  ({n} calls each, in {min(len(v) for v in times.rounds.values())} interleaved rounds)")
        names = (capture.PLAIN, capture.KEPT, capture.BURST, capture.NEW, capture.WAITED)
        plain, kept, burst, new, waited = (f"{name} {capture.OPERATION}" for name in names)
        ratios = {
            "drift kept / no drift_dir": times.ratio(kept, plain),
            "new drifts in a row / no drift_dir": times.ratio(burst, plain),
            "new drifts in a row with writes / no drift_dir": times.total_ratio(burst, plain),
            "a new drift / no drift_dir, both after a write": times.ratio(new, waited),
        }
        self.lines.append(
            "  median of per-round ratios [q1-q3]: of medians; 'with writes' of totals, last writes included"
        )
        for name, ratio in ratios.items():
            self.lines.append(f"  {name:<46} {_ratio_cell(ratio)}")
        self.data["capture"] = {"calls_us": times.as_dict(), "ratios": {k: r.as_dict() for k, r in ratios.items()}}

    def parsing(self, samples: dict[str, list[float]]) -> None:
        self.lines += ["", "Parsing the docs' 200 example (µs per parse: median ±half-IQR)"]
        for name, values in samples.items():
            s = summarize(values)
            self.lines.append(f"  {name:<46} {s.median:>8.1f} {s.spread():>6}")
        speedup = paired_ratio(samples[OFFICIAL_PARSE], samples[HAMR_PARSE])
        name = "parse speedup vs official"
        verdict = self._target(
            name, speedup.median, f"≥ {PARSE_SPEEDUP_TARGET:.0f}x", speedup.median >= PARSE_SPEEDUP_TARGET
        )
        self.lines.append(
            f"  {'official / hamr_client (both from JSON text)':<46} {_ratio_cell(speedup):<24} {verdict}"
        )
        self.data["parsing_us"] = {name: summarize(values).as_dict() for name, values in samples.items()}
        self.data["parse_speedup"] = speedup.as_dict()

    def imports(self, samples: dict[str, list[float]], where: str, breakdowns: dict[str, list[dict[str, Any]]]) -> None:
        self.lines += ["", f"Import, whole process (ms: median ±half-IQR), {where}"]
        for name, values in samples.items():
            s = summarize(values)
            self.lines.append(f"  {name:<46} {s.median:>8.0f} {s.spread():>6}")
        ratio = paired_ratio(samples[HAMR_IMPORT], samples[OFFICIAL_IMPORT])
        verdict = self._target("import hamr_client / official", ratio.median, "≤ 1.00x", ratio.median <= 1.0)
        self.lines.append(f"  {'hamr_client / official':<46} {_ratio_cell(ratio):<24} {verdict}")
        cli_ratios = {}
        for name, goal in CLI_RATIOS:
            cli = paired_ratio(samples[name], samples[HTTPX_IMPORT])
            label = f"{name.split(' (')[0]} / import httpx"
            shown = "" if goal is None else self._target(label, cli.median, f"≤ {goal:.2f}x", cli.median <= goal)
            self.lines.append(f"  {label:<46} {_ratio_cell(cli):<24} {shown}".rstrip())
            cli_ratios[label] = cli.as_dict()
        for name, packages in breakdowns.items():
            top = ", ".join(f"{p['package']} {p['ms']:.0f}" for p in packages[:6])
            self.lines.append(f"    -X importtime self ms (median), {name.removeprefix('import ')}: {top}")
        self.data["imports_ms"] = {
            "where": where,
            **{name: summarize(values).as_dict() for name, values in samples.items()},
            "ratio": ratio.as_dict(),
            "cli_ratios": cli_ratios,
            "importtime_top_packages": breakdowns,
        }

    def regeneration(self, result: dict[str, Summary | bool]) -> None:
        generate, drift, clean = result["generate_s"], result["drift_s"], result["drift_clean"]
        assert isinstance(generate, Summary)
        assert isinstance(drift, Summary)
        self.lines += ["", f"Regeneration (s: median ±half-IQR of {generate.n})"]
        verdict = self._target(
            "regeneration s", generate.median, f"≤ {REGEN_TARGET_S} s", generate.median <= REGEN_TARGET_S
        )
        self.lines.append(
            f"  {'scripts/generate.py into a temp dir':<46} {generate.median:>8.2f} {generate.spread():>6}   {verdict}"
        )
        state = "no drift" if clean else "DRIFT: generated/ differs from a fresh generation"
        self.lines.append(f"  {'scripts/generate.py --check':<46} {drift.median:>8.2f} {drift.spread():>6}   {state}")
        self.data["regeneration_s"] = {
            "generate": generate.as_dict(),
            "drift_check": drift.as_dict(),
            "drift_clean": clean,
        }

    def served(self, run: ServedRun) -> None:
        self.lines += ["", "The served fake (python -m hamr_client.testing) in its own process, over loopback"]
        rps = self._target(
            "served fake keep-alive req/s",
            run.keep_alive_rps,
            f"≥ {SERVED_TARGET_RPS}",
            run.keep_alive_rps >= SERVED_TARGET_RPS,
        )
        failed = sum(run.failures.values())
        refused = self._target(f"served fake failures, {run.clients} clients", failed, "0", failed == 0)
        row = f"one keep-alive connection, {run.keep_alive_requests} GETs (req/s)"
        self.lines.append(f"  {row:<46} {run.keep_alive_rps:>8.0f}   {rps}")
        self.lines.append(
            f"  {f'{run.clients} clients at once, a connection each (req/s)':<46} {run.concurrent_rps:>8.0f}"
        )
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(run.failures.items())) or "none"
        self.lines.append(f"  {f'failed of {run.concurrent_requests} ({kinds})':<46} {failed:>8d}   {refused}")
        self.data["served"] = run.as_dict()

    def gate(self, run: GateRun | None, suite: Path) -> None:
        self.lines += ["", "Contract gate"]
        if run is None:
            self.lines.append(f"  {suite} does not exist (yet): nothing to measure")
            self.data["gate"] = None
            return
        outcome = "passed" if run.passed else "FAILED"
        self.lines.append(f"  pytest {suite}, profile {run.profile}: {outcome}, {run.properties} properties")
        self.lines.append(f"  ({run.outcome})")
        wall = self._target(
            f"gate wall s ({run.profile})", run.wall_s, f"≤ {GATE_TARGET_S:.0f} s", run.wall_s <= GATE_TARGET_S
        )
        cases = self._target(
            f"gate cases ({run.profile})", run.cases, f"≥ {GATE_TARGET_CASES}", run.cases >= GATE_TARGET_CASES
        )
        self.lines.append(f"  {'wall time (s)':<46} {run.wall_s:>8.1f}          {wall}")
        self.lines.append(f"  {'cases run':<46} {run.cases:>8d}          {cases}")
        self.lines.append(f"  {'cases per second of property time (one worker)':<46} {run.cases_per_s:>8.0f}")
        self.lines.append(f"  {'cases per second of wall time':<46} {run.cases_per_wall_s:>8.0f}")
        self.data["gate"] = run.as_dict()

    def red_gate(self, runs: tuple[GateRun, GateRun, str] | None) -> None:
        """The gate on a copy, green and with one operation's request builder crashing, side by side."""
        self.lines += ["", "Contract gate, green and red (on a copy; one operation's request builder crashing)"]
        if runs is None:
            self.data["red_gate"] = None
            self.lines.append("  no contract suite to measure")
            return
        green, red, crashed = runs
        ratio = red.wall_s / green.wall_s if green.wall_s else float("inf")
        met = self._target("red gate / green gate", ratio, f"≤ {RED_GATE_RATIO:.0f}x", ratio <= RED_GATE_RATIO)
        for name, run in (("green", green), (f"red ({crashed} crashes)", red)):
            verdict = "passed" if run.passed else "FAILED"
            self.lines.append(f"  {name:<46} {run.wall_s:>8.1f} s  {verdict}: {run.outcome}")
        self.lines.append(f"  {'red / green wall time':<46} {ratio:>8.2f}x         {met}")
        self.data["red_gate"] = {"green": green.as_dict(), "red": red.as_dict(), "crashed": crashed, "ratio": ratio}

    def render(self) -> str:
        m = self.data["machine"]
        m["load_average_1m_at_end"] = os.getloadavg()[0]
        load = f"load average {m['load_average_1m_at_start']:.1f} at start, {m['load_average_1m_at_end']:.1f} at end"
        head = [f"hamr-contract benchmarks — {m['cpu']} x{m['cpus']}, Python {m['python']}, {m['platform']}; {load}"]
        missed = [t.name for t in self.targets if not t.met]
        tail = [
            "",
            f"Targets: {len(self.targets) - len(missed)}/{len(self.targets)} met"
            + (f"; missed: {', '.join(missed)}" if missed else ""),
        ]
        return "\n".join(head + self.lines + tail)

    def as_dict(self) -> dict[str, Any]:
        return {**self.data, "targets": [t.as_dict() for t in self.targets]}
