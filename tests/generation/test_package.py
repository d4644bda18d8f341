"""The installed hamr_client exposes what the spec promises: both operations, every model.

What its wheel and sdist ship: test_distribution.py.
"""

from __future__ import annotations

import importlib
import inspect

import pytest
from hamr_client.models import HamrOrgConnectionStatus, HamrOrgConnectionType

OPERATIONS = ["get_hamr_org_connection", "create_hamr_org_connection"]
MODELS = [
    "HamrOrgConnectionRequest",
    "HamrOrgConnectionDataRequest",
    "HamrOrgConnectionAttributesRequest",
    "HamrOrgConnectionResponse",
    "HamrOrgConnectionDataResponse",
    "HamrOrgConnectionAttributesResponse",
    "HamrOrgConnectionStatus",
    "HamrOrgConnectionType",
    "JSONAPIErrorResponse",
    "JSONAPIErrorItem",
    "JSONAPIErrorItemSource",
    "APIErrorResponse",
]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_operation_has_the_four_entry_points(operation: str) -> None:
    module = importlib.import_module(f"hamr_client.api.high_availability_multi_region.{operation}")
    for name in ("sync", "sync_detailed"):
        assert inspect.isfunction(getattr(module, name))
    for name in ("asyncio", "asyncio_detailed"):
        assert inspect.iscoroutinefunction(getattr(module, name))


def test_every_spec_model_is_exported() -> None:
    models = importlib.import_module("hamr_client.models")
    assert set(MODELS) <= set(models.__all__)
    for name in MODELS:
        assert inspect.isclass(getattr(models, name))


def test_status_enum_has_the_six_documented_names() -> None:
    assert {s.name: s.value for s in HamrOrgConnectionStatus} == {
        "UNSPECIFIED": 0,
        "ONBOARDING": 1,
        "PASSIVE": 2,
        "FAILOVER": 3,
        "ACTIVE": 4,
        "RECOVERY": 5,
    }


def test_type_enum_has_the_single_documented_value() -> None:
    assert [t.value for t in HamrOrgConnectionType] == ["hamr_org_connections"]
    assert HamrOrgConnectionType.HAMR_ORG_CONNECTIONS.value == "hamr_org_connections"
