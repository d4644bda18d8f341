"""The git plumbing, on temporary repositories: which base, read without a checkout, and the edge cases."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.spec_diff.conftest import ALL_PAIRS, ROOT, dump

Git = Callable[..., subprocess.CompletedProcess[str]]
PAIR = next(p for p in ALL_PAIRS if p.name == "enum-widened")  # breaking, and the version stays 1.0.0


def run(repo: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.spec_diff", "--repo", str(repo), "--format", "json", "--no-evidence", *args],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    report = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.returncode, report, result.stderr


def commit_spec(git: Git, doc: dict[str, Any], message: str) -> None:
    repo = Path(git("rev-parse", "--show-toplevel").stdout.strip())
    (repo / "openapi").mkdir(exist_ok=True)
    (repo / "openapi" / "hamr.yaml").write_text(dump(doc))
    git("add", "openapi/hamr.yaml")
    git("commit", "-q", "--allow-empty", "-m", message)


def repo_of(git: Git) -> Path:
    return Path(git("rev-parse", "--show-toplevel").stdout.strip())


def test_on_main_the_last_commit_is_judged_against_the_one_before(git_repo: Git) -> None:
    commit_spec(git_repo, PAIR.old, "v1")
    commit_spec(git_repo, PAIR.new, "breaking")
    code, report, _ = run(repo_of(git_repo))
    assert code == 1
    assert report["base"].startswith("HEAD~1 ")
    assert {c["rule"] for c in report["changes"]} == set(PAIR.expect)


def test_uncommitted_edits_on_main_are_judged_against_head(git_repo: Git) -> None:
    commit_spec(git_repo, PAIR.old, "v1")
    commit_spec(git_repo, PAIR.old, "same again")  # HEAD~1 exists, but HEAD is the base
    (repo_of(git_repo) / "openapi" / "hamr.yaml").write_text(dump(PAIR.new))
    code, report, _ = run(repo_of(git_repo))
    assert code == 1
    assert report["base"].startswith("HEAD ")


def test_a_branch_is_judged_against_its_merge_base_with_main(git_repo: Git) -> None:
    commit_spec(git_repo, PAIR.old, "v1")
    git_repo("checkout", "-q", "-b", "feature")
    commit_spec(git_repo, PAIR.new, "breaking on the branch")
    git_repo("checkout", "-q", "main")
    commit_spec(git_repo, PAIR.new, "main moved on (to the same spec)")
    git_repo("checkout", "-q", "feature")
    code, report, _ = run(repo_of(git_repo))
    assert report["base"].startswith("merge-base(HEAD, main) ")
    assert code == 1  # against main's tip there would be no change at all


def test_the_old_spec_is_read_without_touching_the_work_tree(git_repo: Git) -> None:
    commit_spec(git_repo, PAIR.old, "v1")
    commit_spec(git_repo, PAIR.new, "breaking")
    before = git_repo("status", "--porcelain=v1", "--ignored").stdout, git_repo("rev-parse", "HEAD").stdout
    run(repo_of(git_repo), "HEAD~1")
    after = git_repo("status", "--porcelain=v1", "--ignored").stdout, git_repo("rev-parse", "HEAD").stdout
    assert before == after


def test_a_single_commit_is_skipped_with_a_clear_message(git_repo: Git) -> None:
    commit_spec(git_repo, PAIR.old, "v1")
    code, report, _ = run(repo_of(git_repo))
    assert code == 0
    assert "first commit" in report["skipped"]


def test_a_shallow_clone_says_how_to_deepen(git_repo: Git, tmp_path: Path) -> None:
    commit_spec(git_repo, PAIR.old, "v1")
    commit_spec(git_repo, PAIR.new, "breaking")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo_of(git_repo)}", str(shallow)], check=True)
    code, report, _ = run(shallow)
    assert code == 0
    assert "shallow clone" in report["skipped"]
    assert "--deepen" in report["skipped"]


def test_a_spec_that_did_not_exist_at_the_base_is_skipped(git_repo: Git) -> None:
    (repo_of(git_repo) / "README").write_text("x\n")
    git_repo("add", "README")
    git_repo("commit", "-q", "-m", "no spec yet")
    commit_spec(git_repo, PAIR.old, "v1")
    code, report, _ = run(repo_of(git_repo))
    assert code == 0
    assert "did not exist" in report["skipped"]


@pytest.mark.parametrize("args", [["no-such-ref"], ["--examples", "0"], ["--format", "yaml"]])
def test_bad_arguments_get_a_usage_message(git_repo: Git, args: list[str]) -> None:
    commit_spec(git_repo, PAIR.old, "v1")
    code, _, stderr = run(repo_of(git_repo), *args)
    assert code == 2
    assert "usage:" in stderr
