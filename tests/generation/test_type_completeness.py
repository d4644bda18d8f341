"""scripts/type_completeness.py fails on any symbol Pyright finds untyped or undocumented, and only on those."""

from __future__ import annotations

from typing import Any

from tooling import type_completeness


def _report(*symbols: dict[str, Any]) -> dict[str, Any]:
    return {"symbols": list(symbols)}


def test_an_undocumented_or_ambiguous_symbol_is_a_problem() -> None:
    found = type_completeness.problems(
        _report(
            {"name": "hamr_client.parsing.logger", "diagnostics": [{"message": "Type is missing type annotation\nx"}]},
            {"name": "hamr_client.errors.keyless", "diagnostics": []},
            {"name": "hamr_client.bodies.late", "diagnostics": [{"message": "No docstring found for function"}]},
        )
    )
    assert found == [
        "hamr_client.parsing.logger: Type is missing type annotation",
        "hamr_client.bodies.late: No docstring found for function",
    ]
