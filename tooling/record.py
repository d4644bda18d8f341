"""Re-record the HAMR API's responses into VCR cassettes, scrubbed: from a real Datadog site, or from drift.

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

``--from-drift DIR`` sends nothing: it files the cassette candidates a lenient client kept
(``datadog_client(strict=False, drift_dir=DIR)``, ``hamr --lenient --record-drift DIR``) as
recordings, once checked (tooling/drift_import.py); no key is needed.

``--from-exchanges FILE`` sends nothing either: it files exchanges someone else recorded against
Datadog's production API (``shared/production/exchanges.yaml``) as
``<operationId>/production-<status>-<site>.yaml``, scrubbed, with their provenance
(tooling/production_import.py).

A site that answers in production's dialect (PascalCase names, ``x-production`` in the spec) is
recorded the same way: its org and target ids are matched to the docs' by the spec's names in
either spelling, ``--allow-write`` re-sends the connection in the spelling GET answered in, and
the cassette's ``metadata.dialect`` says which one the gate must judge it in.

Usage: python -m scripts.record [--allow-write] [--output DIR] [--base-url URL]
       python -m scripts.record --from-drift DIR [--output DIR]
       python -m scripts.record --from-exchanges FILE [--repository R] [--commit C] [--commit-date D]
                                [--recorded D] [--output DIR]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from hamr_client.capture import MAX_BODY_SIZE, interaction
from hamr_client.client import KEY_HEADERS, SITES
from hamr_client.scrub import Scrubber

from tooling import drift_import, production_import, spec_doc
from tooling.cassette_writer import DEFAULT_OUTPUT, RecordError, SpecFacts, cassette, pin_docs_ids, write_all

PATH = "/api/v2/hamr"
#: The largest body a recording keeps: what a drift capture keeps too.
MAX_RECORDED_BODY = MAX_BODY_SIZE
TIMEOUT = 30.0
NEEDS = """\
record.py needs a Datadog organization to record from. Set:
  DD_API_KEY  an API key of the organization
  DD_APP_KEY  an application key with access to the HAMR endpoints
  DD_SITE     its site, for example datadoghq.com or datadoghq.eu
and run it again (GET only; add --allow-write to also re-send the connection with POST).
"""


@dataclass(frozen=True)
class Exchange:
    """One request and the response to it, the body read within MAX_RECORDED_BODY."""

    request: httpx.Request
    response: httpx.Response
    body: bytes


def live_cassette(
    exchange: Exchange, scrubber: Scrubber, operation: str, facts: SpecFacts, *, site: str, captured_at: str
) -> str:
    """The scrubbed VCR cassette of one interaction with a live site."""
    request, response = exchange.request, exchange.response
    metadata = {
        "operation": operation,
        "source": "live",
        "dialect": facts.dialect(operation, response.status_code, exchange.body),
        "site": site,
        "captured_at": captured_at,
        "note": "Recorded by scripts/record.py; keys, cookies, e-mails and UUIDs scrubbed.",
    }
    recorded = interaction(
        scrubber,
        request=request,
        request_body=request.content,
        status=response.status_code,
        reason=response.reason_phrase,
        response_headers=response.headers.multi_items(),
        body=exchange.body,
        documented_headers=facts.headers[operation],
        uri=f"https://api.{site}{request.url.path}",
    )
    return cassette(metadata, recorded)


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


def _attribute_names(schema: Any) -> set[str]:
    """The attributes a connection's body schema declares (its reference names)."""
    return set(schema["properties"]["data"]["properties"]["attributes"].get("properties", {}))


def resent_connection(got: Exchange, facts: SpecFacts) -> dict[str, Any]:
    """The connection GET answered, as a POST body in the dialect GET answered in.

    Every attribute but those only an answer declares (``modified_at``, the server's, is not sent
    back), its names read in either dialect by the spec's ``x-production``.
    """
    read, write = facts.operation("GET", PATH), facts.operation("POST", PATH)
    if read is None or write is None or write not in facts.requests or (read, 200) not in facts.schemas:
        raise RecordError(f"the spec has no GET and POST {PATH} with bodies; nothing to re-send")
    answered, request = facts.schemas[(read, 200)], facts.requests[write]
    try:
        answer = json.loads(got.body)
        dialect = spec_doc.dialect_of(facts.document, answered, answer)
        data = spec_doc.translate(facts.document, answered, answer, spec_doc.REFERENCE, utc=False)["data"]
        answer_only = _attribute_names(answered) - _attribute_names(request)
        attributes = {key: value for key, value in data["attributes"].items() if key not in answer_only}
        body = {"data": {"attributes": attributes, "id": data["id"], "type": data["type"]}}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise RecordError("GET answered 200 with a body that is not a HAMR connection; nothing to re-send") from None
    resent: dict[str, Any] = spec_doc.translate(facts.document, request, body, dialect)
    return resent


def fetch(client: httpx.Client, facts: SpecFacts, *, allow_write: bool) -> list[Exchange]:
    """GET, and with ``allow_write`` the POST re-sending what GET returned."""
    got = exchange(client, "GET")
    if not allow_write:
        return [got]
    if got.response.status_code != 200:
        raise RecordError(f"GET answered {got.response.status_code}; --allow-write only re-sends a 200's connection")
    return [got, exchange(client, "POST", json=resent_connection(got, facts))]


def record(*, base_url: str, site: str, api_key: str, app_key: str, output: Path, allow_write: bool) -> list[Path]:
    """Send the requests, scrub, check, then write one cassette per interaction; the files written."""
    scrubber = Scrubber([api_key, app_key])
    facts = SpecFacts.read()
    captured_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    headers = {KEY_HEADERS[0]: api_key, KEY_HEADERS[1]: app_key, "Accept": "application/json"}
    try:
        with httpx.Client(base_url=base_url, headers=headers, timeout=TIMEOUT) as client:
            exchanges = fetch(client, facts, allow_write=allow_write)
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise RecordError(f"{base_url}: {scrubber.error(error)}") from None
    first = exchanges[0]
    read_operation = facts.operation(first.request.method, PATH)
    if read_operation is not None:
        pin_docs_ids(scrubber, facts, read_operation, first.response.status_code, first.body)
    cassettes: dict[Path, str] = {}
    for done in exchanges:
        operation = facts.operation(done.request.method, PATH)
        if operation is None:
            raise RecordError(f"the spec has no {done.request.method} {PATH}")
        target = output / operation / f"live-{site}-{done.response.status_code}.yaml"
        cassettes[target] = live_cassette(done, scrubber, operation, facts, site=site, captured_at=captured_at)
    return write_all(cassettes, output, scrubber)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--allow-write", action="store_true", help="also POST (re-sends what GET returned)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where cassettes go (default: %(default)s)")
    parser.add_argument("--base-url", help="send requests here instead of https://api.$DD_SITE (tests)")
    parser.add_argument(
        "--from-drift",
        type=Path,
        metavar="DIR",
        help="send nothing: file the drift candidates a lenient client kept in DIR as recordings",
    )
    parser.add_argument(
        "--from-exchanges",
        type=Path,
        metavar="FILE",
        help="send nothing: file the production exchanges listed in FILE (YAML) as recordings",
    )
    for key in production_import.PROVENANCE:
        parser.add_argument(
            "--" + key.replace("_", "-"),
            help=f"with --from-exchanges: the exchanges' {key.replace('_', ' ')} (default: the file's header)",
        )
    args = parser.parse_args(argv)
    given = {key: getattr(args, key) for key in production_import.PROVENANCE}
    if args.from_exchanges is None and any(given.values()):
        parser.error("--repository, --commit, --commit-date and --recorded go with --from-exchanges")
    if args.from_drift is not None and args.from_exchanges is not None:
        parser.error("one source at a time: --from-drift or --from-exchanges")
    for flag, source in (("--from-drift", args.from_drift), ("--from-exchanges", args.from_exchanges)):
        if source is not None and (args.allow_write or args.base_url):
            parser.error(f"{flag} sends nothing: it takes no --allow-write or --base-url")
    if args.from_drift is not None:
        return drift_import.main(args.from_drift, args.output)
    if args.from_exchanges is not None:
        return production_import.main(args.from_exchanges, args.output, given)
    return record_live(output=args.output, base_url=args.base_url, allow_write=args.allow_write)


def record_live(*, output: Path, base_url: str | None, allow_write: bool) -> int:
    """Record from DD_SITE with the environment's keys: 0, 1 (nothing written) or 2 (what is missing)."""
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
            base_url=base_url or f"https://api.{site}",
            site=site,
            api_key=api_key,
            app_key=app_key,
            output=output,
            allow_write=allow_write,
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
