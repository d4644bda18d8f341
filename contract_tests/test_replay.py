"""Contract: every recording, replayed to the generated client (sync and async), parses into its model exactly.

Recordings in production's dialect are replayed by test_production_replay.py: their names are
production's, their models the reference's.
"""

from __future__ import annotations

import json

import pytest
from hamr_client.errors import HamrClientError

from contract_tests import spec as spec_module
from contract_tests.cassettes import Recording, all_recordings
from contract_tests.wire import (
    API_KEY,
    APP_KEY,
    call,
    client_on,
    field_mismatches,
    new_router,
    recorded_arguments,
    response_schema,
    shape_mismatches,
    to_json,
)
from tooling import spec_doc

SPEC = spec_module.load()
RECORDED = [recording for recording in all_recordings() if recording.dialect == spec_doc.REFERENCE]


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("recording", RECORDED, ids=lambda r: r.name)
def test_replay(recording: Recording, use_async: bool) -> None:
    router = new_router()
    route = router.route(method=recording.method, path=recording.path).mock(return_value=recording.response())
    body = json.loads(recording.request_body) if recording.request_body else None
    operation = SPEC.operations[recording.operation]
    arguments = recorded_arguments(SPEC, operation, recording.url, recording.request_headers, body)

    try:
        # The recorded request was written in the recording's dialect: the client writes in it too.
        client = client_on(router, dialect=recording.dialect)
        response = call(client, recording.operation, arguments, use_async=use_async)
    except HamrClientError as exc:
        raise AssertionError(f"recording {recording.name}: the client cannot parse it: {exc}") from exc

    assert route.call_count == 1, f"recording {recording.name}: the client sent {route.call_count} requests, not one"
    sent = route.calls.last.request
    assert (sent.headers["DD-API-KEY"], sent.headers["DD-APPLICATION-KEY"]) == (API_KEY, APP_KEY)
    if body is not None:
        assert json.loads(sent.content) == body, f"recording {recording.name}: the client sent another body"
    schema = response_schema(SPEC, recording.operation, recording.status)
    wrong = shape_mismatches(SPEC, schema, response.parsed)
    assert not wrong, f"recording {recording.name}: the client parsed a {recording.status} wrongly: " + "; ".join(wrong)
    assert response.status_code == recording.status
    if schema is not None:
        document = recording.json()
        mismatches = field_mismatches(response.parsed, document)
        assert not mismatches, f"recording {recording.name}: the client mis-parsed " + "; ".join(mismatches)
        assert to_json(response.parsed) == document, f"recording {recording.name}: to_dict() is not the recorded body"
    for name, value in recording.headers.items():
        assert response.headers.get(name) == value, f"recording {recording.name}: header {name} lost"
