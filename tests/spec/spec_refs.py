"""Follow local ``$ref``s in the spec (a plain dict), as the tests need to read it."""

from __future__ import annotations

from typing import Any


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node
