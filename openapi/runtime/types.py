"""The types every model and endpoint shares: ``UNSET``, ``File`` and the ``Response`` of ``*_detailed`` calls."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar


class Unset:
    """The type of :data:`UNSET`: an optional property that is absent (not ``null``)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"  # unpickles to the one module-level instance


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@dataclass(slots=True, weakref_slot=True)
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@dataclass(slots=True, weakref_slot=True)
class Response(Generic[T]):
    """A response from an endpoint.

    ``status_code`` is an :class:`http.HTTPStatus` when Python knows the code, else the plain int.
    """

    status_code: HTTPStatus | int
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


def http_status(code: int) -> HTTPStatus | int:
    """``HTTPStatus(code)``, or ``code`` itself for a status Python has no name for (say 520)."""
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset"]
