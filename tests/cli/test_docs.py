"""docs/cli.md says what ``hamr`` does: its exit codes and its statuses (its drill runs in tests/docs)."""

from __future__ import annotations

import re
from pathlib import Path

from hamr_client.cli.exits import MEANINGS

from tests.cli.harness import as_process

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text()


def test_the_exit_code_table_is_the_one_hamr_has() -> None:
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", DOCS, flags=re.MULTILINE)
    assert {int(code): meaning for code, meaning in rows} == {int(code): text for code, text in MEANINGS.items()}


def test_the_statuses_shown_are_what_hamr_prints() -> None:
    shown = DOCS.split("$ hamr statuses\n", 1)[1].split("```", 1)[0]
    assert as_process("statuses").stdout == shown
