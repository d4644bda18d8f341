"""The gate follows the spec as it grows: new operations of new shapes get property cases of their own.

A copy of the tree gets the operations of new-operations.yaml (a 204 without a body, a list with
query and header parameters and a bodyless 202, a PUT with a path parameter and a list of lists),
is regenerated, and runs the contract gate. Nothing about the existing operations may fail; each
new operation must have passing property cases; the only failures allowed are the two a person
must resolve -- recordings missing, and the fake not modelling an operation -- each naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import jsonpatch
import pytest

from tooling import spec_doc
from tooling.gate_tree import gate_tests, grown_tree, run_pytest

pytestmark = pytest.mark.slow  # a regeneration and a whole gate run, about 40 s

HERE = Path(__file__).parent
GROWTH = spec_doc.load_yaml(HERE / "new-operations.yaml")
ORIGINAL = spec_doc.read()
# The property tests: each draws cases from the spec, per operation.
PROPERTIES = (
    "test_client_parses_every_spec_valid_response",
    "test_client_rejects_every_spec_invalid_body",
    "test_client_rejects_undocumented_statuses",
    "test_client_sends_spec_valid_requests",
)
ALLOWED = ("recording missing: ", "fake does not model: ")
# What a new operation gets from the property tests under the dev profile (25 examples a property);
# a strategy that cannot call its generated function gets one case, and fails.
MIN_CASES = 100


def operation_ids(spec: spec_doc.Doc) -> set[str]:
    return {str(operation["operationId"]) for _, _, operation in spec_doc.walk(spec)}


EXISTING = operation_ids(ORIGINAL)
NEW = operation_ids(jsonpatch.apply_patch(ORIGINAL, GROWTH)) - EXISTING


@dataclass(frozen=True)
class Outcome:
    test: str
    failure: str | None
    cases: int


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    tree = grown_tree(tmp_path_factory.mktemp("grown"), GROWTH)
    report = tree / "gate.xml"
    run_pytest(tree, "dev", *gate_tests(tree), f"--junitxml={report}", "-o", "junit_family=xunit1")
    found = []
    for case in ElementTree.parse(report).iter("testcase"):  # noqa: S314 -- the report pytest just wrote
        failed = case.find("failure")
        if failed is None:
            failed = case.find("error")
        cases = sum(int(p.get("value", 0)) for p in case.iter("property") if p.get("name") == "cases")
        message = None if failed is None else f"{failed.get('message', '')}\n{failed.text or ''}"
        found.append(Outcome(f"{case.get('classname')}::{case.get('name')}", message, cases))
    assert found, "the gate ran no test in the grown tree"
    return found


def _about(outcome: Outcome, operation: str) -> bool:
    """Whether the test is parametrised by ``operation`` (its id names it as one token: ``[Op]``, ``[Op-404]``...)."""
    return re.search(rf"[\[>-]{re.escape(operation)}[\]-]", outcome.test) is not None


def test_nothing_about_the_existing_operations_fails(outcomes: list[Outcome]) -> None:
    broken = [o for o in outcomes if o.failure is not None and any(_about(o, op) for op in EXISTING)]
    assert not broken, "growing the spec broke the gate for existing operations:\n" + "\n".join(
        f"{o.test}: {o.failure[:300] if o.failure else ''}" for o in broken
    )


@pytest.mark.parametrize("operation", sorted(NEW))
def test_each_new_operation_gets_hundreds_of_passing_property_cases(outcomes: list[Outcome], operation: str) -> None:
    ran = {prop: [o for o in outcomes if prop in o.test and _about(o, operation)] for prop in PROPERTIES}
    for prop, runs in ran.items():
        if prop == "test_client_rejects_every_spec_invalid_body" and not runs:
            continue  # a bodyless operation has no body to break
        assert runs, f"{operation}: the gate has no {prop} for it"
        assert all(o.failure is None for o in runs), f"{operation}: {prop} failed: {runs[0].failure}"
        assert sum(o.cases for o in runs) > 0, f"{operation}: {prop} generated no case"
    cases = sum(o.cases for runs in ran.values() for o in runs)
    assert cases >= MIN_CASES, f"{operation}: {cases} passing property cases, not the hundreds a new operation gets"


def test_the_only_failures_name_a_missing_recording_or_fake_behaviour(outcomes: list[Outcome]) -> None:
    failures = [o for o in outcomes if o.failure is not None]
    other = [o for o in failures if not any(kind in (o.failure or "") for kind in ALLOWED)]
    assert not other, "failures other than missing recordings and fake behaviour:\n" + "\n".join(
        f"{o.test}: {(o.failure or '')[:400]}" for o in other
    )
    text = "\n".join(o.failure or "" for o in failures)
    for operation in sorted(NEW):
        assert f"recording missing: {operation}" in text, f"no failure says {operation} has no recording"
    (unmodelled,) = [o.failure or "" for o in failures if "fake does not model: " in (o.failure or "")]
    named = unmodelled.split("fake does not model: ", 1)[1].split(";", 1)[0]
    assert set(named.split(", ")) == NEW, f"the fake's failure names {named}, not the new operations"
