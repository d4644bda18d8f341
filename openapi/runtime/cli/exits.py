"""What ``hamr`` exits with: one code per outcome, so that a runbook can branch on it.

:func:`failure` turns each error of the library into its :class:`Failure`: the exit code, a
``type`` for ``--json`` (the error's class name), the HTTP status when there was one, and the message.
"""

from __future__ import annotations

import enum


class Exit(enum.IntEnum):
    """The exit codes of ``hamr``; :data:`MEANINGS` says each one's outcome (``hamr --help``, docs/cli.md)."""

    OK = 0
    BUG = 1
    USAGE = 2
    NOT_FOUND = 3
    REFUSED = 4
    RATE_LIMITED = 5
    SERVER = 6
    OFF_SPEC = 7
    NETWORK = 8
    PRECONDITION = 9
    WAIT_TIMEOUT = 10
    NOT_APPLIED = 11
    WAIT_UNREACHABLE = 12
    MISMATCH = 13
    UNREAD = 14
    IN_STATUS = 15
    INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command ended by Ctrl-C
    OUTPUT_CLOSED = 141  # 128 + SIGPIPE, as a shell reports `yes | head -1`'s yes


MEANINGS: dict[Exit, str] = {
    Exit.OK: "done",
    Exit.BUG: "an unexpected error (a bug in hamr: please report it)",
    Exit.USAGE: "usage: a bad option or value, no credentials (DD_API_KEY and DD_APP_KEY, or DD_BEARER_TOKEN), or a "
    "request refused as malformed (400)",
    Exit.NOT_FOUND: "no connection is configured (404)",
    Exit.REFUSED: "refused (401, 403): check the keys or the token, the site and the application key's scopes",
    Exit.RATE_LIMITED: "rate-limited (429) after the retries",
    Exit.SERVER: "server error (5xx) or a status the spec does not document",
    Exit.OFF_SPEC: "an answer the spec does not allow",
    Exit.NETWORK: "network error or timeout: no answer",
    Exit.PRECONDITION: "precondition not met (--expect-status, or the write was not confirmed)",
    Exit.WAIT_TIMEOUT: "`hamr wait` timed out before the status was reached",
    Exit.NOT_APPLIED: "Datadog accepted the write but did not apply it (the answer does not hold what was sent)",
    Exit.WAIT_UNREACHABLE: "`hamr wait` timed out while the API was not answering (no answer, a timeout or a 5xx)",
    Exit.MISMATCH: "`hamr pair`: the two orgs do not mirror each other (what differs is said)",
    Exit.UNREAD: "`hamr pair`, `hamr check`: an org could not be read (its error is said on its line)",
    Exit.IN_STATUS: "`hamr check`: an org is in a status checked (by default those Datadog's sync tool refuses)",
    Exit.INTERRUPTED: "interrupted (Ctrl-C, SIGINT)",
    Exit.OUTPUT_CLOSED: "stdout closed before hamr wrote everything (a reader such as `head -1` stopped): nothing said",
}

# A documented refusal's exit code by HTTP status; any other (5xx, or one without a code of its own) is SERVER.
_BY_STATUS = {400: Exit.USAGE, 401: Exit.REFUSED, 403: Exit.REFUSED, 404: Exit.NOT_FOUND, 429: Exit.RATE_LIMITED}


class Failure(Exception):
    """An outcome other than done: the exit code, the ``type`` and ``status`` of the JSON error, the message."""

    def __init__(self, code: Exit, message: str, *, kind: str, status: int | None = None, usage_text: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.kind = kind
        self.status = status
        self.usage_text = usage_text  # what a person is shown before the message (argparse's usage line)

    @property
    def message(self) -> str:
        """What went wrong and, where it helps, what to do."""
        return str(self)

    def as_json(self) -> dict[str, object]:
        """The JSON error ``--json`` puts on stderr."""
        return {"error": {"type": self.kind, "status": self.status, "message": self.message}}


def usage(message: str, *, usage_text: str = "") -> Failure:
    """A usage error (exit 2); ``usage_text`` is shown before the message to a person."""
    return Failure(Exit.USAGE, message, kind="UsageError", usage_text=usage_text)


def failure(error: Exception) -> Failure | None:
    """The Failure for an error the library raises, or None for anything else (a bug); said in hamr's terms."""
    from .. import errors  # noqa: PLC0415 -- only once something failed

    kind = type(error).__name__
    if isinstance(error, errors.UnexpectedStatus):  # its message ends with the body: the status says enough
        return Failure(Exit.SERVER, in_cli_terms(str(error).split("\n\n")[0]), kind=kind, status=error.status_code)
    if isinstance(error, errors.APIStatusError):  # its message says what to do, from the spec
        code = _BY_STATUS.get(error.status_code, Exit.SERVER)
        return Failure(code, in_cli_terms(str(error)), kind=kind, status=error.status_code)
    if isinstance(error, errors.WriteNotAppliedError | errors.InvalidResponse):
        code = Exit.NOT_APPLIED if isinstance(error, errors.WriteNotAppliedError) else Exit.OFF_SPEC
        return Failure(code, in_cli_terms(str(error)), kind=kind, status=error.status_code)
    if isinstance(error, errors.APIConnectionError):
        return Failure(Exit.NETWORK, str(error), kind=kind)
    if isinstance(error, errors.ConfigurationError | errors.SchemaViolation):
        return Failure(Exit.USAGE, str(error), kind=kind)
    return None


def for_org(message: str, org: str | None) -> str:
    """``message`` with each ``DD_*`` variable it names as ``--org``'s (``PRIMARY_DD_API_KEY``): the spec's advice
    names the variables of the default org."""
    if org is None:
        return message
    import re  # noqa: PLC0415

    return re.sub(
        r"(?<![A-Za-z0-9_])DD_(API_KEY|APP_KEY|BEARER_TOKEN|SITE|API_URL)\b", rf"{org.upper()}_DD_\1", message
    )


def in_cli_terms(message: str) -> str:
    """A library message as ``hamr`` says it: each operationId as the command that calls it (the library's
    ``GetHamrOrgConnection: ...`` prefix dropped: the command is the one running)."""
    from .operations import discover  # noqa: PLC0415

    try:
        found = discover()
    except Exception:  # the shape error is said by the command itself
        return message
    commands = {getattr(found.read, "OPERATION", None): "hamr get", getattr(found.write, "OPERATION", None): "hamr set"}
    for operation, command in commands.items():
        if operation:
            message = message.removeprefix(f"{operation}: ").replace(operation, command)
    return message


__all__ = ["MEANINGS", "Exit", "Failure", "failure", "for_org", "in_cli_terms", "usage"]
