"""Contract: every production recording, replayed to the default (strict) client, reads as the spec says it does.

For each recording in production's dialect, sync and async, over respx on the client's transport:
no ``SpecDriftWarning``; a success parses into the spec's model with every attribute equal to
the recorded value under the spec's name mapping (``x-production``; a zone-less date-time equal
to its text read as UTC, as an aware datetime), and nothing left over in ``additional_properties``
(every attribute production sends is typed); an error status raises its typed error
(``errors.error_class``: ``AuthenticationError`` for 401) carrying the parsed body.
"""

from __future__ import annotations

import dataclasses
import json
import warnings
from typing import Any

import pytest
from hamr_client import errors
from hamr_client.errors import HamrClientError, SpecDriftWarning

from contract_tests import spec as spec_module
from contract_tests.cassettes import Recording, all_recordings
from contract_tests.verdicts import reference_body
from contract_tests.wire import (
    call_plain,
    client_on,
    field_mismatches,
    new_router,
    recorded_arguments,
    response_schema,
    to_json,
)
from tooling import spec_doc

SPEC = spec_module.load()
PRODUCTION = [recording for recording in all_recordings() if recording.dialect == spec_doc.PRODUCTION]


def untyped(parsed: Any, where: str = "") -> list[str]:
    """Pointers of whatever a parsed model keeps in ``additional_properties``: what the spec does not type."""
    if isinstance(parsed, list):
        return [p for index, item in enumerate(parsed) for p in untyped(item, spec_doc.join(where, index))]
    if not dataclasses.is_dataclass(parsed) or isinstance(parsed, type):
        return []
    fields = dataclasses.fields(parsed)
    found = [spec_doc.join(where, key) for key in getattr(parsed, "additional_properties", {})]
    for field in fields:
        if field.name != "additional_properties":
            found += untyped(getattr(parsed, field.name), spec_doc.join(where, field.name.rstrip("_")))
    return found


def replayed(recording: Recording, *, use_async: bool) -> Any:
    """What ``sync``/``asyncio`` return for the recorded answer, no drift warned; what they raise goes through."""
    router = new_router()
    route = router.route(method=recording.method, path=recording.path).mock(return_value=recording.response())
    body = json.loads(recording.request_body) if recording.request_body else None
    operation = SPEC.operations[recording.operation]
    arguments = recorded_arguments(SPEC, operation, recording.url, recording.request_headers, body)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SpecDriftWarning)
        try:
            return call_plain(client_on(router), recording.operation, arguments, use_async=use_async)
        finally:
            drift = [str(w.message) for w in caught if isinstance(w.message, SpecDriftWarning)]
            assert not drift, f"recording {recording.name}: the strict client warned of drift: {drift}"
            assert route.call_count == 1, f"recording {recording.name}: {route.call_count} requests, not one"


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("recording", [r for r in PRODUCTION if 200 <= r.status < 300], ids=lambda r: r.name)
def test_a_production_answer_reads_into_the_spec_s_model(recording: Recording, use_async: bool) -> None:
    try:
        model = replayed(recording, use_async=use_async)
    except HamrClientError as exc:
        raise AssertionError(f"recording {recording.name}: the default client cannot read it: {exc}") from exc
    assert response_schema(SPEC, recording.operation, recording.status) is not None
    expected = reference_body(recording)  # production's names mapped by x-production, zone-less read as UTC
    mismatches = field_mismatches(model, expected)
    assert not mismatches, f"recording {recording.name}: the client mis-read production's answer: " + "; ".join(
        mismatches
    )
    left = untyped(model)
    assert not left, f"recording {recording.name}: attributes the model does not type (additional_properties): {left}"


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("recording", [r for r in PRODUCTION if r.status >= 400], ids=lambda r: r.name)
def test_a_production_refusal_raises_its_typed_error(recording: Recording, use_async: bool) -> None:
    expected = errors.error_class(recording.status)
    with pytest.raises(errors.APIStatusError) as raised:
        replayed(recording, use_async=use_async)
    error = raised.value
    raised_name, expected_name = type(error).__name__, expected.__name__
    assert type(error) is expected, f"recording {recording.name}: raised {raised_name}, not {expected_name}"
    assert error.status_code == recording.status
    assert to_json(error.body) == recording.json(), f"recording {recording.name}: the error's body is not the answer"


def test_production_recordings_exist_of_a_success_and_a_refusal() -> None:
    statuses = {recording.status for recording in PRODUCTION}
    assert any(200 <= s < 300 for s in statuses), "no production success recorded: nox -s record -- --from-exchanges"
    assert any(s >= 400 for s in statuses), "no production refusal recorded: nox -s record -- --from-exchanges"
