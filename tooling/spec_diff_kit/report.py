"""The result of one comparison, as Markdown (a PR comment) and as JSON (for machines)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from tooling.spec_diff_kit.apidiff import ApiDiff
from tooling.spec_diff_kit.changes import Change
from tooling.spec_diff_kit.evidence import Evidence, Trial
from tooling.spec_diff_kit.policy import Verdict

NO_REQUEST = (
    "no request changed (descriptions, summaries and examples aside): every request valid under the old spec is "
    "valid under the new one by construction, so no case ran"
)
NO_RESPONSE = (
    "no response changed (descriptions, summaries and examples aside): the old client parses every one as the new "
    "client does, so no case ran"
)
ORDER = {"breaking": 0, "not-judged": 1, "client": 2, "non-breaking": 3, "docs": 4}


@dataclass
class Result:
    spec: str  # the spec's path in the repository
    base: str  # "HEAD~1 (a123a6f)"
    base_why: str
    target: str  # "working tree"
    changes: list[Change] = field(default_factory=list)
    verdict: Verdict | None = None
    evidence: Evidence | None = None
    api: ApiDiff | None = None
    skipped: str = ""  # why nothing was compared (no base); the gate passes
    # generated/ against a fresh generation: None not compared, [] the same, else the files that differ.
    stale: list[str] | None = None
    stale_unknown: str = ""  # why generated/ could not be compared (the new spec does not generate)
    api_against: str = ""  # "fresh": the API diff's new side is a fresh generation (generated/ is stale)
    api_judged: bool = False  # the API diff is the package users get, so the verdict reads it

    @property
    def exit_code(self) -> int:
        return 1 if self.verdict is not None and not self.verdict.passed else 0

    def counts(self) -> dict[str, int]:
        out = {"breaking": 0, "not-judged": 0, "non-breaking": 0, "docs": 0}
        for change in self.changes:
            out[change.severity if change.severity in out else "breaking"] += 1
        return out


def _bump(level: str) -> str:
    return {"none": "no bump", "downgrade": "a downgrade", "invalid": "not semver"}.get(level, f"a {level} bump")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """``text`` as inline code in a table cell, whatever backticks it holds (a case's strings may)."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {_cell(text)} {fence}" if fence == "``" else f"`{_cell(text)}`"


def _trial_rows(trials: list[Trial], noun: str) -> list[str]:
    rows = [f"| where | cases | {noun} | outcomes | smallest broken case |", "| --- | ---: | ---: | --- | --- |"]
    for t in trials:
        outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(t.outcomes.items()))
        if t.noise:
            outcomes += f"; {t.noise} also rejected by the new client (not counted)"
        example = f"{_code(t.example)} at `{t.smallest_at}`" if t.example else ""
        rows.append(f"| {t.where} | {t.cases} | {t.broken} | {_cell(outcomes)} | {example} |")
    return rows


def stale_warning(stale: list[str]) -> str:
    shown = ", ".join(stale[:8]) + (f" and {len(stale) - 8} more" if len(stale) > 8 else "")
    return (
        f"generated/ is not what the spec and templates produce ({len(stale)} file(s) differ: {shown}). "
        "Run `nox -s generate` and commit the result; the API diff below is taken against a fresh generation."
    )


def _banner(result: Result) -> list[str]:
    """The warning that comes before everything else: the committed package is not the spec's."""
    if result.stale:
        return [f"> **WARNING: {stale_warning(result.stale)}**", ""]
    if result.stale_unknown:
        return [f"> **WARNING: {result.stale_unknown}**", ""]
    return []


def markdown(result: Result) -> str:
    lines = [f"## Spec diff: `{result.spec}` {result.base} -> {result.target}", "", *_banner(result)]
    if result.skipped:
        return "\n".join([*lines, f"**Skipped**: {result.skipped}. The gate passes: nothing to compare.", ""])
    verdict = result.verdict
    assert verdict is not None
    status = "PASS" if verdict.passed else "FAIL: unannounced breaking change or version/changelog mismatch"
    counts = result.counts()
    lines += [
        f"**{status}**",
        "",
        f"- base: {result.base_why}",
        f"- changes: {counts['breaking']} breaking, {counts['not-judged']} not judged, "
        f"{counts['non-breaking']} non-breaking, {counts['docs']} docs-only",
        f"- version: {verdict.old_version} -> {verdict.new_version} ({_bump(verdict.actual)}; "
        f"the changes call for {_bump(verdict.required)})",
    ]
    if verdict.override:
        lines.append(f"- breaking change allowed by the beta override: {verdict.override}")
    lines += [f"- **fails**: {text}" for text in verdict.failures]
    lines += [f"- warning: {text}" for text in verdict.warnings]
    lines += ["", "### Changes", ""]
    if result.changes:
        lines += [
            "| severity | rule | where | spec pointer | what | why | evidence |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for c in sorted(result.changes, key=lambda c: (ORDER.get(c.severity, 0), c.where, c.rule)):
            pointer = f"`{_cell(c.pointer)}`" if c.pointer else ""
            lines.append(
                f"| **{c.severity}** | `{c.rule}` | {_cell(c.where)} | {pointer} | {_cell(c.detail)} | "
                f"{_cell(c.why)} | {_cell(c.basis)} |"
            )
    else:
        lines.append("None: the two specs are the same (apart from info.version).")
    lines += _evidence(result.evidence) + _api(result)
    return "\n".join(lines).rstrip() + "\n"


def _evidence(ev: Evidence | None) -> list[str]:
    if ev is None:
        return []
    return [
        "",
        "### Evidence (hypothesis)",
        "",
        f"{ev.request_cases} requests generated valid under the old spec, validated against the new:",
        "",
        *(_trial_rows(ev.requests, "rejected by new spec") if ev.requests else [f"_{NO_REQUEST}_"]),
        "",
        f"{ev.response_cases} responses generated valid under the new spec (statuses whose response changed), "
        "parsed by the old generated client (control: the new client):",
        "",
        *(_trial_rows(ev.responses, "old client fails") if ev.responses else [f"_{ev.note or NO_RESPONSE}_"]),
    ]


def _api(result: Result) -> list[str]:
    api = result.api
    if api is None:
        if result.stale_unknown:
            return ["", "### Generated package API (griffe)", "", f"Not compared: {result.stale_unknown}."]
        return []
    lines = ["", "### Generated package API (griffe)", ""]
    if result.api_against == "fresh":
        lines += [
            "generated/ is stale (see the warning at the top): this compares generated/ as committed at the base "
            "with a fresh generation from the working tree's spec and templates, not with generated/ as it is.",
            "",
        ]
    if api.empty:
        lines.append(
            "No public API change." if result.api_against != "fresh" else "No public API change once regenerated."
        )
    if api.breaking:
        lines += [
            f"Breaking for code written against the old package (`griffe.find_breaking_changes`, {len(api.breaking)}):",
            "",
        ]
        for b in api.breaking:
            change = " -> ".join(f"`{_cell(v)}`" for v in (b.old, b.new) if v)
            lines.append(f"- `{b.path}`: {b.kind}" + (f": {change}" if change else ""))
        lines.append("")
    if api.added:
        lines += [f"Added ({len(api.added)}):", "", *(f"- `{path}`" for path in api.added)]
    return lines


def as_json(result: Result) -> dict[str, Any]:
    def change(c: Change) -> dict[str, Any]:
        return {"rule": c.rule, "severity": c.severity, "where": c.where, "pointer": c.pointer, "detail": c.detail,
                "why": c.why, "evidence": c.basis}  # fmt: skip

    return {
        "spec": result.spec,
        "base": result.base,
        "target": result.target,
        "skipped": result.skipped or None,
        "passed": result.exit_code == 0,
        "counts": result.counts(),
        "verdict": dataclasses.asdict(result.verdict) if result.verdict else None,
        "changes": [change(c) for c in result.changes],
        "evidence": dataclasses.asdict(result.evidence) if result.evidence else None,
        "api": None if result.api is None else dataclasses.asdict(result.api),
        "api_against": result.api_against or "generated",
        "generated": {
            "checked": result.stale is not None,
            "stale": result.stale or [],
            "unknown": result.stale_unknown or None,
        },
    }


def dumps(result: Result) -> str:
    return json.dumps(as_json(result), indent=2, sort_keys=True) + "\n"
