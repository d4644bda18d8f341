"""``python -m hamr_client.testing`` in its own process on a free loopback port, bounded in time, killed at the end.

For the kit's own tests (tests/testing/test_served.py) and the command line's (tests/cli).
"""

from __future__ import annotations

import selectors
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

STARTUP_SECONDS = 30
STOP_SECONDS = 10


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    stderr: Path


def start(stderr: Path, *args: str, env: Mapping[str, str] | None = None) -> Served:
    """The fake in its own process (``--port 0``: a free port), once it printed its URL; ``env``: its environment."""
    command = [sys.executable, "-m", "hamr_client.testing", "--port", "0", *args]
    with stderr.open("w") as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=STARTUP_SECONDS)
    url = process.stdout.readline().strip() if ready else ""
    if not url.startswith("http://127.0.0.1:"):
        process.kill()
        process.wait(STOP_SECONDS)
        process.stdout.close()
        pytest.fail(f"the served fake did not print its URL within {STARTUP_SECONDS} s: {stderr.read_text()!r}")
    return Served(process, url, stderr)


@contextmanager
def serving(stderr: Path, *args: str, env: Mapping[str, str] | None = None) -> Iterator[Served]:
    """:func:`start`, and the process killed (if still running) and reaped at the end."""
    fake = start(stderr, *args, env=env)
    try:
        yield fake
    finally:
        if fake.process.poll() is None:
            fake.process.kill()
        fake.process.wait(STOP_SECONDS)
        assert fake.process.stdout is not None
        fake.process.stdout.close()
