"""Property: with strict=False the client survives the drift Datadog's own spec shows, and says where.

Bodies valid under Datadog's spec (tests/spec/datadog-spec, its later changes applied) parse with
``strict=False``, round-trip exactly and warn at each pointer where our spec rejects them; with
``strict=True`` each such body is an InvalidResponse naming one of those pointers. Bodies of our
spec with an enum value it does not list parse and warn there; a body that loses a required field
is an InvalidResponse in both modes.
"""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from hamr_client.errors import InvalidResponse, SpecDriftWarning
from hypothesis import assume, given
from hypothesis import strategies as st

from contract_tests import spec as spec_module
from contract_tests.cassettes import Recording, all_recordings
from contract_tests.conftest import Cases
from contract_tests.mutations import slots
from contract_tests.spec import Spec
from contract_tests.strategies import any_request, response_bodies
from contract_tests.wire import Arguments, call, mocked, to_json
from tooling import datadog_spec, spec_doc
from tooling.spec_doc import pointer

SPEC = spec_module.load()
OPERATIONS = sorted(SPEC.operations)


@pytest.fixture(scope="module")
def datadog(tmp_path_factory: pytest.TempPathFactory) -> Spec:
    """Datadog's spec as its clients have it now: the snapshot with its later changes."""
    path: Path = tmp_path_factory.mktemp("datadog") / "hamr.yaml"
    path.write_text(yaml.safe_dump(datadog_spec.document()))
    return Spec(path)


# The operations both specs describe: Datadog's says nothing of one only ours has.
SHARED = sorted(set(OPERATIONS) & {op["operationId"] for _, op in spec_doc.operations(datadog_spec.document())})


def parsed_with_drift(
    client: Any, operation: str, route: Any, status: int, document: Any, request: Arguments
) -> tuple[Any, list[str]]:
    route.mock(return_value=httpx.Response(status, json=document))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SpecDriftWarning)
        result = call(client, operation, request, use_async=False)
    drift = [w.message for w in caught if isinstance(w.message, SpecDriftWarning)]
    assert all(d.operation == operation and d.status_code == status for d in drift), drift
    return result, sorted(d.path for d in drift)


@pytest.mark.parametrize("operation", SHARED)
def test_bodies_of_datadogs_spec_parse_leniently_and_are_refused_strictly(
    operation: str, datadog: Spec, cases: Cases
) -> None:
    found = SPEC.operations[operation]
    route, lenient = mocked(found, strict=False)
    strict_route, strict = mocked(found)
    statuses = [status for status in SPEC.body_statuses(operation) if status in datadog.body_statuses(operation)]
    bodies = st.sampled_from(statuses).flatmap(lambda s: st.tuples(st.just(s), response_bodies(operation, s, datadog)))

    @given(bodies, any_request(operation))
    def check(drawn: tuple[int, Any], request: Arguments) -> None:
        cases.tried()
        status, document = drawn
        assert not datadog.violations(datadog.response_schema_pointer(operation, status), document)
        off_spec = sorted(
            {v.pointer for v in SPEC.violations(SPEC.response_schema_pointer(operation, status), document)}
        )
        result, drifted = parsed_with_drift(lenient, operation, route, status, copy.deepcopy(document), request)
        assert to_json(result.parsed) == document, f"strict=False does not round-trip {json.dumps(document)[:300]}"
        assert drifted == off_spec, f"warned at {drifted}, but the body is off our spec at {off_spec}"
        strict_route.mock(return_value=httpx.Response(status, json=document))
        if off_spec:
            with pytest.raises(InvalidResponse) as raised:
                call(strict, operation, request, use_async=False)
            assert raised.value.path in off_spec
        else:
            call(strict, operation, request, use_async=False)

    check()


def _enum_slots(status: int, operation: str, document: Any) -> list[Any]:
    schema = SPEC.schema_at(SPEC.response_schema_pointer(operation, status))
    return [slot for slot in slots(SPEC, schema, document) if "enum" in slot.schema]


def _has_enum(schema: Any, depth: int = 0) -> bool:
    schema = SPEC.follow(schema)
    children = [*schema.get("properties", {}).values(), *([schema["items"]] if "items" in schema else [])]
    return "enum" in schema or (depth < 20 and any(_has_enum(child, depth + 1) for child in children))


def _at(document: Any, parts: tuple[str | int, ...]) -> Any:
    for part in parts[:-1]:
        document = document[part]
    return document


def _unlisted(listed: list[Any]) -> st.SearchStrategy[Any]:
    values = st.integers(-(2**63), 2**63 - 1) if isinstance(listed[0], int) else st.text(min_size=1, max_size=20)
    return values.filter(lambda value: value not in listed)


ENUM_STATUSES = {
    operation: [
        status
        for status in SPEC.body_statuses(operation)
        if _has_enum(SPEC.schema_at(SPEC.response_schema_pointer(operation, status)))
    ]
    for operation in OPERATIONS
}


@pytest.mark.parametrize("operation", [operation for operation in OPERATIONS if ENUM_STATUSES[operation]])
def test_an_enum_value_the_spec_does_not_list_is_kept_and_warned(operation: str, cases: Cases) -> None:
    route, lenient = mocked(SPEC.operations[operation], strict=False)
    bodies = st.sampled_from(ENUM_STATUSES[operation]).flatmap(
        lambda status: st.tuples(st.just(status), response_bodies(operation, status))
    )

    @given(bodies, any_request(operation), st.data())
    def check(response: tuple[int, Any], request: Arguments, data: st.DataObject) -> None:
        status, document = response
        candidates = _enum_slots(status, operation, document)
        assume(candidates)  # an enum under an optional property the generator left out
        cases.tried()
        slot = data.draw(st.sampled_from(candidates))
        _at(document, slot.parts)[slot.parts[-1]] = data.draw(_unlisted(slot.schema["enum"]))
        result, drifted = parsed_with_drift(lenient, operation, route, status, copy.deepcopy(document), request)
        assert to_json(result.parsed) == document
        assert drifted == [pointer(slot.parts)]

    check()


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
@pytest.mark.parametrize("operation", [operation for operation in OPERATIONS if SPEC.body_statuses(operation)])
def test_a_lost_required_field_is_invalid_in_both_modes(operation: str, strict: bool, cases: Cases) -> None:
    route, client = mocked(SPEC.operations[operation], strict=strict)
    bodies = st.sampled_from(SPEC.body_statuses(operation)).flatmap(
        lambda status: st.tuples(st.just(status), response_bodies(operation, status))
    )

    @given(bodies, any_request(operation), st.data())
    def check(response: tuple[int, Any], request: Arguments, data: st.DataObject) -> None:
        status, document = response
        schema = SPEC.schema_at(SPEC.response_schema_pointer(operation, status))
        required = [slot for slot in slots(SPEC, schema, document) if slot.required and isinstance(slot.parts[-1], str)]
        assume(required)
        cases.tried()
        slot = data.draw(st.sampled_from(required))
        del _at(document, slot.parts)[slot.parts[-1]]
        route.mock(return_value=httpx.Response(status, json=document))
        with pytest.raises(InvalidResponse) as raised:
            call(client, operation, request, use_async=False)
        assert raised.value.path == pointer(slot.parts)

    check()


DATADOG_STATUSES = {
    operation["operationId"]: {int(status) for status in operation["responses"]}
    for _, operation in spec_doc.operations(datadog_spec.document())
}


def _beyond_datadogs_spec(recording: Recording) -> str | None:
    """Why Datadog's spec cannot judge the recording (ours does, test_recordings_obey_spec.py), or None."""
    if recording.metadata["source"] == "drift":
        return "production drift: the server ahead of every spec, Datadog's snapshot included"
    if recording.dialect != spec_doc.REFERENCE:
        return f"{recording.dialect}'s dialect: Datadog's spec describes the reference's names (reading notes)"
    if recording.status not in DATADOG_STATUSES.get(recording.operation, set()):
        return f"Datadog's spec does not document {recording.status} (a named difference in the reading notes)"
    return None


@pytest.mark.parametrize(
    "recording",
    [
        pytest.param(r, marks=[pytest.mark.skip(reason=why)] if (why := _beyond_datadogs_spec(r)) else [], id=r.name)
        for r in all_recordings()
        if r.operation in SHARED
    ],
)
def test_recordings_obey_datadogs_spec_too(recording: Recording, datadog: Spec) -> None:
    problems = datadog.response_violations(recording.operation, recording.status, recording.headers, recording.body)
    assert not problems, "\n".join(
        f"recording {recording.name} violates Datadog's spec at {problem.pointer or '/'}: {problem.reason}"
        for problem in problems
    )
