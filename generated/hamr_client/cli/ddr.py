"""``hamr pair`` and ``hamr check``: the two orgs of a DDR pair side by side, and a gate for automation.

Each org of a pair answers its own mirror of the one connection. Which fields mirror how is said by
the spec's ``x-cli`` roles on the response's schemas (``status`` the same on both sides, ``primary``
opposite, ``org`` and ``target`` swapped, ``datacenter`` and ``target_datacenter`` swapped where both
are answered); which statuses ``check`` fails on by default, by the request's ``x-cli-check``.
Nothing here names a field.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from . import fields
from .commands import client, read, settings_for, status_leaf, status_of
from .console import Console, safe
from .exits import Exit, Failure, failure, for_org, usage
from .fields import MISSING, Leaf
from .operations import Connection, discover

#: The orgs ``hamr pair`` reads without ``--org``: the names Datadog's DDR guide gives them.
DEFAULT_PAIR = ("PRIMARY", "DDR")
# How each role of the response mirrors on the other side of a pair (the spec's x-cli names the fields).
SAME = ("status",)
OPPOSITE = ("primary",)
SWAPPED = (("org", "target"), ("datacenter", "target_datacenter"))
# A role the pair must answer on both sides (an optional one, a datacenter, is compared where both have it).
_REQUIRED_ROLES = ("status", "primary", "org", "target")


@dataclass
class Side:
    """One org as read: its document (None: no connection is configured), or the failure that kept it unread."""

    org: str
    document: dict[str, Any] | None = None
    error: Failure | None = None


def _read_all(args: argparse.Namespace, console: Console, connection: Connection, orgs: list[str | None]) -> list[Side]:
    """Each org read in turn; every org's configuration is checked before any is read (exit 2 at once)."""
    for org in orgs:
        settings_for(args, console, org)
    sides = []
    for org in orgs:
        side = Side(org or "DD_*")
        try:
            with client(args, console, org) as http:
                side.document = read(connection, http)
        except Exception as exc:
            found = failure(exc)
            if found is None:
                raise
            side.error = Failure(found.code, for_org(found.message, org), kind=found.kind, status=found.status)
        sides.append(side)
    return sides


def _roles(found: list[Leaf]) -> dict[str, Leaf]:
    roles = {leaf.role: leaf for leaf in found if leaf.role}
    missing = [role for role in _REQUIRED_ROLES if role not in roles]
    if missing:
        raise Failure(
            Exit.BUG, f"the spec's response names no field as {', '.join(missing)} (x-cli)", kind="ShapeError"
        )
    return roles


def differences(found: list[Leaf], one: Side, other: Side) -> list[str]:
    """What keeps two read orgs from mirroring each other, one sentence each (none: they mirror)."""
    if one.document is None or other.document is None:
        empty = [side.org for side in (one, other) if side.document is None]
        return [f"no connection is configured in {' and '.join(empty)}"]
    roles = _roles(found)
    said = []
    a, b = one.document, other.document
    for role in SAME:
        leaf = roles[role]
        x, y = fields.get(a, leaf.path), fields.get(b, leaf.path)
        if x != y:
            said.append(
                f"{leaf.key} differs: {one.org} {fields.show(leaf, x)}, {other.org} {fields.show(leaf, y)} (it is one "
                "connection: the same on both sides)"
            )
    for role in OPPOSITE:
        leaf = roles[role]
        x, y = fields.get(a, leaf.path), fields.get(b, leaf.path)
        if x == y or MISSING in (x, y):
            said.append(
                f"{leaf.key} is {fields.show(leaf, x)} in both orgs: one side of a pair is primary, the other not"
            )
    for mine, theirs in SWAPPED:
        if mine not in roles or theirs not in roles:
            continue
        for (first, p), (second, q) in (((one, a), (other, b)), ((other, b), (one, a))):
            own, target = roles[mine], roles[theirs]
            x, y = fields.get(p, own.path), fields.get(q, target.path)
            if MISSING in (x, y) and mine not in _REQUIRED_ROLES:
                continue  # a datacenter only production answers
            if x != y:
                said.append(
                    f"{first.org}'s {own.key} {fields.show(own, x)} is not {second.org}'s {target.key} "
                    f"{fields.show(target, y)}"
                )
    return said


def _columns(rows: list[tuple[str, ...]]) -> str:
    """Aligned columns, every cell :func:`~.console.safe` (one value, one line)."""
    shown = [tuple(safe(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in shown) for i in range(len(shown[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in shown
    )


# ---------------------------------------------------------------------------- pair


def pair(args: argparse.Namespace, console: Console) -> Exit:
    """``hamr pair``: both orgs side by side; exit 13 when they do not mirror each other, 14 when one is unread."""
    orgs: list[str | None] = list(args.org or DEFAULT_PAIR)
    if len(orgs) != len(DEFAULT_PAIR):
        raise usage("hamr pair reads two orgs: give --org twice (default: --org PRIMARY --org DDR)")
    if orgs[0] is not None and orgs[1] is not None and orgs[0].upper() == orgs[1].upper():
        raise usage(f"hamr pair reads two orgs: --org {orgs[0]} is given twice")
    connection = discover()
    found = fields.leaves(connection.response)
    one, other = _read_all(args, console, connection, orgs)
    unread = [side for side in (one, other) if side.error is not None]
    said = [] if unread else differences(found, one, other)
    if args.json:
        console.emit(
            {
                "orgs": {side.org: side.document for side in (one, other)},
                "mirrored": not unread and not said,
                "differences": said,
                "errors": {side.org: side.error.as_json()["error"] for side in unread if side.error is not None},
            }
        )
    else:
        rows: list[tuple[str, ...]] = [("", one.org, other.org)]
        for leaf in found:
            rows.append((leaf.key, *(_shown(leaf, side) for side in (one, other))))
        console.say(_columns(rows))
        if not unread:
            console.say("mirrored: yes" if not said else "mirrored: NO\n" + "\n".join(f"  - {line}" for line in said))
    if unread:
        lines = "; ".join(f"{side.org}: {side.error.message}" for side in unread if side.error is not None)
        raise Failure(Exit.UNREAD, f"could not read {' and '.join(s.org for s in unread)}: {lines}", kind="OrgUnread")
    if said:
        raise Failure(
            Exit.MISMATCH, f"{one.org} and {other.org} do not mirror each other: {'; '.join(said)}", kind="PairMismatch"
        )
    return Exit.OK


def _shown(leaf: Leaf, side: Side) -> str:
    if side.error is not None:
        return "(unread)"
    if side.document is None:
        return "(no connection)"
    return fields.show(leaf, fields.get(side.document, leaf.path))


# ---------------------------------------------------------------------------- check


def check(args: argparse.Namespace, console: Console) -> Exit:
    """``hamr check``: exit 0 when no org is in one of the statuses (default: the spec's ``x-cli-check``),
    15 when one is, 14 when one could not be read; a line per org."""
    connection = discover()
    status = status_leaf(connection)
    assert status.enum is not None
    names = args.status or list(status.check)
    if not names:
        raise Failure(Exit.BUG, "the spec names no statuses for hamr check (x-cli-check)", kind="ShapeError")
    held = [status_of(status, name, "--status") for name in names]
    shown_held = ", ".join(fields.show(status, value) for value in held)
    orgs: list[str | None] = list(args.org or [None])
    sides = _read_all(args, console, connection, orgs)
    rows, inside, unread = [], [], []
    for side in sides:
        now = MISSING if side.document is None else fields.get(side.document, status.path)
        if side.error is not None:
            unread.append(side.org)
            verdict = f"could not be read: {side.error.message}"
        elif side.document is None:
            verdict = "no connection is configured: outside"
        elif now in held:
            inside.append(side.org)
            verdict = f"{fields.show(status, now)}: in {shown_held}"
        else:
            verdict = f"{fields.show(status, now)}: outside {shown_held}"
        rows.append((side, now, verdict))
    if args.json:
        console.emit(
            {
                "statuses": held,
                "orgs": [
                    {
                        "org": side.org,
                        status.key: None if now is MISSING else now,
                        "inside": side.org in inside,
                        "error": None if side.error is None else side.error.as_json()["error"],
                    }
                    for side, now, _ in rows
                ],
            }
        )
    else:
        for side, _, verdict in rows:
            console.say(f"{side.org}: {verdict}")
    if inside:
        raise Failure(Exit.IN_STATUS, f"{' and '.join(inside)} in {shown_held}", kind="InStatus")
    if unread:
        raise Failure(Exit.UNREAD, f"could not read {' and '.join(unread)}", kind="OrgUnread")
    return Exit.OK


COMMANDS = {"pair": pair, "check": check}

__all__ = ["COMMANDS", "DEFAULT_PAIR", "check", "differences", "pair"]
