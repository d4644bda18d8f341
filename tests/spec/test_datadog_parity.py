"""The spec follows Datadog's own: every difference from it is named, with its reason, in info.x-reading-notes."""

from __future__ import annotations

import copy
import fnmatch
import re
from pathlib import Path
from typing import Any

import pytest

from tests.spec.parity import differences, facts
from tooling import datadog_spec

NAMED = re.compile(r"^Differs from Datadog's spec at `([^`]+)`: \S")


@pytest.fixture(scope="module")
def datadog() -> dict[str, Any]:
    return datadog_spec.document()


def named(spec: dict[str, Any]) -> list[str]:
    """The fact patterns the reading notes name as known differences."""
    return [match[1] for note in spec["info"]["x-reading-notes"] if (match := NAMED.match(" ".join(note.split())))]


def test_the_snapshot_is_the_shared_copy() -> None:
    shared = Path(__file__).resolve().parents[3] / "shared" / "datadog-spec" / "hamr-2026-04.yaml"
    if shared.is_file():  # beside a checkout in this workplace; the committed copy stands alone elsewhere
        assert shared.read_bytes() == datadog_spec.SNAPSHOT.read_bytes()


def test_every_difference_from_datadogs_spec_is_named(spec: dict[str, Any], datadog: dict[str, Any]) -> None:
    patterns = named(spec)
    unnamed = {
        key: values
        for key, values in differences(facts(spec), facts(datadog)).items()
        if not any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns)
    }
    assert not unnamed, (
        "openapi/hamr.yaml differs from Datadog's spec (tests/spec/datadog-spec) where no reading note says why; "
        'follow Datadog, or add to info.x-reading-notes "Differs from Datadog\'s spec at `KEY`: reason":\n'
        + "\n".join(f"  {key}: ours {ours!r}, Datadog's {theirs!r}" for key, (ours, theirs) in unnamed.items())
    )


def test_no_note_names_a_difference_that_is_gone(spec: dict[str, Any], datadog: dict[str, Any]) -> None:
    found = differences(facts(spec), facts(datadog))
    stale = [pattern for pattern in named(spec) if not any(fnmatch.fnmatchcase(key, pattern) for key in found)]
    assert not stale, f"reading notes name differences from Datadog's spec that no longer exist: {stale}"


def test_the_sites_and_formats_datadog_moved_to_are_ours(spec: dict[str, Any], datadog: dict[str, Any]) -> None:
    ours, theirs = facts(spec), facts(datadog)
    assert set(theirs["sites"]) <= set(ours["sites"])
    status_format = "GetHamrOrgConnection 200 body.data.attributes.hamr_status: format"
    assert ours[status_format] == theirs[status_format] == "int64"


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda s: s["components"]["schemas"]["HamrOrgConnectionStatus"].update(format="int32"), "hamr_status: format"),
        (lambda s: s["servers"][0]["variables"]["site"]["enum"].remove("uk1.datadoghq.com"), "sites"),
        (lambda s: s["components"]["schemas"]["HamrOrgConnectionDataResponse"]["required"].remove("id"), "requires id"),
        (lambda s: s["paths"]["/api/v2/hamr"]["get"]["responses"].pop("404"), "404: documented"),
        (lambda s: s["paths"]["/api/v2/hamr"]["post"].update(security=[{"apiKeyAuth": []}]), "security"),
        # Beside a named difference, a neighbour is still a difference of its own.
        (
            lambda s: s["components"]["responses"]["HamrOrgConnectionOK"]["content"].pop("application/json"),
            "200: media type application/json",
        ),
        (
            lambda s: s["components"]["schemas"]["HamrOrgConnectionAttributesRequest"]["required"].remove(
                "target_org_uuid"
            ),
            "requires target_org_uuid",
        ),
        (lambda s: s["paths"]["/api/v2/hamr"]["get"]["responses"].pop("403"), "403: documented"),
    ],
)
def test_an_unnamed_difference_is_caught(spec: dict[str, Any], datadog: dict[str, Any], change: Any, key: str) -> None:
    mutated = copy.deepcopy(spec)
    change(mutated)
    patterns = named(mutated)
    unnamed = [
        k for k in differences(facts(mutated), facts(datadog)) if not any(fnmatch.fnmatchcase(k, p) for p in patterns)
    ]
    assert any(key in k for k in unnamed), unnamed
