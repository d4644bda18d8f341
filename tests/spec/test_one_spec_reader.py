"""Hand-written code reads the spec one way: only tooling/spec_doc.py loads YAML, walks the paths,
follows a $ref or escapes a pointer.

A second, hand-rolled reader is how `~1` went undecoded and `/` unescaped before, and how eight
copies of "load openapi/hamr.yaml" and three walks over its operations grew: this fails on the
next one, naming the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READER = ROOT / "tooling" / "spec_doc.py"
SOURCES = [
    ROOT / "noxfile.py",
    *(p for d in ("tooling", "scripts", "contract_tests", "tests") for p in (ROOT / d).rglob("*.py")),
]


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


def _loads_yaml(tree: ast.AST) -> list[int]:
    """Lines that call one of PyYAML's loaders (``yaml.safe_load``, ``yaml.load``...)."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "yaml"
        and "load" in node.func.attr
    ]


def _mentions_paths(node: ast.AST) -> bool:
    return any(isinstance(inner, ast.Constant) and inner.value == "paths" for inner in ast.walk(node))


def _walks_paths(tree: ast.AST) -> list[int]:
    """Lines of a loop or comprehension over the document's ``paths`` (or a path item's methods)."""
    lines = []
    for node in ast.walk(tree):
        iters = [node.iter] if isinstance(node, ast.For | ast.AsyncFor) else []
        if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            iters = [generator.iter for generator in node.generators]
        lines += [getattr(node, "lineno", 0) for it in iters if _mentions_paths(it)]
    return lines


CHECKS = {
    "follows a $ref or escapes a pointer (spec_doc.pointer, parts, join, Refs)": _reads_refs_or_escapes,
    "loads YAML (spec_doc.read for the spec, spec_doc.load_yaml for any other file)": _loads_yaml,
    "walks the paths (spec_doc.walk, operations, routes)": _walks_paths,
}


@pytest.mark.parametrize("what", CHECKS)
def test_only_the_spec_reader(what: str) -> None:
    found = {
        f"{path.relative_to(ROOT)}:{line}"
        for path in SOURCES
        if path != READER and "node_modules" not in path.parts
        for line in CHECKS[what](ast.parse(path.read_text(encoding="utf-8")))
    }
    done, instead = what.split(" (")
    assert not found, f"{', '.join(sorted(found))}: {done} by hand; use {instead[:-1]}"


@pytest.mark.parametrize("what", CHECKS)
def test_the_check_sees_the_reader_itself(what: str) -> None:
    # The reader does each: if the check found nothing there, it would find nothing anywhere.
    assert CHECKS[what](ast.parse(READER.read_text(encoding="utf-8")))
