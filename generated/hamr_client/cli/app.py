"""Run ``hamr``: parse, dispatch to the command, and turn every outcome into its exit code.

An error never goes by silently: each one the library raises has its exit code
(:mod:`.exits`), a message on stderr, and with ``--json`` one JSON object there instead.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from . import parser
from ._flags import client_options
from .console import Console, OutputClosed, visible
from .exits import Exit, Failure, for_org

if TYPE_CHECKING:
    import argparse

    from .operations import Connection


def _connection() -> Connection:
    from .operations import discover  # noqa: PLC0415 -- the generated package (and httpx) only for a command

    return discover()


def run(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run ``hamr`` with ``argv`` (default: the process's) in ``console``; returns the exit status."""
    console = console or Console.system()
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv  # until the arguments are parsed (a usage error is JSON too)
    verbose = lenient = False
    orgs: list[str] = []
    try:
        args = parser.parse(argv, _connection, console.stdout)
        as_json, verbose = args.json, getattr(args, "verbose", False)
        lenient = client_options(args).get("strict") is False
        orgs = getattr(args, "org", None) or []
        from . import commands  # noqa: PLC0415

        with commands.reporting(args, console):
            return int(_command(args.command)(args, console))
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except (OutputClosed, BrokenPipeError) as closed:
        if isinstance(closed, BrokenPipeError):  # argparse's own print of --help or --version to a closed pipe
            console.lost(console.stdout)
        return _closed(console)
    except Failure as failure:
        return _reported(console, failure, as_json)
    except KeyboardInterrupt:
        return _reported(console, Failure(Exit.INTERRUPTED, "interrupted", kind="Interrupted"), as_json)
    except Exception as exc:
        from .exits import failure as known  # noqa: PLC0415

        found = known(exc)
        if found is not None:
            said = for_org(found.message, orgs[0] if len(orgs) == 1 else None)
            if found.code == Exit.OFF_SPEC and not lenient:
                said += _LENIENT
            found = Failure(found.code, said, kind=found.kind, status=found.status)
        if found is None:
            if verbose:
                console.write_error("".join(traceback.format_exception(exc)))
            found = Failure(Exit.BUG, f"unexpected {type(exc).__name__}: {exc}", kind=type(exc).__name__)
        return _reported(console, found, as_json)


def _command(name: str) -> Callable[[argparse.Namespace, Console], int]:
    """The function of command ``name``; the DDR pair's module only for its own commands (``hamr get`` needs none)."""
    from . import commands  # noqa: PLC0415

    found = commands.COMMANDS.get(name)
    if found is None:
        from . import ddr  # noqa: PLC0415

        found = ddr.COMMANDS[name]
    return found


# Exit 7 to a strict hamr: what --lenient would do (a missing field or a wrong type it refuses too).
_LENIENT = (
    ". If Datadog is ahead of the spec (a newer status, another timestamp format), --lenient accepts such a "
    "value and reports it on stderr; a missing field or a wrong type it refuses too"
)


def _closed(console: Console) -> int:
    """The reader of stdout (or stderr) went away (``hamr get | head -1``): end quietly, as a tool ended by
    SIGPIPE does, and let nothing still buffered raise again when Python flushes at exit."""
    console.discard_closed()
    return int(Exit.OUTPUT_CLOSED)


def _reported(console: Console, failure: Failure, as_json: bool) -> int:
    try:
        return _report(console, failure, as_json)
    except OutputClosed:  # stderr is a closed pipe too: nothing can be said
        return _closed(console)


def _report(console: Console, failure: Failure, as_json: bool) -> int:
    if as_json:
        console.warn(console.json_line(failure.as_json()))
    else:
        if failure.usage_text:
            console.write_error(failure.usage_text)
        console.warn(f"hamr: error: {visible(failure.message)}")  # one line, whatever the message quotes
    return int(failure.code)


#: How many allocations the collector lets by between passes over the young generation in a ``hamr``
#: process (CPython's default is 700). A run builds its modules, classes and tables once and keeps
#: them to the end: the passes over them at start-up freed nothing and cost ``hamr get`` about a tenth
#: of its time. A long ``hamr wait`` still has what its polls leave collected.
_YOUNG_GENERATION_THRESHOLD = 100_000


def main() -> int:
    """The ``hamr`` console script and ``python -m hamr_client``: a process of its own (:func:`run` is the one
    to call in-process).

    Tunes the garbage collector for a process that builds its objects once and then ends (docs/benchmarks.md):
    fewer passes while it starts, and none at exit over what it built (``gc.freeze``).
    """
    import gc  # noqa: PLC0415
    import os  # noqa: PLC0415

    gc.set_threshold(_YOUNG_GENERATION_THRESHOLD)
    try:
        if "_ARGCOMPLETE" in os.environ:  # a shell asks for completions (argcomplete's protocol): nothing runs
            complete(os.environ.get("COMP_LINE", ""))
        return run()
    finally:
        # The process ends now, its client closed and its output flushed: the interpreter's last pass
        # over every object left (the modules' included) would free nothing a run still needs freed.
        gc.freeze()


def complete(line: str) -> None:
    """Answer a shell's completion request with argcomplete (``pip install 'hamr-client[completion]'``), on the
    parser built for the command ``line`` names (so ``hamr set --<TAB>`` offers the spec's fields); never returns."""
    try:
        import argcomplete  # noqa: PLC0415 -- only when a shell asks: `hamr --help` stays light
    except ImportError:
        raise SystemExit(0) from None  # no completions: the completion script outlived the extra
    words = line.split()[1:]
    argcomplete.autocomplete(parser.build(words, _connection), always_complete_options="long")
    raise SystemExit(0)  # argcomplete exits itself; a parser it could not use completes nothing


__all__ = ["main", "run"]
