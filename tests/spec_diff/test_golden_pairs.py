"""Each golden pair through scripts/spec_diff.py, as the spec-diff session runs it on a change: old spec
committed, new spec committed on top, the last commit judged against the one before.

The verdict is the pair's (a breaking or not-judged change fails a spec whose version did not move;
anything else passes), and every change the pair expects names its field: the JSON pointer of the
place in the spec where it is written. Evidence is off here (test_evidence.py runs it on the pairs
marked for it), so a ``client`` rule stays unverified and counts as breaking.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.spec_diff.conftest import ALL_PAIRS, Pair, dump
from tooling import spec_diff
from tooling.spec_diff_kit import rules

Git = Callable[..., subprocess.CompletedProcess[str]]
GATED = {"breaking", "not-judged", "client"}  # without evidence a client rule is not verified: breaking


def commit(git: Git, repo: Path, doc: dict[str, object], message: str) -> None:
    (repo / "openapi").mkdir(exist_ok=True)
    (repo / "openapi" / "hamr.yaml").write_text(dump(doc))
    git("add", "openapi/hamr.yaml")
    git("commit", "-q", "--allow-empty", "-m", message)


def test_every_pair_names_the_field_of_each_change_it_expects() -> None:
    for pair in ALL_PAIRS:
        assert set(pair.field) == set(pair.expect) - {"docs.changed"}, pair.name


@pytest.mark.parametrize("pair", ALL_PAIRS, ids=lambda p: p.name)
def test_spec_diff_gives_the_pair_its_verdict_and_names_the_field(
    pair: Pair, git_repo: Git, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Path(git_repo("rev-parse", "--show-toplevel").stdout.strip())
    commit(git_repo, repo, pair.old, "old")
    commit(git_repo, repo, pair.new, "new")
    code = spec_diff.main(["--repo", str(repo), "--format", "json", "--no-evidence"])
    report = json.loads(capsys.readouterr().out)
    severities = {
        rules.RULES[rule][0] if rules.RULES[rule][0] == "client" else sev for rule, sev in pair.expect.items()
    }
    gated = bool(severities & GATED)
    assert (code, report["passed"]) == (int(gated), not gated), f"{pair.name}: {report['verdict']}"
    assert report["verdict"]["required"] == ("major" if gated else "minor" if "non-breaking" in severities else "patch")
    named = {(c["rule"], c["pointer"]) for c in report["changes"]}
    assert {c["rule"] for c in report["changes"]} == set(pair.expect), pair.about
    for rule, pointer in pair.field.items():
        assert (rule, pointer) in named, f"{pair.name}: no {rule} at {pointer}; the report has {sorted(named)}"
