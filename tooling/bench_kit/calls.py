"""Per-call time of every contender, measured in interleaved rounds so drift hits all of them alike.

Each round runs a batch of calls per contender, in a freshly shuffled order, and keeps each
call's own duration. A contender's figure is the median over all its calls; a ratio between
two contenders is the median of their per-round median ratios (paired, so drift cancels). Each
round's total (its calls plus the contender's ``settle``) is kept too, for work a call leaves
running in the background.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from tooling.bench_kit import server
from tooling.bench_kit.contenders import AsyncCall, Contender, SyncCall, all_contenders, check
from tooling.bench_kit.stats import Summary, paired_ratio, summarize

WARMUP_CALLS = 50


@dataclass
class CallTimes:
    """Every call's duration in µs, each round's median and total (settling included), per contender key."""

    calls: dict[str, list[float]] = field(default_factory=dict)
    rounds: dict[str, list[float]] = field(default_factory=dict)
    totals: dict[str, list[float]] = field(default_factory=dict)

    def summary(self, key: str) -> Summary:
        return summarize(self.calls[key])

    def ratio(self, numerator: str, denominator: str) -> Summary:
        return paired_ratio(self.rounds[numerator], self.rounds[denominator])

    def total_ratio(self, numerator: str, denominator: str) -> Summary:
        """Like :meth:`ratio`, of the rounds' totals: what a batch costs in all, its background work included."""
        return paired_ratio(self.totals[numerator], self.totals[denominator])

    def as_dict(self) -> dict[str, Any]:
        return {key: self.summary(key).as_dict() for key in self.calls}


def _time_sync(call: SyncCall, count: int, after: Callable[[], None] | None) -> list[float]:
    clock = time.perf_counter_ns
    out = []
    for _ in range(count):
        start = clock()
        call()
        out.append((clock() - start) / 1000)
        if after is not None:
            after()
    return out


async def _time_async(call: AsyncCall, count: int, after: Callable[[], None] | None) -> list[float]:
    clock = time.perf_counter_ns
    out = []
    for _ in range(count):
        start = clock()
        await call()
        out.append((clock() - start) / 1000)
        if after is not None:
            after()
    return out


def _run(contender: Contender, count: int, loop: asyncio.AbstractEventLoop) -> list[float]:
    if contender.acall is not None:
        return loop.run_until_complete(_time_async(contender.acall, count, contender.after_call))
    assert contender.call is not None
    return _time_sync(contender.call, count, contender.after_call)


def _settle(contender: Contender) -> float:
    """Run the contender's ``settle`` (if any); its duration in µs."""
    if contender.settle is None:
        return 0.0
    start = time.perf_counter_ns()
    contender.settle()
    return (time.perf_counter_ns() - start) / 1000


def _batch(contender: Contender, count: int, loop: asyncio.AbstractEventLoop) -> tuple[list[float], float]:
    """``count`` timed calls, prepared and settled; each call's µs and the batch's total µs."""
    if contender.prepare is not None:
        contender.prepare(count)
    batch = _run(contender, count, loop)
    return batch, sum(batch) + _settle(contender)


def _first_result(contender: Contender, loop: asyncio.AbstractEventLoop) -> object:
    if contender.prepare is not None:
        contender.prepare(1)
    if contender.acall is not None:
        result = loop.run_until_complete(contender.acall())
    else:
        assert contender.call is not None
        result = contender.call()
    if contender.after_call is not None:
        contender.after_call()
    _settle(contender)
    return result


Builder = Callable[[str, asyncio.AbstractEventLoop], AbstractContextManager[list[Contender]]]


def measure(calls: int, round_size: int, build: Builder = all_contenders, seed: int = 0) -> CallTimes:
    """``calls`` calls per contender of ``build``, ``round_size`` at a time, against a server in its own process."""
    rounds = max(1, -(-calls // round_size))
    rng = random.Random(seed)  # noqa: S311 - shuffles run order; nothing secret
    times = CallTimes()
    loop = asyncio.new_event_loop()
    try:
        with server.running() as base_url, build(base_url, loop) as contenders:
            for contender in contenders:
                check(contender, _first_result(contender, loop))
                _batch(contender, WARMUP_CALLS, loop)
                times.calls[contender.key] = []
                times.rounds[contender.key] = []
                times.totals[contender.key] = []
            order: Sequence[Contender] = list(contenders)
            for _ in range(rounds):
                order = rng.sample(order, len(order))
                for contender in order:
                    batch, total = _batch(contender, round_size, loop)
                    times.calls[contender.key] += batch
                    times.rounds[contender.key].append(summarize(batch).median)
                    times.totals[contender.key].append(total)
    finally:
        loop.close()
    return times
