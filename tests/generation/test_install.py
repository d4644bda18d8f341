"""`pip install ./generated` beside an httpx the user already has: it keeps it, and the client works.

A fresh virtual environment gets httpx 0.27.0 (the floor of the range, and what older SDKs pin),
then the package, as a user would install both; its client then calls a loopback server.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import venv
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tooling import spec_doc

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = spec_doc.read()["components"]["examples"]
BODY = EXAMPLE["HamrOrgConnectionResponseExample"]["value"]
PREINSTALLED = "0.27.0"
CALL = """
import json, sys
import httpx
from hamr_client import datadog_client
from hamr_client.api.high_availability_multi_region import get_hamr_org_connection

client = datadog_client(base_url=sys.argv[1], api_key="key-a", app_key="key-b", max_retries=0)
connection = get_hamr_org_connection.sync(client=client)
print(json.dumps({"httpx": httpx.__version__, "body": connection.to_dict()}))
"""


class _Hamr(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str | None, str | None]]] = []

    def do_GET(self) -> None:
        type(self).seen.append((self.path, self.headers.get("DD-API-KEY"), self.headers.get("DD-APPLICATION-KEY")))
        payload = json.dumps(BODY).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows stderr of failing tests only."""


@pytest.fixture
def server() -> Iterator[str]:
    _Hamr.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Hamr)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _run(*args: str | Path) -> str:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.slow
def test_install_keeps_the_users_httpx_and_the_client_works(tmp_path: Path, server: str) -> None:
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    # A copy: pip builds in the source tree, and generated/ must stay a pristine generation.
    project = shutil.copytree(ROOT / "generated", tmp_path / "pkg", ignore=shutil.ignore_patterns("build", "dist"))
    _run(python, "-m", "pip", "install", "--quiet", f"httpx=={PREINSTALLED}")

    _run(python, "-m", "pip", "install", "--quiet", project)
    outcome = json.loads(_run(python, "-c", CALL, server))

    assert outcome["httpx"] == PREINSTALLED
    assert outcome["body"] == BODY
    assert _Hamr.seen == [("/api/v2/hamr", "key-a", "key-b")]
