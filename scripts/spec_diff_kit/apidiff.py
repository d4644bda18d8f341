"""The public API of two generated packages, compared with griffe (static: nothing is imported).

Every public module, class, function and attribute (model fields are attributes) becomes one
line of signature text; the diff is which paths were added, removed or changed text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import griffe

PACKAGE = "hamr_client"


@dataclass(frozen=True)
class ApiDiff:
    added: dict[str, str]
    removed: dict[str, str]
    changed: dict[str, tuple[str, str]]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _signature(obj: griffe.Object) -> str:
    if isinstance(obj, griffe.Function):
        params = ", ".join(
            f"{p.name}: {p.annotation}" + (f" = {p.default}" if p.default is not None else "")
            if p.annotation is not None
            else p.name
            for p in obj.parameters
        )
        return f"def ({params}) -> {obj.returns}"
    if isinstance(obj, griffe.Attribute):
        return f"{obj.annotation}" if obj.annotation is not None else f"= {obj.value}"
    if isinstance(obj, griffe.Class):
        return f"class ({', '.join(str(base) for base in obj.bases)})"
    return "module"


def surface(package_root: Path) -> dict[str, str]:
    """``{"hamr_client.models.Foo.bar": "int | Unset", ...}`` for every public object."""
    loader = griffe.GriffeLoader(search_paths=[str(package_root)])
    root = loader.load(PACKAGE)
    out: dict[str, str] = {}

    def walk(obj: griffe.Object) -> None:
        out[obj.path] = _signature(obj)
        for name, member in obj.members.items():
            if member.is_alias or (name.startswith("_") and name != "__init__"):
                continue  # imports are listed where they are defined; privates are not API
            assert isinstance(member, griffe.Object)
            walk(member)

    assert isinstance(root, griffe.Module)
    walk(root)
    return out


def compare(old_root: Path, new_root: Path) -> ApiDiff:
    old, new = surface(old_root), surface(new_root)
    return ApiDiff(
        added={path: new[path] for path in sorted(new.keys() - old.keys())},
        removed={path: old[path] for path in sorted(old.keys() - new.keys())},
        changed={path: (old[path], new[path]) for path in sorted(old.keys() & new.keys()) if old[path] != new[path]},
    )
