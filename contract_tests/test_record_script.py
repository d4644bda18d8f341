"""scripts/record.py against a loopback server standing in for Datadog: GET-only, scrubbed, gate-ready."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from contract_tests import spec as spec_module
from contract_tests.cassettes import all_recordings

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "record.py"
# Stand-ins for a real organization's values: none of them may reach a cassette.
API_KEY = "live-api-key-a1b2c3d4e5f60718293a4b5c6d7e8f90"
APP_KEY = "live-app-key-0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"
ORG_UUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
TARGET_UUID = "7d444840-9dc0-11d1-b245-5ffdce74fad2"
EMAIL = "jane.operator@acme-corp.io"
BODY: dict[str, Any] = {
    "data": {
        "attributes": {
            "hamr_status": 2,
            "is_primary": False,
            "modified_at": "2026-11-20T08:00:00.123456Z",
            "modified_by": EMAIL,
            "target_org_datacenter": "eu1",
            "target_org_name": "Acme DR",
            "target_org_uuid": TARGET_UUID,
        },
        "id": ORG_UUID,
        "type": "hamr_org_connections",
    }
}


class FakeDatadog(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, dict[str, str], bytes]]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.received.append((self.command, dict(self.headers), self.rfile.read(length)))
        payload = json.dumps(BODY).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Set-Cookie", f"DD-PSHARD=42; owner={EMAIL}")
        self.send_header("X-Trace-Id", ORG_UUID)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reads ``received`` instead."""


@pytest.fixture
def loopback() -> Iterator[str]:
    FakeDatadog.received.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeDatadog)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run(tmp_path: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DD_")}
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(tmp_path), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


KEYS = {"DD_API_KEY": API_KEY, "DD_APP_KEY": APP_KEY, "DD_SITE": "datadoghq.eu"}


def test_without_keys_it_says_what_it_needs_and_fails(tmp_path: Path) -> None:
    result = run(tmp_path, env={})
    assert result.returncode != 0
    for name in ("DD_API_KEY", "DD_APP_KEY", "DD_SITE"):
        assert name in result.stderr, f"record.py does not tell the user to set {name}"
    assert not any(tmp_path.iterdir()), "record.py wrote something without keys"


def test_records_get_only_scrubbed_and_the_gate_accepts_it(tmp_path: Path, loopback: str) -> None:
    result = run(tmp_path, "--base-url", loopback, env=KEYS)
    assert result.returncode == 0, result.stderr
    assert [method for method, _, _ in FakeDatadog.received] == ["GET"], "record.py wrote without --allow-write"
    _, sent_headers, _ = FakeDatadog.received[0]
    assert (sent_headers["DD-API-KEY"], sent_headers["DD-APPLICATION-KEY"]) == (API_KEY, APP_KEY)
    files = sorted(tmp_path.rglob("*.yaml"))
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["GetHamrOrgConnection/live-datadoghq.eu-200.yaml"]
    text = files[0].read_text()
    for secret in (API_KEY, APP_KEY, ORG_UUID, TARGET_UUID, EMAIL, "DD-PSHARD"):
        assert secret not in text, f"{secret} reached the cassette"
    (recording,) = all_recordings(tmp_path)
    assert recording.metadata["source"] == "live"
    assert recording.metadata["site"] == "datadoghq.eu"
    assert recording.metadata["captured_at"].endswith("Z")
    data = recording.json()["data"]
    assert data["id"] == "550e8400-e29b-41d4-a716-446655440000", "the org id is not the docs' placeholder"
    assert data["attributes"]["target_org_uuid"] == "660f9511-f3ac-52e5-b827-557766551111"
    assert data["attributes"]["modified_by"] == "admin@example.com"
    assert data["attributes"]["hamr_status"] == 2, "scrubbing changed a value it had no reason to touch"
    spec = spec_module.load()
    assert not spec.response_violations(recording.operation, recording.status, recording.headers, recording.body)


def test_allow_write_resends_what_get_returned(tmp_path: Path, loopback: str) -> None:
    result = run(tmp_path, "--base-url", loopback, "--allow-write", env=KEYS)
    assert result.returncode == 0, result.stderr
    assert [method for method, _, _ in FakeDatadog.received] == ["GET", "POST"]
    posted = json.loads(FakeDatadog.received[1][2])
    expected = {k: v for k, v in BODY["data"]["attributes"].items() if k != "modified_at"}
    assert posted["data"]["attributes"] == expected, "--allow-write sent something else than the current connection"
    names = sorted(f.relative_to(tmp_path).as_posix() for f in tmp_path.rglob("*.yaml"))
    assert names == [
        "CreateHamrOrgConnection/live-datadoghq.eu-200.yaml",
        "GetHamrOrgConnection/live-datadoghq.eu-200.yaml",
    ]
    for recording in all_recordings(tmp_path):
        text = recording.file.read_text()
        assert ORG_UUID not in text
        assert EMAIL not in text
