"""``hamr`` run three ways, each against a fake holding the keys and the OAuth token of tests/cli/harness.py:

- ``in-process``: ``run(argv, Console)`` on a HamrFake through ``fake.client()`` (no socket);
- ``process``: ``python -m hamr_client`` against the same HamrFake served on loopback in this process;
- ``served``: ``python -m hamr_client`` against ``python -m hamr_client.testing``, another process.

The first two keep the HamrFake at hand (``fail_next``, ``writes``); the third has no such handle.
``drifting`` is ``hamr`` against a fake whose connection answers carry a status the spec does not know.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hamr_client.testing import HamrFake, serve

from tests.cli.harness import API_KEY, APP_KEY, BEARER_TOKEN, Result, as_process, in_process
from tests.testing.served import serving


@dataclass
class Hamr:
    """``hamr`` one way; ``fake`` is None when the fake is another process."""

    way: str
    fake: HamrFake | None
    url: str | None = None

    def __call__(self, *argv: str, **options: Any) -> Result:
        if self.url is None:
            assert self.fake is not None
            return in_process(self.fake, *argv, **options)
        return as_process("--base-url", self.url, *argv, **options)


#: The drift of ``drifting``'s fake: a status after RECOVERY.
NEWER_STATUS = {"/data/attributes/hamr_status": 6}


def _hamr(way: str, tmp_path: Path, drift: Mapping[str, object] | None = None) -> Iterator[Hamr]:
    if way == "served":
        drifts = [
            arg for pointer, value in (drift or {}).items() for arg in ("--drift", f"{pointer}={json.dumps(value)}")
        ]
        credentials = ("--api-key", API_KEY, "--app-key", APP_KEY, "--bearer-token", BEARER_TOKEN)
        with serving(tmp_path / "fake-stderr.txt", *credentials, *drifts) as served:
            yield Hamr(way, None, served.url)
        return
    fake = HamrFake(api_key=API_KEY, app_key=APP_KEY, drift=drift, bearer_token=BEARER_TOKEN)
    if way == "in-process":
        yield Hamr(way, fake)
        return
    with serve(fake) as url:
        yield Hamr(way, fake, url)


@pytest.fixture(params=["in-process", "process", "served"])
def hamr(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hamr]:
    """``hamr`` each of the three ways."""
    yield from _hamr(request.param, tmp_path)


@pytest.fixture(params=["in-process", "process"])
def injectable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hamr]:
    """``hamr`` the two ways whose fake takes ``fail_next``."""
    yield from _hamr(request.param, tmp_path)


@pytest.fixture(params=["process", "served"])
def processes(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hamr]:
    """``hamr`` the two ways that run it as a process, in real time."""
    yield from _hamr(request.param, tmp_path)


@pytest.fixture(params=["in-process", "process", "served"])
def drifting(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hamr]:
    """``hamr`` each of the three ways, against a fake with the drift :data:`NEWER_STATUS`."""
    yield from _hamr(request.param, tmp_path, NEWER_STATUS)
