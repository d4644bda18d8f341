"""Run ``hamr``: parse, dispatch to the command, and turn every outcome into its exit code.

An error never goes by silently: each one the library raises has its exit code
(:mod:`.exits`), a message on stderr, and with ``--json`` one JSON object there instead.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import parser
from .console import Console, visible
from .exits import Exit, Failure

if TYPE_CHECKING:
    from .operations import Connection


def _connection() -> Connection:
    from .operations import discover  # noqa: PLC0415 -- the generated package (and httpx) only for a command

    return discover()


def run(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run ``hamr`` with ``argv`` (default: the process's) in ``console``; returns the exit status."""
    console = console or Console.system()
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv  # until the arguments are parsed (a usage error is JSON too)
    verbose = False
    try:
        args = parser.parse(argv, _connection, console.stdout)
        as_json, verbose = args.json, getattr(args, "verbose", False)
        from . import commands  # noqa: PLC0415

        with commands.reporting(args, console):
            return int(commands.COMMANDS[args.command](args, console))
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except Failure as failure:
        return _report(console, failure, as_json)
    except KeyboardInterrupt:
        console.warn("hamr: interrupted")
        return 130
    except Exception as exc:
        from .exits import failure as known  # noqa: PLC0415

        found = known(exc)
        if found is None:
            if verbose:
                console.write_error("".join(traceback.format_exception(exc)))
            found = Failure(Exit.BUG, f"unexpected {type(exc).__name__}: {exc}", kind=type(exc).__name__)
        return _report(console, found, as_json)


def _report(console: Console, failure: Failure, as_json: bool) -> int:
    if as_json:
        console.warn(console.json_line(failure.as_json()))
    else:
        if failure.usage_text:
            console.write_error(failure.usage_text)
        console.warn(f"hamr: error: {visible(failure.message)}")  # one line, whatever the message quotes
    return int(failure.code)


def main() -> int:
    """The ``hamr`` console script."""
    return run()


__all__ = ["main", "run"]
