"""Hypothesis profiles for the gate, and a count of the cases each property tried.

``dev`` is fast for local runs; ``ci`` is thorough. The profile is ``ci`` when ``CI`` is set
(``CI=1 pytest contract_tests`` and ``nox -s contract`` under CI alike), else ``dev``;
``HYPOTHESIS_PROFILE`` overrides both. Each property test adds to the ``cases`` counter; the
counts go into the JUnit XML as test properties and into a terminal summary (pytest-xdist
workers send them with their reports).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

# Bodies are big (free-form `meta` objects, arbitrary extra properties): that is the point.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("dev", max_examples=25, deadline=None, suppress_health_check=_SLOW_OK)
# For scripts/inject_faults.py: it only needs to know that the gate fails, not the smallest example.
settings.register_profile(
    "faults",
    max_examples=25,
    deadline=None,
    suppress_health_check=_SLOW_OK,
    database=None,
    phases=[Phase.explicit, Phase.generate],
)
# CI finds failures; a person minimises one. Shrinking a crash costs minutes per property (Hypothesis
# caps it at five, not settable) for an example that is small already, since generation starts small:
# so `ci` reports each property's first failure unshrunk, with the blob to replay it
# (@reproduce_failure, or `dev`, which shrinks). A red gate then answers as fast as a green one.
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=_SLOW_OK,
    database=None,
    print_blob=True,
    report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.generate],
)


def profile() -> str:
    """HYPOTHESIS_PROFILE if set, else ``ci`` under CI (any value but empty, 0, false or no), else ``dev``."""
    if chosen := os.environ.get("HYPOTHESIS_PROFILE"):
        return chosen
    return "ci" if os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"} else "dev"


PROFILE = profile()
settings.load_profile(PROFILE)


LIVE_VARIABLES = ("DD_API_KEY", "DD_APP_KEY", "DD_SITE")
_LIVE = {"writes": False}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hamr contract gate")
    group.addoption("--live", action="store_true", help="also fuzz the real site in DD_SITE (GET only; never in CI)")
    group.addoption("--live-allow-write", action="store_true", help="with --live, also send POSTs")


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("--live"):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("--live talks to a real Datadog organization: it never runs in CI")
    missing = [name for name in LIVE_VARIABLES if not os.environ.get(name, "").strip()]
    if missing:
        raise pytest.UsageError(f"--live needs {', '.join(missing)} (the organization's keys and its site)")
    _LIVE["writes"] = bool(config.getoption("--live-allow-write"))


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # The live module is not even imported without --live: no skip to hide anything.
    if collection_path.name == "test_live_site.py" and not config.getoption("--live"):
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A live module named on the command line is collected anyway: deselect it, visibly.
    if config.getoption("--live"):
        return
    live = [item for item in items if item.path.name == "test_live_site.py"]
    if live:
        config.hook.pytest_deselected(items=live)
        items[:] = [item for item in items if item not in live]


def live_writes_allowed() -> bool:
    return _LIVE["writes"]


@dataclass
class Cases:
    """How many generated cases one property test ran."""

    count: int = 0

    def tried(self) -> None:
        self.count += 1


@pytest.fixture
def cases(record_property: Callable[[str, object], None]) -> Iterator[Cases]:
    counter = Cases()
    yield counter
    record_property("cases", counter.count)


_TRIED: Counter[str] = Counter()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "teardown":  # the fixture records its count as it tears down
        return
    for name, value in report.user_properties:
        if name == "cases":
            # One line per property: the test name without its parameters.
            _TRIED[report.nodeid.split("[")[0].split("::")[-1]] += int(str(value))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _TRIED:
        return
    terminalreporter.section(f"generated cases (hypothesis profile {PROFILE})")
    for name, count in sorted(_TRIED.items()):
        terminalreporter.write_line(f"{count:>7}  {name}")
    terminalreporter.write_line(f"{sum(_TRIED.values()):>7}  total")
