"""Datadog's official client (datadog-api-client), set up as its docs say, pointed at the loopback server.

Its code is untyped; this module is the one place that touches it, and hands back ``Any``.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from typing import Any

from tooling.bench_kit import payloads

OPERATIONS = ("get_hamr_org_connection", "create_hamr_org_connection")


def hamr_api(base_url: str, stack: ExitStack) -> Any:
    """A ``HighAvailabilityMultiRegionApi`` with both (unstable) HAMR operations enabled."""
    from datadog_api_client import ApiClient, Configuration  # noqa: PLC0415
    from datadog_api_client.v2.api.high_availability_multi_region_api import (  # noqa: PLC0415
        HighAvailabilityMultiRegionApi,
    )

    configuration: Any = Configuration(host=base_url)  # type: ignore[no-untyped-call]
    configuration.api_key["apiKeyAuth"] = payloads.API_KEY
    configuration.api_key["appKeyAuth"] = payloads.APP_KEY
    for operation in OPERATIONS:
        configuration.unstable_operations[operation] = True
    api_client: Any = stack.enter_context(ApiClient(configuration))
    return HighAvailabilityMultiRegionApi(api_client)  # type: ignore[no-untyped-call]


def request_model(api: Any) -> Any:
    """The docs' request example as the official client's model (built once, like a user would)."""
    from datadog_api_client.v2.model.hamr_org_connection_request import HamrOrgConnectionRequest  # noqa: PLC0415

    return deserialize(api, json.dumps(payloads.request_example()), HamrOrgConnectionRequest)


def response_type() -> Any:
    from datadog_api_client.v2.model.hamr_org_connection_response import HamrOrgConnectionResponse  # noqa: PLC0415

    return HamrOrgConnectionResponse


def deserialize(api: Any, text: str, model: Any) -> Any:
    """What the official client does with a response body: ``json.loads`` plus typed validation."""
    return api.api_client.deserialize(text, (model,), True)
