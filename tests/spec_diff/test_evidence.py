"""The evidence run decides what only the generated client can: and it finds what the rules claim.

Each pair marked ``evidence: true`` is generated (the base once, the new spec per pair), then
hypothesis cases run both ways with a modest count; the classification after evidence must be
the pair's. The control: a spec against itself breaks no case either way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.spec_diff.conftest import ALL_PAIRS, BASE, Pair, package
from tooling import spec_doc
from tooling.spec_diff_kit import combine, evidence, rules

COUNT = 12  # per operation and status: enough to hit each change, fast enough for every CI run


def test_a_spec_against_itself_breaks_no_case(base_package: Path) -> None:
    doc = spec_doc.inline(BASE)
    ev = evidence.gather(doc, doc, (base_package, base_package), COUNT, everything=True)
    assert ev.request_cases >= COUNT  # POST alone yields COUNT distinct requests
    assert ev.response_cases >= 5 * COUNT
    assert [t.where for t in (*ev.requests, *ev.responses) if t.broken or t.noise] == []


@pytest.mark.parametrize("pair", [p for p in ALL_PAIRS if p.evidence], ids=lambda p: p.name)
def test_evidence_settles_the_classification(pair: Pair, base_package: Path, tmp_path: Path) -> None:
    old, new = spec_doc.inline(pair.old), spec_doc.inline(pair.new)
    new_package = package(pair.new, tmp_path, "new")
    ev = evidence.gather(old, new, (base_package, new_package), COUNT)
    changes = combine.resolve(rules.compare(old, new), ev)
    found: dict[str, str] = {}
    for change in changes:
        found.setdefault(change.rule, change.severity)
        if change.rule in pair.expect:
            assert change.basis, f"{change.rule} has no evidence behind it"
    assert found == pair.expect, pair.about


def test_an_old_client_rejecting_a_widened_enum_is_caught_by_cases(base_package: Path, tmp_path: Path) -> None:
    pair = next(p for p in ALL_PAIRS if p.name == "enum-widened")
    new_package = package(pair.new, tmp_path, "new")
    ev = evidence.gather(spec_doc.inline(pair.old), spec_doc.inline(pair.new), (base_package, new_package), COUNT)
    ok = {t.where: t for t in ev.responses}["GET /api/v2/hamr 200"]
    # Some generated response carried status 6, and the old client blamed exactly that field.
    assert ok.broken_under("/data/attributes/hamr_status") > 0
    assert set(ok.broken_at) == {"/data/attributes/hamr_status"}
