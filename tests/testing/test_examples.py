"""The examples shipped as data in hamr_client.testing are the spec's, byte for byte, status by status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from hamr_client.testing import HamrFake, examples

from tooling import spec_doc

ROOT = Path(__file__).resolve().parents[2]
SPEC: dict[str, Any] = spec_doc.read()
OPERATIONS = SPEC["paths"]["/api/v2/hamr"]


def _example(media: dict[str, Any]) -> Any:
    (example,) = media["examples"].values()  # one example per media type: the one the fake sends
    return spec_doc.follow(SPEC, example)["value"]


def documented() -> dict[int, Any]:
    """Each status any operation documents, with the example of its response."""
    found: dict[int, Any] = {}
    for operation in OPERATIONS.values():
        for status, response in operation["responses"].items():
            value = _example(spec_doc.follow(SPEC, response)["content"]["application/json"])
            assert found.setdefault(int(status), value) == value, f"{status} has two different examples"
    return found


def test_components_examples_are_the_specs() -> None:
    components = SPEC["components"]["examples"]
    assert components["HamrOrgConnectionResponseExample"]["value"] == examples.CONNECTION_RESPONSE
    assert components["JSONAPIErrorResponseExample"]["value"] == examples.JSONAPI_ERROR


def test_the_request_and_429_examples_are_the_specs() -> None:
    assert _example(OPERATIONS["post"]["requestBody"]["content"]["application/json"]) == examples.CONNECTION_REQUEST
    too_many = SPEC["components"]["responses"]["TooManyRequestsResponse"]["content"]["application/json"]
    assert _example(too_many) == examples.TOO_MANY_REQUESTS


def test_there_is_one_example_for_each_documented_status() -> None:
    assert documented() == examples.BY_STATUS


@pytest.mark.parametrize("status", sorted(documented()))
def test_fail_next_sends_the_specs_example_for_a_documented_status(status: int) -> None:
    fake = HamrFake()
    fake.fail_next(status)
    with httpx.Client(transport=httpx.MockTransport(fake.handle), base_url="http://fake") as http:
        response = http.get("/api/v2/hamr")
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == documented()[status]
