"""A copy of what the contract gate reads, in another directory, and the gate run there.

Fault injection (scripts/inject_faults.py) and the spec-growth tests (tests/growth)
change a copy -- never the working tree -- and run ``pytest contract_tests`` (or the copy's
``hamr``) with the copy's own ``generated/`` first on the path (:func:`gate_environment`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tooling.spec_diff_kit import packages

ROOT = Path(__file__).resolve().parent.parent
# What the gate reads: the spec, the generated client, the gate itself, its pytest settings,
# Datadog's spec (the drift properties compare with it), the hostile loopback server (record.py's tests)
# and the changelog (spec-diff's version policy reads it).
COPIED = (
    "CHANGELOG.md",
    "openapi",
    "generated",
    "contract_tests",
    "tooling",
    "scripts",
    "pyproject.toml",
    "tests/spec/datadog-spec",
    "tests/client/loopback.py",
)
IGNORED = shutil.ignore_patterns("__pycache__", ".hypothesis", "build", "*.egg-info", ".pytest_cache")


def copy_tree(destination: Path, root: Path = ROOT) -> Path:
    """Copy what the gate reads from ``root`` into ``destination``; returns ``destination``."""
    for name in COPIED:
        source, target = root / name, destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=IGNORED)
        else:
            shutil.copy2(source, target)
    return destination


def grown_tree(destination: Path, patch: Sequence[Mapping[str, Any]], root: Path = ROOT) -> Path:
    """A copy (:func:`copy_tree`) whose spec has the JSON Patch (RFC 6902) ``patch`` applied, regenerated.

    RuntimeError, with the generator's output, if the grown spec does not generate.
    """
    tree = copy_tree(destination, root)
    patch_spec(tree, patch)
    regenerate(tree)
    return tree


def patch_spec(tree: Path, patch: Sequence[Mapping[str, Any]]) -> None:
    """Apply the JSON Patch (RFC 6902) ``patch`` to the copy's spec."""
    import jsonpatch  # noqa: PLC0415 -- the tests' dependency, not fault injection's
    import yaml  # noqa: PLC0415

    from tooling import spec_doc  # noqa: PLC0415

    spec_file = tree / "openapi" / "hamr.yaml"
    grown = jsonpatch.apply_patch(spec_doc.read(spec_file), list(patch))
    spec_file.write_text(yaml.safe_dump(grown, sort_keys=False))


def regenerate(tree: Path) -> None:
    """The copy's generated/ made anew from its spec; RuntimeError, with the generator's output, if it cannot be.

    By the copy's own generator, templates and runtime, through spec-diff's package cache (keyed by the
    hash of every input: tooling.spec_diff_kit.packages): a spec grown the same way by the same tree is
    generated once per machine, and the copy's own spec-diff finds its package made.
    """
    text = (tree / "openapi" / "hamr.yaml").read_text()
    with tempfile.TemporaryDirectory(prefix="hamr-grown-") as scratch:
        try:
            made = packages.start(text, "grown", Path(scratch), packages.default_cache(), root=tree).finish()
        except RuntimeError as error:
            raise RuntimeError(f"the copy's spec does not generate:\n{error}") from None
        shutil.rmtree(tree / "generated")
        shutil.copytree(made, tree / "generated", ignore=IGNORED)


def gate_environment(tree: Path, profile: str) -> dict[str, str]:
    """The environment that makes a gate run test the copy's client, under a hypothesis profile."""
    env = {
        **os.environ,
        "HYPOTHESIS_PROFILE": profile,
        "PYTHONPATH": os.pathsep.join([str(tree / "generated"), str(tree)]),
    }
    where = subprocess.run(
        [sys.executable, "-c", "import hamr_client; print(hamr_client.__file__)"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not where.startswith(str(tree)):
        raise RuntimeError(f"the gate would test {where}, not the copy's client")
    return env


def run_pytest(tree: Path, profile: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``pytest`` in the copy, on its client (``args`` are pytest's: test files, -x, --junitxml...)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider"],
        cwd=tree,
        env=gate_environment(tree, profile),
        capture_output=True,
        text=True,
        check=False,
    )


def gate_tests(tree: Path, skip: Sequence[str] = ("test_live_site.py",)) -> list[str]:
    """The contract gate's test files in the copy, relative to it."""
    return sorted(
        path.relative_to(tree).as_posix()
        for path in (tree / "contract_tests").glob("test_*.py")
        if path.name not in skip
    )
