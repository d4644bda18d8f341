"""Constraints that hold the client's direct dependencies at one end of their ranges.

``nox -s bounds`` installs the test kit and ``generated/`` under the file this writes, then runs
the client's tests, once per end:

- ``lowest``: each dependency of ``generated/pyproject.toml`` (and of its :data:`EXTRAS`) at the lower
  bound of its range;
- ``newest``: each at the newest release the registry serves inside its range (pip resolves
  the ranges on their own, ``--dry-run``, so the test kit cannot quietly hold one back).

Every other package keeps its pin from ``requirements/constraints.txt``: only the client's own
dependencies move, and a test kit that cannot live with one end fails the install loudly.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "generated" / "pyproject.toml"
LOCKED = ROOT / "requirements" / "constraints.txt"
# The extras whose ranges are the client's too (the bounds session installs the client with them);
# not ``testing``, whose pytest is the test kit's own pin.
EXTRAS = ("aiohttp",)
# The operators whose version is the lowest a range admits.
LOWER_BOUND_OPERATORS = frozenset({">=", "==", "~=", "==="})

Pins = dict[NormalizedName, Version]


class BoundsError(Exception):
    """A range this script cannot take an end of; the message names it."""


def direct_requirements(pyproject: Path, extras: Sequence[str] = ()) -> list[Requirement]:
    """``[project].dependencies`` of ``pyproject`` (what a plain install pulls), then those of ``extras``."""
    project = tomllib.loads(pyproject.read_text())["project"]
    optional = project.get("optional-dependencies", {})
    missing = [extra for extra in extras if extra not in optional]
    if missing:
        raise BoundsError(f"{pyproject}: no extra {', '.join(missing)}")
    lines = [*project.get("dependencies", []), *(line for extra in extras for line in optional[extra])]
    return [Requirement(line) for line in lines]


def lowest(requirement: Requirement) -> Version:
    """The lower bound of ``requirement``'s range, which must admit it."""
    bounds = [spec for spec in requirement.specifier if spec.operator in LOWER_BOUND_OPERATORS]
    if len(bounds) != 1:
        # Without one explicit lower bound, "lowest" is whatever the registry holds oldest: untested.
        raise BoundsError(f"{requirement}: needs exactly one lower bound (>=, ==, ~=), found {len(bounds)}")
    version = Version(bounds[0].version)
    if not requirement.specifier.contains(version, prereleases=True):
        raise BoundsError(f"{requirement}: its own range excludes its lower bound {version}")
    return version


def lowest_pins(requirements: Iterable[Requirement]) -> Pins:
    return {canonicalize_name(req.name): lowest(req) for req in requirements}


def resolved(requirements: Iterable[Requirement | str]) -> list[dict[str, Any]]:
    """What pip installs for ``requirements`` alone (``--dry-run --report``): each package's metadata."""
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet", "--report", "-"]
    wanted = list(map(str, requirements))
    result = subprocess.run([*command, *wanted], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BoundsError(f"pip could not resolve {', '.join(wanted)}:\n{result.stderr.strip()}")
    return [item["metadata"] for item in json.loads(result.stdout)["install"]]


def newest_pins(requirements: Sequence[Requirement]) -> Pins:
    """The versions pip picks for ``requirements`` alone, newest first, as the registry serves them now."""
    chosen = {canonicalize_name(meta["name"]): Version(meta["version"]) for meta in resolved(requirements)}
    return {canonicalize_name(req.name): chosen[canonicalize_name(req.name)] for req in requirements}


def refused_pins(pins: Pins, locked: Pins) -> Pins:
    """Locked pins that ``pins``' own dependencies refuse, moved to what pip resolves with ``pins``.

    aiohttp 3.10.0 (the extra's floor) needs multidict<7, which the lock (made at the newest end)
    pins at 7: the floor's own dependencies move with it, to the versions pip picks for that end.
    Every other locked pin stays.
    """
    metadata = resolved(f"{name}=={version}" for name, version in pins.items())
    chosen = {canonicalize_name(meta["name"]): Version(meta["version"]) for meta in metadata}
    moved: Pins = {}
    for meta in metadata:
        for line in meta.get("requires_dist", []):
            requirement = Requirement(line)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            name = canonicalize_name(requirement.name)
            if (
                name in locked
                and name not in pins
                and not requirement.specifier.contains(locked[name], prereleases=True)
            ):
                moved[name] = chosen[name]
    return moved


def pinned_name(line: str) -> NormalizedName | None:
    """The package a constraints line pins, or None for a comment, a blank or an option line."""
    text = line.split("#", 1)[0].strip()
    if not text or text.startswith("-"):
        return None
    try:
        return canonicalize_name(Requirement(text).name)
    except InvalidRequirement as exc:
        raise BoundsError(f"not a requirement: {line!r}") from exc


def constraints(locked: str, pins: Mapping[NormalizedName, Version]) -> str:
    """``locked`` with the pins of ``pins``' packages replaced by ``name==version``."""
    kept = [line for line in locked.splitlines() if pinned_name(line) not in pins]
    moved = [f"{name}=={version}" for name, version in sorted(pins.items())]
    return "\n".join([*kept, "# The client's direct dependencies, at one end of their ranges:", *moved]) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("end", choices=["lowest", "newest"], help="which end of each range to pin")
    parser.add_argument("--output", type=Path, required=True, help="constraints file to write")
    parser.add_argument("--pyproject", type=Path, default=PYPROJECT, help="package metadata (default: %(default)s)")
    parser.add_argument("--locked", type=Path, default=LOCKED, help="locked constraints (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        requirements = direct_requirements(args.pyproject, EXTRAS)
        pins = lowest_pins(requirements) if args.end == "lowest" else newest_pins(requirements)
        locked_text = args.locked.read_text()
        locked = {
            name: Version(line.split("==", 1)[1].strip())
            for line in locked_text.splitlines()
            if (name := pinned_name(line)) is not None and "==" in line
        }
        carried = refused_pins(pins, locked)
        args.output.write_text(constraints(locked_text, {**pins, **carried}))
    except BoundsError as exc:
        print(exc, file=sys.stderr)
        return 1
    for requirement in requirements:
        print(f"{args.end}: {requirement} -> {pins[canonicalize_name(requirement.name)]}")
    for name, version in sorted(carried.items()):
        print(f"{args.end}: {name} (a dependency of those, its locked pin refused) -> {version}")
    return 0
