"""The package API diff is griffe's breaking-change check on two generated packages: it names what breaks."""

from __future__ import annotations

from pathlib import Path

from tests.spec_diff.conftest import ALL_PAIRS, package
from tooling.spec_diff_kit import apidiff

PAIRS = {pair.name: pair for pair in ALL_PAIRS}
MODELS = "hamr_client.models"


def test_a_package_against_itself_has_no_api_change(base_package: Path) -> None:
    assert apidiff.compare(base_package, base_package).empty


def test_a_removed_response_field_is_a_removed_attribute_and_parameter(base_package: Path, tmp_path: Path) -> None:
    new = package(PAIRS["response-field-removed"].new, tmp_path, "new")
    diff = apidiff.compare(base_package, new)
    model = f"{MODELS}.hamr_org_connection_attributes_response.HamrOrgConnectionAttributesResponse"
    found = {(b.path, b.kind) for b in diff.breaking}
    # The models are dataclasses: griffe reads their constructor, which loses the parameter (and moves the next).
    assert {
        (f"{model}.modified_by", "Public object was removed"),
        (f"{model}.__init__", "Parameter was removed"),
    } <= found
    assert {path for path, _ in found} == {f"{model}.modified_by", f"{model}.__init__"}


def test_a_widened_enum_adds_a_member_and_breaks_nothing(base_package: Path, tmp_path: Path) -> None:
    new = package(PAIRS["enum-widened"].new, tmp_path, "new")
    diff = apidiff.compare(base_package, new)
    assert diff.breaking == []
    assert diff.added == [f"{MODELS}.hamr_org_connection_status.HamrOrgConnectionStatus.DECOMMISSIONED"]
