"""The runtime's modules import each other one way (relatively), and their import graph has no circle.

Every import counts: at the top, under ``TYPE_CHECKING`` and inside a function (a lazy import is still an edge).
Read from the source tree with ``ast``, so that it holds before anything is generated or installed.
"""

from __future__ import annotations

import ast
import graphlib
from collections.abc import Iterator
from pathlib import Path

import pytest

RUNTIME = Path(__file__).resolve().parents[2] / "openapi" / "runtime"
INSTALLED_NAME = "hamr_client"


def _module_name(path: Path) -> str:
    parts = path.relative_to(RUNTIME).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(RUNTIME.rglob("*.py"))}


def _package(module: str, path: Path) -> list[str]:
    parts = module.split(".") if module else []
    return parts if path.name == "__init__.py" else parts[:-1]


def _imported(module: str, path: Path) -> Iterator[str]:
    """Each runtime module ``module`` imports (relatively, or by the installed name)."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (a.name.partition(".")[2] for a in node.names if a.name.split(".")[0] == INSTALLED_NAME)
            continue
        if not isinstance(node, ast.ImportFrom):
            continue
        named = (node.module or "").split(".") if node.module else []
        if node.level:
            base = _package(module, path)
            target = [*base[: len(base) - (node.level - 1)], *named]
        elif named and named[0] == INSTALLED_NAME:
            target = named[1:]
        else:
            continue
        for alias in node.names:
            submodule = ".".join([*target, alias.name])
            yield submodule if submodule in MODULES else ".".join(target)


GRAPH = {
    module: sorted({found for found in _imported(module, path) if found in MODULES and found != module})
    for module, path in MODULES.items()
}


def _circle(graph: dict[str, list[str]]) -> list[str] | None:
    """A circle of ``graph`` as the modules along it (the first one again at the end), or None."""
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as exc:
        return list(exc.args[1])
    return None


def test_the_runtime_has_modules_to_check() -> None:
    assert {"client", "errors", "parsing", "capture", "cli.commands", "testing.fake"} <= MODULES.keys()
    assert "errors" in GRAPH["client"]  # the walk sees imports at all


def test_no_runtime_module_imports_the_runtime_by_its_installed_name() -> None:
    by_name = [
        f"{path.relative_to(RUNTIME)}:{node.lineno}"
        for path in MODULES.values()
        for node in ast.walk(ast.parse(path.read_text()))
        if (isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == INSTALLED_NAME)
        or (isinstance(node, ast.Import) and any(a.name.split(".")[0] == INSTALLED_NAME for a in node.names))
    ]
    assert by_name == [], "import the runtime relatively (`from ..client import ...`), not as hamr_client"


def test_the_import_graph_has_no_circle() -> None:
    circle = _circle(GRAPH)
    assert circle is None, "an import circle: " + " -> ".join(circle or [])


@pytest.mark.parametrize(
    ("graph", "along"),
    [
        ({"a": ["b"], "b": ["a"]}, {"a", "b"}),
        ({"a": ["b"], "b": ["c"], "c": ["b"]}, {"b", "c"}),
        ({"a": ["a"]}, {"a"}),
        ({"a": ["b", "c"], "b": ["c"], "c": []}, None),
    ],
)
def test_the_check_finds_a_circle_where_there_is_one(graph: dict[str, list[str]], along: set[str] | None) -> None:
    circle = _circle(graph)
    assert (None if circle is None else set(circle)) == along
    assert circle is None or circle[0] == circle[-1]


def test_the_walk_sees_lazy_and_type_checking_imports() -> None:
    # parsing imports capture only for a type annotation: an edge all the same.
    assert "capture" in GRAPH["parsing"]
    # client imports capture inside a function (only drift_dir needs it): an edge all the same.
    assert "capture" in GRAPH["client"]
