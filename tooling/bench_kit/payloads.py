"""The docs' example bodies, read from the spec so the benchmark exchanges exactly what the docs show."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from tooling import spec_doc

PATH = "/api/v2/hamr"
# Under this prefix the server answers GET with the 200 example drifted (``hamr_status`` off its enum).
DRIFT_PREFIX = "/drift"
DRIFTED_STATUS = 6
# Placeholders only: the loopback server never checks them, but every client sends them.
API_KEY = "<DATADOG_API_KEY>"
APP_KEY = "<DATADOG_APP_KEY>"


@cache
def _spec() -> dict[str, Any]:
    return spec_doc.read()


def response_example() -> dict[str, Any]:
    """The docs' 200 example (what GET and POST both answer)."""
    value: dict[str, Any] = _spec()["components"]["examples"]["HamrOrgConnectionResponseExample"]["value"]
    return value


def drifted_response_example() -> dict[str, Any]:
    """The 200 example with ``hamr_status`` 6: a body the spec does not allow and a ``strict=False`` client keeps."""
    example = response_example()
    return {"data": {**example["data"], "attributes": {**example["data"]["attributes"], "hamr_status": DRIFTED_STATUS}}}


def request_example() -> dict[str, Any]:
    """The docs' example POST body."""
    body = _spec()["paths"][PATH]["post"]["requestBody"]["content"]["application/json"]
    value: dict[str, Any] = body["examples"]["default"]["value"]
    return value


def response_bytes() -> bytes:
    return json.dumps(response_example()).encode()


def drifted_response_bytes() -> bytes:
    return json.dumps(drifted_response_example()).encode()


def request_bytes() -> bytes:
    return json.dumps(request_example()).encode()
