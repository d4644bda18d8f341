"""Every spec pair is classified as its file says: each rule, breaking and not, on both sides."""

from __future__ import annotations

import re

import pytest

from tests.spec_diff.conftest import ALL_PAIRS, ROOT, Pair
from tooling import spec_doc
from tooling.spec_diff_kit import rules


def classify(pair: Pair) -> dict[str, str]:
    changes = rules.compare(spec_doc.inline(pair.old), spec_doc.inline(pair.new))
    found: dict[str, str] = {}
    for change in changes:
        found.setdefault(change.rule, change.severity)
    return found


@pytest.mark.parametrize("pair", [p for p in ALL_PAIRS if not p.evidence], ids=lambda p: p.name)
def test_rules_classify_the_pair(pair: Pair) -> None:
    assert classify(pair) == pair.expect, pair.about


@pytest.mark.parametrize("pair", [p for p in ALL_PAIRS if p.evidence], ids=lambda p: p.name)
def test_rules_name_the_change_evidence_decides(pair: Pair) -> None:
    # Before evidence, "client" rules are undecided; everything else is already final.
    expected = {rule: ("client" if rules.RULES[rule][0] == "client" else sev) for rule, sev in pair.expect.items()}
    assert classify(pair) == expected, pair.about


def test_there_are_enough_pairs_and_every_rule_a_pair_names_exists() -> None:
    assert len(ALL_PAIRS) >= 45
    named = {rule for pair in ALL_PAIRS for rule in pair.expect}
    assert named <= rules.RULES.keys()
    severities = {sev for pair in ALL_PAIRS for sev in pair.expect.values()}
    assert {"breaking", "non-breaking", "docs", "not-judged"} <= severities


# Every family of OpenAPI 3.0 the rules judge has pairs on both sides of the line.
FAMILIES = ("format", "union", "servers", "security", "read-only", "write-only", "default", "nullable", "header",
            "link", "not-judged")  # fmt: skip


@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_has_a_pair(family: str) -> None:
    assert any(family in rule for pair in ALL_PAIRS for rule in pair.expect), family


def test_each_pair_names_the_field_where_it_is_written() -> None:
    for pair in ALL_PAIRS:
        old, new = spec_doc.inline(pair.old), spec_doc.inline(pair.new)
        found = {(c.rule, c.pointer) for c in rules.defined_at(rules.compare(old, new), pair.old, pair.new)}
        assert set(pair.field.items()) <= found, pair.name


def test_a_spec_compared_with_itself_has_no_change() -> None:
    doc = spec_doc.inline(ALL_PAIRS[0].old)
    assert rules.compare(doc, doc) == []


def test_the_docs_table_lists_every_rule_with_its_severity() -> None:
    doc = (ROOT / "docs" / "changing-the-spec.md").read_text()
    rows = dict(re.findall(r"^\| `([a-z.-]+)` \| ([a-z-]+) \|", doc, re.MULTILINE))
    assert rows == {rule: severity for rule, (severity, _) in rules.RULES.items()}
