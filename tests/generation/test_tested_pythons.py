"""The package claims only the Pythons something tests: its classifiers are the client session's and CI's."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from tooling import spec_doc

ROOT = Path(__file__).resolve().parents[2]


def noxfile_pythons() -> set[str]:
    """``PYTHONS`` of noxfile.py: what ``nox -s client`` runs on every machine."""
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    (value,) = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["PYTHONS"]
    ]
    return {str(item) for item in ast.literal_eval(value)}


def workflow_pythons() -> set[str]:
    """The Pythons of the client job's matrix in the GitHub workflow."""
    workflow = spec_doc.load_yaml(ROOT / ".github" / "workflows" / "ci.yml")
    return {str(version) for version in workflow["jobs"]["client"]["strategy"]["matrix"]["python"]}


def classified() -> set[str]:
    project = tomllib.loads((ROOT / "generated" / "pyproject.toml").read_text())["project"]
    found = (re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", c) for c in project["classifiers"])
    return {match.group(1) for match in found if match}


def test_every_python_the_package_claims_is_tested_and_every_tested_one_claimed() -> None:
    tested = noxfile_pythons() | workflow_pythons()
    assert classified() == tested, f"classifiers name {sorted(classified())}; tested: {sorted(tested)}"


def test_the_oldest_tested_python_is_the_oldest_the_package_allows() -> None:
    project = tomllib.loads((ROOT / "generated" / "pyproject.toml").read_text())["project"]
    oldest = min(noxfile_pythons(), key=lambda v: tuple(map(int, v.split("."))))
    assert project["requires-python"] == f">={oldest}"


def test_ci_runs_the_noxfile_pythons_in_the_gate_too() -> None:
    """The gate job has every Python of PYTHONS, or .ci/run (CI=true) fails on the missing one."""
    workflow = spec_doc.load_yaml(ROOT / ".github" / "workflows" / "ci.yml")
    (setup,) = [step for step in workflow["jobs"]["gate"]["steps"] if "setup-python" in step.get("uses", "")]
    assert set(str(setup["with"]["python-version"]).split()) == noxfile_pythons()
