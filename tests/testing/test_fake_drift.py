"""``HamrFake(drift=...)``: every connection answer carries the drift, the store never does; a bad drift is refused."""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from hamr_client import InvalidResponse, SpecDriftWarning, WriteNotAppliedError, models
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.testing import HamrFake, examples
from hypothesis import given
from hypothesis import strategies as st

from tooling import spec_doc

KEYS = {"DD-API-KEY": "an-api-key", "DD-APPLICATION-KEY": "an-app-key"}
PATH = "/api/v2/hamr"
STATUS = "/data/attributes/hamr_status"
NEWER_STATUS = {STATUS: 6}  # a status after RECOVERY: one the spec does not know
BODY = models.HamrOrgConnectionRequest.from_dict(examples.CONNECTION_REQUEST)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
# The objects of a connection answer, by path: where a drift may replace or add a value.
OBJECTS = [(), ("data",), ("data", "attributes")]
# Keys the answer has, keys it does not, and keys a JSON pointer must escape.
keys = st.sampled_from(["data", "attributes", "id", "type", "hamr_status", "modified_at", "a/b", "~1", ""]) | st.text(
    max_size=6
)


def pointer(*tokens: str) -> str:
    return spec_doc.pointer(tokens)  # jsonpointer's escaping, not the fake's


def http(fake: HamrFake) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(fake.handle), base_url="http://fake", headers=KEYS)


@pytest.fixture
def drifting() -> HamrFake:
    return HamrFake(drift=NEWER_STATUS)


@pytest.fixture
def raw(drifting: HamrFake) -> Iterator[httpx.Client]:
    with http(drifting) as client:
        yield client


# ---------------------------------------------------------------------- the answers carry it, the store does not


@given(where=st.sampled_from(OBJECTS), key=keys, value=json_values)
def test_every_connection_answer_carries_the_drift_and_the_store_keeps_what_was_written(
    where: tuple[str, ...], key: str, value: Any
) -> None:
    fake = HamrFake(drift={pointer(*where, key): value})
    with http(fake) as raw:
        posted = raw.post(PATH, json=examples.CONNECTION_REQUEST)
        got = raw.get(PATH)
    stored = fake.connection
    assert stored is not None
    assert stored["data"]["attributes"] == {
        **examples.CONNECTION_REQUEST["data"]["attributes"],
        "modified_at": stored["data"]["attributes"]["modified_at"],
    }
    assert fake.writes == [examples.CONNECTION_REQUEST]
    expected = copy.deepcopy(stored)
    container = expected
    for token in where:
        container = container[token]
    container[key] = value
    assert (posted.status_code, got.status_code) == (200, 200)
    assert posted.json() == got.json() == expected


def test_several_pointers_drift_together() -> None:
    fake = HamrFake(drift={STATUS: 6, "/data/attributes/modified_at": "yesterday", "/data/extra": [1, None]})
    with http(fake) as raw:
        raw.post(PATH, json=examples.CONNECTION_REQUEST)
        answer = raw.get(PATH).json()
    assert answer["data"]["attributes"]["hamr_status"] == 6
    assert answer["data"]["attributes"]["modified_at"] == "yesterday"
    assert answer["data"]["extra"] == [1, None]
    assert answer["data"]["id"] == examples.CONNECTION_REQUEST["data"]["id"]


def test_only_the_connection_answers_drift(drifting: HamrFake, raw: httpx.Client) -> None:
    assert raw.get(PATH).json()["errors"][0]["status"] == "404"
    assert raw.post(PATH, json={"data": {}}).json()["errors"][0]["source"]["pointer"] == "/data/attributes"
    drifting.fail_next(200, body=examples.CONNECTION_RESPONSE)  # what a test injects goes out as given
    assert raw.get(PATH).json() == examples.CONNECTION_RESPONSE


def test_the_drift_is_copied_in_and_out_and_outlives_reset() -> None:
    mine: dict[str, Any] = {"/data/attributes/extra": {"kept": [1]}}
    fake = HamrFake(drift=mine)
    mine["/data/attributes/extra"]["kept"].append(2)
    mine[STATUS] = 6
    fake.drift["/data/attributes/extra"]["kept"].append(3)
    fake.reset()
    assert fake.drift == {"/data/attributes/extra": {"kept": [1]}}
    with http(fake) as raw:
        raw.post(PATH, json=examples.CONNECTION_REQUEST)
        attributes = raw.get(PATH).json()["data"]["attributes"]
    assert (attributes["extra"], attributes["hamr_status"]) == ({"kept": [1]}, 4)


def test_concurrent_requests_all_drift_and_the_store_never_does(drifting: HamrFake, raw: httpx.Client) -> None:
    raw.post(PATH, json=examples.CONNECTION_REQUEST)

    def one(index: int) -> Any:
        if index % 2:
            return raw.post(PATH, json=examples.CONNECTION_REQUEST).json()
        return raw.get(PATH).json()

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(one, range(200)))
    assert {answer["data"]["attributes"]["hamr_status"] for answer in answers} == {6}
    assert drifting.connection is not None
    assert drifting.connection["data"]["attributes"]["hamr_status"] == 4
    assert {write["data"]["attributes"]["hamr_status"] for write in drifting.writes} == {4}


# ---------------------------------------------------------------------- what a client makes of it


def drift_of(record: pytest.WarningsRecorder) -> list[tuple[str, str]]:
    return [(w.message.operation, w.message.path) for w in record if isinstance(w.message, SpecDriftWarning)]


def test_a_lenient_client_reads_the_drift_with_a_warning_at_its_pointer(drifting: HamrFake) -> None:
    client = drifting.client(strict=False)
    with pytest.warns(SpecDriftWarning) as on_write, pytest.raises(WriteNotAppliedError) as not_applied:
        create_hamr_org_connection.sync(client=client, body=BODY)  # the answer holds 6, not the status sent
    written = not_applied.value.body
    with pytest.warns(SpecDriftWarning) as on_read:
        read = get_hamr_org_connection.sync(client=client)
    assert drift_of(on_write) == [("CreateHamrOrgConnection", STATUS)]
    assert drift_of(on_read) == [("GetHamrOrgConnection", STATUS)]
    assert written.data.attributes.hamr_status.value == read.data.attributes.hamr_status.value == 6
    assert read.data.attributes.hamr_status not in list(models.HamrOrgConnectionStatus)


def test_a_strict_client_refuses_the_drift_at_its_pointer(drifting: HamrFake) -> None:
    client = drifting.client()
    with pytest.raises(InvalidResponse) as refused:
        create_hamr_org_connection.sync(client=client, body=BODY)
    assert (refused.value.operation, refused.value.path) == ("CreateHamrOrgConnection", STATUS)
    assert drifting.writes == [examples.CONNECTION_REQUEST]  # written all the same, as a drifted server would
    with pytest.raises(InvalidResponse) as refused:
        get_hamr_org_connection.sync(client=client)
    assert (refused.value.operation, refused.value.path) == ("GetHamrOrgConnection", STATUS)


def test_a_lenient_client_still_refuses_what_the_models_cannot_carry() -> None:
    fake = HamrFake(drift={"/data/attributes/is_primary": "yes"})
    with pytest.raises(InvalidResponse) as refused:
        create_hamr_org_connection.sync(client=fake.client(strict=False), body=BODY)
    assert refused.value.path == "/data/attributes/is_primary"


# ---------------------------------------------------------------------- refused at construction


def parent_is_an_object(tokens: list[str]) -> bool:
    document: Any = examples.CONNECTION_RESPONSE
    for token in tokens[:-1]:
        if not isinstance(document, dict) or token not in document:
            return False
        document = document[token]
    return isinstance(document, dict)


@given(tokens=st.lists(keys, min_size=1, max_size=4))
def test_a_pointer_is_taken_exactly_when_its_parent_is_an_object_of_the_answer(tokens: list[str]) -> None:
    where = pointer(*tokens)
    if parent_is_an_object(tokens):
        assert HamrFake(drift={where: 1}).drift == {where: 1}
    else:
        with pytest.raises(ValueError, match="nowhere to go") as refused:
            HamrFake(drift={where: 1})
        assert repr(where) in str(refused.value)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("", "starts with '/'"),
        ("data/attributes/hamr_status", "starts with '/'"),
        ("/data/attributes/a~2b", "'~' is written ~0"),
        ("/data/attributes/a~", "'~' is written ~0"),
        ("/data/id/x", "/data/id is not an object"),
        ("/data/attributes/hamr_status/x", "/data/attributes/hamr_status is not an object"),
        ("/meta/x", "/meta is not an object"),
    ],
)
def test_a_pointer_that_cannot_drift_is_refused_by_name(where: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as refused:
        HamrFake(drift={where: 1})
    assert repr(where) in str(refused.value)


def circular() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, object(), {1, 2}, b"bytes", circular()],
    ids=["nan", "inf", "object", "set", "bytes", "circular"],
)
def test_a_value_that_is_not_json_is_refused_by_pointer(value: Any) -> None:
    with pytest.raises(ValueError, match=r"drift value at '/data/attributes/hamr_status' is not JSON"):
        HamrFake(drift={STATUS: value})


def test_overlapping_pointers_and_other_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match=r"'/data/attributes' and '/data/attributes/hamr_status' overlap"):
        HamrFake(drift={STATUS: 6, "/data/attributes": {}})
    with pytest.raises(ValueError, match="drift maps JSON pointers"):
        HamrFake(drift=[(STATUS, 6)])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="drift pointer 5"):
        HamrFake(drift={5: 6})  # type: ignore[dict-item]
    assert HamrFake(drift={}).drift == HamrFake().drift == {}
