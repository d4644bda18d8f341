"""File exchanges recorded against Datadog's production API (by someone else's tooling) as recordings of the gate.

``python -m scripts.record --from-exchanges FILE`` (``nox -s record -- --from-exchanges FILE``) sends
nothing. FILE is a YAML list of exchanges, each ``method``, ``uri``, ``status``, ``body`` (text),
and optionally ``reason``, ``headers`` (a name to a value or a list of values) and ``file`` (the
recording it was taken from), as ``shared/production/exchanges.yaml`` has them. Where they were
recorded (``--repository``, ``--commit``, ``--commit-date``, ``--recorded``) comes from the flags,
else from an exchange's own fields of those names, else from the file's header comment
(``github.com/OWNER/NAME``, ``commit SHA of YYYY-MM-DD``, ``re-recorded YYYY-MM-DD``).

Each exchange is checked (an operation the spec has at its method and path; a body within the
recordings' size cap), scrubbed like any recording (``hamr_client.scrub``: keys, e-mails, UUIDs
as placeholders; the org's and its target's ids are the docs' ones, matched in whichever dialect
the answer spells its names, and one UUID is one placeholder across the whole import, so the two
mirrored answers of a DDR pair stay mirrored), and becomes
``<output>/<operationId>/production-<status>-<site>[-<n>].yaml`` with ``source: production`` and
its provenance in ``metadata``: all of them or none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from hamr_client.capture import MAX_BODY_SIZE, interaction
from hamr_client.scrub import Scrubber

from tooling import spec_doc
from tooling.cassette_writer import RecordError, SpecFacts, cassette, file_offline, pin_docs_ids, write_all

NOTE = (
    "Recorded against Datadog's production API by the repository's own tests, filed by scripts/record.py "
    "--from-exchanges; keys, e-mails and UUIDs scrubbed."
)
PROVENANCE = ("repository", "commit", "commit_date", "recorded")
# The header comment's phrases for each, as shared/production/exchanges.yaml words them.
_HEADER = {
    "repository": re.compile(r"github\.com/([\w.-]+/[\w.-]+?)[,)\s]"),
    "commit": re.compile(r"\bcommit ([0-9a-f]{7,40})\b"),
    "commit_date": re.compile(r"\bcommit [0-9a-f]{7,40} of (\d{4}-\d{2}-\d{2})\b"),
    "recorded": re.compile(r"\bre-recorded (\d{4}-\d{2}-\d{2})\b"),
}
_LARGEST_FILE = 64 * MAX_BODY_SIZE


@dataclass(frozen=True)
class Exchange:
    """One exchange as the file gives it, checked for shape."""

    index: int
    method: str
    uri: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: str
    fields: Mapping[str, Any]

    @property
    def site(self) -> str:
        """The Datadog site the exchange went to (``api.datadoghq.eu`` -> ``datadoghq.eu``)."""
        host = httpx.URL(self.uri).host
        return host.removeprefix("api.") or "unknown-site"


def header_provenance(text: str) -> dict[str, str]:
    """What the file's leading comment says of where its exchanges come from."""
    comment = " ".join(line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#"))
    found = {key: pattern.search(comment + " ") for key, pattern in _HEADER.items()}
    return {key: match[1] for key, match in found.items() if match is not None}


def _field(entry: Mapping[str, Any], key: str, kind: type, where: str, default: Any = None) -> Any:
    value = entry.get(key, default)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise RecordError(f"{where}: no {key!r} of the right type; not an exchange")
    return value


def _headers(value: Any, where: str) -> list[tuple[str, str]]:
    if not isinstance(value, Mapping):
        raise RecordError(f"{where}: headers are not a mapping of names to values")
    pairs = []
    for name, values in value.items():
        listed = values if isinstance(values, list) else [values]
        if not isinstance(name, str) or not all(isinstance(item, str) for item in listed):
            raise RecordError(f"{where}: headers are not a mapping of names to values")
        pairs += [(name, item) for item in listed]
    return pairs


def read_exchanges(file: Path) -> tuple[list[Exchange], dict[str, str]]:
    """The exchanges in ``file`` and the provenance its header comment gives; RecordError naming what is wrong."""
    if not file.is_file():
        raise RecordError(f"{file} is not a file of exchanges")
    if file.stat().st_size > _LARGEST_FILE:
        raise RecordError(f"{file.name}: larger than any file of exchanges ({_LARGEST_FILE} bytes)")
    try:
        text = file.read_text(encoding="utf-8")
        entries = spec_doc.load_yaml(file)
    except (spec_doc.SpecError, UnicodeDecodeError) as exc:
        raise RecordError(f"{file.name}: not YAML ({type(exc).__name__})") from None
    if not isinstance(entries, list) or not entries:
        raise RecordError(f"{file.name}: not a list of exchanges")
    exchanges = []
    for index, entry in enumerate(entries, start=1):
        where = f"{file.name}: exchange {index}"
        if not isinstance(entry, Mapping):
            raise RecordError(f"{where}: not a mapping")
        body = _field(entry, "body", str, where)
        if len(body.encode()) > MAX_BODY_SIZE:
            raise RecordError(f"{where}: the answer is over {MAX_BODY_SIZE} bytes, more than a recording keeps")
        exchanges.append(
            Exchange(
                index=index,
                method=_field(entry, "method", str, where).upper(),
                uri=_field(entry, "uri", str, where),
                status=_field(entry, "status", int, where),
                reason=_field(entry, "reason", str, where, ""),
                headers=_headers(entry.get("headers", {}), where),
                body=body,
                fields=entry,
            )
        )
    return exchanges, header_provenance(text)


def provenance(
    exchange: Exchange, given: Mapping[str, str | None], header: Mapping[str, str], name: str
) -> dict[str, str]:
    """Where the exchange was recorded: each of PROVENANCE from the flags, its own fields, or the header."""
    found = {}
    for key in PROVENANCE:
        value = given.get(key) or exchange.fields.get(key) or header.get(key)
        if not isinstance(value, str) or not value.strip():
            flag = "--" + key.replace("_", "-")
            raise RecordError(f"{name}: exchange {exchange.index}: no {key}; give {flag} (the header names none)")
        found[key] = value.strip()
    return found


def import_exchanges(
    file: Path, output: Path, scrubber: Scrubber, given: Mapping[str, str | None]
) -> list[tuple[Exchange, Path]]:
    """Check and scrub every exchange in ``file``, then write their cassettes under ``output``: all or none."""
    exchanges, header = read_exchanges(file)
    facts = SpecFacts.read()
    planned: list[tuple[Exchange, str]] = []
    for exchange in exchanges:
        path = httpx.URL(exchange.uri).path
        operation = facts.operation(exchange.method, path)
        if operation is None:
            raise RecordError(f"{file.name}: exchange {exchange.index}: the spec has no {exchange.method} {path}")
        planned.append((exchange, operation))
    # Every success first: the org's own id is the first answer's, whichever exchange says more.
    for exchange, operation in sorted(planned, key=lambda pair: not 200 <= pair[0].status < 300):
        pin_docs_ids(scrubber, facts, operation, exchange.status, exchange.body.encode())
    cassettes: dict[Path, str] = {}
    filed: list[tuple[Exchange, Path]] = []
    for exchange, operation in planned:
        stem = f"production-{exchange.status}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', exchange.site)}"
        target, count = output / operation / f"{stem}.yaml", 1
        while target in cassettes:
            count += 1
            target = output / operation / f"{stem}-{count}.yaml"
        cassettes[target] = production_cassette(exchange, operation, facts, scrubber, given, header, file.name)
        filed.append((exchange, target))
    write_all(cassettes, output, scrubber)
    return filed


def production_cassette(
    exchange: Exchange,
    operation: str,
    facts: SpecFacts,
    scrubber: Scrubber,
    given: Mapping[str, str | None],
    header: Mapping[str, str],
    name: str,
) -> str:
    """The scrubbed cassette of one production exchange, its provenance in ``metadata``."""
    where = provenance(exchange, given, header, name)
    recorded = interaction(
        scrubber,
        request=httpx.Request(exchange.method, exchange.uri),
        request_body=None,
        status=exchange.status,
        reason=exchange.reason,
        response_headers=exchange.headers,
        body=exchange.body.encode(),
        documented_headers=facts.headers[operation],
        uri=exchange.uri,
    )
    metadata = {
        "operation": operation,
        "source": "production",
        # Production's answers are production's dialect, whether or not a schema spells a name otherwise.
        "dialect": spec_doc.PRODUCTION,
        "site": exchange.site,
        "repository": where["repository"],
        "file": str(exchange.fields.get("file") or name),
        "commit": where["commit"],
        "commit_date": where["commit_date"],
        "recorded": where["recorded"],
        "note": NOTE,
    }
    return cassette(metadata, recorded)


def main(file: Path, output: Path, given: Mapping[str, str | None]) -> int:
    """``record.py --from-exchanges FILE``: import, say what was filed; 1 (nothing written) on any refusal."""
    filed = file_offline("the exchanges", lambda scrubber: import_exchanges(file, output, scrubber, given))
    if filed is None:
        return 1
    for exchange, target in filed:
        print(f"filed {target} (exchange {exchange.index}: {exchange.method} {exchange.site} {exchange.status})")
    print("now run: nox -s contract (the gate holds the spec and the client to them)")
    return 0
