"""Hand-written code reads the spec one way: only scripts/spec_doc.py follows a $ref or escapes a pointer.

A second, hand-rolled reader is how `~1` went undecoded and `/` unescaped before: this fails on the
next one, naming the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READER = ROOT / "scripts" / "spec_doc.py"
SOURCES = [ROOT / "noxfile.py", *(p for d in ("scripts", "contract_tests", "tests") for p in (ROOT / d).rglob("*.py"))]


def _reads_refs_or_escapes(tree: ast.AST) -> list[int]:
    """Lines that look up "$ref" in a node, or replace "~"-escapes by hand."""
    lines = []
    for node in ast.walk(tree):
        key: ast.expr | None = None
        if isinstance(node, ast.Subscript):
            key = node.slice
        elif isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.In | ast.NotIn):
            key = node.left
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            if node.func.attr == "get":
                key = node.args[0]
            texts = [str(a.value) for a in node.args if isinstance(a, ast.Constant)]
            if node.func.attr == "replace" and any("~" in text for text in texts):
                lines.append(node.lineno)
        if isinstance(key, ast.Constant) and key.value == "$ref":
            lines.append(getattr(node, "lineno", 0))
    return lines


def test_only_the_spec_reader_follows_refs_or_escapes_pointers() -> None:
    found = {
        f"{path.relative_to(ROOT)}:{line}"
        for path in SOURCES
        if path != READER and "node_modules" not in path.parts
        for line in _reads_refs_or_escapes(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert found == set(), "use scripts/spec_doc.py (pointer, parts, join, Refs) instead"


def test_the_check_sees_the_reader_itself() -> None:
    # The reader does both: if the check found nothing there, it would find nothing anywhere.
    assert _reads_refs_or_escapes(ast.parse(READER.read_text(encoding="utf-8")))
