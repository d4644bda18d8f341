"""Datadog's own spec for /api/v2/hamr as its clients have it now, read once for every comparison.

The snapshot in ``tests/spec/datadog-spec`` (with its provenance) and the changes Datadog made
after it (``later-changes.yaml``, a JSON Patch) applied: what tests/spec compares the spec with and
what the contract gate's ``strict=False`` properties draw bodies from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonpatch

from tooling import spec_doc

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "spec" / "datadog-spec"
SNAPSHOT = FOLDER / "hamr-2026-04.yaml"


def document() -> dict[str, Any]:
    """A fresh copy of Datadog's spec: the snapshot with its later changes applied."""
    patched: dict[str, Any] = jsonpatch.apply_patch(
        spec_doc.read(SNAPSHOT), spec_doc.load_yaml(FOLDER / "later-changes.yaml")
    )
    return patched
