"""openapi-diff's second opinion: where it calls something breaking, the rules agree (except for
the one documented dispute), and it never sees a breaking change the rules missed.

The pairs are those where openapi-diff 0.24.1 has an opinion (each run costs a node start); on
the others (enum, format, nullable, header, server and new-2xx changes) it reports nothing, which
is why the rules and the evidence exist. Needs node and `npm ci` (the spec-diff session runs both).
"""

from __future__ import annotations

import pytest
import spec_doc
from spec_diff_kit import combine, external, rules

from tests.spec_diff.conftest import ALL_PAIRS, ROOT, Pair

# JSON-Schema-strictly, an optional request property narrows what the old schema accepted (any
# value under that name); OpenAPI practice, and the rules, call it additive.
DISPUTED = {"request-optional-field-added"}


OPINIONATED = {
    "constraint-narrowed", "operation-added", "operation-removed", "request-optional-field-added",
    "request-required-field-added", "response-field-became-optional", "status-removed", "type-changed",
}  # fmt: skip


@pytest.mark.parametrize("pair", [p for p in ALL_PAIRS if p.name in OPINIONATED], ids=lambda p: p.name)
def test_openapi_diff_agrees_with_the_rules(pair: Pair) -> None:
    old, new = spec_doc.inline(pair.old), spec_doc.inline(pair.new)
    opinion = external.run(ROOT, old, new)
    assert opinion.available, opinion.note
    changes, notes = combine.cross_check(rules.compare(old, new), opinion)
    relations = {how.split(":")[0] for _, how in notes}
    assert relations <= ({"agrees", "disputed"} if pair.name in DISPUTED else {"agrees"})
    assert [c for c in changes if c.rule == "openapi-diff.breaking"] == []
    assert opinion.findings, "openapi-diff has no opinion here any more: move the pair out of OPINIONATED"
    if pair.name in DISPUTED:
        assert "disputed" in relations


def test_a_breaking_difference_the_rules_cannot_see_is_added() -> None:
    pair = next(p for p in ALL_PAIRS if p.name == "status-removed")
    old, new = spec_doc.inline(pair.old), spec_doc.inline(pair.new)
    opinion = external.run(ROOT, old, new)
    changes, notes = combine.cross_check([], opinion)  # as if no rule had fired
    assert [c.rule for c in changes] == ["openapi-diff.breaking"]
    assert notes[0][1] == "only openapi-diff saw this"
