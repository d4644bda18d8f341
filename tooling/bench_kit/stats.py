"""Medians, spreads and paired ratios: noisy machines are compared within one run, never across runs."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """A sample's median and the quartiles around it (its spread), in the sample's unit."""

    median: float
    q1: float
    q3: float
    n: int

    def as_dict(self) -> dict[str, float]:
        return {"median": self.median, "q1": self.q1, "q3": self.q3, "n": self.n}

    def spread(self) -> str:
        """``q1-q3`` as a relative band, e.g. ``±4%``: half the interquartile range over the median."""
        if self.median == 0:
            return "n/a"
        return f"±{50 * (self.q3 - self.q1) / self.median:.0f}%"


def summarize(values: Sequence[float]) -> Summary:
    if not values:
        raise ValueError("no measurements to summarise")
    if len(values) == 1:
        return Summary(values[0], values[0], values[0], 1)
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Summary(median, q1, q3, len(values))


def paired_ratio(numerator: Sequence[float], denominator: Sequence[float]) -> Summary:
    """The ratio of two contenders measured round by round: drift during the run cancels in each pair."""
    if len(numerator) != len(denominator):
        raise ValueError("paired samples must have one value per round each")
    return summarize([a / b for a, b in zip(numerator, denominator, strict=True)])
