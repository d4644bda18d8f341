"""Spec pairs (a frozen copy of the spec plus a small overlay each), and a git repository to diff in."""

from __future__ import annotations

import copy
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tooling import spec_doc
from tooling.spec_diff_kit import packages

ROOT = Path(__file__).resolve().parents[2]
PAIRS = Path(__file__).parent / "pairs"
BASE = spec_doc.read(PAIRS / "base.yaml")


def overlay(base: Any, patch: Any) -> Any:
    """``base`` with ``patch`` merged in: mappings merge, ``null`` deletes a key, anything else replaces."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = overlay(out.get(key), value)
    return out


@dataclass(frozen=True)
class Pair:
    name: str
    about: str
    old: dict[str, Any]
    new: dict[str, Any]
    expect: dict[str, str]
    evidence: bool
    field: dict[str, str]  # rule -> the spec pointer (where it is written) a change of that rule names


def load_pair(path: Path) -> Pair:
    raw = spec_doc.load_yaml(path)
    return Pair(
        name=path.stem,
        about=raw["about"],
        old=overlay(BASE, raw.get("old") or {}),
        new=overlay(BASE, raw["new"]),
        expect=raw["expect"],
        evidence=bool(raw.get("evidence")),
        field=raw.get("field") or {},
    )


ALL_PAIRS = [load_pair(path) for path in sorted(PAIRS.glob("*.yaml")) if path.name != "base.yaml"]


def dump(doc: dict[str, Any]) -> str:
    return yaml.safe_dump(doc, sort_keys=False)


def package(doc: dict[str, Any], workdir: Path, name: str) -> Path:
    """The client generated from ``doc``, through spec-diff's own package cache (keyed by every input).

    These tests judge the evidence run, not the generator (tests/generation and ``drift`` do, uncached):
    a pair's package is generated once per machine and set of inputs, as spec-diff's base is.
    """
    made = packages.start(dump(doc), name, workdir, packages.default_cache()).finish()
    # A copy of its own: the cache is shared with every tree of the machine, whose runs prune it.
    return Path(shutil.copytree(made, workdir / f"{name}-package"))


@pytest.fixture(scope="session")
def base_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client generated from the pairs' base spec (once: generation takes seconds)."""
    return package(BASE, tmp_path_factory.mktemp("base"), "old")


@pytest.fixture
def git_repo(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """A fresh repository on branch main; the fixture runs git in it (raising on failure)."""
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            capture_output=True, text=True, check=True,
        )  # fmt: skip

    git("init", "-q", "-b", "main")
    return git
