"""Property: ``sync``/``asyncio`` raise the typed error of every documented error status; ``*_detailed`` do not.

For each operation and each status it documents other than a success, sync and async: a
spec-valid body makes ``sync()``/``asyncio()`` raise the ``errors.APIStatusError`` subclass for
the status, carrying the body ``*_detailed`` parses, the operation, a keyless response and the
spec's advice in its message, and pickling to an equal error; ``*_detailed`` returns it parsed.
"""

from __future__ import annotations

import pickle
from typing import Any

import httpx
import pytest
from hamr_client import errors
from hypothesis import given, settings
from hypothesis import strategies as st

from contract_tests import spec as spec_module
from contract_tests.conftest import Cases
from contract_tests.strategies import any_request, response_bodies
from contract_tests.wire import API_KEY, APP_KEY, Arguments, call, call_plain, mocked

SPEC = spec_module.load()
ERROR_STATUSES = [
    pytest.param(operation, status, use_async, id=f"{operation}-{status}-{'async' if use_async else 'sync'}")
    for operation in sorted(SPEC.operations)
    for status in SPEC.operations[operation].statuses
    if not 200 <= status <= 299
    for use_async in (False, True)
]


def _advice(operation: str, status: int) -> str:
    found = SPEC.response(operation, status)
    assert found is not None
    return " ".join(str(found[0].get("x-hamr-advice", "")).split())


@pytest.mark.parametrize(("operation", "status", "use_async"), ERROR_STATUSES)
def test_a_documented_error_status_raises_its_typed_error(
    operation: str, status: int, use_async: bool, cases: Cases
) -> None:
    route, client = mocked(SPEC.operations[operation])
    has_body = SPEC.has_body(operation, status)
    bodies = response_bodies(operation, status, SPEC) if has_body else st.none()

    # One budget per (operation, status, flavour): the parsing itself is test_client_accepts_valid's job.
    @settings(max_examples=max(10, settings().max_examples // 5))
    @given(body=bodies, request=any_request(operation))
    def check(body: Any, request: Arguments) -> None:
        cases.tried()
        route.mock(return_value=httpx.Response(status, json=body) if has_body else httpx.Response(status))
        detailed = call(client, operation, request, use_async=use_async)
        assert detailed.status_code == status, f"{operation}: *_detailed reports {detailed.status_code}"
        with pytest.raises(errors.APIStatusError) as raised:
            call_plain(client, operation, request, use_async=use_async)
        error = raised.value
        expected = errors.error_class(status)
        assert type(error) is expected, f"{operation} {status}: raised {type(error).__name__}, not {expected.__name__}"
        assert (error.status_code, error.operation) == (status, operation)
        assert error.body == detailed.parsed, f"{operation} {status}: the error's body is not what *_detailed parsed"
        assert error.response.status_code == status
        sent = error.response.request.headers
        assert not {"dd-api-key", "dd-application-key"} & set(sent), "the error's request keeps the keys"
        assert _advice(operation, status) in " ".join(str(error).split()), f"{operation} {status}: no advice in {error}"
        blob = pickle.dumps(error)
        assert not [key for key in (API_KEY, APP_KEY) if key.encode() in blob], "a pickled error holds a key"
        assert pickle.loads(blob) == error  # noqa: S301 -- our own bytes

    check()
