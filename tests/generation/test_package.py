"""The installed hamr_client exposes what the spec promises: both operations, every model."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
import zipfile
from pathlib import Path

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


@pytest.mark.slow
def test_wheel_ships_every_module_and_the_typing_marker(tmp_path: Path) -> None:
    """What `pip install ./generated` gives a user: a wheel with py.typed and the whole package."""
    root = Path(__file__).resolve().parents[2] / "generated"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(root)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("hamr_client-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("hamr_client/")}
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        assert "Name: hamr-client" in archive.read(metadata).decode()
    package = root / "hamr_client"
    sources = {str(p.relative_to(root)) for p in package.rglob("*") if p.suffix in {".py", ".typed"}}
    assert "hamr_client/py.typed" in shipped
    assert sources <= shipped
