"""spec-diff on a tree whose generated/ is not what the spec and templates produce, and on a docs-only edit.

The warning comes first (top of the report, and on stderr), the API section says what it compared
instead of a bare "No public API change", and a docs-only edit runs no case: nothing the cases
exercise changed. The packages come from the cache the second time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.spec_diff.conftest import BASE, dump
from tests.spec_diff.test_report_format import sample_result
from tooling import spec_diff, spec_doc
from tooling.spec_diff_kit import evidence
from tooling.spec_diff_kit.openapi import without_prose
from tooling.spec_diff_kit.report import markdown

Git = Callable[..., subprocess.CompletedProcess[str]]
NAME = "/components/schemas/HamrOrgConnectionTargetOrgName"  # the docstring of target_org_name


def _docs_edit() -> str:
    doc = spec_doc.parse(dump(BASE))
    schema = spec_doc.at(doc, NAME)
    schema["description"] = schema.get("description", "") + " As Datadog shows it."
    return dump(doc)


def _run(repo: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, dict[str, Any], str]:
    markdown = repo.parent / "report.md"
    code = spec_diff.main(
        ["--repo", str(repo), "--format", "json", "--markdown-out", str(markdown), "--examples", "5",
         "--cache-dir", str(cache), "--timings"]
    )  # fmt: skip
    captured = capsys.readouterr()
    return code, markdown.read_text(), json.loads(captured.out), captured.err


def test_a_stale_generated_is_warned_about_first_and_a_docs_edit_runs_no_case(
    git_repo: Git, base_package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Path(git_repo("rev-parse", "--show-toplevel").stdout.strip())
    (repo / "openapi").mkdir()
    (repo / "openapi" / "hamr.yaml").write_text(dump(BASE))
    shutil.copytree(base_package, repo / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    git_repo("add", "-A")
    git_repo("commit", "-q", "-m", "the spec and its package")
    (repo / "openapi" / "hamr.yaml").write_text(_docs_edit())  # edited, not regenerated
    cache = tmp_path / "cache"

    code, markdown, report, stderr = _run(repo, cache, capsys)

    assert code == 0, report["verdict"]
    stale = report["generated"]["stale"]
    assert stale, "generated/ was not found stale"
    assert all(name.startswith("hamr_client/models/") for name in stale), stale
    assert "spec-diff: WARNING: generated/ is not what the spec and templates produce" in stderr
    title, blank, warning = markdown.splitlines()[:3]
    assert title.startswith("## Spec diff")
    assert not blank
    assert warning.startswith("> **WARNING: generated/ is not what the spec and templates produce")
    assert stale[0] in warning
    assert report["api_against"] == "fresh"
    assert "No public API change.\n" not in markdown
    assert "generated/ is stale (see the warning at the top)" in markdown
    assert "No public API change once regenerated." in markdown
    # A docs-only edit: nothing the cases exercise changed, so none ran.
    assert {c["rule"] for c in report["changes"]} == {"docs.changed"}
    assert report["evidence"] == {"note": "", "requests": [], "responses": []}
    assert "no case ran" in markdown

    # Regenerated (the package the cache holds for the edited spec is what `nox -s generate` writes): no warning.
    (fresh,) = [entry for entry in cache.iterdir() if not entry.name.startswith(".")]
    shutil.rmtree(repo / "generated")
    shutil.copytree(fresh, repo / "generated", ignore=shutil.ignore_patterns("__pycache__"))

    code, markdown, report, stderr = _run(repo, cache, capsys)

    assert code == 0
    assert report["generated"] == {"checked": True, "stale": [], "unknown": None}
    assert "WARNING" not in stderr
    assert "WARNING" not in markdown
    assert report["api_against"] == "generated"
    assert "No public API change.\n" in markdown
    assert "from the cache: new" in stderr  # generated once for both runs


def test_without_prose_drops_only_prose() -> None:
    schema = {
        "type": "object",
        "description": "prose",
        "x-enum-varnames": ["A"],
        "required": ["description"],
        "properties": {"description": {"type": "string", "description": "prose", "example": "x"}},
        "enum": [{"description": "a value, kept"}],
    }
    assert without_prose(schema) == {
        "type": "object",
        "x-enum-varnames": ["A"],
        "required": ["description"],
        "properties": {"description": {"type": "string"}},
        "enum": [{"description": "a value, kept"}],
    }


def test_only_responses_changed_beyond_prose_get_cases() -> None:
    old = spec_doc.inline(BASE)
    docs = spec_doc.inline(spec_doc.parse(_docs_edit()))
    assert evidence.changed_responses(old, docs) == []
    assert evidence.requests(old, docs, 5) == []
    typed = spec_doc.parse(_docs_edit())
    spec_doc.at(typed, NAME)["maxLength"] = 3
    changed = {f"{key} {status}" for key, _, status, _ in evidence.changed_responses(old, spec_doc.inline(typed))}
    assert changed == {"GET /api/v2/hamr 200", "POST /api/v2/hamr 200"}


def test_a_spec_that_does_not_generate_leaves_generated_unchecked_and_says_so_first() -> None:
    result = sample_result()
    result.api, result.stale_unknown = None, "generated/ not compared with the spec: generating the new spec failed"
    lines = markdown(result).splitlines()
    assert lines[2] == "> **WARNING: generated/ not compared with the spec: generating the new spec failed**"
    assert "Not compared: generated/ not compared with the spec" in lines[-1]
    assert "No public API change" not in markdown(result)
