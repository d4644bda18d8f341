"""scripts/record.py against a loopback server standing in for Datadog: GET-only, scrubbed, gate-ready."""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

import pytest

from contract_tests import spec as spec_module
from contract_tests.cassettes import all_recordings, load, unscrubbed
from contract_tests.record_runs import run_record
from contract_tests.verdicts import response_problems
from contract_tests.wire import response_schema
from tests.client.loopback import CLOSE, Exchange, Script, serving
from tooling import spec_doc
from tooling.record import MAX_RECORDED_BODY, PATH

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
    answer: ClassVar[dict[str, Any]] = BODY

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.received.append((self.command, dict(self.headers), self.rfile.read(length)))
        payload = json.dumps(self.answer).encode()
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
    FakeDatadog.answer = BODY
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeDatadog)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run(tmp_path: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_record("--output", str(tmp_path), *args, env=env)


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


# ---------------------------------------------------------------------------- a site in production's dialect
SPEC = spec_module.load()
READ, WRITE = (found.operation_id for method in ("GET", "POST") if (found := SPEC.operation(method, PATH)))


def in_production(body: Any) -> Any:
    """``body`` (a GET 200) as production spells it: the spec's x-production names, a zone-less date-time."""
    schema = response_schema(SPEC, READ, 200)
    text = json.dumps(spec_doc.translate(SPEC.document, schema, body, spec_doc.PRODUCTION))
    return json.loads(text.replace("2026-11-20T08:00:00.123456Z", "2026-11-20 08:00:00.123456"))


def test_a_site_answering_in_production_s_dialect_is_recorded_scrubbed_and_resent_as_it_spells(
    tmp_path: Path, loopback: str
) -> None:
    FakeDatadog.answer = in_production(BODY)
    result = run(tmp_path, "--base-url", loopback, "--allow-write", env=KEYS)
    assert result.returncode == 0, result.stderr
    got = next(r for r in all_recordings(tmp_path) if r.operation == READ)
    assert got.dialect == spec_doc.PRODUCTION, "the cassette does not say which dialect judges it"
    assert not response_problems(got), response_problems(got)
    reference = spec_doc.translate(SPEC.document, response_schema(SPEC, READ, 200), got.json(), spec_doc.REFERENCE)
    docs = spec_doc.translate(SPEC.document, response_schema(SPEC, READ, 200), BODY, spec_doc.REFERENCE)
    expected = json.loads(
        json.dumps(docs)
        .replace(ORG_UUID, "550e8400-e29b-41d4-a716-446655440000")
        .replace(TARGET_UUID, "660f9511-f3ac-52e5-b827-557766551111")
        .replace(EMAIL, "admin@example.com")
    )
    assert reference == expected, "production's names hid the org's and the target's ids from the docs' placeholders"
    posted = json.loads(FakeDatadog.received[1][2])
    request_schema = SPEC.schema_at(SPEC.request_schema_pointer(WRITE))
    assert spec_doc.dialect_of(SPEC.document, request_schema, posted) == spec_doc.PRODUCTION, (
        "re-sent in another dialect"
    )
    resent = spec_doc.translate(SPEC.document, request_schema, posted, spec_doc.REFERENCE)
    expected_post = {k: v for k, v in BODY["data"]["attributes"].items() if k != "modified_at"}
    assert resent["data"]["attributes"] == expected_post, "--allow-write sent something else than the connection"


# ---------------------------------------------------------------------------- hostile sites
# A "site" (--base-url) that puts what it knows wherever it can: the status line, headers, bodies, errors.
# Keys with characters that URL-encoding and JSON change, so each form differs from the literal one.
HOSTILE_API_KEY = "hostile/api+key=a1b2c3d4e5f60718293a4b5c6d7e8f90"
HOSTILE_APP_KEY = "hostile/app+key=0f1e2d3c4b5a69788796a5b4c3d2e1f0"
HOSTILE_KEYS = {"DD_API_KEY": HOSTILE_API_KEY, "DD_APP_KEY": HOSTILE_APP_KEY, "DD_SITE": "datadoghq.eu"}
KEY_FORMS = {
    "literal": HOSTILE_API_KEY,
    "URL-encoded": quote(HOSTILE_APP_KEY, safe=""),
    "base64": base64.b64encode(HOSTILE_APP_KEY.encode()).decode(),
    "base64 of api:app": base64.b64encode(f"{HOSTILE_API_KEY}:{HOSTILE_APP_KEY}".encode()).decode(),
    "base64 after a prefix": base64.urlsafe_b64encode(f"Basic u:{HOSTILE_API_KEY}".encode()).decode(),
}
IDENTIFIER_FORMS = {
    "a UUID glued to a word": "org_6fa459ea-ee8a-3ca4-894e-db77e160355e",
    "an upper-case UUID": "6FA459EA-EE8A-3CA4-894E-DB77E160355F",
    "a UUID without hyphens": "6fa459eaee8a3ca4894edb77e160355d",
    "a non-ASCII e-mail": "josé.garcía@acme-corp.io",
    "a URL-encoded e-mail": "ana.lopez%40acme-corp.io",
}


def raw_response(status_line: str, headers: dict[str, str], body: bytes) -> bytes:
    lines = [status_line, *(f"{name}: {value}" for name, value in headers.items())]
    lines += [f"Content-Length: {len(body)}", "Connection: close"]
    return "\r\n".join(lines).encode() + b"\r\n\r\n" + body


def leaky_403(_: Exchange) -> Script:
    everything = " ".join([*KEY_FORMS.values(), *IDENTIFIER_FORMS.values()])
    body = json.dumps({"errors": [everything]}, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", "X-RateLimit-Name": everything, "Set-Cookie": f"s={EMAIL}"}
    return [raw_response(f"HTTP/1.1 403 Forbidden for {EMAIL} in org {ORG_UUID}", headers, body)]


def unscrubbed_forms(text: str) -> list[str]:
    forms = {**KEY_FORMS, **IDENTIFIER_FORMS, "the e-mail": EMAIL, "the org id": ORG_UUID}
    return [name for name, form in forms.items() if form in text or form.split("_", 1)[-1] in text]


def test_a_hostile_site_leaves_nothing_in_the_status_line_headers_or_body(tmp_path: Path) -> None:
    with serving(leaky_403, max_connections=2) as server:
        result = run(tmp_path, "--base-url", server.url, env=HOSTILE_KEYS)
    assert result.returncode == 0, result.stderr
    (file,) = tmp_path.rglob("*.yaml")
    text = file.read_text()
    assert not unscrubbed_forms(text), f"these reached the cassette: {unscrubbed_forms(text)}\n{text}"
    recording = load(file, tmp_path)
    assert recording.status == 403
    assert recording.reason.startswith("Forbidden for admin@example.com in org "), recording.reason
    assert not unscrubbed(recording)


def test_the_gate_finds_what_a_status_line_or_a_header_carries(tmp_path: Path) -> None:
    cassette = tmp_path / "GetHamrOrgConnection" / "403.yaml"
    cassette.parent.mkdir()
    (source,) = (r.file for r in all_recordings() if r.name == "GetHamrOrgConnection/403.yaml")
    text = source.read_text().replace("message: Forbidden", f"message: Forbidden for {EMAIL}")
    text = text.replace("Content-Type:", f"X-Org: [{ORG_UUID}]\n      Content-Type:", 1)
    cassette.write_text(text)
    problems = unscrubbed(load(cassette, tmp_path))
    assert any("status line" in p and EMAIL in p for p in problems), problems
    assert any("response headers" in p and ORG_UUID in p for p in problems), problems


def connection_then(post: Script) -> Callable[[Exchange], Script]:
    """GET answers the connection; POST plays ``post``."""
    get = [raw_response("HTTP/1.1 200 OK", {"Content-Type": "application/json"}, json.dumps(BODY).encode())]
    return lambda exchange: get if exchange.method == "GET" else post


def assert_failed_in_one_line(result: subprocess.CompletedProcess[str], tmp_path: Path, *secrets: str) -> str:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"not one line:\n{result.stderr}"
    assert lines[0].startswith("record.py: "), lines[0]
    assert "Traceback" not in result.stderr
    for secret in secrets:
        assert secret not in result.stderr + result.stdout, "a key reached the output"
    assert not [p for p in tmp_path.rglob("*") if p.is_file()], "a failed run wrote something"
    return lines[0]


OVER_THE_CAP = raw_response("HTTP/1.1 200 OK", {"Content-Type": "application/json"}, b" " * (4 * MAX_RECORDED_BODY))


@pytest.mark.parametrize("post", [[CLOSE], [OVER_THE_CAP]], ids=["no answer", "a body over the cap"])
def test_a_run_that_fails_on_post_writes_no_get_cassette_either(tmp_path: Path, post: Script) -> None:
    with serving(connection_then(post), max_connections=4) as server:
        result = run(tmp_path, "--base-url", server.url, "--allow-write", env=KEYS)
    assert [e.method for e in server.exchanges] == ["GET", "POST"]
    assert "nothing was written" in assert_failed_in_one_line(result, tmp_path, API_KEY, APP_KEY)


def test_an_error_quoting_a_key_is_one_line_without_it(tmp_path: Path) -> None:
    echo = f"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Echo {HOSTILE_API_KEY}\r\n\r\n".encode()
    with serving(lambda _: [echo], max_connections=2) as server:
        result = run(tmp_path, "--base-url", server.url, env=HOSTILE_KEYS)
    assert "RemoteProtocolError" in assert_failed_in_one_line(result, tmp_path, *KEY_FORMS.values())


def test_a_body_over_the_cap_is_refused(tmp_path: Path) -> None:
    with serving(lambda _: [OVER_THE_CAP], max_connections=2) as server:
        result = run(tmp_path, "--base-url", server.url, env=KEYS)
    assert str(MAX_RECORDED_BODY) in assert_failed_in_one_line(result, tmp_path, API_KEY, APP_KEY)
