"""The spec and a snapshot of Datadog's public docs for the two endpoints, parsed once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tooling import spec_doc

ROOT = Path(__file__).resolve().parents[2]
DOCS = Path(__file__).parent / "datadog-docs"


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = spec_doc.read()
    return document


@pytest.fixture(scope="session")
def get_doc() -> str:
    return (DOCS / "get-hamr-org-connection.md").read_text()


@pytest.fixture(scope="session")
def post_doc() -> str:
    return (DOCS / "create-hamr-org-connection.txt").read_text()
