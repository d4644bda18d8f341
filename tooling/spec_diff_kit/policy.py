"""The versioning gate: semver of ``info.version`` against what changed, and the changelog.

breaking (or not judged by any rule) -> major, additive -> minor, docs-only -> patch
(docs/changing-the-spec.md). The gate
fails on a breaking change without a major bump unless the new spec carries a beta override for
exactly its own version, and on a version that moved without a CHANGELOG.md entry for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tooling.spec_diff_kit.apidiff import ApiDiff
from tooling.spec_diff_kit.changes import Change

OVERRIDE_KEY = "x-breaking-change-allowed"
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
LEVELS = ("none", "patch", "minor", "major")


@dataclass
class Verdict:
    required: str  # the bump the changes call for: none/patch/minor/major
    actual: str  # the bump info.version made: none/patch/minor/major, or "downgrade"/"invalid"
    old_version: str
    new_version: str
    failures: list[str] = field(default_factory=list)  # why the gate fails (empty: it passes)
    warnings: list[str] = field(default_factory=list)  # advisory: reviewers should look
    override: str = ""  # the override's reason, when one applied

    @property
    def passed(self) -> bool:
        return not self.failures


def parse(version: str) -> tuple[int, int, int] | None:
    match = SEMVER.match(version)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def bump(old: str, new: str) -> str:
    before, after = parse(old), parse(new)
    if before is None or after is None:
        return "invalid"
    if after == before:
        return "none"
    if after < before:
        return "downgrade"
    if after[0] > before[0]:
        return "major"
    return "minor" if after[1] > before[1] else "patch"


def required_bump(changes: list[Change]) -> str:
    severities = {c.severity for c in changes}
    if severities & {"breaking", "not-judged"}:  # what no rule judged may break: gated as if it did
        return "major"
    if severities & {"non-breaking", "client"}:
        return "minor"
    return "patch" if "docs" in severities else "none"


def changelog_has(text: str, version: str) -> bool:
    """A ``## [1.2.0]`` (or ``## 1.2.0``) heading, Keep-a-Changelog style."""
    return re.search(rf"^##\s+\[?{re.escape(version)}\]?(\s|$)", text, re.MULTILINE) is not None


def override_for(new_spec: dict[str, Any], version: str, changes: list[Change], unstable: set[str]) -> str | None:
    """The override's reason if it applies: it names this very version, gives a reason, and every
    breaking change is on an ``x-unstable`` (public beta) operation. Otherwise None."""
    raw = (new_spec.get("info") or {}).get(OVERRIDE_KEY)
    if not isinstance(raw, dict) or str(raw.get("version")) != version or not str(raw.get("reason", "")).strip():
        return None
    breaking = [c for c in changes if c.severity in {"breaking", "not-judged"}]
    if any(c.operation not in unstable for c in breaking):
        return None
    return str(raw["reason"]).strip()


def judge(
    changes: list[Change],
    old_spec: dict[str, Any],
    new_spec: dict[str, Any],
    old_changelog: str,
    new_changelog: str,
    unstable: set[str],
) -> Verdict:
    old_version = str((old_spec.get("info") or {}).get("version", ""))
    new_version = str((new_spec.get("info") or {}).get("version", ""))
    verdict = Verdict(required_bump(changes), bump(old_version, new_version), old_version, new_version)
    unjudged = [c for c in changes if c.severity == "not-judged"]
    if unjudged:
        verdict.warnings.append(
            f"{len(unjudged)} change(s) no rule judges, gated as breaking: "
            + ", ".join(f"{c.pointer or c.where} ({c.detail})" for c in unjudged[:5])
        )
    if verdict.actual == "invalid":
        verdict.failures.append(f"info.version {new_version!r} (was {old_version!r}) is not MAJOR.MINOR.PATCH")
        return verdict
    if verdict.actual == "downgrade":
        verdict.failures.append(f"info.version went backwards: {old_version} -> {new_version}")
    if verdict.required == "major" and verdict.actual != "major":
        reason = override_for(new_spec, new_version, changes, unstable)
        if reason is None:
            verdict.failures.append(
                f"breaking change without a major version bump ({old_version} -> {new_version}): bump info.version "
                f"to the next major, or (public-beta operations only) add info.{OVERRIDE_KEY} "
                f"{{version: {new_version}, reason: ...}}; see docs/changing-the-spec.md"
            )
        else:
            verdict.override = reason
    elif verdict.actual in LEVELS and LEVELS.index(verdict.actual) < LEVELS.index(verdict.required):
        verdict.warnings.append(
            f"the changes call for a {verdict.required} bump, info.version made a {verdict.actual} one "
            f"({old_version} -> {new_version})"
        )
    if verdict.actual != "none":
        if not changelog_has(new_changelog, new_version):
            verdict.failures.append(f"info.version moved to {new_version} but CHANGELOG.md has no `## [{new_version}]`")
        elif old_changelog == new_changelog:
            verdict.failures.append(f"info.version moved to {new_version} but CHANGELOG.md did not change")
    if verdict.required == "major" and (verdict.actual == "major" or verdict.override):
        entry = _entry(new_changelog, new_version)
        if entry is not None and "breaking" not in entry.lower():
            verdict.warnings.append(f"the CHANGELOG.md entry for {new_version} does not say what breaks")
    return verdict


def judge_api(verdict: Verdict, api: ApiDiff) -> None:
    """A breakage of the package's public API (griffe) calls for a major bump, as a breaking spec change does."""
    if not api.breaking:
        return
    verdict.required = "major"
    if verdict.actual != "major" and not verdict.override:
        verdict.failures.append(
            f"the package's public API breaks ({len(api.breaking)} griffe breakage(s), first "
            f"{api.breaking[0].path}: {api.breaking[0].kind}) without a major version bump "
            f"({verdict.old_version} -> {verdict.new_version})"
        )


def _entry(text: str, version: str) -> str | None:
    match = re.search(rf"^##\s+\[?{re.escape(version)}\]?.*?(?=^##\s|\Z)", text, re.MULTILINE | re.DOTALL)
    return match[0] if match else None
