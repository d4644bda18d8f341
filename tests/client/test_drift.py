"""strict=False: what the models can carry is kept, round-trips and warns once per deviation with its pointer."""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import logging
import pickle
from typing import Any

import pytest
from hamr_client import InvalidResponse, SpecDriftWarning
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.models import HamrOrgConnectionRequest, HamrOrgConnectionResponse, HamrOrgConnectionStatus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.client.conftest import PATH, Wire, json_response, request_example, response_example

STATUS = "/data/attributes/hamr_status"
MODIFIED_AT = "/data/attributes/modified_at"
KNOWN = [member.value for member in HamrOrgConnectionStatus]


def with_attributes(**changes: Any) -> dict[str, Any]:
    body = response_example()
    body["data"]["attributes"].update(changes)
    return body


def fetched(wire: Wire, body: dict[str, Any], *, strict: bool = False, use_async: bool = False) -> Any:
    wire.router.get(PATH).mock(return_value=json_response(200, body))
    client = wire.client(strict=strict)
    if use_async:
        return asyncio.run(get_hamr_org_connection.asyncio(client=client))
    return get_hamr_org_connection.sync(client=client)


def drift_paths(record: pytest.WarningsRecorder) -> list[str]:
    found = [warning.message for warning in record if isinstance(warning.message, SpecDriftWarning)]
    assert all(drift.operation == "GetHamrOrgConnection" and drift.status_code == 200 for drift in found)
    return [drift.path for drift in found]


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_an_unknown_status_is_kept_typed_and_warned(wire: Wire, use_async: bool) -> None:
    body = with_attributes(hamr_status=6)
    with pytest.warns(SpecDriftWarning) as record:
        parsed = fetched(wire, copy.deepcopy(body), use_async=use_async)
    assert isinstance(parsed, HamrOrgConnectionResponse)
    status = parsed.data.attributes.hamr_status
    assert isinstance(status, HamrOrgConnectionStatus)
    assert (status.value, status.name) == (6, "UNKNOWN_6")
    assert status not in list(HamrOrgConnectionStatus)
    assert parsed.to_dict() == body
    assert drift_paths(record) == [STATUS]


def test_code_that_matches_on_the_enum_keeps_working(wire: Wire) -> None:
    with pytest.warns(SpecDriftWarning):
        parsed = fetched(wire, with_attributes(hamr_status=6))
    match parsed.data.attributes.hamr_status:
        case HamrOrgConnectionStatus.ACTIVE:
            outcome = "active"
        case HamrOrgConnectionStatus():
            outcome = "some other state"
    assert outcome == "some other state"


@pytest.mark.parametrize("text", ["yesterday", "", "2026-01-13", "2026-01-13T17:26:48", "2026-02-30T00:00:00Z"])
def test_an_off_format_timestamp_is_kept_exactly_and_warned(wire: Wire, text: str) -> None:
    body = with_attributes(modified_at=text)
    with pytest.warns(SpecDriftWarning) as record:
        parsed = fetched(wire, copy.deepcopy(body))
    assert parsed.to_dict() == body
    assert drift_paths(record) == [MODIFIED_AT]
    modified_at = parsed.data.attributes.modified_at
    assert isinstance(modified_at, str) or modified_at.year == 2026


def test_every_deviation_of_a_response_is_reported_once(wire: Wire, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.warns(SpecDriftWarning) as record:
        fetched(wire, with_attributes(hamr_status=9, modified_at="now"))
    assert sorted(drift_paths(record)) == sorted([STATUS, MODIFIED_AT])
    logged = [r for r in caplog.records if r.name == "hamr_client" and r.levelno == logging.WARNING]
    assert len(logged) == 2
    assert any(MODIFIED_AT in r.getMessage() for r in logged)


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"hamr_status": "4"}, STATUS),
        ({"hamr_status": True}, STATUS),
        ({"modified_at": 1768325208}, MODIFIED_AT),
        ({"is_primary": "yes"}, "/data/attributes/is_primary"),
    ],
)
def test_a_wrong_json_type_is_invalid_in_both_modes(
    wire: Wire, strict: bool, change: dict[str, Any], pointer: str
) -> None:
    with pytest.raises(InvalidResponse) as raised:
        fetched(wire, with_attributes(**change), strict=strict)
    assert raised.value.path == pointer


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
@pytest.mark.parametrize("field", ["target_org_uuid", "hamr_status", "modified_at"])
def test_a_missing_required_field_is_invalid_in_both_modes(wire: Wire, strict: bool, field: str) -> None:
    body = response_example()
    del body["data"]["attributes"][field]
    with pytest.raises(InvalidResponse) as raised:
        fetched(wire, body, strict=strict)
    assert raised.value.path == f"/data/attributes/{field}"


def test_strict_is_the_default_and_refuses_drift(wire: Wire) -> None:
    wire.router.get(PATH).mock(return_value=json_response(200, with_attributes(hamr_status=6)))
    with pytest.raises(InvalidResponse) as raised:
        get_hamr_org_connection.sync(client=wire.client())
    assert raised.value.path == STATUS


def test_a_request_cannot_carry_an_unknown_status(wire: Wire) -> None:
    body = request_example()
    body["data"]["attributes"]["hamr_status"] = 6
    route = wire.router.post(PATH)
    with pytest.raises(ValueError, match="hamr_status"):
        create_hamr_org_connection.sync(client=wire.client(strict=False), body=HamrOrgConnectionRequest.from_dict(body))
    assert not route.called


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(
    status=st.integers(min_value=-(2**63), max_value=2**63 - 1).filter(lambda value: value not in KNOWN),
    modified_at=st.one_of(st.none(), st.text(max_size=30)),
)
def test_any_future_status_and_timestamp_round_trip(wire: Wire, status: int, modified_at: str | None) -> None:
    changes: dict[str, Any] = {"hamr_status": status}
    if modified_at is not None:
        changes["modified_at"] = modified_at
    body = with_attributes(**changes)
    with pytest.warns(SpecDriftWarning) as record:
        parsed = fetched(wire, copy.deepcopy(body))
    assert parsed.to_dict() == body
    assert STATUS in drift_paths(record)


def test_a_drifted_response_pickles_copies_and_is_replaced(wire: Wire) -> None:
    body = with_attributes(hamr_status=6, modified_at="2026-01-13 17:26:48")
    with pytest.warns(SpecDriftWarning):
        parsed = fetched(wire, copy.deepcopy(body))
    for clone in (pickle.loads(pickle.dumps(parsed)), copy.deepcopy(parsed)):  # noqa: S301 -- our own bytes
        assert clone.to_dict() == body
        assert clone.data.attributes.hamr_status is parsed.data.attributes.hamr_status
    dataclasses.replace(parsed.data.attributes)
    parsed.data.attributes.modified_at = parsed.data.attributes.modified_at


def test_the_wire_text_of_a_timestamp_survives_pickle_and_copy(wire: Wire) -> None:
    parsed = fetched(wire, with_attributes(modified_at="2026-01-13T17:26:48.83Z"), strict=True)
    for clone in (pickle.loads(pickle.dumps(parsed)), copy.deepcopy(parsed)):  # noqa: S301 -- our own bytes
        assert clone.to_dict()["data"]["attributes"]["modified_at"] == "2026-01-13T17:26:48.83Z"


def test_a_tolerated_naive_timestamp_stays_text(wire: Wire) -> None:
    with pytest.warns(SpecDriftWarning):
        parsed = fetched(wire, with_attributes(modified_at="2026-01-13T17:26:48"))
    assert parsed.data.attributes.modified_at == "2026-01-13T17:26:48"


def test_the_warning_points_at_the_callers_line(wire: Wire) -> None:
    with pytest.warns(SpecDriftWarning) as record:
        fetched(wire, with_attributes(hamr_status=6))
    assert record[0].filename == __file__


def test_a_drift_warning_pickles_to_an_equal_one() -> None:
    drift = SpecDriftWarning("GetHamrOrgConnection", 200, STATUS, "6 is not one of 0, 1")
    assert pickle.loads(pickle.dumps(drift)) == drift  # noqa: S301 -- our own bytes
