"""The sdist and wheel a release would upload: metadata the index shows, contents a user installs.

Built once with ``python -m build`` (sdist, then the wheel from it, as a publisher does) from a
copy of generated/ with caches and a tests/ directory planted in it, which neither may ship.
"""

from __future__ import annotations

import ast
import email.parser
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from tooling import spec_doc

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
# What a plain `pip install hamr-client` may pull: the runtime's own dependencies, nothing for tests.
RUNTIME_DEPENDENCIES = {"httpx", "httpx-retries", "anyio"}
# What async_transport="aiohttp" imports, installed with the [aiohttp] extra.
AIOHTTP_TRANSPORT = "httpx-aiohttp"
# hamr_client.testing, installed with the [testing] extra.
TESTING_KIT = "hamr_client/testing/"
# CPython 3 releases a classifier could name; requires-python picks those that apply.
PYTHON_3_MINORS = range(6, 15)
PLANTED = ["hamr_client/__pycache__/c.cpython-311.pyc", "hamr_client/a.pyc", ".pytest_cache/v/x", "tests/test_x.py"]
CACHE_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "tests"}


@dataclass(frozen=True)
class Dist:
    wheel: Path
    sdist: Path

    def wheel_names(self) -> list[str]:
        with zipfile.ZipFile(self.wheel) as archive:
            return archive.namelist()

    def sdist_names(self) -> list[str]:
        with tarfile.open(self.sdist) as archive:
            return [name.split("/", 1)[1] for name in archive.getnames() if "/" in name]

    def metadata(self) -> Message:
        with zipfile.ZipFile(self.wheel) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            return email.parser.Parser().parsestr(archive.read(name).decode())

    def sources(self) -> dict[str, str]:
        with zipfile.ZipFile(self.wheel) as archive:
            return {n: archive.read(n).decode() for n in archive.namelist() if n.endswith(".py")}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    scratch = tmp_path_factory.mktemp("dist")
    project = Path(shutil.copytree(GENERATED, scratch / "project", ignore=shutil.ignore_patterns("build", "dist")))
    for name in PLANTED:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(scratch / "out"), str(project)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (scratch / "out").glob("hamr_client-*.whl")
    (sdist,) = (scratch / "out").glob("hamr_client-*.tar.gz")
    return Dist(wheel, sdist)


def test_twine_accepts_both_strictly(dist: Dist) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(dist.wheel), str(dist.sdist)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_wheel_ships_every_module_and_the_typing_marker(dist: Dist) -> None:
    shipped = set(dist.wheel_names())
    package = GENERATED / "hamr_client"
    sources = {str(p.relative_to(GENERATED)) for p in package.rglob("*") if p.suffix in {".py", ".typed"}}
    assert "hamr_client/py.typed" in shipped
    assert sources <= shipped


def test_wheel_ships_no_tests_or_caches(dist: Dist) -> None:
    leaked = [n for n in dist.wheel_names() if CACHE_PARTS & set(n.split("/")) or n.endswith((".pyc", ".pyo"))]
    assert not leaked


def test_sdist_ships_no_caches(dist: Dist) -> None:
    names = dist.sdist_names()
    assert {"pyproject.toml", "README.md", "PKG-INFO", "hamr_client/py.typed"} <= set(names)
    leaked = [n for n in names if (CACHE_PARTS - {"tests"}) & set(n.split("/")) or n.endswith((".pyc", ".pyo"))]
    assert not leaked


def test_metadata_has_the_license_of_the_spec(dist: Dist) -> None:
    spec = spec_doc.read()
    assert dist.metadata()["License-Expression"] == spec["info"]["license"]["name"] == "Apache-2.0"


def test_metadata_links_the_documentation(dist: Dist) -> None:
    urls = dict(value.split(", ", 1) for value in dist.metadata().get_all("Project-URL", []))
    assert urls["Documentation"].startswith("https://docs.datadoghq.com/api/")


def test_classifiers_name_each_python_that_requires_python_admits(dist: Dist) -> None:
    metadata = dist.metadata()
    admitted = SpecifierSet(metadata["Requires-Python"])
    expected = {f"3.{minor}" for minor in PYTHON_3_MINORS if admitted.contains(f"3.{minor}")}
    prefix = "Programming Language :: Python :: "
    named = {c.removeprefix(prefix) for c in metadata.get_all("Classifier", []) if c.startswith(prefix + "3.")}
    assert named == expected == {"3.11", "3.12", "3.13", "3.14"}
    assert "Typing :: Typed" in metadata.get_all("Classifier", [])


def test_readme_is_the_long_description_as_markdown(dist: Dist) -> None:
    metadata = dist.metadata()
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload() == (GENERATED / "README.md").read_text()


def test_plain_install_requires_only_the_runtime_dependencies(dist: Dist) -> None:
    requirements = [Requirement(line) for line in dist.metadata().get_all("Requires-Dist", [])]
    unconditional = {canonicalize_name(r.name) for r in requirements if r.marker is None}
    assert unconditional == RUNTIME_DEPENDENCIES
    # An extra's requirements must stay behind its marker, never leak into the plain install.
    assert all(r.marker is None or "extra" in str(r.marker) for r in requirements)


def _third_party_imports(sources: dict[str, str]) -> set[str]:
    """The distributions the modules in ``sources`` import (absolute imports outside the stdlib)."""
    distributions = importlib.metadata.packages_distributions()
    imported = set()
    for source in sources.values():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"hamr_client"}
    return {canonicalize_name(dist_name) for module in third_party for dist_name in distributions[module]}


def test_the_wheel_imports_exactly_its_declared_dependencies(dist: Dist) -> None:
    """A third-party import not declared breaks a plain install; a declared one never imported is dead weight."""
    sources = dist.sources()
    kit = {name: source for name, source in sources.items() if name.startswith(TESTING_KIT)}
    client = {name: source for name, source in sources.items() if name not in kit}
    requirements = [Requirement(line) for line in dist.metadata().get_all("Requires-Dist", [])]
    extras: dict[str, set[str]] = {}
    for requirement in requirements:
        if requirement.marker is not None:
            (extra,) = re.findall(r'extra == "([^"]+)"', str(requirement.marker))
            extras.setdefault(extra, set()).add(canonicalize_name(requirement.name))
    # httpx-aiohttp and aiohttp only for async_transport="aiohttp", argcomplete only for a shell's completion:
    # each from the extra that declares it.
    assert extras["aiohttp"] == {AIOHTTP_TRANSPORT, "aiohttp"}
    assert extras["completion"] == {"argcomplete"}
    optional = set().union(*(names for extra, names in extras.items() if extra != "testing"))
    assert _third_party_imports(client) == RUNTIME_DEPENDENCIES | optional
    # The test kit may import what its extra brings, on top of the client's own.
    assert _third_party_imports(kit) - RUNTIME_DEPENDENCIES == extras["testing"]


def test_the_build_backend_can_write_a_license_expression() -> None:
    requires = tomllib.loads((GENERATED / "pyproject.toml").read_text())["build-system"]["requires"]
    (backend,) = (Requirement(r) for r in requires)
    assert backend.name == "pdm-backend"
    assert not backend.specifier.contains("2.3.3"), "pdm-backend before 2.4.0 cannot write License-Expression"
