"""Re-record the HAMR API's responses from a real Datadog site into VCR cassettes, scrubbed.

Needs ``DD_API_KEY``, ``DD_APP_KEY`` and ``DD_SITE`` (for example ``datadoghq.eu``) in the
environment. It sends ``GET /api/v2/hamr`` only; ``--allow-write`` also POSTs, re-sending the
connection GET returned, unchanged (never a made-up one), so a recording never reconfigures HAMR.

Before anything is written, keys, cookies and unknown headers are dropped, e-mail addresses
and UUIDs are replaced by stable placeholders (the org's id by the docs' example org id, the
target org's by the docs' example target), and the output is checked for the keys once more.
Each interaction goes to ``<output>/<operationId>/live-<site>-<status>.yaml`` with its
provenance (site, capture time) in the cassette's ``metadata``.

``--base-url`` sends the requests elsewhere (a loopback server in tests).

Usage: python scripts/record.py [--allow-write] [--output DIR] [--base-url URL]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "contract_tests" / "recordings"
PATH = "/api/v2/hamr"
OPERATIONS = {"GET": "GetHamrOrgConnection", "POST": "CreateHamrOrgConnection"}
REDACTED = "<redacted>"
# The docs' example identifiers: the org's own id first, then the target org's.
DOCS_UUIDS = ("550e8400-e29b-41d4-a716-446655440000", "660f9511-f3ac-52e5-b827-557766551111")
DOCS_EMAIL = "admin@example.com"
# Response headers worth keeping; everything else (cookies, trace ids, pool names) is dropped.
KEPT_RESPONSE_HEADERS = {
    "content-type",
    "x-ratelimit-limit",
    "x-ratelimit-period",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-ratelimit-name",
}
UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
NEEDS = """\
record.py needs a Datadog organization to record from. Set:
  DD_API_KEY  an API key of the organization
  DD_APP_KEY  an application key with access to the HAMR endpoints
  DD_SITE     its site, for example datadoghq.com or datadoghq.eu
and run it again (GET only; add --allow-write to also re-send the connection with POST).
"""


class Scrubber:
    """Replaces identifying values by placeholders, the same value by the same one within a run."""

    def __init__(self, secrets: Sequence[str]) -> None:
        self.secrets = [secret for secret in secrets if secret]
        self.uuids: dict[str, str] = {}
        self.emails: dict[str, str] = {}

    def learn(self, document: Any) -> None:
        """Map the org's and the target org's UUIDs onto the docs' ones, before any other UUID."""
        data = document.get("data") if isinstance(document, dict) else None
        if isinstance(data, dict):
            attributes = data.get("attributes")
            target = attributes.get("target_org_uuid") if isinstance(attributes, dict) else None
            for value in (data.get("id"), target):
                if isinstance(value, str) and UUID.fullmatch(value):
                    self._uuid(value)

    def _uuid(self, value: str) -> str:
        key = value.lower()
        if key not in self.uuids:
            index = len(self.uuids)
            self.uuids[key] = DOCS_UUIDS[index] if index < len(DOCS_UUIDS) else f"00000000-0000-4000-8000-{index:012d}"
        return self.uuids[key]

    def _email(self, value: str) -> str:
        key = value.lower()
        if key not in self.emails:
            self.emails[key] = DOCS_EMAIL if not self.emails else f"user{len(self.emails) + 1}@example.com"
        return self.emails[key]

    def text(self, value: str) -> str:
        for secret in self.secrets:
            value = value.replace(secret, REDACTED)
        value = UUID.sub(lambda match: self._uuid(match.group(0)), value)
        return EMAIL.sub(lambda match: self._email(match.group(0)), value)

    def request_headers(self, headers: Mapping[str, str]) -> dict[str, list[str]]:
        kept: dict[str, list[str]] = {}
        for name, value in headers.items():
            if name.lower() in {"dd-api-key", "dd-application-key"}:
                kept[name] = [REDACTED]
            elif name.lower() in {"accept", "content-type"}:
                kept[name] = [value]
        return kept

    def response_headers(self, headers: Mapping[str, str]) -> dict[str, list[str]]:
        return {name: [self.text(value)] for name, value in headers.items() if name.lower() in KEPT_RESPONSE_HEADERS}


class _LiteralDumper(yaml.SafeDumper):
    """Multi-line strings (the JSON bodies) as YAML literal blocks, so a cassette reads like the wire."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_LiteralDumper.add_representer(str, _represent_str)


def _pretty(body: bytes, scrubber: Scrubber) -> str:
    text = body.decode("utf-8", errors="replace")
    # Not JSON: recorded as it came, and the gate then reports it.
    with contextlib.suppress(ValueError):
        text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    return scrubber.text(text) + "\n"


def cassette(
    request: httpx.Request, response: httpx.Response, scrubber: Scrubber, *, site: str, captured_at: str
) -> str:
    """The scrubbed VCR cassette (vcrpy's YAML format, version 1) of one interaction."""
    operation = OPERATIONS[request.method]
    document = {
        "metadata": {
            "operation": operation,
            "source": "live",
            "site": site,
            "captured_at": captured_at,
            "note": "Recorded by scripts/record.py; keys, cookies, e-mails and UUIDs scrubbed.",
        },
        "interactions": [
            {
                "request": {
                    "method": request.method,
                    "uri": f"https://api.{site}{request.url.path}",
                    "headers": scrubber.request_headers(request.headers),
                    "body": _pretty(request.content, scrubber) if request.content else None,
                },
                "response": {
                    "status": {"code": response.status_code, "message": response.reason_phrase},
                    "headers": scrubber.response_headers(response.headers),
                    "body": {"string": _pretty(response.content, scrubber)},
                },
            }
        ],
        "version": 1,
    }
    text = yaml.dump(document, Dumper=_LiteralDumper, sort_keys=False, allow_unicode=True, width=100)
    leaked = [secret for secret in scrubber.secrets if secret in text]
    if leaked:
        raise RuntimeError("a key survived scrubbing; nothing was written")
    return text


def record(*, base_url: str, site: str, api_key: str, app_key: str, output: Path, allow_write: bool) -> list[Path]:
    """Send the requests, scrub, write one cassette per interaction; the files written."""
    scrubber = Scrubber([api_key, app_key])
    captured_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    headers = {"DD-API-KEY": api_key, "DD-APPLICATION-KEY": app_key, "Accept": "application/json"}
    exchanges: list[httpx.Response] = []
    with httpx.Client(base_url=base_url, headers=headers, timeout=30.0) as client:
        got = client.get(PATH)
        exchanges.append(got)
        if allow_write:
            if got.status_code != 200:
                raise SystemExit(
                    f"record.py: GET answered {got.status_code}; --allow-write only re-sends a 200's connection"
                )
            data = got.json()["data"]
            attributes = {key: value for key, value in data["attributes"].items() if key != "modified_at"}
            body = {"data": {"attributes": attributes, "id": data["id"], "type": data["type"]}}
            exchanges.append(client.post(PATH, json=body))
    for response in exchanges:
        for document in (response.request.content, response.content):
            try:
                scrubber.learn(json.loads(document))
            except ValueError:
                continue
    written = []
    for response in exchanges:
        text = cassette(response.request, response, scrubber, site=site, captured_at=captured_at)
        target = output / OPERATIONS[response.request.method] / f"live-{site}-{response.status_code}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--allow-write", action="store_true", help="also POST (re-sends what GET returned)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where cassettes go (default: %(default)s)")
    parser.add_argument("--base-url", help="send requests here instead of https://api.$DD_SITE (tests)")
    args = parser.parse_args(argv)
    api_key, app_key = os.environ.get("DD_API_KEY", ""), os.environ.get("DD_APP_KEY", "")
    site = os.environ.get("DD_SITE", "")
    if not (api_key.strip() and app_key.strip() and site.strip()):
        sys.stderr.write(NEEDS)
        return 2
    base_url = args.base_url or f"https://api.{site.strip()}"
    for path in record(
        base_url=base_url,
        site=site.strip(),
        api_key=api_key.strip(),
        app_key=app_key.strip(),
        output=args.output,
        allow_write=args.allow_write,
    ):
        print(f"wrote {path}")
    print("now run: nox -s contract (the gate checks the new recordings against the spec)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
