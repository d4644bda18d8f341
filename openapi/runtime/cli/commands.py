"""``hamr get``, ``set``, ``wait`` and ``statuses``: each returns an exit code or raises a Failure.

The operations, the fields, the status field and its values all come from the generated package
(:mod:`.operations`, :mod:`.fields`); what a field *is* comes from the spec's ``x-cli`` roles.
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import dataclasses
import logging
import os
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import fields
from ._flags import OPTION_NAMES, client_options
from ._read import read as read_operation
from .console import Console, document_table, table, visible
from .exits import Exit, Failure, failure, for_org, usage
from .fields import MISSING, Leaf
from .operations import Connection, call, discover
from .parser import FIELD_PREFIX

if TYPE_CHECKING:
    from .._config import Credentials, Settings
    from ..capture import DriftCapture
    from ..client import AuthenticatedClient
    from ..errors import RateLimitError

_log = logging.getLogger("hamr_client.cli")
# The drift captures of the clients the running command built (reporting() sets it, client() adds to
# it), so that reporting() can name the files they wrote once the command has closed its client.
_CAPTURES: contextvars.ContextVar[list[DriftCapture]] = contextvars.ContextVar("hamr_drift_captures")
# getpass.getuser()'s variables, read from the Console's environment.
_LOGIN_VARIABLES = ("LOGNAME", "USER", "LNAME", "USERNAME")


# ---------------------------------------------------------------------------- shared


def client(args: argparse.Namespace, console: Console, org: str | None = None, **overrides: Any) -> AuthenticatedClient:
    """The client the flags ask for, to ``org`` (default: ``--org``, else the ``DD_*`` variables): resolved by the
    library from the flags and the org's environment (the keys or the token from the environment only); exit 2 naming
    what is wrong."""
    settings, credentials = settings_for(args, console, org if org is not None else one_org(args), **overrides)
    http = console.connect(**credentials.options(), **settings.options)
    captures = _CAPTURES.get(None)
    if http.drift_capture is not None and captures is not None:
        captures.append(http.drift_capture)
    return http


def one_org(args: argparse.Namespace) -> str | None:
    """The one ``--org`` of a command that talks to one org (None: the ``DD_*`` variables)."""
    orgs = getattr(args, "org", None) or []
    if len(orgs) > 1:
        raise usage(f"hamr {args.command} talks to one org: give --org once (hamr pair and hamr check take several)")
    return orgs[0] if orgs else None


def settings_for(
    args: argparse.Namespace, console: Console, org: str | None, **overrides: Any
) -> tuple[Settings, Credentials]:
    """What the library's one resolver makes of the flags and ``org``'s environment (``NAME_DD_*`` seen as
    ``DD_*``: :func:`hamr_client.orgs.org_environment`); a ConfigurationError as exit 2, naming the org's variables."""
    from .._config import resolved  # noqa: PLC0415 -- httpx only once a command calls the API
    from ..errors import ConfigurationError  # noqa: PLC0415
    from ..orgs import org_environment, org_prefix  # noqa: PLC0415

    options = {**client_options(args), **overrides}
    try:
        if org is not None and ("site" in options or "base_url" in options):
            prefix = org_prefix(org)
            raise usage(
                f"--org {org} takes its site from {prefix}DD_SITE or {prefix}DD_API_URL: "
                "drop --site and --base-url (or --org)"
            )
        return resolved(options, org_environment(org, console.env), names=OPTION_NAMES)
    except ConfigurationError as exc:
        raise Failure(Exit.USAGE, for_org(str(exc), org), kind="ConfigurationError") from None


@contextlib.contextmanager
def reporting(args: argparse.Namespace, console: Console) -> Iterator[None]:
    """Report on stderr what the command's client met: retries and waits with ``-v``; each drift a
    ``--lenient`` client accepted; with ``--record-drift``, each candidate file kept, or why none could be."""
    from ..errors import SpecDriftWarning  # noqa: PLC0415

    library = logging.getLogger("hamr_client")
    handler: logging.Handler = logging.NullHandler()
    if getattr(args, "verbose", False):
        handler = _ConsoleLog(console)
        handler.setFormatter(logging.Formatter("hamr: %(message)s"))
    saved = library.level, library.propagate
    library.addHandler(handler)
    library.setLevel(logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
    library.propagate = False  # its WARNINGs (drift) are reported below, once, not by logging's last resort
    capture_log = logging.getLogger("hamr_client.capture")
    trouble = _CaptureTrouble(args, console)
    if client_options(args).get("drift_dir") is not None and not getattr(args, "verbose", False):
        capture_log.addHandler(trouble)  # -v shows it already
    captures: list[DriftCapture] = []
    token = _CAPTURES.set(captures)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SpecDriftWarning)
            try:
                yield
            finally:
                said: set[str] = set()  # a drift each poll of `wait` meets is said once
                for warning in caught:
                    if not issubclass(warning.category, SpecDriftWarning):
                        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
                        continue
                    if str(warning.message) in said:
                        continue
                    said.add(str(warning.message))
                    if args.json:
                        drift = warning.message
                        console.warn(
                            console.json_line({"warning": {"type": "SpecDriftWarning", "message": str(drift)}})
                        )
                    else:
                        console.warn(f"hamr: drift: {visible(str(warning.message))}")
                _report_kept(args, console, captures)
    finally:
        _CAPTURES.reset(token)
        capture_log.removeHandler(trouble)
        library.removeHandler(handler)
        library.setLevel(saved[0])
        library.propagate = saved[1]


def _report_kept(args: argparse.Namespace, console: Console, captures: list[DriftCapture]) -> None:
    """Each candidate file the captures wrote: read after the command closed its client, which waits for them."""
    for capture in captures:
        for path in capture.written:
            if args.json:
                console.warn(console.json_line({"drift_candidate": str(path)}))
            else:
                import shlex  # noqa: PLC0415 -- only once a drifted answer was kept

                where = shlex.quote(str(capture.directory))
                console.warn(f"hamr: drift: kept as {path} (import it with: nox -s record -- --from-drift {where})")


class _CaptureTrouble(logging.Handler):
    """The drift capture's WARNINGs (a candidate it could not or would not write) on stderr, as a drift is:
    without ``-v`` the library's log goes nowhere, and ``--record-drift`` asked for the files."""

    def __init__(self, args: argparse.Namespace, console: Console) -> None:
        super().__init__(logging.WARNING)
        self.as_json = bool(args.json)
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if self.as_json:
            self.console.warn(self.console.json_line({"warning": {"type": "DriftNotKept", "message": message}}))
        else:
            self.console.warn(f"hamr: drift: {visible(message)}")


class _ConsoleLog(logging.Handler):
    """``-v``: the library's log records on stderr, each through the Console (redacted, one line a record)."""

    def __init__(self, console: Console) -> None:
        super().__init__()
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.console.warn(self.format(record))
        except Exception:
            self.handleError(record)


def status_leaf(connection: Connection) -> Leaf:
    """The field the spec's ``x-cli`` calls the status, as the request has it (the response has it at the same path)."""
    found = fields.by_role(fields.leaves(connection.request), "status")
    if found is None or found.enum is None:
        raise Failure(Exit.BUG, "the spec names no enum field as the status (x-cli: status)", kind="ShapeError")
    return found


def status_of(leaf: Leaf, text: str, option: str) -> Any:
    """The status ``text`` names (any case, or its number), as JSON."""
    assert leaf.enum is not None
    try:
        return fields.member(leaf.enum, text).value
    except fields.FieldError as exc:
        raise usage(f"{option}: {exc}") from None


def read(connection: Connection, http: AuthenticatedClient) -> dict[str, Any] | None:
    """The connection's document, or None when none is configured (404)."""
    from ..errors import NotFoundError  # noqa: PLC0415

    try:
        return dict(call(connection.read, http).to_dict())
    except NotFoundError:
        return None


# ---------------------------------------------------------------------------- get


def get(args: argparse.Namespace, console: Console) -> Exit:
    """``hamr get``: the connection as a table, or its document with ``--json``."""
    operation, response = read_operation()  # not the write, nor the models only it carries
    with client(args, console) as http:
        document = call(operation, http).to_dict()
    if args.json:
        console.emit(document)
    else:
        console.say(document_table(fields.leaves(response), document))
    return Exit.OK


# ---------------------------------------------------------------------------- set


def login(console: Console) -> str | None:
    """The local login name, as getpass.getuser() finds it, from the Console's environment first."""
    for name in _LOGIN_VARIABLES:
        if console.env.get(name):
            return console.env[name]
    try:
        import pwd  # noqa: PLC0415 -- POSIX only

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):
        return None


def _given(args: argparse.Namespace, found: list[Leaf]) -> dict[Leaf, Any]:
    values = {leaf: getattr(args, FIELD_PREFIX + leaf.pointer, None) for leaf in found if leaf.settable}
    return {leaf: value for leaf, value in values.items() if value is not None}


def _operator(found: list[Leaf], given: dict[Leaf, Any], console: Console) -> dict[Leaf, Any]:
    """The spec's operator field (``x-cli: operator``) as the local login name, unless given."""
    operator = fields.by_role(found, "operator")
    who = login(console) if operator is not None and operator not in given else None
    return {} if operator is None or who is None else {operator: who}


def _changes(found: list[Leaf], before: Any, after: Any, given: dict[Leaf, Any]) -> list[tuple[str, str]]:
    rows = []
    for leaf in found:
        old, new = fields.get(before, leaf.path), fields.get(after, leaf.path)
        if old != new:
            rows.append((leaf.key, f"{fields.show(leaf, old)} → {fields.show(leaf, new)}"))
        elif leaf in given:
            rows.append((leaf.key, f"{fields.show(leaf, new)} (unchanged)"))
    return rows


def set_(args: argparse.Namespace, console: Console) -> Exit:
    """``hamr set``: read the connection, change the given fields, show the change, confirm, write."""
    connection = discover()
    found = fields.leaves(connection.request)
    status = status_leaf(connection)
    given = _given(args, found)
    if not given:
        raise usage("nothing to change: give at least one field option (hamr set --help lists them)")
    expected = None if args.expect_status is None else status_of(status, args.expect_status, "--expect-status")
    asked = dict(given)  # what the operator gave: the login name filled in is no change asked for
    given.update(_operator(found, given, console))
    with client(args, console) as http:
        before = read(connection, http)
        now = MISSING if before is None else fields.get(before, status.path)
        if expected is not None and now != expected:
            raise Failure(
                Exit.PRECONDITION,
                f"not written: the status is {fields.show(status, now)}, not {fields.show(status, expected)}"
                + (" (no connection is configured)" if before is None else ""),
                kind="PreconditionFailed",
            )
        document = fields.project(before or {}, found)
        for leaf, value in given.items():
            fields.put(document, leaf.path, value)
        names = fields.option_names(found)
        missing = [
            names.get(leaf, leaf.pointer)
            for leaf in found
            if leaf.required and fields.get(document, leaf.path) is MISSING
        ]
        if missing:
            raise usage(f"no connection is configured yet; linking one needs {', '.join(missing)} too")
        if before is not None and not args.force and _holds(console, args, http.base_url, before, asked):
            return Exit.OK
        body = connection.request.from_dict(document)  # a value the spec does not allow: SchemaViolation, exit 2
        if not args.json:
            heading = "link (no connection yet)" if before is None else f"change at {http.base_url}"
            console.say(f"{heading}:\n" + table(_changes(found, before, document, given)))
        if args.dry_run:
            if args.json:
                console.emit(document)
            else:
                console.say("dry run: nothing written")
            return Exit.OK
        _confirm(args, console, http.base_url)
        written = call(connection.write, http, body=body).to_dict()
    if args.json:
        console.emit(written)
    else:
        console.say("written; the connection now:\n" + document_table(fields.leaves(connection.response), written))
    return Exit.OK


def _holds(console: Console, args: argparse.Namespace, where: str, before: Any, asked: dict[Leaf, Any]) -> bool:
    """Whether the connection already holds every value asked for: then said, and nothing is written."""
    if any(fields.get(before, leaf.path) != value for leaf, value in asked.items()):
        return False
    if args.json:
        console.emit(before)
    else:
        held = ", ".join(f"{leaf.key} {fields.show(leaf, value)}" for leaf, value in asked.items())
        console.say(f"nothing to write: the connection at {where} already has {held} (--force writes it anyway)")
    return True


def _confirm(args: argparse.Namespace, console: Console, target: str) -> None:
    if args.yes:
        return
    if not console.confirmable:
        raise Failure(
            Exit.PRECONDITION,
            "not written: no terminal to confirm on; pass --yes to write without asking",
            kind="NotConfirmed",
        )
    if not console.ask(f"write this to {target}?"):
        raise Failure(Exit.PRECONDITION, "not written: not confirmed", kind="NotConfirmed")


# ---------------------------------------------------------------------------- wait


def wait(args: argparse.Namespace, console: Console) -> Exit:
    """``hamr wait``: poll until the status is ``--status`` (exit 0) or ``--timeout`` passes: exit 10, or 12
    when the API was not answering at the end. No answer, a timeout and a 5xx are ridden out (said once a kind)."""
    from .._constants import DEFAULT_DEADLINE  # noqa: PLC0415
    from ..errors import RateLimitError  # noqa: PLC0415

    connection = discover()
    status = status_leaf(connection)
    target = status_of(status, args.status, "--status")
    start = console.clock()
    end = start + args.timeout
    # One poll never outlives the wait: its deadline is the wait's timeout unless --deadline is shorter.
    deadline = min(client_options(args).get("deadline") or DEFAULT_DEADLINE, args.timeout)
    last: Any = MISSING
    polls = 0
    outage = _Outage(args, console)
    with client(args, console, deadline=deadline) as http:
        while True:
            pause = args.interval
            polls += 1
            try:
                document: Any = call(connection.read, http).to_dict()
                now = fields.get(document, status.path)
                outage.over(console.clock() - start)
            except RateLimitError as exc:
                pause = max(pause, _rate_limit_wait(http, exc))
                _log.info("rate-limited after the retries; polling again in %.3g s", pause)
                now = last
            except Exception as exc:
                if not outage.rides_out(exc, console.clock() - start):
                    raise
                now = last
            elapsed = console.clock() - start
            if now != last:
                _progress(console, args, "")
                change = (
                    fields.show(status, now)
                    if last is MISSING
                    else f"{fields.show(status, last)} → {fields.show(status, now)}"
                )
                if args.json:
                    _log.info("%s: %s after %.1f s", status.key, change, elapsed)
                else:
                    console.say(f"{elapsed:7.1f} s  {status.key}: {change}")
                last = now
            if now == target:
                _progress(console, args, "")
                if args.json:
                    console.emit(document)
                return Exit.OK
            left = end - console.clock()
            if left <= 0:
                _progress(console, args, "")
                raise _timed_out(args, status, target, last, outage)
            shown = "no answer" if outage.trouble is not None else fields.show(status, now)
            _progress(
                console,
                args,
                f"waiting for {fields.show(status, target)}: {shown}, "
                f"{elapsed:.0f} s of {args.timeout:g} s, {polls} poll{'s' if polls != 1 else ''}",
            )
            _log.info("poll %d: %s; next in %.3g s", polls, shown, min(pause, left))
            console.sleep(min(pause, left))


def _timed_out(args: argparse.Namespace, status: Leaf, target: Any, last: Any, outage: _Outage) -> Failure:
    """Exit 12 when the API was not answering at the end (the status may have moved unseen), else 10."""
    waited = f"timed out after {args.timeout:g} s waiting for {fields.show(status, target)}"
    if outage.trouble is None:
        return Failure(Exit.WAIT_TIMEOUT, f"{waited}; the status is {fields.show(status, last)}", kind="WaitTimeout")
    read = "never read" if last is MISSING else f"last read as {fields.show(status, last)}"
    return Failure(
        Exit.WAIT_UNREACHABLE,
        f"{waited}, the API not answering since {outage.since:.0f} s ({outage.trouble}); the status was {read}",
        kind="WaitUnreachable",
    )


class _Outage:
    """What ``wait`` rides out: no answer, a timeout, a 5xx (each said once on stderr, by kind), until ``--timeout``."""

    def __init__(self, args: argparse.Namespace, console: Console) -> None:
        self.args = args
        self.console = console
        self.said: set[str] = set()
        self.trouble: str | None = None  # the last poll's, while the API does not answer
        self.since = 0.0

    def rides_out(self, error: Exception, elapsed: float) -> bool:
        """Whether ``error`` is trouble to poll through (said the first time its kind is met)."""
        from ..errors import APIConnectionError, APIStatusError, APITimeoutError  # noqa: PLC0415

        if isinstance(error, APIStatusError) and error.status_code >= 500:
            kind = f"{error.status_code} answers"
        elif isinstance(error, APIConnectionError):
            kind = "timeouts" if isinstance(error, APITimeoutError) else "no answer"
        else:
            return False
        if self.trouble is None:
            self.since = elapsed
        said = failure(error)
        self.trouble = said.message if said is not None else str(error)
        if kind not in self.said:
            self.said.add(kind)
            self._notice("Unreachable", f"riding out {kind} ({self.trouble}): polling until the timeout")
        _log.info("no answer at %.1f s: %s", elapsed, self.trouble)
        return True

    def over(self, elapsed: float) -> None:
        """The API answered: an outage being ridden out is over (said)."""
        if self.trouble is not None:
            self._notice("Answering", f"the API answers again, after {elapsed - self.since:.0f} s without")
        self.trouble = None

    def _notice(self, kind: str, message: str) -> None:
        _progress(self.console, self.args, "")
        if self.args.json:
            self.console.warn(self.console.json_line({"warning": {"type": kind, "message": message}}))
        else:
            self.console.warn(f"hamr: {visible(message)}")


def _rate_limit_wait(http: AuthenticatedClient, refused: RateLimitError) -> float:
    """What a 429 asks to wait, read as the client's retries read it (``X-RateLimit-Reset``, else ``Retry-After`` in
    seconds or as an HTTP date, capped at its ``max_rate_limit_wait``); 0 when it says nothing usable."""
    return dataclasses.replace(http.retry, backoff_factor=0.0).wait_for(refused.response)


def _progress(console: Console, args: argparse.Namespace, text: str) -> None:
    """The one-line progress display of a terminal (``""`` clears it)."""
    if console.progress and not args.json:
        console.redraw(text)


# ---------------------------------------------------------------------------- statuses


def statuses(args: argparse.Namespace, console: Console) -> Exit:
    """``hamr statuses``: each value of the status field, its name and its meaning in the spec."""
    status = status_leaf(discover())
    assert status.enum is not None
    meanings = fields.meanings(status.enum)
    if args.json:
        console.emit([{"value": m.value, "name": m.name, "meaning": meanings[m]} for m in status.enum])
    else:
        rows = [(f"{m.value:>2}  {m.name}", meanings[m]) for m in status.enum]
        console.say(f"{fields.summary(status.enum)} ({status.key}):\n" + table(rows))
    return Exit.OK


COMMANDS = {"get": get, "set": set_, "wait": wait, "statuses": statuses}

__all__ = ["COMMANDS", "client", "get", "set_", "statuses", "wait"]
