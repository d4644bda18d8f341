"""The report's format, snapshot-tested: Markdown (PR comment) and JSON, against golden files.

The inputs are fixed (a spec pair, hand-made evidence and API diff), so only a change to
the format changes the output. To accept a deliberate change: SPEC_DIFF_UPDATE_GOLDEN=1 pytest ...
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.spec_diff.conftest import ALL_PAIRS
from tooling import spec_doc
from tooling.spec_diff_kit import combine, policy, rules
from tooling.spec_diff_kit.apidiff import ApiDiff, Break
from tooling.spec_diff_kit.evidence import Evidence, Trial
from tooling.spec_diff_kit.report import Result, as_json, dumps, markdown

GOLDEN = Path(__file__).parent / "golden"
PAIR = next(p for p in ALL_PAIRS if p.name == "enum-widened")


def trial(where: str, cases: int, broken_at: dict[str, int], outcome: str) -> Trial:
    t = Trial(where)
    for pointer, n in broken_at.items():
        for _ in range(n):
            t.record(outcome, True, {"data": {"attributes": {"hamr_status": 6}}}, pointer)
    while t.cases < cases:
        t.record("parsed" if outcome.startswith("rejected") else "valid", False, {"data": {}})
    return t


def sample_result() -> Result:
    old, new = spec_doc.inline(PAIR.old), spec_doc.inline(PAIR.new)
    ev = Evidence(
        requests=[trial("POST /api/v2/hamr", 300, {}, "valid")],
        responses=[
            trial("GET /api/v2/hamr 200", 300, {"/data/attributes/hamr_status": 41}, "rejected: InvalidResponse"),
            trial("POST /api/v2/hamr 200", 300, {"/data/attributes/hamr_status": 38}, "rejected: InvalidResponse"),
        ],
    )
    changes = combine.resolve(rules.defined_at(rules.compare(old, new), PAIR.old, PAIR.new), ev)
    api = ApiDiff(
        breaking=[
            Break(
                "Parameter default was changed",
                "hamr_client.client.datadog_client(site)",
                "site = 'datadoghq.com'",
                "site = None",
            )
        ],
        added=["hamr_client.models.hamr_org_connection_status.HamrOrgConnectionStatus.DECOMMISSIONED"],
    )
    result = Result("openapi/hamr.yaml", "HEAD~1 (0123abc)", "HEAD~1, the commit before HEAD on main", "working tree")
    result.changes, result.evidence, result.api = changes, ev, api
    result.verdict = policy.judge(changes, PAIR.old, PAIR.new, "", "", {"GET /api/v2/hamr", "POST /api/v2/hamr"})
    return result


@pytest.mark.parametrize(("name", "render"), [("report.md", markdown), ("report.json", dumps)])
def test_the_report_matches_its_golden_file(name: str, render: object) -> None:
    assert callable(render)
    text = render(sample_result())
    golden = GOLDEN / name
    if os.environ.get("SPEC_DIFF_UPDATE_GOLDEN"):
        golden.write_text(text)
    assert text == golden.read_text()


def test_the_json_says_what_the_exit_code_says() -> None:
    result = sample_result()
    data = as_json(result)
    assert result.exit_code == 1
    assert data["passed"] is False
    assert data["counts"]["breaking"] == sum(c["severity"] == "breaking" for c in data["changes"]) > 0
    assert json.loads(dumps(result)) == data


def test_a_skipped_comparison_passes_and_says_why() -> None:
    result = Result("openapi/hamr.yaml", "(no base)", "", "working tree", skipped="HEAD is the first commit")
    assert result.exit_code == 0
    assert "**Skipped**: HEAD is the first commit" in markdown(result)
