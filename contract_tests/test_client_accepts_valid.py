"""Property: the generated client parses every response the spec allows, and round-trips it (client vs spec)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hamr_client.errors import HamrClientError
from hypothesis import given

from contract_tests import spec as spec_module
from contract_tests.conftest import Cases
from contract_tests.strategies import responses
from contract_tests.wire import call, field_mismatches, mocked, model_for

SPEC = spec_module.load()
OPERATIONS = sorted(SPEC.operations)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_client_parses_every_spec_valid_response(operation: str, cases: Cases) -> None:
    found = SPEC.operations[operation]
    route, client = mocked(found.method, found.path)
    # POST needs a body to send: the spec's own example will do, this property is about the response
    # (test_client_requests_conform generates the requests).
    request = SPEC.request_example(operation)

    @given(response=responses(operation))
    def check(response: tuple[int, Any]) -> None:
        cases.tried()
        status, document = response
        problems = SPEC.violations(SPEC.response_schema_pointer(operation, status), document)
        assert not problems, f"the generator drew a body the spec rejects: {problems}"
        route.mock(return_value=httpx.Response(status, json=document))
        try:
            result = call(client, operation, request, use_async=False)
        except HamrClientError as exc:
            raise AssertionError(
                f"the client cannot parse a spec-valid {status} body: {exc}\nbody: {json.dumps(document)[:500]}"
            ) from exc
        expected = model_for(SPEC, operation, status)
        assert isinstance(result.parsed, expected), (
            f"the client parsed a spec-valid {status} body into {type(result.parsed).__name__}, not {expected.__name__}"
        )
        mismatches = field_mismatches(result.parsed, document)
        assert not mismatches, f"the client mis-parsed a spec-valid {status} body: " + "; ".join(mismatches)
        assert result.parsed.to_dict() == document, (
            f"the client does not round-trip a spec-valid {status} body: to_dict() differs from the JSON it parsed"
        )

    check()
