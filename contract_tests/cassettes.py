"""The recordings in ``contract_tests/recordings/``: VCR cassettes (vcrpy's YAML format), one interaction each.

A cassette's ``metadata`` says where it came from: ``source: docs-example`` (with the docs'
address), ``source: spec-example`` (with the ``example``'s pointer in the spec), ``source: live``
(with ``site`` and ``captured_at``), ``source: drift`` (production drift a lenient client kept,
filed by ``record.py --from-drift``: ``site``, ``captured_at``, ``package_version`` and the
``drift``) or ``source: production`` (an exchange with Datadog's production API someone else
recorded, filed by ``record.py --from-exchanges``: ``site``, ``repository``, ``file``, ``commit``,
``commit_date``, ``recorded``), which ``operation`` it is, and the ``dialect`` its body is
written in (``spec_doc.DIALECTS``; the reference's when it says none).
Loading goes through vcrpy itself, so a file this module reads is one vcrpy can replay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from hamr_client.client import CREDENTIAL_HEADERS
from hamr_client.scrub import REDACTED, identifiers, is_placeholder
from vcr.serialize import deserialize  # type: ignore[import-untyped]
from vcr.serializers import yamlserializer  # type: ignore[import-untyped]

from tooling import spec_doc

RECORDINGS = Path(__file__).resolve().parent / "recordings"


@dataclass(frozen=True)
class Recording:
    """One recorded request and its response."""

    file: Path
    name: str
    operation: str
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes | None
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return httpx.URL(self.url).path

    @property
    def dialect(self) -> str:
        """The dialect the recorded body is written in (``metadata.dialect``, else the reference's)."""
        return str(self.metadata.get("dialect", spec_doc.REFERENCE))

    def json(self) -> Any:
        """The response body, decoded."""
        return json.loads(self.body)

    def response(self) -> httpx.Response:
        """The recorded response as httpx would have received it."""
        return httpx.Response(self.status, headers=self.headers, content=self.body)


def _single(values: Any) -> str:
    # vcrpy keeps every header as a list of values; the recordings never repeat one.
    return ", ".join(values) if isinstance(values, list) else str(values)


def _bytes(body: Any) -> bytes | None:
    if body is None:
        return None
    return body if isinstance(body, bytes) else str(body).encode("utf-8")


def load(file: Path, root: Path = RECORDINGS) -> Recording:
    """One cassette; ValueError naming the file if it is not a single-interaction VCR cassette."""
    loaded = deserialize(file.read_text(encoding="utf-8"), yamlserializer)
    requests, responses, metadata = loaded if len(loaded) == 3 else (*loaded, {})
    if len(requests) != 1:
        raise ValueError(f"{file}: expected one interaction, found {len(requests)}")
    request, response = requests[0], responses[0]
    if "operation" not in metadata or "source" not in metadata:
        raise ValueError(f"{file}: metadata must name the operation and the source (docs-example, live, drift...)")
    if metadata.get("dialect", spec_doc.REFERENCE) not in spec_doc.DIALECTS:
        raise ValueError(f"{file}: metadata.dialect is none of {', '.join(spec_doc.DIALECTS)}")
    return Recording(
        file=file,
        name=file.relative_to(root).as_posix(),
        operation=metadata["operation"],
        method=request.method.upper(),
        url=request.uri,
        request_headers={name: _single(value) for name, value in request.headers.items()},
        request_body=_bytes(request.body),
        status=int(response["status"]["code"]),
        reason=str(response["status"].get("message", "")),
        headers={name: _single(value) for name, value in response["headers"].items()},
        body=_bytes(response["body"]["string"]) or b"",
        metadata=dict(metadata),
    )


def unscrubbed(recording: Recording) -> list[str]:
    """What a recording carries that scrubbing should have taken out, wherever a server can put text.

    Its URI, request headers and body, status line, response headers and body may hold no key (the
    credential headers, the keys' and the token's, are ``<redacted>`` or absent), and no UUID or e-mail address but a
    placeholder.
    """
    problems = [
        f"{name} is not scrubbed"
        for name in CREDENTIAL_HEADERS
        if {k.lower(): v for k, v in recording.request_headers.items()}.get(name.lower()) not in {None, REDACTED}
    ]
    places = {
        "the request": [recording.url, *recording.request_headers.values(), (recording.request_body or b"").decode()],
        "the status line": [recording.reason],
        "the response headers": [f"{name}: {value}" for name, value in recording.headers.items()],
        "the body": [recording.body.decode("utf-8", errors="replace")],
    }
    for place, texts in places.items():
        found = {value for text in texts for kind, value in identifiers(text) if not is_placeholder(kind, value)}
        problems += [
            f"{place} carries {value!r}, not a placeholder (docs' examples, scrub.py's)" for value in sorted(found)
        ]
    return problems


def all_recordings(root: Path = RECORDINGS) -> list[Recording]:
    """Every cassette under ``root``, in a stable order."""
    return [load(file, root) for file in sorted(root.rglob("*.yaml"))]
