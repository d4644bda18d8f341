"""Run scripts/generate.py as a user would: a subprocess, judged by exit code and output."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "hamr.yaml"
GENERATED = ROOT / "generated"
IGNORED_PARTS = {"__pycache__", ".mypy_cache", "build", "dist", ".pdm-build"}

Generate = Callable[..., subprocess.CompletedProcess[str]]
Digest = Callable[[Path], dict[str, str]]


def run_generate(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts.generate", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def tree_digest(root: Path) -> dict[str, str]:
    """Every file's relative path and SHA-256: equal digests mean byte-for-byte equal trees."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not IGNORED_PARTS & set(path.relative_to(root).parts)
    }


@pytest.fixture(scope="session")
def fresh_generation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package generated from the committed spec, once per session."""
    output = tmp_path_factory.mktemp("fresh") / "generated"
    result = run_generate("--output", output)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="session")
def generate() -> Generate:
    return run_generate


@pytest.fixture(scope="session")
def digest() -> Digest:
    return tree_digest


@pytest.fixture(scope="session")
def committed() -> Path:
    return GENERATED
