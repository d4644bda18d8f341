"""scripts/record.py --from-drift: a lenient client's drift candidates become recordings the gate holds to the spec.

A real capture (the package's fake answering a status the spec does not know, a ``strict=False``
client with ``drift_dir``) is imported; then candidates altered as a careless edit or a leak would
alter them are each refused in one line, with nothing written.
"""

from __future__ import annotations

import copy
import json
import subprocess
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hamr_client.api.high_availability_multi_region import get_hamr_org_connection
from hamr_client.errors import SpecDriftWarning
from hamr_client.models import HamrOrgConnectionStatus
from hamr_client.testing import HamrFake, examples

from contract_tests import spec as spec_module
from contract_tests.cassettes import all_recordings, unscrubbed
from contract_tests.record_runs import run_record

API_KEY = "drift-api-key-5e6f7a8b9c0d1e2f3a4b"
APP_KEY = "drift-app-key-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
# A status after the last the spec lists, as a server ahead of the spec would answer it (after the
# spec grows too: tests/growth/test_drift_loop.py runs this module on a spec that learned 6).
UNKNOWN = max(status.value for status in HamrOrgConnectionStatus) + 1
NEWER = copy.deepcopy(examples.CONNECTION_RESPONSE)
NEWER["data"]["attributes"]["hamr_status"] = UNKNOWN


@pytest.fixture
def captured(tmp_path: Path) -> Path:
    """A drift directory holding the one candidate a lenient client kept of a GET answering status 6."""
    fake = HamrFake(api_key=API_KEY, app_key=APP_KEY)
    fake.fail_next(200, body=NEWER)
    drift = tmp_path / "drift"
    with fake.client(strict=False, drift_dir=drift) as client, warnings.catch_warnings():
        warnings.simplefilter("ignore", SpecDriftWarning)
        assert get_hamr_org_connection.sync(client=client).data.attributes.hamr_status == UNKNOWN
    assert len(list(drift.glob("*.json"))) == 1
    return drift


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_record(*args, env=env)


def test_a_captured_drift_is_filed_and_the_gate_names_it(captured: Path, tmp_path: Path) -> None:
    output = tmp_path / "recordings"
    result = run("--from-drift", str(captured), "--output", str(output))
    assert result.returncode == 0, result.stderr
    (recording,) = all_recordings(output)
    assert recording.name == "GetHamrOrgConnection/drift-200-data.attributes.hamr_status.yaml"
    meta = recording.metadata
    assert meta["source"] == "drift"
    assert meta["drift"] == {
        "status": 200,
        "pointer": "/data/attributes/hamr_status",
        "reason": f"{UNKNOWN} is not one of {', '.join(str(status.value) for status in HamrOrgConnectionStatus)}",
    }
    assert {"site", "captured_at", "package_version"} <= set(meta)
    assert not unscrubbed(recording)
    assert recording.json() == NEWER, "the answer was not kept as received"
    violations = spec_module.load().response_violations(
        recording.operation, recording.status, recording.headers, recording.body
    )
    assert [v.pointer for v in violations] == ["/data/attributes/hamr_status"], "the gate would not name the drift"
    text = recording.file.read_text()
    for key in (API_KEY, APP_KEY):
        assert key not in text


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        node: Any = document
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return change


def _body(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    """An edit of the answer's JSON body inside the candidate."""

    def edit(document: dict[str, Any]) -> None:
        body = document["interaction"]["response"]["body"]
        answer = json.loads(body["string"])
        change(answer)
        body["string"] = json.dumps(answer, indent=2) + "\n"

    return edit


# Each a candidate no recording may come from, and the words the refusal must say.
REFUSED: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "another format": (_set(("format",), "hamr-drift-candidate/0"), "not a drift candidate"),
    "an operation the spec lacks": (_set(("operation",), "../../../etc"), "the spec has no operation"),
    "another route": (_set(("interaction", "request", "uri"), "http://127.0.0.1/api/v2/other"), "is not"),
    "another status": (_set(("status",), 201), "status"),
    "a key header sent as is": (
        _set(("interaction", "request", "headers", "dd-api-key"), ["abc"]),
        "is not <redacted>",
    ),
    "an undocumented header": (
        _set(("interaction", "response", "headers", "set-cookie"), ["session=1"]),
        "set-cookie",
    ),
    "a UUID": (_body(_set(("data", "id"), "3f2504e0-4f89-11d3-9a0c-0305e82c3301")), "a UUID survived"),
    "an e-mail address": (
        _body(_set(("data", "attributes", "modified_by"), "jane@acme-corp.io")),
        "an e-mail address survived",
    ),
    "a key-shaped string": (
        _body(_set(("data", "attributes", "target_org_name"), "0123456789abcdef0123456789abcdef01234567")),
        "key-shaped",
    ),
    "the environment's key": (_body(_set(("data", "attributes", "target_org_name"), f"x{API_KEY}y")), "a key"),
    "a body over the cap": (_set(("interaction", "response", "body", "string"), " " * (300 * 1024)), "bytes"),
    "a field of the wrong type": (_set(("provenance",), "here"), "provenance"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_candidate_that_is_not_clean_is_refused(captured: Path, tmp_path: Path, name: str) -> None:
    change, said = REFUSED[name]
    (file,) = captured.glob("*.json")
    document = json.loads(file.read_text())
    change(document)
    file.write_text(json.dumps(document))
    output = tmp_path / "recordings"
    result = run("--from-drift", str(captured), "--output", str(output), env={"DD_API_KEY": API_KEY})
    assert result.returncode == 1, result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith("record.py: "), line
    assert line.endswith("nothing was written"), line
    assert said in line, line
    assert API_KEY not in line
    written = [p for p in output.rglob("*") if p.is_file()] if output.exists() else []
    assert not written, f"a refused import wrote {written}"


def test_an_empty_or_missing_directory_is_refused(tmp_path: Path) -> None:
    for directory in (tmp_path, tmp_path / "missing"):
        result = run("--from-drift", str(directory), "--output", str(tmp_path / "out"))
        assert result.returncode == 1
        assert "drift candidate" in result.stderr


def test_from_drift_sends_nothing_so_it_takes_no_network_options(captured: Path) -> None:
    result = run("--from-drift", str(captured), "--allow-write")
    assert result.returncode == 2
    assert "--from-drift sends nothing" in result.stderr
