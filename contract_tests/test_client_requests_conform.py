"""Property: what the generated client puts on the wire is a request the spec allows (client vs spec)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import given

from contract_tests import spec as spec_module
from contract_tests.conftest import Cases
from contract_tests.spec import Operation
from contract_tests.strategies import request_bodies
from contract_tests.wire import API_KEY, APP_KEY, call, client_on, new_router

SPEC = spec_module.load()


def key_headers() -> dict[str, str]:
    """The spec's security schemes' header names, with the keys the client was given."""
    schemes = SPEC.document["components"]["securitySchemes"]
    return {schemes["apiKeyAuth"]["name"]: API_KEY, schemes["appKeyAuth"]["name"]: APP_KEY}


def wire_problems(operation: Operation, request: httpx.Request) -> list[str]:
    """Everything about a sent request that the spec does not allow for ``operation``."""
    problems = []
    if (request.method, request.url.path) != (operation.method, operation.path):
        problems.append(f"the client sent {request.method} {request.url.path}, not {operation.method} {operation.path}")
    for name, value in key_headers().items():
        if request.headers.get(name) != value:
            problems.append(f"the client did not send {name} (the spec's security scheme)")
    body = operation.definition.get("requestBody")
    if body is None:
        if request.content:
            problems.append(f"the client sent a body to {operation.operation_id}, which takes none")
        return problems
    media_type = request.headers.get("Content-Type", "").partition(";")[0].strip()
    if media_type not in body["content"]:
        problems.append(f"the client sent Content-Type {media_type!r}, not one of {sorted(body['content'])}")
        return problems
    sent = json.loads(request.content)
    problems += [
        f"the client sent a body the spec rejects: {problem}"
        for problem in SPEC.violations(SPEC.request_schema_pointer(operation.operation_id, media_type), sent)
    ]
    return problems


def test_client_sends_spec_valid_requests(cases: Cases) -> None:
    operation = SPEC.operations["CreateHamrOrgConnection"]
    router = new_router()
    route = router.route(method=operation.method, path=operation.path)
    route.mock(
        return_value=httpx.Response(
            200, json=SPEC.schema_at("/components/examples/HamrOrgConnectionResponseExample")["value"]
        )
    )
    client = client_on(router)

    @given(body=request_bodies(operation.operation_id))
    def check(body: Any) -> None:
        cases.tried()
        call(client, operation.operation_id, body, use_async=False)
        sent = route.calls.last.request
        problems = wire_problems(operation, sent)
        assert not problems, "\n".join(problems) + f"\nbody: {sent.content[:500]!r}"
        assert json.loads(sent.content) == body, "the client sent another body than the model it was given"

    check()


@pytest.mark.parametrize(
    "operation", [o for o in SPEC.operations.values() if "requestBody" not in o.definition], ids=str
)
def test_client_sends_spec_valid_bodyless_requests(operation: Operation) -> None:
    router = new_router()
    route = router.route(method=operation.method, path=operation.path)
    route.mock(return_value=httpx.Response(404, json={"errors": []}))
    call(client_on(router), operation.operation_id, None, use_async=False)
    problems = wire_problems(operation, route.calls.last.request)
    assert not problems, "\n".join(problems)
