"""Evidence is credited only where its cases exercise the change: response bodies say nothing of headers or links."""

from __future__ import annotations

from tooling.spec_diff_kit import combine
from tooling.spec_diff_kit.changes import Change
from tooling.spec_diff_kit.evidence import Evidence, Trial


def _untouched(where: str, cases: int) -> Trial:
    trial = Trial(where)
    for _ in range(cases):
        trial.record("parsed", False, {"errors": []})
    return trial


EVIDENCE = Evidence([], [_untouched("GET /api/v2/hamr 429", 20)])


def test_a_body_change_is_credited_with_the_body_cases() -> None:
    change = Change("response.field-removed", "GET /api/v2/hamr 429 /errors", "required field removed")
    assert combine.resolve([change], EVIDENCE)[0].basis == "0/20 cases broke here"


def test_a_header_change_is_not_credited_with_body_cases() -> None:
    removed = Change("response.header-removed", "GET /api/v2/hamr 429 header x-ratelimit-reset", "removed")
    widened = Change("response.format-widened", "GET /api/v2/hamr 429 header x-ratelimit-limit /", "int32 -> int64")
    settled = combine.resolve([removed, widened], EVIDENCE)
    assert settled[0].basis == ""
    # A client rule no case exercised is not verified, so it counts as breaking.
    assert (settled[1].severity, settled[1].basis) == ("breaking", "not verified: no evidence ran")
