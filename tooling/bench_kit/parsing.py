"""Parsing alone: the generated model's ``from_dict`` against the official client's deserialisation.

Both start from the same JSON text (the docs' 200 example), so both pay for ``json.loads``;
``from_dict`` on an already-decoded dict is reported too, as the model's share of that.
"""

from __future__ import annotations

import json
import timeit
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from tooling.bench_kit import official, payloads


def _per_call_us(func: Callable[[], object], number: int, repeat: int) -> list[float]:
    timer = timeit.Timer(func)
    return [total / number * 1e6 for total in timer.repeat(repeat=repeat, number=number)]


def measure(number: int, repeat: int) -> dict[str, list[float]]:
    """µs per parse, one sample per repeat of ``number`` parses, the three ways interleaved."""
    from hamr_client.models import HamrOrgConnectionResponse  # noqa: PLC0415

    text = payloads.response_bytes().decode()
    decoded = json.loads(text)
    with ExitStack() as stack:
        api = official.hamr_api("http://127.0.0.1:9", stack)  # never called: only its deserialiser is used
        model: Any = official.response_type()
        ways: dict[str, Callable[[], object]] = {
            "hamr_client from_dict(json.loads)": lambda: HamrOrgConnectionResponse.from_dict(json.loads(text)),
            "hamr_client from_dict (decoded)": lambda: HamrOrgConnectionResponse.from_dict(decoded),
            "datadog-api-client deserialize": lambda: official.deserialize(api, text, model),
        }
        expected = payloads.response_example()["data"]["id"]
        for name, way in ways.items():
            parsed: Any = way()
            if parsed.data.id != expected:
                raise RuntimeError(f"{name}: parsed {parsed!r:.300}")
        samples: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(repeat):
            for name, way in ways.items():
                samples[name] += _per_call_us(way, number, 1)  # one sample per repeat, paired across ways
    return samples
