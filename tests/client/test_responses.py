"""Every documented status parses into its model; anything the spec does not allow is a typed error."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hamr_client import InvalidResponse, UnexpectedStatus
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.models import (
    APIErrorResponse,
    HamrOrgConnectionRequest,
    HamrOrgConnectionResponse,
    HamrOrgConnectionStatus,
    JSONAPIErrorResponse,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.client.conftest import (
    PATH,
    Wire,
    error_example,
    json_response,
    rate_limit_example,
    request_example,
    response_example,
)
from tests.client.transports import ASYNC_TRANSPORTS, AsyncTransport
from tooling.spec_doc import parts

DOCUMENTED: dict[str, dict[int, tuple[type[Any], Callable[[], dict[str, Any]]]]] = {
    "get": {
        200: (HamrOrgConnectionResponse, response_example),
        400: (JSONAPIErrorResponse, error_example),
        403: (JSONAPIErrorResponse, error_example),
        404: (JSONAPIErrorResponse, error_example),
        429: (APIErrorResponse, rate_limit_example),
    },
    "post": {
        200: (HamrOrgConnectionResponse, response_example),
        400: (JSONAPIErrorResponse, error_example),
        403: (JSONAPIErrorResponse, error_example),
        429: (APIErrorResponse, rate_limit_example),
        500: (JSONAPIErrorResponse, error_example),
    },
}


def call(client: Any, method: str) -> Any:
    if method == "get":
        return get_hamr_org_connection.sync_detailed(client=client)
    body = HamrOrgConnectionRequest.from_dict(request_example())
    return create_hamr_org_connection.sync_detailed(client=client, body=body)


@pytest.mark.parametrize(
    ("method", "status"), [(method, status) for method, statuses in DOCUMENTED.items() for status in statuses]
)
def test_every_documented_status_is_parsed_into_its_model(wire: Wire, method: str, status: int) -> None:
    model, example = DOCUMENTED[method][status]
    wire.router.route(method=method.upper(), path=PATH).mock(return_value=json_response(status, example()))
    response = call(wire.client(max_retries=0), method)
    assert response.status_code == status
    parsed: Any = response.parsed
    assert isinstance(parsed, model)
    assert parsed.to_dict() == example()


@pytest.mark.parametrize(
    ("method", "status"),
    [("get", 500), ("get", 405), ("get", 201), ("post", 404), ("post", 409), ("post", 204), ("get", 520)],
)
def test_an_undocumented_status_raises_unexpected_status(wire: Wire, method: str, status: int) -> None:
    wire.router.route(method=method.upper(), path=PATH).mock(return_value=httpx.Response(status, content=b"nope"))
    with pytest.raises(UnexpectedStatus) as raised:
        call(wire.client(max_retries=0), method)
    assert (raised.value.status_code, raised.value.content) == (status, b"nope")


def test_undocumented_status_can_be_returned_instead(wire: Wire) -> None:
    wire.router.get(PATH).mock(return_value=httpx.Response(520, content=b"?"))
    response = call(wire.client(max_retries=0, raise_on_unexpected_status=False), "get")
    assert (response.status_code, response.parsed) == (520, None)


def edit(path: str, value: Any = None, *, delete: bool = False, base: Callable[[], Any] = response_example) -> Any:
    """The example body with the value at ``path`` (a JSON pointer) replaced or deleted."""
    document = base()
    *parents, last = parts(path)
    target = document
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    key: Any = int(last) if isinstance(target, list) else last
    if delete:
        del target[key]
    else:
        target[key] = value
    return document


A = "/data/attributes"
# (description, status, body bytes or document, the path InvalidResponse must name)
MALFORMED: list[tuple[str, int, Any, str]] = [
    ("hamr_status true (bool is an int subclass)", 200, edit(f"{A}/hamr_status", True), f"{A}/hamr_status"),
    ("hamr_status false", 200, edit(f"{A}/hamr_status", False), f"{A}/hamr_status"),
    ("hamr_status unknown (6)", 200, edit(f"{A}/hamr_status", 6), f"{A}/hamr_status"),
    ("hamr_status negative", 200, edit(f"{A}/hamr_status", -1), f"{A}/hamr_status"),
    ("hamr_status as a string", 200, edit(f"{A}/hamr_status", "4"), f"{A}/hamr_status"),
    ("hamr_status as a float", 200, edit(f"{A}/hamr_status", 4.0), f"{A}/hamr_status"),
    ("hamr_status null", 200, edit(f"{A}/hamr_status", None), f"{A}/hamr_status"),
    ("is_primary as 1", 200, edit(f"{A}/is_primary", 1), f"{A}/is_primary"),
    ("is_primary as 'true'", 200, edit(f"{A}/is_primary", "true"), f"{A}/is_primary"),
    ("modified_at not a date", 200, edit(f"{A}/modified_at", "yesterday"), f"{A}/modified_at"),
    ("modified_at without offset", 200, edit(f"{A}/modified_at", "2026-01-13T17:26:48"), f"{A}/modified_at"),
    ("modified_at impossible date", 200, edit(f"{A}/modified_at", "2026-02-30T00:00:00Z"), f"{A}/modified_at"),
    ("modified_at as epoch number", 200, edit(f"{A}/modified_at", 1768325208), f"{A}/modified_at"),
    ("modified_by missing", 200, edit(f"{A}/modified_by", delete=True), f"{A}/modified_by"),
    ("target_org_uuid as a number", 200, edit(f"{A}/target_org_uuid", 660), f"{A}/target_org_uuid"),
    ("target_org_name as a list", 200, edit(f"{A}/target_org_name", ["Org"]), f"{A}/target_org_name"),
    ("attributes missing", 200, edit(f"{A}", delete=True), A),
    ("attributes as a list", 200, edit(A, [response_example()["data"]["attributes"]]), A),
    ("extra nesting: data inside data", 200, {"data": response_example()}, "/data/attributes"),
    (
        "extra nesting: attributes wrapped",
        200,
        edit(A, {"attributes": response_example()["data"]["attributes"]}),
        f"{A}/hamr_status",
    ),
    ("data is a list", 200, {"data": [response_example()["data"]]}, "/data"),
    ("data missing", 200, {}, "/data"),
    ("id as a number", 200, edit("/data/id", 550), "/data/id"),
    ("type unknown", 200, edit("/data/type", "hamr_connections"), "/data/type"),
    ("top level is a list", 200, [response_example()], ""),
    ("top level is null", 200, None, ""),
    ("not JSON", 200, b"<html>502 Bad Gateway</html>", ""),
    ("truncated JSON", 200, json.dumps(response_example()).encode()[:-7], ""),
    ("NaN is not JSON", 200, b'{"data": NaN}', ""),
    ("not UTF-8", 200, b'{"data": "\xff\xfe"}', ""),
    ("error item detail as a number", 400, edit("/errors/0/detail", 400, base=error_example), "/errors/0/detail"),
    (
        "error item source pointer null",
        403,
        edit("/errors/0/source/pointer", None, base=error_example),
        "/errors/0/source/pointer",
    ),
    ("error meta as a string", 404, edit("/errors/0/meta", "x", base=error_example), "/errors/0/meta"),
    ("errors missing", 400, {"detail": "bad"}, "/errors"),
    ("errors not a list", 403, {"errors": {"detail": "bad"}}, "/errors"),
    ("error item a string", 404, {"errors": ["Bad Request"]}, "/errors/0"),
    ("429 errors of objects", 429, {"errors": [{"detail": "slow down"}]}, "/errors/0"),
    ("429 errors missing", 429, {"message": "slow down"}, "/errors"),
]


def encode(body: Any) -> bytes:
    return body if isinstance(body, bytes) else json.dumps(body).encode()


@pytest.mark.parametrize(("status", "body", "path"), [pytest.param(*case[1:], id=case[0]) for case in MALFORMED])
def test_a_malformed_body_raises_invalid_response_at_the_first_problem(
    wire: Wire, status: int, body: Any, path: str
) -> None:
    content = encode(body)
    wire.router.get(PATH).mock(
        return_value=httpx.Response(status, content=content, headers={"Content-Type": "application/json"})
    )
    with pytest.raises(InvalidResponse) as raised:
        get_hamr_org_connection.sync(client=wire.client(max_retries=0))
    error = raised.value
    assert (error.path, error.status_code, error.content, error.operation) == (
        path,
        status,
        content,
        "GetHamrOrgConnection",
    )
    assert error.reason
    assert f"{path or '/'}:" in str(error)


def test_malformed_table_is_big_enough() -> None:
    assert len(MALFORMED) >= 20


@pytest.mark.parametrize(
    "content_type", ["text/html", "text/plain; charset=utf-8", "application/xml", "", "application/jsonx"]
)
def test_a_json_body_under_another_content_type_is_invalid(wire: Wire, content_type: str) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    wire.router.get(PATH).mock(
        return_value=httpx.Response(200, content=json.dumps(response_example()).encode(), headers=headers)
    )
    with pytest.raises(InvalidResponse, match="Content-Type") as raised:
        get_hamr_org_connection.sync(client=wire.client(max_retries=0))
    assert raised.value.path == ""


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/vnd.api+json"])
def test_json_content_types_are_accepted(wire: Wire, content_type: str) -> None:
    wire.router.get(PATH).mock(
        return_value=httpx.Response(
            200, content=json.dumps(response_example()).encode(), headers={"Content-Type": content_type}
        )
    )
    assert isinstance(get_hamr_org_connection.sync(client=wire.client()), HamrOrgConnectionResponse)


@pytest.mark.parametrize("async_transport", ASYNC_TRANSPORTS)
def test_post_response_is_checked_the_same_way(wire: Wire, async_transport: AsyncTransport) -> None:
    wire.router.post(PATH).mock(return_value=json_response(200, edit(f"{A}/hamr_status", 6)))
    body = HamrOrgConnectionRequest.from_dict(request_example())
    with pytest.raises(InvalidResponse) as raised:
        asyncio.run(create_hamr_org_connection.asyncio(client=wire.client(), body=body))
    assert (raised.value.operation, raised.value.path) == ("CreateHamrOrgConnection", f"{A}/hamr_status")


def test_unknown_hamr_status_is_an_error_not_a_new_member() -> None:
    """A future state (6) is outside the closed enum 0-5: typed error, never a silent int."""
    assert [status.value for status in HamrOrgConnectionStatus] == [0, 1, 2, 3, 4, 5]
    document = copy.deepcopy(edit(f"{A}/hamr_status", 6))
    with pytest.raises(ValueError, match="6 is not one of") as raised:
        HamrOrgConnectionResponse.from_dict(document)
    assert getattr(raised.value, "path", None) == f"{A}/hamr_status"


def test_unknown_extra_properties_are_kept_not_rejected(wire: Wire) -> None:
    """The spec's objects are open (no additionalProperties: false): new fields survive a round trip."""
    document = edit(f"{A}/region", "us1")
    wire.router.get(PATH).mock(return_value=json_response(200, document))
    parsed = get_hamr_org_connection.sync(client=wire.client())
    assert isinstance(parsed, HamrOrgConnectionResponse)
    assert parsed.data.attributes["region"] == "us1"
    assert parsed.to_dict() == document


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
bodies = st.one_of(json_values.map(lambda value: json.dumps(value).encode()), st.binary(max_size=64))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(status=st.sampled_from(sorted(DOCUMENTED["get"])), content=bodies)
def test_any_body_is_a_model_or_invalid_response_never_a_bare_error(wire: Wire, status: int, content: bytes) -> None:
    wire.router.get(PATH).mock(
        return_value=httpx.Response(status, content=content, headers={"Content-Type": "application/json"})
    )
    try:
        parsed = get_hamr_org_connection.sync(client=wire.client(max_retries=0))
    except InvalidResponse as exc:
        problem: InvalidResponse | None = exc
    else:
        problem = None
    if problem is None:
        assert isinstance(parsed, DOCUMENTED["get"][status][0])
    else:
        assert (problem.status_code, problem.content) == (status, content)
        assert problem.path == "" or problem.path.startswith("/")
