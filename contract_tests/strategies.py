"""Hypothesis strategies for the contract gate, every one derived from the spec's own schemas.

Bodies come from schemathesis's generator (``APIOperation.as_strategy()``); the standalone
hypothesis-jsonschema 0.23.1 crashes on hypothesis 6.170 (``'many' object has no attribute
'more'``), so it is not used. Schemathesis generates *request* bodies, so for response bodies
the spec is re-shaped: each documented (operation, status) becomes a synthetic operation whose
request body has that response's schema, with the spec's ``components`` untouched.

Invalid responses are these bodies put through one of the mutations registered in
``contract_tests/mutations.py``.

Bodies of production's dialect come from the same generation on the production view of the spec
(``spec.load(dialect=...)``, ``spec_doc.production_document``); its zone-less date-times are a
format of their own, whose texts :func:`zoneless_texts` draws (registered with schemathesis here).
"""

from __future__ import annotations

import copy
import datetime
import functools
from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis.core import NotSet
from schemathesis.schemas import BaseSchema

from contract_tests.spec import Spec
from contract_tests.spec import load as load_spec
from contract_tests.wire import Arguments
from tooling import spec_doc

JSON = "application/json"


def zoneless_texts() -> st.SearchStrategy[str]:
    """Date-times as production writes them: any instant, a space or ``T``, with or without microseconds, no zone."""
    moments = st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31))
    return st.builds(
        lambda moment, separator, precision: moment.isoformat(sep=separator, timespec=precision),
        moments,
        st.sampled_from(" T"),
        st.sampled_from(["seconds", "microseconds"]),
    )


schemathesis.openapi.format(spec_doc.ZONELESS_FORMAT, zoneless_texts())


def synthetic_path(operation: str, status: int) -> str:
    return f"/responses/{operation}/{status}"


@functools.cache
def _synthetic_schema(spec: Spec) -> BaseSchema:
    """The spec re-shaped so that each response body is a request body schemathesis can generate."""
    paths: dict[str, Any] = {}
    for operation_id in spec.operations:
        for status in spec.body_statuses(operation_id):  # a bodyless response has nothing to generate
            schema = spec.schema_at(spec.response_schema_pointer(operation_id, status))
            paths[synthetic_path(operation_id, status)] = {
                "post": {
                    "operationId": f"{operation_id}{status}",
                    "requestBody": {"required": True, "content": {JSON: {"schema": copy.deepcopy(schema)}}},
                    "responses": {"200": {"description": "unused"}},
                }
            }
    document = {
        "openapi": spec.document["openapi"],
        "info": {"title": "response bodies of " + spec.document["info"]["title"], "version": "0"},
        "paths": paths,
        "components": copy.deepcopy(spec.document["components"]),
    }
    return schemathesis.openapi.from_dict(document)


@functools.cache
def _real_schema(spec: Spec) -> BaseSchema:
    return schemathesis.openapi.from_dict(copy.deepcopy(spec.document))


def response_bodies(operation: str, status: int, spec: Spec | None = None) -> st.SearchStrategy[Any]:
    """Spec-valid JSON bodies for a documented response, generated from its schema."""
    spec = spec or load_spec()
    cases = _synthetic_schema(spec)[synthetic_path(operation, status)]["POST"].as_strategy()
    return cases.map(lambda case: case.body)


def responses(operation: str, spec: Spec | None = None) -> st.SearchStrategy[tuple[int, Any]]:
    """A documented status of ``operation`` and a spec-valid body for it (None for a bodyless status)."""
    spec = spec or load_spec()
    with_body = set(spec.body_statuses(operation))

    def body(status: int) -> st.SearchStrategy[Any]:
        return response_bodies(operation, status, spec) if status in with_body else st.none()

    statuses = spec.operations[operation].statuses
    return st.sampled_from(statuses).flatmap(lambda status: st.tuples(st.just(status), body(status)))


def requests(operation: str, spec: Spec | None = None) -> st.SearchStrategy[Arguments]:
    """Spec-valid arguments for ``operation``: its body (if it takes one) and every parameter schemathesis draws.

    Each parameter is its JSON value, whatever its schema (a ``$ref`` to an enum, an array, a
    boolean, a format): schemathesis hands headers over as text and path segments percent-encoded,
    and :meth:`Spec.parameter_value` reads them back. ``wire.keyword_arguments`` makes them the
    generated function's own types.
    """
    spec = spec or load_spec()
    found = spec.operations[operation]

    declared = {(parameter["in"], parameter["name"].lower()) for parameter in spec.parameters(operation)}

    def arguments(case: schemathesis.Case[Any]) -> Arguments:
        parameters: dict[tuple[str, str], Any] = {}
        for location, values in (("path", case.path_parameters), ("query", case.query), ("header", case.headers)):
            for name, raw in (values or {}).items():
                # Only the operation's parameters: schemathesis also draws the security schemes' headers.
                if (location, name.lower()) in declared:
                    parameters[(location, name)] = spec.parameter_value(operation, location, name, raw)
        return Arguments(None if isinstance(case.body, NotSet) else case.body, parameters)

    return _real_schema(spec)[found.path][found.method].as_strategy().map(arguments)


def any_request(operation: str, spec: Spec | None = None) -> st.SearchStrategy[Arguments]:
    """One request a caller could make: the spec's example when it needs nothing else, else a generated one.

    For properties about responses: the request only has to be one the client accepts.
    """
    spec = spec or load_spec()
    example = spec.request_example(operation)
    needs_body = "requestBody" in spec.operations[operation].definition
    if not spec.parameters(operation) and (example is not None or not needs_body):
        return st.just(Arguments(example))
    return requests(operation, spec)


def undocumented_statuses(operation: str, spec: Spec | None = None) -> st.SearchStrategy[int]:
    """Final HTTP statuses the spec does not document for ``operation``."""
    documented = set((spec or load_spec()).operations[operation].statuses)
    return st.integers(200, 599).filter(lambda status: status not in documented)
