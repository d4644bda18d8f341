"""Where ``hamr`` reads and writes (environment, streams, terminal, clock), and how it shows documents.

The commands never touch ``os.environ``, ``sys.stdout`` or ``time`` themselves: a :class:`Console`
carries them, so tests run the whole command line in-process against the fake, with their own
environment, clock and answers to the confirmation prompt.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from hamr_client.client import AuthenticatedClient

    from .fields import Leaf


def _datadog_client(**settings: Any) -> AuthenticatedClient:
    from hamr_client.client import datadog_client  # noqa: PLC0415 -- httpx only once a command calls the API

    return datadog_client(**settings)


class Console:
    """The outside world of one run of ``hamr``.

    Attributes:
        env: the environment (keys, site, login name).
        stdout, stderr, stdin: the streams.
        confirmable: stdin is a terminal: ``set`` may ask before writing.
        progress: stderr is a terminal: ``wait`` keeps a one-line progress display there.
        connect: ``datadog_client``, or what a test puts in its place (``HamrFake.client``); takes its keywords.
        sleep, clock: ``time.sleep`` and ``time.monotonic``, or a test's.
    """

    # A plain class, not a dataclass: dataclasses imports inspect, a tenth of `hamr --help`'s start-up.
    def __init__(
        self,
        env: Mapping[str, str],
        stdout: TextIO,
        stderr: TextIO,
        stdin: TextIO,
        *,
        confirmable: bool = False,
        progress: bool = False,
        connect: Callable[..., AuthenticatedClient] = _datadog_client,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.env = env
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin
        self.confirmable = confirmable
        self.progress = progress
        self.connect = connect
        self.sleep = sleep
        self.clock = clock

    @classmethod
    def system(cls) -> Console:
        """The process's own environment, streams and terminal."""
        return cls(
            env=os.environ,
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdin=sys.stdin,
            confirmable=_isatty(sys.stdin),
            progress=_isatty(sys.stderr),
        )

    def say(self, text: str = "") -> None:
        """A line on stdout."""
        print(text, file=self.stdout, flush=True)

    def warn(self, text: str) -> None:
        """A line on stderr."""
        print(text, file=self.stderr, flush=True)

    def emit(self, document: Any) -> None:
        """One JSON document on stdout (``--json``)."""
        self.say(json.dumps(document, ensure_ascii=False))

    def ask(self, question: str) -> bool:
        """Whether the person at the terminal answered yes."""
        self.stderr.write(f"{question} [y/N] ")
        self.stderr.flush()
        return self.stdin.readline().strip().lower() in ("y", "yes")


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # a closed stream
        return False


def table(rows: Iterable[tuple[str, str]]) -> str:
    """Two aligned columns."""
    rows = list(rows)
    width = max((len(name) for name, _ in rows), default=0)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows)


def document_table(found: list[Leaf], document: Any) -> str:
    """``document``'s leaves, one a line: key and value as a person reads it."""
    from . import fields  # noqa: PLC0415

    return table((leaf.key, fields.show(leaf, fields.get(document, leaf.path))) for leaf in found)


__all__ = ["Console", "document_table", "table"]
