"""Which generated operations ``hamr get`` and ``hamr set`` call, found from their signatures, and the calls.

No operationId or path is written here. The *write* is the operation whose only argument is a
JSON body (a model); the *read* is the one with no argument at all that answers with a model
holding every field the write sends (the read-your-writes pair the spec links). A spec that
grows other operations leaves this pair alone; one that makes it ambiguous is said so.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
import typing
from dataclasses import is_dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from . import fields

if TYPE_CHECKING:
    from ..client import AuthenticatedClient


class ShapeError(RuntimeError):
    """The generated package has no read/write pair this command line can drive (a bug to report)."""


# A NamedTuple, not a frozen dataclass: a tenth of the cost to define on import (`hamr get`'s start, issue 31).
class Connection(typing.NamedTuple):
    """The operations that read and write the connection, and the models they carry."""

    read: ModuleType
    write: ModuleType
    request: Any  # generated models (dataclasses): from_dict, to_dict
    response: Any

    @staticmethod
    def describe(operation: ModuleType) -> str:
        """The operation's summary and description from the spec: its docstring up to the first section."""
        paragraphs = []
        for paragraph in (inspect.getdoc(operation.sync_detailed) or "").split("\n\n"):
            if re.match(r"[A-Z][\w ()]*:\n", paragraph + "\n"):  # Args:, Responses (from the API reference):
                break
            paragraphs.append(" ".join(paragraph.split()))
        return "\n\n".join(paragraphs)


def _endpoints(package: ModuleType) -> list[ModuleType]:
    found = []
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not info.ispkg:
            module = importlib.import_module(info.name)
            if callable(getattr(module, "sync_detailed", None)):
                found.append(module)
    return found


def _arguments(module: ModuleType) -> dict[str, Any]:
    hints = typing.get_type_hints(module.sync_detailed)
    return {name: hints.get(name) for name in inspect.signature(module.sync_detailed).parameters if name != "client"}


def _answers(module: ModuleType) -> set[type]:
    """The models ``sync_detailed``'s ``Response[...]`` may hold."""
    (parsed,) = typing.get_args(typing.get_type_hints(module.sync_detailed)["return"]) or (None,)
    members = typing.get_args(parsed) or (parsed,)
    return {member for member in members if isinstance(member, type) and is_dataclass(member)}


def _covers(response: type, request: type) -> bool:
    return {leaf.path for leaf in fields.leaves(request)} <= {leaf.path for leaf in fields.leaves(response)}


@functools.cache
def discover() -> Connection:
    """The read/write pair of the generated package's operations; ShapeError if there is not exactly one."""
    package = importlib.import_module("..api", __package__)
    endpoints = _endpoints(package)
    pairs: list[Connection] = []
    for write in endpoints:
        arguments = _arguments(write)
        request = arguments.get("body")
        if set(arguments) != {"body"} or not (isinstance(request, type) and is_dataclass(request)):
            continue
        for read in endpoints:
            if read is write or _arguments(read):
                continue
            pairs.extend(
                Connection(read, write, request, response)
                for response in _answers(read) & _answers(write)
                if _covers(response, request)
            )
    if len(pairs) != 1:
        names = [f"{pair.read.__name__} -> {pair.write.__name__}" for pair in pairs] or ["none"]
        raise ShapeError(f"expected one read/write pair of operations, found: {', '.join(names)}")
    found: Connection = pairs[0]
    return found


# ---------------------------------------------------------------------------- calls


def call(operation: ModuleType, client: AuthenticatedClient, **arguments: Any) -> Any:
    """The operation's success model; an error status raises its ``hamr_client.errors.APIStatusError``."""
    return operation.sync(client=client, **arguments)


__all__ = ["Connection", "ShapeError", "call", "discover"]
