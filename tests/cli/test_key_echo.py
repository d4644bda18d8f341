"""``hamr`` against a server that echoes the credentials and writes to the terminal: no credential, no control
character out.

Properties, in-process against a raw loopback server (:mod:`tests.client.echo` draws the answer),
for each command and output mode: nothing ``hamr`` prints (stdout, stderr, ``-v``, ``--lenient``
drift lines, ``--json`` documents and error objects) holds a form of a key or of the OAuth token, or a control
character; a table shows one value a line whatever a value holds; ``--json`` stays JSON; and
argparse never echoes the value of a ``--*key*``/``--*token*`` flag.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hamr_client.cli import run
from hamr_client.cli.commands import status_leaf
from hamr_client.cli.console import Console
from hamr_client.cli.fields import leaves
from hamr_client.cli.operations import discover
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.harness import LINK, Clock, Result, environment
from tests.client.conftest import response_example
from tests.client.echo import FIELDS, Answer, answers, api_keys, app_keys, leaks, tokens
from tests.client.loopback import Exchange, RawServer, Script

EXAMPLES = 120
_STATUS = status_leaf(discover())
assert _STATUS.enum is not None
_LAST_STATUS = list(_STATUS.enum)[-1].name
# Bounded: one attempt, a short timeout; `wait` on a fake clock.
_BOUNDED = ["--max-retries", "0", "--request-timeout", "3", "--deadline", "5"]
COMMANDS = [
    ["get"],
    ["--json", "get"],
    ["-v", "get"],
    ["--lenient", "get"],
    ["--lenient", "--json", "get"],
    ["-v", "--lenient", "--json", "get"],
    ["set", *LINK, "--yes"],
    ["--json", "set", *LINK, "--yes"],
    ["--lenient", "set", *LINK, "--dry-run"],
    ["wait", "--status", _LAST_STATUS, "--timeout", "0.3", "--interval", "0.1"],
    ["-v", "--json", "--lenient", "wait", "--status", _LAST_STATUS, "--timeout", "0.3", "--interval", "0.1"],
]


class Echoing:
    def __init__(self) -> None:
        self.answer = b""

    def handler(self, exchange: Exchange) -> Script:
        return [self.answer]


@pytest.fixture(scope="module")
def echoing() -> Iterator[tuple[Echoing, str]]:
    echo = Echoing()
    with RawServer(echo.handler, max_connections=10_000) as server:
        yield echo, server.url


def hamr(url: str, argv: list[str], env: dict[str, str]) -> Result:
    out, err, clock = io.StringIO(), io.StringIO(), Clock()
    console = Console(env, out, err, io.StringIO(""), sleep=clock.sleep, clock=clock)
    return Result(run(["--base-url", url, *_BOUNDED, *argv], console), out.getvalue(), err.getvalue())


def check_terminal_safe(result: Result) -> None:
    for stream in (result.stdout, result.stderr):
        assert all(char.isprintable() or char == "\n" for char in stream), repr(stream)


def check_json(result: Result, argv: list[str]) -> None:
    if "--json" not in argv:
        return
    if result.stdout:
        json.loads(result.stdout)
    for line in result.stderr.splitlines():
        if not line.startswith("hamr: "):  # -v's log lines are text, --json or not
            json.loads(line)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.data(),
    api=api_keys,
    app=app_keys,
    token=tokens,
    configured=st.sampled_from(["keys", "token", "both"]),
    argv=st.sampled_from(COMMANDS),
)
def test_no_echoed_credential_and_no_control_character_reaches_the_terminal(
    echoing: tuple[Echoing, str], data: st.DataObject, api: str, app: str, token: str, configured: str, argv: list[str]
) -> None:
    echo, url = echoing
    variables = {
        "keys": {"DD_API_KEY": api, "DD_APP_KEY": app},
        "token": {"DD_BEARER_TOKEN": token},
        "both": {"DD_API_KEY": api, "DD_APP_KEY": app, "DD_BEARER_TOKEN": token},
    }[configured]
    secret = data.draw(st.sampled_from(sorted(variables.values())), label="echoed")
    answer: Answer = data.draw(answers(secret), label="answer")
    echo.answer = answer.raw
    env = {name: value for name, value in environment().items() if name not in {"DD_API_KEY", "DD_APP_KEY"}}
    result = hamr(url, argv, {**env, **variables})
    printed = result.stdout + result.stderr
    assert not leaks(printed, tuple(variables.values())), f"{answer.place} / {answer.encoding}: {printed!r}"
    check_terminal_safe(result)
    check_json(result, argv)
    assert result.code != 1, printed  # every outcome is a known one, not a bug


def _http(document: Any) -> bytes:
    body = json.dumps(document).encode()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close"
    return head.encode() + b"\r\n\r\n" + body


# What a server may put in a string to take over a terminal or forge a row.
_HOSTILE = st.text(
    st.characters(exclude_categories=["Cs"], include_characters="\x1b\x07\r\n\b\x00\x7f\x9b\x85\u202e\u2028\u2029\t"),
    min_size=1,
    max_size=40,
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), lenient=st.booleans(), as_json=st.booleans())
def test_a_table_shows_one_value_a_line_and_json_stays_the_document(
    echoing: tuple[Echoing, str], data: st.DataObject, lenient: bool, as_json: bool
) -> None:
    """``hamr get`` and ``set``'s "connection now": every server string escaped visibly, one field a line (a
    newline cannot forge a row); ``--json``: the document as sent, escaped by JSON."""
    echo, url = echoing
    document: Any = response_example()
    written: dict[tuple[str | int, ...], str] = {}
    for path in data.draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3, unique=True), label="fields"):
        written[path] = data.draw(_HOSTILE, label="/".join(map(str, path)))
        target: Any = document
        for part in path[:-1]:
            target = target[part]
        if isinstance(target[path[-1]], str):  # an integer stays one: the table's row count is the point here
            target[path[-1]] = written[path]
    echo.answer = _http(document)
    argv = (
        ["--json"] * as_json
        + ["--lenient"] * lenient
        # --force: the answer holds what LINK sets, and the written table is the point here
        + data.draw(st.sampled_from([["get"], ["set", *LINK, "--yes", "--force"]]))
    )
    result = hamr(url, argv, environment())
    check_terminal_safe(result)
    if result.code != 0:  # a string the spec refuses (a date, an enum): refused (read: 7, write: 2), said safely
        # A write answered with another target_org_uuid than it sent was not applied (11), said safely too.
        assert result.code in ({2, 7, 11} if "set" in argv else {2, 7}), result.stderr
        return
    if as_json:
        assert json.loads(result.stdout) == document
        return
    lines = result.stdout.splitlines()
    if "set" in argv:  # the change, then "written; the connection now:" and the table
        lines = lines[next(i for i, line in enumerate(lines) if line.endswith("now:")) + 1 :]
    assert len(lines) == len(leaves(discover().response)), result.stdout


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    flag=st.from_regex(r"--[a-z]{0,5}-?(key|token|KEY|Token)(-[a-z]{1,5})?", fullmatch=True),
    value=st.binary(min_size=8, max_size=20).map(bytes.hex),
    shape=st.sampled_from(["after", "equals", "before the command"]),
    as_json=st.booleans(),
)
def test_argparse_never_echoes_a_key_flags_value(
    echoing: tuple[Echoing, str], flag: str, value: str, shape: str, as_json: bool
) -> None:
    argv = {
        "after": ["get", flag, value],
        "equals": ["get", f"{flag}={value}"],
        "before the command": [flag, value, "get"],
    }[shape]
    result = hamr(echoing[1], ["--json"] * as_json + argv, environment())
    assert result.code == 2
    assert value not in result.stderr + result.stdout
    assert flag in result.stderr or shape == "before the command"  # the flag is named, its value is not


def test_a_key_given_to_a_field_option_is_not_printed_back(echoing: tuple[Echoing, str]) -> None:
    """A key pasted into the wrong option is the environment's key all the same: redacted wherever it shows."""
    echo, url = echoing
    echo.answer = _http(response_example())
    env = environment()
    shown = 0
    for option in LINK:  # each field option: refused (a status, a boolean, a UUID) or shown redacted (a text)
        name = option.partition("=")[0]
        result = hamr(url, ["set", f"{name}={env['DD_API_KEY']}", "--dry-run"], env)
        assert env["DD_API_KEY"] not in result.stdout + result.stderr
        shown += "<redacted>" in result.stdout
    assert shown


@pytest.mark.parametrize("as_json", [False, True])
def test_a_lone_surrogate_or_an_astral_format_character_is_escaped_not_a_crash(
    echoing: tuple[Echoing, str], as_json: bool
) -> None:
    """JSON may carry what UTF-8 cannot (``\\ud800``): the table shows it escaped, ``--json`` as JSON's escape."""
    echo, url = echoing
    document: Any = response_example()
    path = next(path for path in FIELDS if isinstance(_at(document, path), str))
    _put(document, path, "\ud800 and \U000e0001")  # a lone surrogate, a tag (format) character
    echo.answer = _http(document)
    result = hamr(url, ["--json"] * as_json + ["--lenient", "get"], environment())
    assert result.code in {0, 7}, result.stderr
    check_terminal_safe(result)
    if result.code == 0 and as_json:
        assert json.loads(result.stdout) == document
    elif result.code == 0:
        assert "\\ud800 and \\U000e0001" in result.stdout


def _at(document: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def _put(document: Any, path: tuple[str | int, ...], value: Any) -> None:
    _at(document, path[:-1])[path[-1]] = value
