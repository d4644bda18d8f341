"""Prove the contract gate can fail: inject realistic faults, one at a time, into a copy of the tree.

Each fault (a drifted server recording, a drifted spec, a drifted generated client) is applied to
a fresh copy in a temporary directory -- never to the working tree -- and the gate
(``pytest contract_tests``, hypothesis profile ``faults``: ``dev`` without shrinking) runs there with
the copy's own ``generated/`` first on the path. A fault must make the gate fail; a benign change
(reordered keys, an extra documented example, a new optional field) must leave it green.

Prints one line per change with the gate's first complaint, then the kill rate; exits 1 if a
fault survived or a benign change failed.

Usage: python -m scripts.inject_faults [--only NAME ...] [--profile faults|dev|ci] [--list]
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tooling import spec_doc
from tooling.gate_tree import copy_tree, gate_tests, run_pytest

RECORDINGS = Path("contract_tests/recordings")
SPEC = Path("openapi/hamr.yaml")
MODELS = Path("generated/hamr_client/models")
FIRST = ("contract_tests/test_recordings_obey_spec.py", "contract_tests/test_replay.py")


def replace(tree: Path, relative: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a file of the copy; fail loudly if the fault would be a no-op."""
    path = tree / relative
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise RuntimeError(f"cannot inject: {old!r} not in {relative}")
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def edit_response(tree: Path, relative: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    """Load a cassette of the copy, let ``edit`` change its recorded response in place, write it back."""
    path = tree / relative
    cassette = spec_doc.load_yaml(path)
    edit(cassette["interactions"][0]["response"])
    path.write_text(yaml.safe_dump(cassette, sort_keys=False), encoding="utf-8")


def edit_body(tree: Path, relative: Path, edit: Callable[[Any], object]) -> None:
    """Change the recorded response body (decoded JSON) in place."""

    def change(response: dict[str, Any]) -> None:
        document = json.loads(response["body"]["string"])
        edit(document)
        response["body"]["string"] = json.dumps(document, indent=2) + "\n"

    edit_response(tree, relative, change)


def rename(mapping: dict[str, Any], old: str, new: str) -> None:
    mapping[new] = mapping.pop(old)


def reverse_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: reverse_keys(value[key]) for key in reversed(list(value))}
    return value


def reorder_recorded_keys(tree: Path) -> None:
    """Benign: the server sends the same document with its keys in reverse order."""

    def change(response: dict[str, Any]) -> None:
        response["body"]["string"] = json.dumps(reverse_keys(json.loads(response["body"]["string"])), indent=2)

    edit_response(tree, ACTIVE_GET, change)


def edit_spec(tree: Path, edit: Callable[[Any], object]) -> None:
    """Load the copy's spec, let ``edit`` change the document in place, write it back."""
    path = tree / SPEC
    document = spec_doc.read(path)
    edit(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")


def add_example(document: Any) -> None:
    """Benign: a second documented 200 example (a secondary organization), valid against the schema."""
    examples = document["paths"]["/api/v2/hamr"]["post"]["responses"]["200"]["content"]["application/json"]["examples"]
    value = copy.deepcopy(document["components"]["examples"]["HamrOrgConnectionResponseExample"]["value"])
    value["data"]["attributes"].update(hamr_status=2, is_primary=False)
    examples["secondary"] = {"summary": "A secondary organization", "value": value}


@dataclass(frozen=True)
class Change:
    name: str
    party: str
    apply: Callable[[Path], None]
    benign: bool = False


def _recording(operation: str, name: str) -> Path:
    return RECORDINGS / operation / name


ACTIVE_GET = _recording("GetHamrOrgConnection", "200-hamr_status-4-active.yaml")
ACTIVE_POST = _recording("CreateHamrOrgConnection", "200-hamr_status-4-active.yaml")
ATTRIBUTES_RESPONSE = MODELS / "hamr_org_connection_attributes_response.py"

CHANGES = [
    Change(
        "server renames a field",
        "server",
        lambda t: edit_body(
            t, ACTIVE_GET, lambda d: rename(d["data"]["attributes"], "target_org_uuid", "target_org_id")
        ),
    ),
    Change(
        "server sends an unknown enum value",
        "server",
        lambda t: edit_body(t, ACTIVE_POST, lambda d: d["data"]["attributes"].update(hamr_status=6)),
    ),
    Change(
        "server changes the resource type",
        "server",
        lambda t: edit_body(t, ACTIVE_GET, lambda d: d["data"].update(type="hamr_org_connection")),
    ),
    Change(
        "server returns an undocumented status",
        "server",
        lambda t: edit_response(
            t, _recording("GetHamrOrgConnection", "404.yaml"), lambda r: r["status"].update(code=410)
        ),
    ),
    Change(
        "server drops the time zone from modified_at",
        "server",
        lambda t: edit_body(t, ACTIVE_GET, lambda d: d["data"]["attributes"].update(modified_at="2026-01-13 17:26:48")),
    ),
    Change(
        "server sends a 429 without X-RateLimit-Reset",
        "server",
        lambda t: edit_response(
            t, _recording("GetHamrOrgConnection", "429.yaml"), lambda r: r["headers"].pop("X-RateLimit-Reset")
        ),
    ),
    Change(
        "spec loses a required field",
        "spec",
        lambda t: edit_spec(
            t,
            lambda d: d["components"]["schemas"]["HamrOrgConnectionAttributesResponse"]["required"].remove(
                "modified_at"
            ),
        ),
    ),
    Change(
        "spec drops an enum value (RECOVERY)",
        "spec",
        lambda t: edit_spec(t, lambda d: d["components"]["schemas"]["HamrOrgConnectionStatus"]["enum"].remove(5)),
    ),
    Change(
        "spec changes a field's type",
        "spec",
        lambda t: edit_spec(
            t, lambda d: d["components"]["schemas"]["HamrOrgConnectionIsPrimary"].update(type="string")
        ),
    ),
    Change(
        "client mis-parses a field",
        "client",
        lambda t: replace(
            t,
            ATTRIBUTES_RESPONSE,
            'is_primary = required(d, "is_primary")',
            'is_primary = not required(d, "is_primary")',
        ),
    ),
    Change(
        "client serialises a field under another name",
        "client",
        lambda t: replace(
            t,
            MODELS / "hamr_org_connection_attributes_request.py",
            '"target_org_uuid": target_org_uuid,',
            '"target_org_id": target_org_uuid,',
        ),
    ),
    Change(
        "client stops checking enum values",
        "client",
        lambda t: replace(
            t,
            ATTRIBUTES_RESPONSE,
            'enum_member(HamrOrgConnectionStatus, required(d, "hamr_status"), "hamr_status")',
            # An unknown value silently becomes UNSPECIFIED instead of an InvalidResponse.
            "(HamrOrgConnectionStatus(v) if (v := required(d, 'hamr_status')) in range(6) "
            "else HamrOrgConnectionStatus.UNSPECIFIED)",
        ),
    ),
    Change("reordered keys in a recording", "server", reorder_recorded_keys, benign=True),
    Change("an extra documented example in the spec", "spec", lambda t: edit_spec(t, add_example), benign=True),
    Change(
        "server adds a new optional field",
        "server",
        lambda t: edit_body(t, ACTIVE_GET, lambda d: d["data"]["attributes"].update(region_hint="us1")),
        benign=True,
    ),
]


@dataclass(frozen=True)
class Outcome:
    change: Change
    gate_failed: bool
    complaint: str
    seconds: float

    @property
    def as_expected(self) -> bool:
        return self.gate_failed != self.change.benign


def _complaint(output: str) -> str:
    """Which test failed and its assertion message: together they say which party drifted."""
    lines = output.splitlines()
    failed = next((line.split(" - ")[0] for line in lines if line.startswith(("FAILED", "ERROR"))), "")
    messages = [match.group(1) for line in lines if (match := re.match(r"^E\s+AssertionError: (.+)", line))]
    errors = [
        match.group(1)
        for line in lines
        if (match := re.match(r"^E\s+(\w+(?:\.\w+)*(?:Error|Exception|Violation)\b.*)", line))
    ]
    message = (messages or errors or [""])[0].strip()
    return f"{failed}: {message}"[:400] if failed else message[:400]


def run_gate(tree: Path, profile: str) -> tuple[bool, str]:
    # Cheap deterministic checks first, in one process, stopping at the first failure: most faults
    # die there in seconds; only what survives them meets the properties.
    tests = gate_tests(tree)
    for stage in ([t for t in tests if t in FIRST], [t for t in tests if t not in FIRST]):
        result = run_pytest(tree, profile, *stage, "-x")
        if result.returncode != 0:
            break
    return result.returncode != 0, _complaint(result.stdout + result.stderr)


def try_change(change: Change, profile: str) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="hamr-fault-") as temporary:
        tree = copy_tree(Path(temporary))
        change.apply(tree)
        started = time.monotonic()
        failed, complaint = run_gate(tree, profile)
        return Outcome(change, failed, complaint, time.monotonic() - started)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only the changes whose name contains NAME")
    parser.add_argument(
        "--profile",
        choices=["faults", "dev", "ci"],
        default="faults",
        help="hypothesis profile (faults: dev, no shrinking)",
    )
    parser.add_argument("--list", action="store_true", help="list the changes and exit")
    args = parser.parse_args(argv)
    changes = [c for c in CHANGES if not args.only or any(word in c.name for word in args.only)]
    if args.list or not changes:
        for change in CHANGES:
            print(f"{'benign' if change.benign else 'fault':6}  {change.party:6}  {change.name}")
        return 0 if args.list else 2
    outcomes = []
    for change in changes:
        outcome = try_change(change, args.profile)
        outcomes.append(outcome)
        verdict = (
            ("passed" if not outcome.gate_failed else "FAILED")
            if change.benign
            else ("killed" if outcome.gate_failed else "SURVIVED")
        )
        print(f"{verdict:8} {change.party:6} {change.name} ({outcome.seconds:.0f} s)", flush=True)
        if outcome.complaint:
            print(f"         gate: {outcome.complaint}", flush=True)
    faults = [o for o in outcomes if not o.change.benign]
    benign = [o for o in outcomes if o.change.benign]
    killed = sum(o.gate_failed for o in faults)
    passed = sum(not o.gate_failed for o in benign)
    if faults:
        print(f"kill rate: {killed}/{len(faults)} faults made the gate fail ({100 * killed / len(faults):.0f}%)")
    if benign:
        print(f"benign: {passed}/{len(benign)} harmless changes left the gate green")
    return 0 if all(o.as_expected for o in outcomes) else 1
