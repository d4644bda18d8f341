"""Re-record the HAMR API's responses from a real Datadog site into VCR cassettes, scrubbed.

Needs ``DD_API_KEY``, ``DD_APP_KEY`` and ``DD_SITE`` (for example ``datadoghq.eu``) in the
environment. It sends ``GET /api/v2/hamr`` only; ``--allow-write`` also POSTs, re-sending the
connection GET returned, unchanged (never a made-up one), so a recording never reconfigures HAMR.

Everything the server said goes through the package's scrubber (``hamr_client.scrub``) before
it is kept: the status line, the headers the spec documents (cookies and the rest are dropped),
the body, and any error message. Keys are redacted in every form (literal, JSON-escaped,
URL-encoded, base64); e-mail addresses and UUIDs (the org's and the target org's mapped onto
the docs' example ones, at the same places) become stable placeholders. A body larger than
:data:`MAX_RECORDED_BODY` is refused. Every cassette of a run is built and checked (no key in
any form, no identifier that is not a placeholder) before any is written, then they are moved
in together: a run writes all of its cassettes or none. A failure is one line naming what
failed, with no key and no traceback.

Each interaction goes to ``<output>/<operationId>/live-<site>-<status>.yaml`` with its
provenance (site, capture time) in the cassette's ``metadata``.

``--base-url`` sends the requests elsewhere (a loopback server in tests).

Usage: python scripts/record.py [--allow-write] [--output DIR] [--base-url URL]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import spec_doc
import yaml
from hamr_client.client import SITES
from hamr_client.scrub import UUID, Scrubber, strings

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "hamr.yaml"
DEFAULT_OUTPUT = ROOT / "contract_tests" / "recordings"
PATH = "/api/v2/hamr"
#: The largest body a recording keeps (a connection is under 1 KiB; an error page is not a recording).
MAX_RECORDED_BODY = 256 * 1024
TIMEOUT = 30.0
KEY_HEADERS = ("DD-API-KEY", "DD-APPLICATION-KEY")
KEPT_REQUEST_HEADERS = ("Accept", "Content-Type")
NEEDS = """\
record.py needs a Datadog organization to record from. Set:
  DD_API_KEY  an API key of the organization
  DD_APP_KEY  an application key with access to the HAMR endpoints
  DD_SITE     its site, for example datadoghq.com or datadoghq.eu
and run it again (GET only; add --allow-write to also re-send the connection with POST).
"""


class RecordError(Exception):
    """What stops a run before anything is written, said in one line; its text is scrubbed before it is shown."""


@dataclass(frozen=True)
class SpecFacts:
    """What recording needs from the spec: operationIds, the headers it documents, the docs' example answer."""

    operation_ids: Mapping[str, str]  # "GET" -> operationId, for PATH
    documented_headers: frozenset[str]
    example: Any  # the docs' example of GET PATH's 200

    @classmethod
    def read(cls, spec: Path = SPEC) -> SpecFacts:
        document = spec_doc.inline(spec_doc.read(spec))
        found = {key.split(" ", 1)[0]: op for key, op in spec_doc.operations(document) if key.endswith(f" {PATH}")}
        headers = {
            name
            for operation in found.values()
            for response in operation["responses"].values()
            for name in response.get("headers", {})
        }
        media = found["GET"]["responses"]["200"]["content"]["application/json"]
        examples = [example["value"] for example in media.get("examples", {}).values()]
        return cls(
            {method: op["operationId"] for method, op in found.items()},
            frozenset({"Content-Type", *headers}),
            examples[0] if examples else media.get("example"),
        )


@dataclass(frozen=True)
class Exchange:
    """One request and the response to it, the body read within MAX_RECORDED_BODY."""

    request: httpx.Request
    response: httpx.Response
    body: bytes


def aligned_uuids(example: Any, live: Any) -> Iterator[tuple[str, str]]:
    """``(live value, example value)`` for each place where the docs' example and the live body both hold a UUID."""
    if isinstance(example, str) and isinstance(live, str):
        if UUID.fullmatch(example) and UUID.fullmatch(live):
            yield live, example
    elif isinstance(example, dict) and isinstance(live, dict):
        for key in example.keys() & live.keys():
            yield from aligned_uuids(example[key], live[key])
    elif isinstance(example, list) and isinstance(live, list):
        for pair in zip(example, live, strict=False):
            yield from aligned_uuids(*pair)


class _LiteralDumper(yaml.SafeDumper):
    """Multi-line strings (the JSON bodies) as YAML literal blocks, so a cassette reads like the wire."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_LiteralDumper.add_representer(str, _represent_str)


def cassette(exchange: Exchange, scrubber: Scrubber, facts: SpecFacts, *, site: str, captured_at: str) -> str:
    """The scrubbed VCR cassette (vcrpy's YAML format, version 1) of one interaction."""
    request, response = exchange.request, exchange.response
    document = {
        "metadata": {
            "operation": facts.operation_ids[request.method],
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
                    "headers": scrubber.headers(request.headers.multi_items(), KEPT_REQUEST_HEADERS, KEY_HEADERS),
                    "body": scrubber.body(request.content) + "\n" if request.content else None,
                },
                "response": {
                    "status": {"code": response.status_code, "message": scrubber.text(response.reason_phrase)},
                    "headers": scrubber.headers(response.headers.multi_items(), facts.documented_headers),
                    "body": {"string": scrubber.body(exchange.body) + "\n"},
                },
            }
        ],
        "version": 1,
    }
    return yaml.dump(document, Dumper=_LiteralDumper, sort_keys=False, allow_unicode=True, width=100)


def check(name: str, staged: Path, scrubber: Scrubber) -> None:
    """RecordError unless the cassette, read back as the gate reads it, holds no key in any form and no identifier."""
    for value in strings(spec_doc.load_yaml(staged)):
        if scrubber.leaks(value):
            raise RecordError(f"{name}: a key survived scrubbing")
        if scrubber.unknown(value):
            raise RecordError(f"{name}: an identifier survived scrubbing")


def exchange(client: httpx.Client, method: str, **kwargs: Any) -> Exchange:
    """Send one request and read its body, refusing one larger than MAX_RECORDED_BODY."""
    with client.stream(method, PATH, **kwargs) as response:
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > MAX_RECORDED_BODY:
                raise RecordError(
                    f"{method} {PATH} answered {response.status_code} with a body over {MAX_RECORDED_BODY} bytes, "
                    "more than a recording keeps (record.py's MAX_RECORDED_BODY)"
                )
    return Exchange(response.request, response, bytes(body))


def resent_connection(got: Exchange) -> dict[str, Any]:
    """The connection GET answered, as a POST body (``modified_at`` is the server's, not sent back)."""
    try:
        data = json.loads(got.body)["data"]
        attributes = {key: value for key, value in data["attributes"].items() if key != "modified_at"}
        return {"data": {"attributes": attributes, "id": data["id"], "type": data["type"]}}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise RecordError("GET answered 200 with a body that is not a HAMR connection; nothing to re-send") from None


def fetch(client: httpx.Client, *, allow_write: bool) -> list[Exchange]:
    """GET, and with ``allow_write`` the POST re-sending what GET returned."""
    got = exchange(client, "GET")
    if not allow_write:
        return [got]
    if got.response.status_code != 200:
        raise RecordError(f"GET answered {got.response.status_code}; --allow-write only re-sends a 200's connection")
    return [got, exchange(client, "POST", json=resent_connection(got))]


def write_all(cassettes: Mapping[Path, str], output: Path, scrubber: Scrubber) -> list[Path]:
    """Write every cassette aside in ``output`` and check it there, then move each into place: all of them or none."""
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".record-", dir=output) as staging:
        staged = []
        for index, (target, text) in enumerate(cassettes.items()):
            aside = Path(staging) / f"{index}.yaml"
            aside.write_text(text, encoding="utf-8")
            check(target.relative_to(output).as_posix(), aside, scrubber)
            staged.append((aside, target))
        for _, target in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
        for aside, target in staged:
            aside.replace(target)
    return list(cassettes)


def record(*, base_url: str, site: str, api_key: str, app_key: str, output: Path, allow_write: bool) -> list[Path]:
    """Send the requests, scrub, check, then write one cassette per interaction; the files written."""
    scrubber = Scrubber([api_key, app_key])
    facts = SpecFacts.read()
    captured_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    headers = {KEY_HEADERS[0]: api_key, KEY_HEADERS[1]: app_key, "Accept": "application/json"}
    try:
        with httpx.Client(base_url=base_url, headers=headers, timeout=TIMEOUT) as client:
            exchanges = fetch(client, allow_write=allow_write)
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise RecordError(f"{base_url}: {scrubber.error(error)}") from None
    try:
        live = json.loads(exchanges[0].body)
    except ValueError:
        live = None
    for value, placeholder in aligned_uuids(facts.example, live):
        scrubber.placeholders.pin(value, placeholder)
    cassettes: dict[Path, str] = {}
    for done in exchanges:
        target = output / facts.operation_ids[done.request.method] / f"live-{site}-{done.response.status_code}.yaml"
        cassettes[target] = cassette(done, scrubber, facts, site=site, captured_at=captured_at)
    return write_all(cassettes, output, scrubber)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--allow-write", action="store_true", help="also POST (re-sends what GET returned)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where cassettes go (default: %(default)s)")
    parser.add_argument("--base-url", help="send requests here instead of https://api.$DD_SITE (tests)")
    args = parser.parse_args(argv)
    api_key, app_key = os.environ.get("DD_API_KEY", "").strip(), os.environ.get("DD_APP_KEY", "").strip()
    site = os.environ.get("DD_SITE", "").strip()
    if not (api_key and app_key and site):
        sys.stderr.write(NEEDS)
        return 2
    if site not in SITES:
        sys.stderr.write(f"record.py: DD_SITE={site!r} is not a Datadog site; use one of: {', '.join(SITES)}\n")
        return 2
    if not all(key.isascii() and key.isprintable() for key in (api_key, app_key)):
        sys.stderr.write("record.py: DD_API_KEY and DD_APP_KEY must be printable ASCII (they go in HTTP headers)\n")
        return 2
    scrubber = Scrubber([api_key, app_key])
    try:
        written = record(
            base_url=args.base_url or f"https://api.{site}",
            site=site,
            api_key=api_key,
            app_key=app_key,
            output=args.output,
            allow_write=args.allow_write,
        )
    except RecordError as error:
        sys.stderr.write(f"record.py: {scrubber.text(str(error))}; nothing was written\n")
        return 1
    except OSError as error:  # the output cannot be written: the message names the file, never a key
        sys.stderr.write(f"record.py: cannot write the recordings: {scrubber.error(error)}\n")
        return 1
    for path in written:
        print(f"wrote {path}")
    print("now run: nox -s contract (the gate checks the new recordings against the spec)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
