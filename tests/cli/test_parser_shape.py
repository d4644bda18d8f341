"""``hamr`` builds the options of a command only when argv may be running it (``hamr get``'s start, issue 31): a
command takes its options wherever they are, whatever other command an option's value spells."""

from __future__ import annotations

from hamr_client.cli import parser
from hamr_client.cli.operations import discover
from hypothesis import given
from hypothesis import strategies as st

# What a command needs beside the shared options to parse.
NEEDED = {"wait": ["--status", "ACTIVE"]}
NAMES = sorted(parser.COMMANDS)


@given(command=st.sampled_from(NAMES), org=st.sampled_from(NAMES), before=st.booleans())
def test_a_command_takes_its_options_whatever_an_options_value_names(command: str, org: str, before: bool) -> None:
    # `statuses` talks to no org: it takes --org only before it, as every command does.
    where = ["--org", org, command] if before or command == "statuses" else [command, "--org", org]
    args = parser.parse([*where, "--json", *NEEDED.get(command, [])], discover)
    assert (args.command, args.json, args.org) == (command, True, [org])
