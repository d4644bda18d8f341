"""Where ``hamr`` reads and writes (environment, streams, terminal, clock), and how it shows documents.

The commands never touch ``os.environ``, ``sys.stdout`` or ``time`` themselves: a :class:`Console`
carries them, so tests run the whole command line in-process against the fake, with their own
environment, clock and answers to the confirmation prompt.

Everything ``hamr`` writes goes through its Console, which is where two rules hold: every line is
redacted by the client's Scrubber (:mod:`hamr_client.scrub`) with the credentials of the environment, in
every form, and no line carries a control character. A server's string in a table is shown by
:func:`safe` (control and format characters, and the backslash, escaped visibly, as ``ls -b`` and
``git`` do: one value, one line); a JSON document is JSON's own escaping (:meth:`Console.json_line`).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from .._constants import CREDENTIAL_VARIABLES, KEY_VARIABLES

if TYPE_CHECKING:
    from ..client import AuthenticatedClient
    from ..scrub import Scrubber
    from .fields import Leaf

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


class OutputClosed(Exception):
    """The reader of stdout or stderr went away (a closed pipe: ``hamr get | head -1``)."""


def _escaped(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def safe(text: str) -> str:
    """A server's string as a terminal may show it, on one line: every control or format character (ESC, BEL,
    CR, LF, BS, NUL, DEL, C1, bidi overrides, line separators) and the backslash escaped visibly
    (``\\x1b``, ``\\n``)."""
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escaped(char) for char in text)


def visible(line: str) -> str:
    """One line hamr composed, as it may reach a terminal: unchanged unless it carries a control character."""
    return line if line.isprintable() else safe(line)


def _json_char(char: str) -> str:
    if char.isprintable():
        return char
    code = ord(char)
    if code < 0x10000:  # a lone surrogate too: JSON escapes it as it is
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _datadog_client(**settings: Any) -> AuthenticatedClient:
    from ..client import datadog_client  # noqa: PLC0415 -- httpx only once a command calls the API

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
        self._scrubber: Scrubber | None = None
        self._closed: list[TextIO] = []

    @property
    def scrubber(self) -> Scrubber:
        """The Scrubber every line is redacted with: the environment's credentials in every form (built when used)."""
        found = self._scrubber
        if found is None:
            from ..scrub import Scrubber  # noqa: PLC0415 -- only once something is written

            # Every org's keys and token (PRIMARY_DD_API_KEY...), not only DD_*'s: any may be the one in use.
            keys = (value.strip() for name, value in self.env.items() if name.endswith(CREDENTIAL_VARIABLES))
            found = self._scrubber = Scrubber(keys)
        return found

    def shown(self, text: str) -> str:
        """``text`` as hamr writes it: redacted, and each of its lines :func:`visible`."""
        redacted = self.scrubber.redact(text)
        if redacted.isprintable():
            return redacted
        return "\n".join(visible(line) for line in redacted.split("\n"))

    def json_line(self, document: Any) -> str:
        """``document`` as one line of JSON, its strings redacted: JSON's own escaping, and what a terminal would act
        on that JSON leaves raw (DEL, C1, bidi and line separators) as ``\\u`` escapes: the same document, parsed."""
        text = json.dumps(self.scrubber.redact_document(document), ensure_ascii=False)
        return text if text.isprintable() else "".join(_json_char(char) for char in text)

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

    def _write(self, stream: TextIO | None, text: str) -> None:
        """``text`` on ``stream``, flushed; OutputClosed if its reader went away (EPIPE)."""
        if stream is None:  # Python's stream for a descriptor closed before it started (`hamr get >&-`)
            return
        try:
            stream.write(text)
            stream.flush()
        except BrokenPipeError:
            self.lost(stream)
            raise OutputClosed from None

    def lost(self, stream: TextIO | None) -> None:
        """Note that ``stream``'s reader went away (:meth:`discard_closed` then discards what it buffers)."""
        if stream is not None:
            self._closed.append(stream)

    def say(self, text: str = "") -> None:
        """A line on stdout, :meth:`shown`."""
        self._write(self.stdout, self.shown(text) + "\n")

    def warn(self, text: str) -> None:
        """A line on stderr, :meth:`shown`."""
        self._write(self.stderr, self.shown(text) + "\n")

    def write_error(self, text: str) -> None:
        """Text on stderr as it is written (argparse's usage, a traceback), :meth:`shown`, no newline added."""
        self._write(self.stderr, self.shown(text))

    def redraw(self, text: str) -> None:
        """The terminal's one-line progress display on stderr, replaced by ``text`` (``""`` clears it)."""
        self._write(self.stderr, f"\r\x1b[K{self.shown(text)}")

    def discard_closed(self) -> None:
        """Point each stream whose reader went away at the null device, as Python's docs advise for
        BrokenPipeError: what it still buffers, flushed at exit, then goes nowhere instead of raising again."""
        import contextlib  # noqa: PLC0415 -- only once a reader went away

        for stream in self._closed:
            with contextlib.suppress(OSError, ValueError):  # a stream without a file descriptor (a test's)
                target = stream.fileno()
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, target)
                os.close(null)

    def emit(self, document: Any) -> None:
        """One JSON document on stdout (``--json``): :meth:`json_line`."""
        self.say(self.json_line(document))

    def ask(self, question: str) -> bool:
        """Whether the person at the terminal answered yes."""
        self._write(self.stderr, f"{self.shown(question)} [y/N] ")
        return self.stdin.readline().strip().lower() in ("y", "yes")


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # a closed stream
        return False


def table(rows: Iterable[tuple[str, str]]) -> str:
    """Two aligned columns, one row a line: every cell :func:`safe` (a newline in a value cannot make a row)."""
    shown = [(safe(name), safe(value)) for name, value in rows]
    width = max((len(name) for name, _ in shown), default=0)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in shown)


def document_table(found: list[Leaf], document: Any) -> str:
    """``document``'s leaves, one a line: key and value as a person reads it."""
    from . import fields  # noqa: PLC0415

    return table((leaf.key, fields.show(leaf, fields.get(document, leaf.path))) for leaf in found)


__all__ = ["KEY_VARIABLES", "Console", "OutputClosed", "document_table", "safe", "table", "visible"]
