"""Contract: every recorded interaction is one the spec allows (the server has not drifted from the spec).

A recording in production's dialect (``metadata.dialect``) is judged by the production view of the
spec (contract_tests/verdicts.py): the spec's own schemas, with the names and zone-less date-times
its ``x-production`` gives.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from contract_tests import spec as spec_module
from contract_tests.cassettes import Recording, all_recordings, unscrubbed
from contract_tests.verdicts import reference_body, response_problems
from tooling import spec_doc

SPEC = spec_module.load()
RECORDED = all_recordings()


def by_name(recording: Recording) -> str:
    return recording.name


@pytest.mark.parametrize("recording", RECORDED, ids=by_name)
def test_response_obeys_the_spec(recording: Recording) -> None:
    operation = SPEC.operation(recording.method, recording.path)
    assert operation is not None, f"recording {recording.name}: the spec has no {recording.method} {recording.path}"
    assert operation.operation_id == recording.operation, (
        f"recording {recording.name} says it is {recording.operation} but is {operation.operation_id}"
    )
    problems = response_problems(recording)
    assert not problems, "\n".join(problems) + drift_advice(recording)


def drift_advice(recording: Recording) -> str:
    """What to do about a recording of production drift: the server is right, the spec must catch up."""
    if recording.metadata.get("source") != "drift":
        return ""
    meta = recording.metadata
    return (
        f"\nThis is what Datadog answered in production ({meta['site']}, {meta['captured_at']}, "
        f"hamr-client {meta['package_version']}, kept by a lenient client's drift capture): change "
        "openapi/hamr.yaml to say it, bump info.version, regenerate (docs/changing-the-spec.md)."
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


HOW_TO_RECORD = (
    "record it with `nox -s record` (scripts/record.py, from a real site), or hand-write "
    "contract_tests/recordings/{operation}/{status}.yaml with `source: docs-example` (docs/contract.md)"
)
DOCUMENTED = [
    (operation, status) for operation in sorted(SPEC.operations) for status in SPEC.operations[operation].statuses
]


@pytest.mark.parametrize(("operation", "status"), DOCUMENTED, ids=[f"{o}-{s}" for o, s in DOCUMENTED])
def test_every_documented_status_is_recorded(operation: str, status: int) -> None:
    recorded = any((r.operation, r.status) == (operation, status) for r in RECORDED)
    assert recorded, f"recording missing: {operation} {status} has none; " + HOW_TO_RECORD.format(
        operation=operation, status=status
    )


# ---------------------------------------------------------------------------- rules about fields
# Stated once, applied wherever the field is: in every successful (2xx) JSON body of every operation,
# each value of each enum has a recording (so the client is proven on every state a server reports).


def enum_fields(schema: Any, parts: tuple[str, ...] = (), depth: int = 0) -> list[tuple[tuple[str, ...], list[Any]]]:
    """Each enum in ``schema``, as its path (``*`` for any array item) and its values."""
    schema = SPEC.follow(schema)
    if "enum" in schema:
        return [(parts, list(schema["enum"]))]
    if depth > 20:
        return []
    found = [
        f for name, child in schema.get("properties", {}).items() for f in enum_fields(child, (*parts, name), depth + 1)
    ]
    if "items" in schema:
        found += enum_fields(schema["items"], (*parts, "*"), depth + 1)
    return found


def values_at(document: Any, parts: tuple[str, ...]) -> list[Any]:
    if not parts:
        return [document]
    head, rest = parts[0], parts[1:]
    if head == "*":
        return [v for item in document for v in values_at(item, rest)] if isinstance(document, list) else []
    return values_at(document[head], rest) if isinstance(document, dict) and head in document else []


ENUMS = [
    (operation, status, parts, values)
    for operation, status in DOCUMENTED
    if 200 <= status < 300 and SPEC.has_body(operation, status)
    for parts, values in enum_fields(SPEC.schema_at(SPEC.response_schema_pointer(operation, status)))
]


@pytest.mark.parametrize(
    ("operation", "status", "parts", "values"), ENUMS, ids=[f"{o}-{s}-{'.'.join(p)}" for o, s, p, _ in ENUMS]
)
def test_every_enum_value_of_a_success_is_recorded(
    operation: str, status: int, parts: tuple[str, ...], values: list[Any]
) -> None:
    recorded = {
        json.dumps(value)
        for r in RECORDED
        if (r.operation, r.status) == (operation, status)
        for value in values_at(reference_body(r), parts)  # a production recording counts, by the spec's names
    }
    missing = [value for value in values if json.dumps(value) not in recorded]
    field = "/" + "/".join(parts)
    assert not missing, (
        f"recording missing: {operation} {status} has none with {field} = {', '.join(map(repr, missing))} "
        f"(every value of an enum in a successful body is recorded); "
        + HOW_TO_RECORD.format(operation=operation, status=f"{status}-<name>")
    )


@pytest.mark.parametrize("recording", RECORDED, ids=by_name)
def test_recordings_carry_the_documented_headers(recording: Recording) -> None:
    found = SPEC.response(recording.operation, recording.status)
    documented = found[0].get("headers", {}) if found else {}
    present = {name.lower() for name in recording.headers}
    missing = [name for name in documented if name.lower() not in present]
    assert not missing, f"recording {recording.name}: no {missing}, which the spec documents for a {recording.status}"


# What each source of a recording must say about where it came from.
PROVENANCE = {
    "docs-example": {"docs"},
    "spec-example": {"example"},
    "live": {"site", "captured_at"},
    "drift": {"site", "captured_at", "package_version", "drift"},
    "production": {"site", "repository", "file", "commit", "commit_date", "recorded"},
}


@pytest.mark.parametrize("recording", RECORDED, ids=by_name)
def test_provenance_and_scrubbing(recording: Recording) -> None:
    source = recording.metadata["source"]
    assert source in PROVENANCE, f"recording {recording.name}: unknown source {source!r}"
    needed = PROVENANCE[source]
    assert needed <= set(recording.metadata), f"recording {recording.name}: metadata lacks {needed}"
    problems = unscrubbed(recording)
    assert not problems, "\n".join(f"recording {recording.name}: {problem}" for problem in problems)


@pytest.mark.parametrize("recording", [r for r in RECORDED if r.metadata["source"] == "spec-example"], ids=by_name)
def test_a_spec_example_recording_is_the_spec_s_example(recording: Recording) -> None:
    # Where neither the docs nor production show an answer, the spec's own example stands in: exactly it.
    where = str(recording.metadata["example"])
    example = spec_doc.at(SPEC.document, where, None)
    assert isinstance(example, dict), f"recording {recording.name}: the spec has no example at {where}"
    assert recording.json() == example["value"], f"recording {recording.name} is not the spec's example at {where}"
    documented = SPEC.response(recording.operation, recording.status)
    assert documented is not None, f"recording {recording.name}: {recording.operation} documents no {recording.status}"
    assert spec_doc.within(where, documented[1]), f"recording {recording.name}: {where} is another response's example"
