"""Request models refuse values the spec does not allow, before any network traffic."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hamr_client import SchemaViolation
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection
from hamr_client.models import (
    HamrOrgConnectionAttributesRequest,
    HamrOrgConnectionDataRequest,
    HamrOrgConnectionRequest,
    HamrOrgConnectionStatus,
    HamrOrgConnectionType,
)

from tests.client.conftest import PATH, Wire, json_response, request_example, response_example
from tooling.spec_doc import pointer

GOOD: dict[str, Any] = {
    "hamr_status": HamrOrgConnectionStatus.ACTIVE,
    "is_primary": True,
    "modified_by": "admin@example.com",
    "target_org_datacenter": "us1",
    "target_org_name": "Production Backup Org",
    "target_org_uuid": "660f9511-f3ac-52e5-b827-557766551111",
}
BAD = [
    ("hamr_status", 4),
    ("hamr_status", True),
    ("hamr_status", "ACTIVE"),
    ("is_primary", 1),
    ("is_primary", "yes"),
    ("modified_by", None),
    ("target_org_datacenter", 1),
    ("target_org_name", b"bytes"),
    ("target_org_uuid", ["660f9511"]),
]


@pytest.mark.parametrize(("name", "value"), BAD)
def test_construction_refuses_a_wrong_value(name: str, value: Any) -> None:
    with pytest.raises(SchemaViolation) as raised:
        HamrOrgConnectionAttributesRequest(**(GOOD | {name: value}))
    assert raised.value.path == pointer([name])
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(("name", "value"), BAD)
def test_assignment_refuses_a_wrong_value(name: str, value: Any) -> None:
    attributes = HamrOrgConnectionAttributesRequest(**GOOD)
    with pytest.raises(SchemaViolation, match=name):
        setattr(attributes, name, value)
    assert getattr(attributes, name) == GOOD[name]


def test_an_unknown_status_cannot_even_be_spelled() -> None:
    with pytest.raises(ValueError, match="6"):
        HamrOrgConnectionStatus(6)


def test_nested_models_are_type_checked() -> None:
    with pytest.raises(SchemaViolation, match="/attributes"):
        HamrOrgConnectionDataRequest(attributes=GOOD, id="x", type_=HamrOrgConnectionType.HAMR_ORG_CONNECTIONS)  # type: ignore[arg-type]
    with pytest.raises(SchemaViolation, match="/type"):
        HamrOrgConnectionDataRequest(
            attributes=HamrOrgConnectionAttributesRequest(**GOOD),
            id="x",
            type_="hamr_org_connections",  # type: ignore[arg-type]
        )


def test_the_built_request_is_the_docs_example() -> None:
    built = HamrOrgConnectionRequest(
        data=HamrOrgConnectionDataRequest(
            attributes=HamrOrgConnectionAttributesRequest(**GOOD),
            id="550e8400-e29b-41d4-a716-446655440000",
            type_=HamrOrgConnectionType.HAMR_ORG_CONNECTIONS,
        )
    )
    assert built.to_dict() == request_example()


def test_a_body_that_is_not_the_model_is_refused_before_sending(wire: Wire) -> None:
    route = wire.router.post(PATH).mock(return_value=json_response(200, response_example()))
    with pytest.raises(SchemaViolation, match="HamrOrgConnectionRequest"):
        create_hamr_org_connection.sync(client=wire.client(), body=request_example())  # type: ignore[arg-type]
    assert route.call_count == 0


def test_the_sent_body_is_exactly_the_model(wire: Wire) -> None:
    route = wire.router.post(PATH).mock(return_value=json_response(200, response_example()))
    client = wire.client(dialect="reference")  # production's spelling: tests/client/test_production_dialect.py
    create_hamr_org_connection.sync(client=client, body=HamrOrgConnectionRequest.from_dict(request_example()))
    request = route.calls.last.request
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == request_example()
