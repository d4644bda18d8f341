"""The client options ``hamr`` takes: one flag each, in one table (:data:`CLIENT_FLAGS`).

Adding a client option to hamr is a line here; the parser adds the flag, :func:`client_options` hands what was given
to the library's one resolver (``client_settings``), whose errors name the flag (:data:`OPTION_NAMES`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ..dialects import DIALECTS
from .exits import usage

#: What the dest of a client option's flag starts with (then the ``datadog_client`` keyword it sets).
CLIENT_PREFIX = "client:"


class ClientFlag(NamedTuple):
    """A flag that sets one of ``datadog_client``'s keywords; the library checks the value, naming the flag."""

    flag: str
    option: str
    help: str
    metavar: str | None = None
    type: Callable[[str], Any] | None = None
    choices: Sequence[str] | None = None
    const: Any = None  # a switch: the option's value when the flag is given (--lenient: strict=False)


#: The client options hamr takes, one flag each: adding one is a line here (the library resolves and checks it).
CLIENT_FLAGS = (
    ClientFlag("--site", "site", "a Datadog site (default: DD_SITE, else datadoghq.com)"),
    ClientFlag(
        "--base-url", "base_url", "another API root (plain http:// only to loopback: the served fake, tests)", "URL"
    ),
    ClientFlag("--request-timeout", "timeout", "each attempt's timeout", "S", float),
    ClientFlag("--deadline", "deadline", "the longest a call may take, retries included", "S", float),
    ClientFlag("--max-retries", "max_retries", "retries after the first attempt", "N", int),
    ClientFlag(
        "--dialect",
        "dialect",
        "the spelling to write in: the API reference's or Datadog's production API's (default: the one "
        "the org answers in; before any answer, production's for a Datadog site)",
        choices=DIALECTS,
    ),
    ClientFlag(
        "--lenient",
        "strict",
        "accept what the spec does not know yet (a newer status...), reporting each drift on stderr",
        const=False,
    ),
    ClientFlag(
        "--record-drift",
        "drift_dir",
        "with --lenient: keep each drifted answer, scrubbed, in DIR as a cassette candidate "
        "(for nox -s record -- --from-drift DIR), naming each file kept on stderr",
        "DIR",
    ),
)
#: Options given together by mistake: one flag of each group at most.
EXCLUSIVE = (("site", "base_url"),)
#: How the library's errors name an option to a hamr user: its flag (a switch by the value it sets); the credentials
#: are taken from the environment only (no flag: "").
OPTION_NAMES: dict[str, str] = {
    **{flag.option if flag.const is None else f"{flag.option}={flag.const!r}": flag.flag for flag in CLIENT_FLAGS},
    **{flag.option: flag.flag for flag in CLIENT_FLAGS},
    "api_key": "",
    "app_key": "",
    "bearer_token": "",
    "allow_insecure_http=True": "",  # plain http:// goes to loopback only (the served fake, tests)
}


def client_options(args: argparse.Namespace) -> dict[str, Any]:
    """The client options the flags give (:data:`CLIENT_FLAGS`), for the library's resolver to check and complete.

    Raises a usage Failure for flags that exclude each other (:data:`EXCLUSIVE`): the library lets ``base_url``
    override ``site``, a person who gives both has made a mistake.
    """
    given = {
        name.removeprefix(CLIENT_PREFIX): value
        for name, value in vars(args).items()
        if name.startswith(CLIENT_PREFIX) and value is not None
    }
    for options in EXCLUSIVE:
        both = [OPTION_NAMES[option] for option in options if option in given]
        if len(both) > 1:
            raise usage(f"give {' or '.join(both)}, not both")
    return given
