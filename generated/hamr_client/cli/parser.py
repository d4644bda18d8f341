"""The argparse structure of ``hamr``: commands, the options they share, and the options ``set`` derives.

Only the command being run is built from the generated package (its options, the spec's
descriptions): ``hamr --help`` imports neither httpx nor a model. The shared options are
accepted before the command or after it (``hamr --json get``, ``hamr get --json``).
"""

from __future__ import annotations

import argparse
import datetime
import math
import re
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from ._flags import CLIENT_FLAGS, CLIENT_PREFIX
from .console import KEY_VARIABLES
from .exits import MEANINGS, usage

if TYPE_CHECKING:
    from .fields import Leaf
    from .operations import Connection

COMMANDS = {
    "get": "show the connection",
    "set": "change the connection's fields (read, modify, write)",
    "wait": "poll until the connection reaches a status",
    "statuses": "list the status values and their meaning, from the spec",
    "pair": "show both orgs of a DDR pair side by side and check that they mirror each other",
    "check": "exit 0 unless an org is in a status automation must wait out (default: those Datadog's sync tool "
    "refuses to sync in)",
}
#: What the dest of a request field's option starts with (then its JSON pointer): never a shared option's dest.
FIELD_PREFIX = "field:"
# A flag that names a key or a token (--api-key, --dd-app-key, --token=...): its value is never echoed.
_KEY_FLAG = re.compile(r"-{1,2}[^=\s]*(?:key|token)[^=\s]*", re.IGNORECASE)


def key_values(argv: Sequence[str]) -> list[str]:
    """The values ``argv`` gives a ``--*key*``/``--*token*`` flag (``--api-key K``, ``--api-key=K``), longest first."""
    found = []
    for index, token in enumerate(argv):
        flag, equals, value = token.partition("=")
        if not _KEY_FLAG.fullmatch(flag):
            continue
        if equals:
            found.append(value)
        elif index + 1 < len(argv) and not argv[index + 1].startswith("--"):
            found.append(argv[index + 1])
    return sorted({value for value in found if value}, key=lambda value: (-len(value), value))


def redacted(message: str, values: Sequence[str]) -> str:
    """``message`` (argparse's) with each of ``values`` where it appears as a word, quoted or not, as ``<redacted>``."""
    for value in values:
        message = re.sub(rf"(?<![^\s'\"=]){re.escape(value)}(?![^\s'\",)])", "<redacted>", message)
    return message


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are :class:`~hamr_client.cli.exits.Failure`s (exit 2, JSON with ``--json``)
    and whose help goes to ``out`` (the Console's stdout). Its errors never echo the value of a ``--*key*`` or
    ``--*token*`` flag (``hidden``): "unrecognized arguments: --api-key <redacted>"."""

    def __init__(self, *args: Any, out: TextIO | None = None, hidden: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.out = out
        self.hidden: list[str] = list(hidden)

    def print_help(self, file: Any = None) -> None:
        """The help, to ``out`` unless a file is given."""
        super().print_help(file or self.out)

    def error(self, message: str) -> NoReturn:
        """A usage error as a Failure (exit 2), not argparse's own exit."""
        said = redacted(message, self.hidden)
        raise usage(f"{said} (see: {self.prog} --help)", usage_text=self.format_usage())


class Version(argparse.Action):
    """``--version``: the package's version (the spec's ``info.version``) on the parser's stdout, exit 0."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> NoReturn:
        import importlib  # noqa: PLC0415

        # The package's __init__ holds the one version (the spec's info.version) and imports nothing heavy.
        package = importlib.import_module((__package__ or "hamr_client.cli").rpartition(".")[0])
        out = parser.out if isinstance(parser, Parser) else None
        print(f"hamr {getattr(package, '__version__', '0+unknown')}", file=out, flush=True)
        raise SystemExit(0)


def seconds(text: str) -> float:
    """A number of seconds above 0 (``2``, ``0.5``), for argparse."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"not a number of seconds above 0: {text!r}")
    return value


def status_name(connection: Callable[[], Connection]) -> Callable[[str], str]:
    """An argparse type: a value of the spec's status (a name in any case, or its number), kept as given."""

    def value(text: str) -> str:
        from . import fields  # noqa: PLC0415 -- only a command naming a status needs the models

        leaf = fields.by_role(fields.leaves(connection().request), "status")
        if leaf is not None and leaf.enum is not None:
            try:
                fields.member(leaf.enum, text)
            except fields.FieldError as exc:
                raise argparse.ArgumentTypeError(str(exc)) from None
        return text

    return value


def _check_default(connection: Connection) -> str:
    """The statuses ``hamr check`` fails on by default, as the spec's ``x-cli-check`` names them."""
    from . import fields  # noqa: PLC0415

    leaf = fields.by_role(fields.leaves(connection.request), "status")
    return ", ".join(leaf.check) if leaf is not None and leaf.check else "none"


def _described(name: str, summary: str, connection: Callable[[], Connection]) -> str:
    """The description of the command being run: ``hamr get``'s and ``hamr set``'s the summary, then the spec's words
    for the operation it calls (``get``'s found without the write: :mod:`._read`)."""
    if name not in ("get", "set"):
        return summary
    from ._read import read  # noqa: PLC0415
    from .operations import Connection  # noqa: PLC0415

    spec = Connection.describe(read()[0] if name == "get" else connection().write)
    return "\n\n".join(textwrap.fill(text, 100) for text in (f"hamr {name}: {summary}.", *spec.split("\n\n")))


def _epilog() -> str:
    codes = "\n".join(f"  {int(code):>2}  {meaning}" for code, meaning in MEANINGS.items())
    return (
        "environment:\n"
        "  DD_API_KEY, DD_APP_KEY  the Datadog keys (never taken from the command line, never printed)\n"
        "  DD_BEARER_TOKEN         or an OAuth access token instead of the keys (likewise; with both, both are sent)\n"
        "  DD_SITE                 the Datadog site when --site is not given (default datadoghq.com)\n"
        "  DD_API_URL              or the API root instead (https://api.datadoghq.eu)\n"
        "  NAME_DD_API_KEY, NAME_DD_APP_KEY (or NAME_DD_BEARER_TOKEN), NAME_DD_SITE or NAME_DD_API_URL\n"
        "                          the org --org NAME names (all needed: PRIMARY_DD_API_KEY...)\n\n"
        f"exit status:\n{codes}\n\n"
        "With --json, stdout holds exactly one JSON document, and an error is one JSON object on stderr:\n"
        '  {"error": {"type": ..., "status": ..., "message": ...}}'
    )


def _shared(parser: argparse.ArgumentParser, *, network: bool, suppress: bool) -> None:
    """The options every command takes; ``suppress``: a subcommand's copy, which must not reset the top level's."""

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if suppress else value

    output = parser.add_argument_group("output")
    output.add_argument("--json", action="store_true", default=default(False), help="machine output (see below)")
    if not network:
        return
    output.add_argument(
        "-v", "--verbose", action="store_true", default=default(False), help="log retries and waits to stderr"
    )
    target = parser.add_argument_group("target and behaviour")
    target.add_argument(
        "--org",
        action="append",
        default=default(None),
        metavar="NAME",
        help="the org whose keys and site are in NAME_DD_API_KEY, NAME_DD_APP_KEY and NAME_DD_SITE or "
        "NAME_DD_API_URL (default: the DD_* variables); pair and check take it more than once",
    )
    for flag in CLIENT_FLAGS:
        how: dict[str, Any] = {"help": flag.help, "default": default(None), "dest": CLIENT_PREFIX + flag.option}
        if flag.const is not None:
            how.update(action="store_const", const=flag.const)
        else:
            how.update(metavar=flag.metavar, type=flag.type, choices=flag.choices)
        target.add_argument(flag.flag, **how)


def _field_option(add: Callable[..., argparse.Action], leaf: Leaf, name: str) -> None:
    from . import fields  # noqa: PLC0415 -- only `set` needs the fields

    def value(text: str) -> Any:
        try:
            return fields.parse(leaf, text)
        except fields.FieldError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    members = leaf.enum
    if members is not None:
        choices = ", ".join(f"{member.name}={member.value}" for member in members)
        what, metavar = f"{fields.summary(members)}: a name (any case) or number: {choices}.", "STATUS"
    elif leaf.kind is bool:
        what, metavar = leaf.description, "true|false"
    else:
        what = leaf.description
        metavars: dict[type | None, str] = {int: "N", float: "NUMBER", datetime.datetime: "DATE-TIME"}
        metavar = metavars.get(leaf.kind, "TEXT")
    role = " Default: the local login name." if leaf.role == "operator" else ""
    needed = " Needed to link (no connection yet)." if leaf.required else ""
    add(
        name,
        dest=FIELD_PREFIX + leaf.pointer,
        type=value,
        metavar=metavar,
        help=f"{what}{role}{needed}".replace("%", "%%"),
    )


def _set_options(parser: argparse.ArgumentParser, connection: Connection) -> None:
    from . import fields  # noqa: PLC0415

    group = parser.add_argument_group("fields (from the spec's request model; only those given change)")
    found = fields.leaves(connection.request)
    for leaf, name in fields.option_names(found).items():
        try:
            _field_option(group.add_argument, leaf, name)
        except argparse.ArgumentError:  # a field named like one of hamr's own options: its whole path
            _field_option(group.add_argument, leaf, "--" + "-".join(leaf.path).replace("_", "-"))
    guard = parser.add_argument_group("guards")
    guard.add_argument(
        "--expect-status",
        type=status_name(lambda: connection),
        metavar="STATUS",
        help="write nothing unless the status now is this one (a client-side check, not an atomic one)",
    )
    guard.add_argument("--dry-run", action="store_true", help="show the change, write nothing")
    guard.add_argument(
        "--force",
        action="store_true",
        help="write even when the connection already holds every value given (a write moves its modification time)",
    )
    guard.add_argument("--yes", action="store_true", help="write without asking (required without a terminal)")


def build(argv: Sequence[str], connection: Callable[[], Connection], out: TextIO | None = None) -> Parser:
    """The parser for ``argv``: the command named there is built in full, from ``connection()``, the others light.

    Help goes to ``out`` (default: stdout).
    """
    chosen = next((token for token in argv if token in COMMANDS), None)
    # Options only for a command argv may run (`hamr --help` lists every command all the same): when argv names one
    # command, no other can be parsed, and fewer options to build is `hamr get`'s start (issue 31).
    named = {token for token in argv if token in COMMANDS}
    parsed = named if len(named) == 1 else set(COMMANDS)
    hidden = key_values(argv)
    top = Parser(
        prog="hamr",
        description=textwrap.fill(
            "Read and change the Datadog Disaster Recovery (HAMR) connection of your organization, "
            "safely and from scripts: one exit code per outcome.",
            100,
        ),
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        out=out,
        hidden=hidden,
    )
    top.add_argument("--version", action=Version, help="show hamr's version (the spec's) and exit")
    _shared(top, network=True, suppress=False)
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=Parser)
    for name, summary in COMMANDS.items():
        sub = commands.add_parser(
            name,
            help=summary,
            description=_described(name, summary, connection) if name == chosen else summary,
            epilog=_epilog(),
            formatter_class=argparse.RawDescriptionHelpFormatter,
            out=out,
            hidden=hidden,
        )
        if name not in parsed:
            continue
        _shared(sub, network=name != "statuses", suppress=True)
        if name == "set" and chosen == "set":
            _set_options(sub, connection())
        if name == "check":
            sub.add_argument(
                "--status",
                action="append",
                type=status_name(connection),
                metavar="STATUS",
                help="a status that fails the check (repeatable; default: "
                + (_check_default(connection()) if chosen == "check" else "the spec's")
                + ")",
            )
        if name == "wait":
            sub.add_argument(
                "--status",
                required=True,
                type=status_name(connection),
                metavar="STATUS",
                help="the status to wait for (name or number)",
            )
            sub.add_argument(
                "--timeout", type=seconds, default=600.0, metavar="S", help="give up after S seconds (default: 600)"
            )
            sub.add_argument(
                "--interval", type=seconds, default=10.0, metavar="S", help="seconds between polls (default: 10)"
            )
    return top


def parse(argv: Sequence[str], connection: Callable[[], Connection], out: TextIO | None = None) -> argparse.Namespace:
    """The parsed ``argv``; a Failure (exit 2) on a usage error, SystemExit(0) after ``--help`` (printed to ``out``)."""
    args = build(argv, connection, out).parse_args(argv)
    if getattr(args, "org", None):
        # Every --org, before the command and after it: argparse keeps only the subcommand's list.
        orgs = argparse.ArgumentParser(add_help=False)
        orgs.add_argument("--org", action="append", default=[])
        found = orgs.parse_known_args(argv)[0].org
        args.org = found if len(found) > len(args.org) else args.org
    return args


__all__ = [
    "COMMANDS",
    "FIELD_PREFIX",
    "KEY_VARIABLES",
    "Parser",
    "build",
    "key_values",
    "parse",
    "redacted",
]
