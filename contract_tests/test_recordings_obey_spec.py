"""Contract: every recorded interaction is one the spec allows (the server has not drifted from the spec)."""

from __future__ import annotations

import json
import re

import pytest

from contract_tests import spec as spec_module
from contract_tests.cassettes import RECORDINGS, Recording, all_recordings

SPEC = spec_module.load()
RECORDED = all_recordings()
# The only identifiers a recording may carry: the docs' examples (record.py maps live ones onto them).
DOCS_UUIDS = {"550e8400-e29b-41d4-a716-446655440000", "660f9511-f3ac-52e5-b827-557766551111"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def by_name(recording: Recording) -> str:
    return recording.name


@pytest.mark.parametrize("recording", RECORDED, ids=by_name)
def test_response_obeys_the_spec(recording: Recording) -> None:
    operation = SPEC.operation(recording.method, recording.path)
    assert operation is not None, f"recording {recording.name}: the spec has no {recording.method} {recording.path}"
    assert operation.operation_id == recording.operation, (
        f"recording {recording.name} says it is {recording.operation} but is {operation.operation_id}"
    )
    problems = SPEC.response_violations(recording.operation, recording.status, recording.headers, recording.body)
    assert not problems, "\n".join(
        f"recording {recording.name} violates the spec at {problem.pointer or '/'}: {problem.reason} "
        f"({recording.operation}, status {recording.status})"
        for problem in problems
    )


@pytest.mark.parametrize("recording", [r for r in RECORDED if r.request_body is not None], ids=by_name)
def test_request_obeys_the_spec(recording: Recording) -> None:
    assert recording.request_body is not None
    where = SPEC.request_schema_pointer(recording.operation)
    problems = SPEC.violations(where, json.loads(recording.request_body))
    assert not problems, "\n".join(
        f"recording {recording.name}: its request violates the spec at {problem.pointer or '/'}: {problem.reason}"
        for problem in problems
    )


@pytest.mark.parametrize("operation", sorted(SPEC.operations))
def test_every_documented_status_is_recorded(operation: str) -> None:
    recorded = {r.status for r in RECORDED if r.operation == operation}
    missing = sorted(set(SPEC.operations[operation].statuses) - recorded)
    assert not missing, f"{operation}: no recording for documented status {missing} in {RECORDINGS}"


@pytest.mark.parametrize("operation", sorted(SPEC.operations))
def test_a_200_for_every_hamr_status(operation: str) -> None:
    values = SPEC.document["components"]["schemas"]["HamrOrgConnectionStatus"]["enum"]
    recorded = {
        r.json()["data"]["attributes"]["hamr_status"] for r in RECORDED if (r.operation, r.status) == (operation, 200)
    }
    assert recorded >= set(values), f"{operation}: no 200 recording with hamr_status {sorted(set(values) - recorded)}"


@pytest.mark.parametrize("recording", [r for r in RECORDED if r.status == 429], ids=by_name)
def test_rate_limits_carry_their_headers(recording: Recording) -> None:
    documented = SPEC.document["components"]["responses"]["TooManyRequestsResponse"]["headers"]
    present = {name.lower() for name in recording.headers}
    missing = [name for name in documented if name.lower() not in present]
    assert not missing, f"recording {recording.name}: a 429 without {missing} (the client waits on X-RateLimit-Reset)"


@pytest.mark.parametrize("recording", RECORDED, ids=by_name)
def test_provenance_and_scrubbing(recording: Recording) -> None:
    source = recording.metadata["source"]
    assert source in {"docs-example", "live"}, f"recording {recording.name}: unknown source {source!r}"
    needed = {"docs"} if source == "docs-example" else {"site", "captured_at"}
    assert needed <= set(recording.metadata), f"recording {recording.name}: metadata lacks {needed}"
    for name in ("DD-API-KEY", "DD-APPLICATION-KEY"):
        value = {k.lower(): v for k, v in recording.request_headers.items()}.get(name.lower())
        assert value in {None, "<redacted>"}, f"recording {recording.name}: {name} is not scrubbed"
    text = recording.body.decode() + (recording.request_body or b"").decode()
    assert set(UUID.findall(text)) <= DOCS_UUIDS, f"recording {recording.name}: carries a UUID not from the docs"
    assert {m.group(0) for m in EMAIL.finditer(text)} <= {"admin@example.com"}, (
        f"recording {recording.name}: carries an email address not from the docs"
    )
