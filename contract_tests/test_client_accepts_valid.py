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
from contract_tests.strategies import any_request, responses
from contract_tests.wire import Arguments, call, field_mismatches, mocked, response_schema, shape_mismatches, to_json

SPEC = spec_module.load()
OPERATIONS = sorted(SPEC.operations)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_client_parses_every_spec_valid_response(operation: str, cases: Cases) -> None:
    route, client = mocked(SPEC.operations[operation])

    # The request only has to be one the client sends (test_client_requests_conform checks requests).
    @given(response=responses(operation), request=any_request(operation))
    def check(response: tuple[int, Any], request: Arguments) -> None:
        cases.tried()
        status, document = response
        schema = response_schema(SPEC, operation, status)
        if schema is None:
            route.mock(return_value=httpx.Response(status))
        else:
            problems = SPEC.violations(SPEC.response_schema_pointer(operation, status), document)
            assert not problems, f"the generator drew a body the spec rejects: {problems}"
            route.mock(return_value=httpx.Response(status, json=document))
        try:
            result = call(client, operation, request, use_async=False)
        except HamrClientError as exc:
            raise AssertionError(
                f"{operation}: the client cannot parse a spec-valid {status} response: {exc}\n"
                f"body: {json.dumps(document)[:500]}"
            ) from exc
        wrong = shape_mismatches(SPEC, schema, result.parsed)
        assert not wrong, f"{operation}: the client parsed a spec-valid {status} response wrongly: " + "; ".join(wrong)
        if schema is None:
            return
        mismatches = field_mismatches(result.parsed, document)
        assert not mismatches, f"{operation}: the client mis-parsed a spec-valid {status} body: " + "; ".join(
            mismatches
        )
        assert to_json(result.parsed) == document, (
            f"{operation}: the client does not round-trip a spec-valid {status} body: to_dict() differs from its JSON"
        )

    check()
