"""File the cassette candidates a lenient client kept (``hamr_client.capture``) as recordings of the contract gate.

``python -m scripts.record --from-drift DIR`` (``nox -s record -- --from-drift DIR``) sends nothing.
Every ``*.json`` in DIR is checked before anything is written: the candidate format; an operation
the spec has, at the method and path the spec gives it; a body within the recordings' size cap;
the credential headers (the keys', the token's) redacted; no response header the spec does not document; no
credential (``DD_API_KEY``/``DD_APP_KEY``/``DD_BEARER_TOKEN`` in every form when they are set, any key-shaped string
or bearer token), UUID or e-mail address
that is not a placeholder. Then each becomes ``<output>/<operationId>/drift-<status>-<pointer>.yaml``
with its provenance (site, capture time, package version, the drift) in ``metadata``: all or none.
From then on the gate fails naming the drift, until the spec says what the server does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from hamr_client.capture import FORMAT, MAX_BODY_SIZE, slug
from hamr_client.client import CREDENTIAL_HEADERS
from hamr_client.scrub import REDACTED, Scrubber, leftovers

from tooling.cassette_writer import RecordError, SpecFacts, cassette, file_offline, write_all

NOTE = (
    "Captured by a strict=False client (drift_dir) and filed by scripts/record.py --from-drift; "
    "keys, cookies, e-mails and UUIDs scrubbed."
)
# A candidate is its answer plus a little: anything much larger is not one.
_LARGEST_FILE = 4 * MAX_BODY_SIZE


def _get(document: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = document.get(key) if isinstance(document, Mapping) else None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise RecordError(f"{where}: no {key!r} of the right type; not a drift candidate of {FORMAT}")
    return value


def _headers(value: Any, where: str) -> dict[str, list[str]]:
    if not isinstance(value, Mapping) or not all(
        isinstance(name, str) and isinstance(values, list) and all(isinstance(v, str) for v in values)
        for name, values in value.items()
    ):
        raise RecordError(f"{where}: headers are not a mapping of names to lists of values")
    return dict(value)


def read_candidate(file: Path, facts: SpecFacts, scrubber: Scrubber) -> tuple[str, str, str]:
    """``(operationId, recording file name, cassette text)`` of one candidate; RecordError naming what is wrong."""
    where = file.name
    if file.stat().st_size > _LARGEST_FILE:
        raise RecordError(f"{where}: larger than any drift candidate ({_LARGEST_FILE} bytes)")
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise RecordError(f"{where}: not JSON ({type(exc).__name__})") from None
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        raise RecordError(f"{where}: not a drift candidate of {FORMAT}")
    operation = _get(document, "operation", str, where)
    if operation not in facts.routes:
        raise RecordError(f"{where}: the spec has no operation {operation!r}")
    status = _get(document, "status", int, where)
    pointer, reason = _get(document, "pointer", str, where), _get(document, "reason", str, where)
    provenance = _get(document, "provenance", Mapping, where)
    site, captured_at, version = (
        _get(provenance, key, str, where) for key in ("site", "captured_at", "package_version")
    )
    recorded = _get(document, "interaction", Mapping, where)
    request, response = _get(recorded, "request", Mapping, where), _get(recorded, "response", Mapping, where)
    method, uri = _get(request, "method", str, where), _get(request, "uri", str, where)
    if (method.upper(), httpx.URL(uri).path) != facts.routes[operation]:
        raise RecordError(f"{where}: {method} {httpx.URL(uri).path} is not {operation} in the spec")
    if _get(_get(response, "status", Mapping, where), "code", int, where) != status:
        raise RecordError(f"{where}: the answer's status is not the candidate's {status}")
    body = _get(_get(response, "body", Mapping, where), "string", str, where)
    if len(body.encode()) > MAX_BODY_SIZE:
        raise RecordError(f"{where}: the answer is over {MAX_BODY_SIZE} bytes, more than a recording keeps")
    for name, values in _headers(request.get("headers", {}), where).items():
        if name.upper() in {header.upper() for header in CREDENTIAL_HEADERS} and values != [REDACTED]:
            raise RecordError(f"{where}: the request's {name} is not {REDACTED}")
    documented = {name.lower() for name in facts.headers[operation]}
    undocumented = sorted(
        name for name in _headers(response.get("headers", {}), where) if name.lower() not in documented
    )
    if undocumented:
        raise RecordError(f"{where}: the answer keeps headers the spec does not document: {', '.join(undocumented)}")
    problems = leftovers(document, scrubber)
    if problems:
        raise RecordError(f"{where}: {' and '.join(problems)} survived scrubbing")
    metadata = {
        "operation": operation,
        "source": "drift",
        "site": site,
        "captured_at": captured_at,
        "package_version": version,
        "drift": {"status": status, "pointer": pointer, "reason": reason},
        "note": NOTE,
    }
    return operation, f"drift-{status}-{slug(pointer)}.yaml", cassette(metadata, recorded)


def import_candidates(directory: Path, output: Path, scrubber: Scrubber) -> list[tuple[Path, Path]]:
    """Check every candidate in ``directory``, then write their cassettes under ``output``; (candidate, cassette)s."""
    if not directory.is_dir():
        raise RecordError(f"{directory} is not a directory of drift candidates")
    files = sorted(path for path in directory.glob("*.json") if path.is_file())
    if not files:
        raise RecordError(f"{directory} holds no drift candidate (*.json)")
    facts = SpecFacts.read()
    cassettes: dict[Path, str] = {}
    sources: dict[Path, Path] = {}
    for file in files:
        operation, name, text = read_candidate(file, facts, scrubber)
        target = output / operation / name
        if target in cassettes:
            raise RecordError(f"{file.name} and {sources[target].name} are the same drift ({operation}/{name})")
        cassettes[target], sources[target] = text, file
    return [(sources[target], target) for target in write_all(cassettes, output, scrubber)]


def main(directory: Path, output: Path) -> int:
    """``record.py --from-drift DIR``: import, say what was filed; 1 (nothing written) on any refusal."""
    filed = file_offline("the drift candidates", lambda scrubber: import_candidates(directory, output, scrubber))
    if filed is None:
        return 1
    for candidate, target in filed:
        print(f"filed {target} (from {candidate.name})")
    print("now run: nox -s contract (the gate fails on each drift until openapi/hamr.yaml says it)")
    return 0
