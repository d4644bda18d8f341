"""The versioning gate: semver bumps against the classification, the beta override, the changelog."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.spec_diff.conftest import ALL_PAIRS, ROOT
from tooling import spec_doc
from tooling.spec_diff_kit import apidiff, policy, rules

PAIRS = {pair.name: pair for pair in ALL_PAIRS}
UNSTABLE = {"GET /api/v2/hamr", "POST /api/v2/hamr"}
OLD_LOG = "# Changelog\n\n## [1.0.0] - 2026-11-23\n\n- First version.\n"


def versioned(doc: dict[str, Any], version: str, **info: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    out["info"] = {**out["info"], "version": version, **info}
    return out


def judge(pair: str, version: str, log: str = OLD_LOG, **info: Any) -> policy.Verdict:
    chosen = PAIRS[pair]
    new = versioned(chosen.new, version, **info)
    changes = rules.compare(spec_doc.inline(chosen.old), spec_doc.inline(new))
    return policy.judge(changes, chosen.old, new, OLD_LOG, log, UNSTABLE)


def logged(version: str, text: str = "- BREAKING: status 6 may come back.") -> str:
    return OLD_LOG.replace("# Changelog\n\n", f"# Changelog\n\n## [{version}] - 2026-11-24\n\n{text}\n\n")


versions = st.tuples(*(st.integers(0, 50),) * 3)


@given(versions)
def test_bump_names_the_semver_step(v: tuple[int, int, int]) -> None:
    text = ".".join(map(str, v))
    a, b, c = v
    assert policy.bump(text, f"{a + 1}.0.0") == "major"
    assert policy.bump(text, f"{a}.{b + 1}.0") == "minor"
    assert policy.bump(text, f"{a}.{b}.{c + 1}") == "patch"
    assert policy.bump(text, text) == "none"
    assert policy.bump(f"{a + 1}.0.0", text) == "downgrade"


def test_a_breaking_change_without_a_major_bump_fails() -> None:
    verdict = judge("enum-widened", "1.1.0", logged("1.1.0"))
    assert verdict.required == "major"
    assert not verdict.passed
    assert "without a major version bump" in verdict.failures[0]


def test_a_breaking_change_with_a_major_bump_and_an_entry_passes() -> None:
    verdict = judge("enum-widened", "2.0.0", logged("2.0.0"))
    assert verdict.passed, verdict.failures
    assert verdict.warnings == []


def test_the_beta_override_for_this_version_allows_a_breaking_minor() -> None:
    override = {"version": "1.1.0", "reason": "Datadog added status 6 to the beta endpoint."}
    verdict = judge("enum-widened", "1.1.0", logged("1.1.0"), **{policy.OVERRIDE_KEY: override})
    assert verdict.passed, verdict.failures
    assert verdict.override == override["reason"]


def test_an_override_for_another_version_or_without_reason_does_not_apply() -> None:
    stale = {"version": "1.0.5", "reason": "an older change"}
    assert not judge("enum-widened", "1.1.0", logged("1.1.0"), **{policy.OVERRIDE_KEY: stale}).passed
    silent = {"version": "1.1.0", "reason": " "}
    assert not judge("enum-widened", "1.1.0", logged("1.1.0"), **{policy.OVERRIDE_KEY: silent}).passed


def test_the_override_covers_only_public_beta_operations() -> None:
    chosen = PAIRS["operation-removed"]
    override = {policy.OVERRIDE_KEY: {"version": "1.1.0", "reason": "gone"}}
    new = versioned(chosen.new, "1.1.0", **override)
    changes = rules.compare(spec_doc.inline(chosen.old), spec_doc.inline(new))
    assert policy.judge(changes, chosen.old, new, OLD_LOG, logged("1.1.0"), {"GET /api/v2/hamr"}).passed
    assert not policy.judge(changes, chosen.old, new, OLD_LOG, logged("1.1.0"), set()).passed


def test_a_version_that_moved_needs_its_changelog_entry() -> None:
    missing = judge("request-optional-field-added", "1.1.0", OLD_LOG)
    assert [f for f in missing.failures if "CHANGELOG.md" in f]
    wrong = judge("request-optional-field-added", "1.1.0", logged("1.2.0"))
    assert [f for f in wrong.failures if "## [1.1.0]" in f]
    assert judge("request-optional-field-added", "1.1.0", logged("1.1.0", "- Added reason.")).passed


def test_an_additive_change_without_a_bump_passes_with_a_warning() -> None:
    verdict = judge("request-optional-field-added", "1.0.0")
    assert verdict.passed
    assert verdict.required == "minor"
    assert "minor" in verdict.warnings[0]


def test_docs_only_calls_for_a_patch_and_nothing_for_no_change() -> None:
    assert judge("docs-only", "1.0.1", logged("1.0.1", "- Docs.")).required == "patch"
    doc = PAIRS["docs-only"].old
    assert policy.judge([], doc, doc, OLD_LOG, OLD_LOG, UNSTABLE).required == "none"


def test_a_version_going_backwards_or_not_semver_fails() -> None:
    assert not judge("docs-only", "0.9.0", logged("0.9.0")).passed
    assert "MAJOR.MINOR.PATCH" in judge("docs-only", "1.0", logged("1.0")).failures[0]


def test_the_changelog_has_an_entry_for_the_current_spec_version() -> None:
    spec = spec_doc.read()
    assert policy.changelog_has((ROOT / "CHANGELOG.md").read_text(), str(spec["info"]["version"]))


def _api_break() -> apidiff.ApiDiff:
    removed = apidiff.Break("Parameter was removed", "hamr_client.errors.UnexpectedStatus.__init__", "content", "")
    return apidiff.ApiDiff([removed], [])


@pytest.mark.parametrize(("new_version", "fails"), [("2.1.0", True), ("3.0.0", False)])
def test_a_package_api_breakage_calls_for_a_major_bump(new_version: str, fails: bool) -> None:
    verdict = policy.Verdict("patch", policy.bump("2.0.0", new_version), "2.0.0", new_version)
    policy.judge_api(verdict, _api_break())
    assert verdict.required == "major"
    assert (not verdict.passed) is fails
    assert not fails or "UnexpectedStatus.__init__" in verdict.failures[0]


def test_an_api_without_breakage_leaves_the_verdict_alone() -> None:
    verdict = policy.Verdict("minor", "minor", "2.0.0", "2.1.0")
    policy.judge_api(verdict, apidiff.ApiDiff([], ["hamr_client.client.AuthenticatedClient.with_options"]))
    assert (verdict.required, verdict.failures) == ("minor", [])
