"""What the spec says the command line must offer: the request's fields and the status values, read with spec_doc.

The tests compare ``hamr``'s options and output with this, not with names written in the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tooling import spec_doc

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Field:
    path: tuple[str, ...]
    schema: dict[str, Any]
    required: bool
    role: str | None


def request_schema(spec: dict[str, Any]) -> dict[str, Any]:
    """The JSON body schema of the one operation that takes a body and no parameter (``hamr set``'s)."""
    inlined = spec_doc.inline(spec)
    (body,) = [
        operation["requestBody"]["content"]["application/json"]["schema"]
        for _, operation in spec_doc.operations(inlined)
        if "requestBody" in operation and not operation.get("parameters")
    ]
    schema: dict[str, Any] = body
    return schema


def fields(schema: dict[str, Any], path: tuple[str, ...] = (), *, required: bool = True) -> Iterator[Field]:
    """Every scalar of an (inlined) object schema, with the role its object's ``x-cli`` gives it."""
    roles = {name: role for role, name in schema.get("x-cli", {}).items()}
    for name, sub in schema.get("properties", {}).items():
        needed = required and name in schema.get("required", [])
        if sub.get("type") == "object" and "properties" in sub:
            yield from fields(sub, (*path, name), required=needed)
        else:
            yield Field((*path, name), sub, needed, roles.get(name))


def request_fields(spec: dict[str, Any] | None = None) -> list[Field]:
    return list(fields(request_schema(spec or spec_doc.read(ROOT / "openapi" / "hamr.yaml"))))


def status_field(spec: dict[str, Any] | None = None) -> Field:
    (status,) = [field for field in request_fields(spec) if field.role == "status"]
    return status
