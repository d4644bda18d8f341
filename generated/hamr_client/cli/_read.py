"""The operation ``hamr get`` calls, found importing no other operation (nor the models only those carry).

Each tag's package of the generated ``api`` lists what its operations take (``_ARGUMENTS``, rendered from the
spec by openapi/templates/endpoint_init.py.jinja): the one operation taking nothing and answering a model is the
read of :func:`~.operations.discover`'s pair whenever that pair exists, and is found without importing the write.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import typing
from dataclasses import is_dataclass
from types import ModuleType

from .operations import discover


def _success(module: ModuleType) -> type | None:
    """The model ``sync`` returns (a success's body), if it is one."""
    returned = typing.get_type_hints(module.sync).get("return")
    return returned if isinstance(returned, type) and is_dataclass(returned) else None


@functools.cache
def read() -> tuple[ModuleType, type]:
    """The read and the model of its success; should the package hold several operations taking nothing and
    answering a model, the read/write pair decides (importing them all)."""
    package = importlib.import_module("..api", __package__)
    found = []
    for tag in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        listed: dict[str, tuple[str, ...]] = getattr(importlib.import_module(tag.name), "_ARGUMENTS", {})
        for name, arguments in listed.items():
            if arguments:
                continue
            module = importlib.import_module(f"{tag.name}.{name}")
            success = _success(module)
            if success is not None:
                found.append((module, success))
    if len(found) == 1:
        return found[0]
    pair = discover()
    return pair.read, pair.response


__all__ = ["read"]
