"""Property: the generated client parses every response the spec allows, in either dialect (client vs spec).

Bodies are generated from the spec's own schemas, as written (the reference's dialect) or in the
production view (``spec_doc.production_document``: production's names and zone-less date-times,
from ``x-production``), and answered with a media type the spec lists for them (production's
JSON:API one where listed). A reference body round-trips (``to_dict()`` is its JSON); a production
body parses into the model its reference translation (``spec_doc.translate``, a zone-less
date-time read as UTC) parses into, field for field, and with no ``SpecDriftWarning``.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import httpx
import pytest
from hamr_client.errors import HamrClientError, SpecDriftWarning
from hypothesis import given

from contract_tests import spec as spec_module
from contract_tests.conftest import Cases
from contract_tests.spec import Spec
from contract_tests.strategies import JSON, any_request, responses
from contract_tests.wire import Arguments, call, field_mismatches, mocked, response_schema, shape_mismatches, to_json
from tooling import spec_doc

SPEC = spec_module.load()
OPERATIONS = sorted(SPEC.operations)


def media_type(spec: Spec, operation: str, status: int) -> str:
    """The media type to answer with: the docs' JSON for the reference, production's own where the spec lists one."""
    found = spec.response(operation, status)
    listed = list(found[0].get("content", {})) if found else []
    others = [media for media in listed if media != JSON]
    return others[0] if spec.dialect != spec_doc.REFERENCE and others else JSON


def answer(status: int, document: Any, content_type: str) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(document).encode(), headers={"Content-Type": content_type})


def parsed(client: Any, operation: str, request: Arguments, status: int, document: Any, dialect: str) -> Any:
    """The client's parse of a spec-valid body; an AssertionError saying so when it refuses or warns."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SpecDriftWarning)
            result = call(client, operation, request, use_async=False)
    except HamrClientError as exc:
        raise AssertionError(
            f"{operation}: the client cannot parse a spec-valid {status} response ({dialect} dialect): {exc}\n"
            f"body: {json.dumps(document)[:500]}"
        ) from exc
    drift = [str(w.message) for w in caught if isinstance(w.message, SpecDriftWarning)]
    assert not drift, f"{operation}: a spec-valid {status} body ({dialect} dialect) warned of drift: {drift}"
    return result


@pytest.mark.parametrize("dialect", spec_doc.DIALECTS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_client_parses_every_spec_valid_response(operation: str, dialect: str, cases: Cases) -> None:
    spec = spec_module.load(dialect=dialect)
    route, client = mocked(SPEC.operations[operation])

    # The request only has to be one the client sends (test_client_requests_conform checks requests).
    @given(response=responses(operation, spec), request=any_request(operation))
    def check(response: tuple[int, Any], request: Arguments) -> None:
        cases.tried()
        status, document = response
        schema = response_schema(SPEC, operation, status)
        if schema is None:
            route.mock(return_value=httpx.Response(status))
        else:
            problems = spec.violations(spec.response_schema_pointer(operation, status), document)
            assert not problems, f"the generator drew a body the spec ({dialect} dialect) rejects: {problems}"
            route.mock(return_value=answer(status, document, media_type(spec, operation, status)))
        result = parsed(client, operation, request, status, document, dialect)
        wrong = shape_mismatches(SPEC, schema, result.parsed)
        assert not wrong, f"{operation}: the client parsed a spec-valid {status} response wrongly: " + "; ".join(wrong)
        if schema is None:
            return
        reference = spec_doc.translate(SPEC.document, schema, document, spec_doc.REFERENCE)
        mismatches = field_mismatches(result.parsed, reference)
        said = "; ".join(mismatches)
        assert not mismatches, f"{operation}: the client mis-parsed a spec-valid {status} body ({dialect}): {said}"
        if dialect == spec_doc.REFERENCE:
            assert to_json(result.parsed) == document, (
                f"{operation}: the client does not round-trip a spec-valid {status} body: to_dict() is not its JSON"
            )
            return
        route.mock(return_value=answer(status, reference, JSON))
        translated = parsed(client, operation, request, status, reference, spec_doc.REFERENCE)
        assert result.parsed == translated.parsed, (
            f"{operation}: a production {status} body and its reference translation parse into different models\n"
            f"production: {json.dumps(document)[:300]}\nreference: {json.dumps(reference)[:300]}"
        )

    check()
