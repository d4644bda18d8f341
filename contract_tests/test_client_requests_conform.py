"""Property: what the generated client puts on the wire is the request the spec describes (client vs spec).

For every operation, arguments drawn from the spec (path, query and header parameters, the body)
go through the generated function (as its own types: enum members, lists, datetimes); the request
it sends must have the operation's method, its path with each path parameter encoded in place,
each parameter as the text OpenAPI's default style makes of the value drawn (a query array as the
name repeated) and valid against its schema, both key headers, and a body the spec's request
schema accepts -- the one given -- or none at all.

In both dialects: a client pinned to production's (``datadog_client(dialect=...)``) must send the
given body spelled as the production view of the spec says (``spec_doc.translate``), and that
view must accept it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hamr_client.errors import UnexpectedStatus
from hypothesis import given

from contract_tests import spec as spec_module
from contract_tests.conftest import Cases
from contract_tests.spec import Operation
from contract_tests.strategies import requests
from contract_tests.wire import API_KEY, APP_KEY, Arguments, call, mocked, path_parameters
from tooling import spec_doc

SPEC = spec_module.load()
OPERATIONS = sorted(SPEC.operations)
# A status no operation documents: the client raises, after it has sent what is checked here.
UNDOCUMENTED = 599


def key_header_names() -> list[str]:
    """The headers of the spec's apiKey security schemes: where the two keys go."""
    schemes = SPEC.document["components"]["securitySchemes"].values()
    return [scheme["name"] for scheme in schemes if scheme.get("type") == "apiKey" and scheme.get("in") == "header"]


def wire_problems(
    operation: Operation, arguments: Arguments, request: httpx.Request, dialect: str = spec_doc.REFERENCE
) -> list[str]:
    """Everything about a sent request that is not what the spec (in ``dialect``) says ``operation`` sends."""
    problems = []
    if request.method != operation.method:
        problems.append(f"the client sent {request.method}, not {operation.method}")
    sent_path = path_parameters(operation, request.url.raw_path.decode("ascii").partition("?")[0])
    if sent_path is None:
        problems.append(f"the client sent {request.url.raw_path!r}, not a path of {operation.path}")
    for (location, name), value in arguments.parameters.items():
        problems += parameter_problems(operation, request, sent_path or {}, location, name, value)
    keys = {name: request.headers.get(name) for name in key_header_names()}
    if set(keys.values()) != {API_KEY, APP_KEY}:
        problems.append(f"the client did not send its two keys in the security schemes' headers {sorted(keys)}")
    body = operation.definition.get("requestBody")
    if body is None:
        if request.content:
            problems.append(f"the client sent a body to {operation.operation_id}, which takes none")
        return problems
    media_type = request.headers.get("Content-Type", "").partition(";")[0].strip()
    content = SPEC.follow(body)["content"]
    if media_type not in content:
        return [*problems, f"the client sent Content-Type {media_type!r}, not one of {sorted(content)}"]
    sent_body = json.loads(request.content)
    judge = spec_module.load(dialect=dialect)
    where = SPEC.request_schema_pointer(operation.operation_id, media_type)
    problems += [
        f"the client sent a body the spec ({dialect} dialect) rejects: {problem}"
        for problem in judge.violations(where, sent_body)
    ]
    if sent_body != spec_doc.translate(SPEC.document, SPEC.schema_at(where), arguments.body, dialect):
        problems.append(f"the client sent another body than the model it was given, in the {dialect} dialect")
    return problems


def parameter_problems(
    operation: Operation, request: httpx.Request, path: dict[str, str], location: str, name: str, value: Any
) -> list[str]:
    """What is wrong with how a parameter went out: not the text the spec's style makes of it, or off its schema."""
    if location == "query":
        raw: Any = request.url.params.get_list(name)
        carried = list(raw)
    else:
        text = path.get(name) if location == "path" else request.headers.get(name)
        raw, carried = text, ([] if text is None else [unquote(text) if location == "path" else text])
    expected = SPEC.wire_form(location, value)
    if carried != expected:
        return [f"the {location} parameter {name}={value!r} went out as {carried!r}, not {expected!r}"]
    if location == "query" and not isinstance(value, list):
        raw = raw[0]
    sent = SPEC.parameter_value(operation.operation_id, location, name, raw)
    return [
        f"the {location} parameter {name} went out as {carried!r}, which the spec rejects: {violation}"
        for violation in SPEC.parameter_violations(operation.operation_id, location, name, sent)
    ]


@pytest.mark.parametrize("dialect", spec_doc.DIALECTS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_client_sends_spec_valid_requests(operation: str, dialect: str, cases: Cases) -> None:
    found = SPEC.operations[operation]
    route, client = mocked(found, dialect=dialect)
    route.mock(return_value=httpx.Response(UNDOCUMENTED))

    @given(arguments=requests(operation))
    def check(arguments: Arguments) -> None:
        cases.tried()
        with pytest.raises(UnexpectedStatus):
            call(client, operation, arguments, use_async=False)
        sent = route.calls.last.request
        problems = wire_problems(found, arguments, sent, dialect)
        assert not problems, f"{operation}: " + "\n".join(problems) + f"\nsent: {sent.url} {sent.content[:300]!r}"

    check()
