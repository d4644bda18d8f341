"""No Python block of the docs (nor a shell block of docs/cli.md and docs/testing.md) is silently left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs import kit


@pytest.mark.parametrize("path", kit.DOCS, ids=[str(path.relative_to(kit.ROOT)) for path in kit.DOCS])
def test_every_block_is_run_or_marked(path: Path) -> None:
    assert kit.unrun(path) == []


RUN = "```python\nprint('runs')\n```\n"
MARKED = "*Not run by the doc tests: it needs your own Datadog keys.*\n\n```python\nprint('marked')\n```\n"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (RUN, []),
        (MARKED, []),
        ("```py\nprint('a py block')\n```\n", ["line 1, column 1: a ```py block neither run nor marked"]),
        ("~~~python3\nprint('tildes')\n~~~\n", ["line 1, column 1: a ```python3 block neither run nor marked"]),
        (
            "*Not run by the doc tests: YAML.*\n```yaml\na: 1\n```\n" + RUN,
            ["line 1, column 1: a not-run mark before no block the doc tests run"],
        ),
        ("<!-- skip: next -->\n" + RUN, []),  # Sybil's invisible skip is no mark here: the block still runs
    ],
    ids=["run", "marked", "py", "python3", "mark-before-yaml", "html-comment"],
)
def test_the_check_finds_a_block_left_out(text: str, found: list[str], tmp_path: Path) -> None:
    doc = tmp_path / "guide.md"
    doc.write_text(text)
    assert kit.unrun(doc) == found


def test_a_mark_says_why(tmp_path: Path) -> None:
    doc = tmp_path / "guide.md"
    doc.write_text(MARKED)
    (example,) = [e for e in kit.parse(doc).examples() if kit.is_mark(e)]
    assert example.parsed == ("next", "'it needs your own Datadog keys.'")
