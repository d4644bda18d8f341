"""The client's tests import only the client and its dependencies, the standard library and
requirements/client_tests.txt.

``nox -s bounds`` installs nothing else beside the client at each end of its ranges: a test that
imported the generator or a gate tool would fail there, or would drag that tool (and its caps on
httpx) back into the range check. This names the file and line of such an import.
"""

from __future__ import annotations

import ast
import importlib.metadata
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tooling.dependency_bounds import EXTRAS, direct_requirements

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements"
# Modules of this repository the client's tests may use: the package and the one spec reader.
OWN = {"hamr_client", "tests", "tooling"}


def distributions(name: str) -> set[str]:
    """The distributions ``requirements/<name>`` names, following its ``-r`` lines."""
    found: set[str] = set()
    for line in (REQUIREMENTS / name).read_text().splitlines():
        text = line.split("#", 1)[0].strip()
        if text.startswith("-r "):
            found |= distributions(text.removeprefix("-r ").strip())
        elif text and not text.startswith("-"):
            found.add(canonicalize_name(Requirement(text).name))
    return found


def imports(path: Path) -> dict[str, int]:
    """Top-level modules ``path`` imports absolutely, with the first line of each."""
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            found.setdefault(name.split(".")[0], node.lineno)
    return found


def allowed_modules() -> set[str]:
    """Import names of the client's dependencies and of client_tests.txt's (as installed here), stdlib, our own."""
    client = {canonicalize_name(r.name) for r in direct_requirements(ROOT / "generated" / "pyproject.toml", EXTRAS)}
    wanted = distributions("client_tests.txt") | client
    provided = {
        module
        for module, dists in importlib.metadata.packages_distributions().items()
        if any(canonicalize_name(dist) in wanted for dist in dists)
    }
    return provided | set(sys.stdlib_module_names) | OWN


def test_the_client_tests_and_the_spec_reader_import_only_what_bounds_installs() -> None:
    allowed = allowed_modules()
    sources = [
        *sorted((ROOT / "tests" / "client").glob("*.py")),
        ROOT / "tooling" / "__init__.py",
        ROOT / "tooling" / "spec_doc.py",
    ]
    stray = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in sources
        for module, line in imports(path).items()
        if module not in allowed
    ]
    assert not stray, "not in requirements/client_tests.txt (what `nox -s bounds` installs): " + "; ".join(stray)


def test_the_check_knows_the_test_kit_and_refuses_a_tool() -> None:
    allowed = allowed_modules()
    assert {"respx", "hypothesis", "yaml", "pytest", "trustme", "httpx"} <= allowed
    # attrs: hypothesis installs it, but the client no longer depends on it (its models are dataclasses).
    assert not {"schemathesis", "openapi_python_client", "griffe", "vcr", "attrs"} & allowed
