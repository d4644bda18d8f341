"""The test kit's own tests: pytester runs users' test files in a fresh pytest process."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "testing.md"

pytest_plugins = ["pytester"]


def doc_modules() -> list[str]:
    """Every ```python block of docs/testing.md: each is a complete test module."""
    return re.findall(r"^```python\n(.*?)^```$", DOCS.read_text(), flags=re.DOTALL | re.MULTILINE)
