"""The public API of two generated packages, compared by griffe's own breaking-change check (static, no import).

``griffe.find_breaking_changes`` names what breaks code written against the old package (a removed
object, a parameter that became required or lost its default, an incompatible type); the objects
only the new package has are listed beside it, since griffe reports breakages only. The report
shows both; the verdict stays the spec's (info.version is the package's version, so a breakage
here with no breaking spec change is for a reviewer to weigh).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import griffe

PACKAGE = "hamr_client"


@dataclass(frozen=True)
class Break:
    """One griffe breakage: its kind (griffe's wording), the object, and the old and new values."""

    kind: str
    path: str
    old: str
    new: str


@dataclass(frozen=True)
class ApiDiff:
    breaking: list[Break]
    added: list[str]

    @property
    def empty(self) -> bool:
        return not (self.breaking or self.added)


def load(package_root: Path) -> griffe.Module:
    """The generated package under ``package_root``, with a loader of its own (two packages share a name)."""
    module = griffe.GriffeLoader(search_paths=[str(package_root)]).load(PACKAGE)
    assert isinstance(module, griffe.Module)
    return module


def _public(obj: griffe.Object) -> set[str]:
    paths = {obj.path}
    for name, member in obj.members.items():
        if member.is_alias or (name.startswith("_") and name != "__init__"):
            continue  # imports are listed where they are defined; privates are not API
        assert isinstance(member, griffe.Object)
        paths |= _public(member)
    return paths


def compare(old_root: Path, new_root: Path) -> ApiDiff:
    old, new = load(old_root), load(new_root)
    breaking = [
        # Not b.explain(): it colours its text and names the scratch directory the package was generated in.
        Break(b.kind.value, b.obj.path, _text(b.old_value), _text(b.new_value))
        for b in griffe.find_breaking_changes(old, new)
    ]
    return ApiDiff(sorted(breaking, key=lambda b: (b.path, b.kind)), sorted(_public(new) - _public(old)))


def _text(value: object) -> str:
    """griffe gives parameters, expressions or plain values: their source-like text."""
    name = getattr(value, "name", None)
    if isinstance(value, griffe.Parameter):
        default = f" = {value.default}" if value.default is not None else ""
        return f"{name}{': ' + str(value.annotation) if value.annotation is not None else ''}{default}"
    return "" if value is None else str(value)
