"""Keeping what a lenient client tolerated: each drifted answer, scrubbed, as a cassette candidate.

``datadog_client(strict=False, drift_dir=PATH)`` gives the client a :class:`DriftCapture`. A
response whose body drifts from the spec (what :class:`~hamr_client.errors.SpecDriftWarning`
reports) is kept as one JSON file per (operation, status, JSON pointer) not kept before: the
answer as received, scrubbed by :mod:`hamr_client.scrub` (keys in every form, cookies and
undocumented headers dropped, e-mails and UUIDs to placeholders); the drift; the site, time and
package version. ``nox -s record -- --from-drift PATH`` (``scripts/record.py``) checks the files and
files them as recordings of the contract gate, which then fails until the spec says what the
server does.

The caller's call pays for a set lookup and, for a new drift, a copy of the answer: one writer
thread (shared by every capture of the process) scrubs, checks and writes each file atomically
(a temporary file linked into place: a reader never sees half a file, and of two processes
capturing the same drift one file wins). It is bounded (:data:`MAX_FILES` files in the directory,
answers up to :data:`MAX_BODY_SIZE`), never raises into the call, and logs a failed or refused
write once, on the ``hamr_client.capture`` logger. Pending files are written before the
interpreter exits, and :meth:`DriftCapture.flush` (``client.close()`` calls it) waits for them.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from ._constants import CREDENTIAL_HEADERS
from ._quoting import short
from .errors import SpecDriftWarning, pointer_parts
from .scrub import Scrubber, leftovers

logger: logging.Logger = logging.getLogger("hamr_client.capture")

#: What a candidate file says it is (``format``): the importer refuses any other.
FORMAT = "hamr-drift-candidate/1"
#: The most candidate files a drift directory holds: past them nothing more is written.
MAX_FILES = 100
#: The largest answer kept (a connection is under 1 KiB; an error page is not a recording).
MAX_BODY_SIZE = 256 * 1024
#: How long ``client.close()`` waits for pending candidates.
FLUSH_TIMEOUT = 5.0
#: The request headers a recording keeps (the key headers are kept as ``<redacted>``).
KEPT_REQUEST_HEADERS = ("Accept", "Content-Type")


def interaction(
    scrubber: Scrubber,
    *,
    request: httpx.Request | None,
    request_body: bytes | None,
    status: int,
    reason: str,
    response_headers: Iterable[tuple[str, str]],
    body: bytes,
    documented_headers: Collection[str],
    uri: str | None = None,
) -> dict[str, Any]:
    """One request and its answer as a VCR cassette's interaction (vcrpy's format), every text scrubbed.

    The request keeps :data:`KEPT_REQUEST_HEADERS` and the key headers as ``<redacted>``; the
    answer keeps ``Content-Type`` and ``documented_headers`` (no cookie, nothing else). ``uri``
    replaces the request's URL (a recording names the site, not the proxy it went through).
    """
    method = request.method if request is not None else "GET"
    headers = request.headers.multi_items() if request is not None else []
    url = uri if uri is not None else str(request.url) if request is not None else ""
    return {
        "request": {
            "method": method,
            "uri": scrubber.text(url),
            "headers": scrubber.headers(headers, KEPT_REQUEST_HEADERS, CREDENTIAL_HEADERS),
            "body": scrubber.body(request_body) + "\n" if request_body else None,
        },
        "response": {
            "status": {"code": status, "message": scrubber.text(reason)},
            "headers": scrubber.headers(response_headers, {"Content-Type", *documented_headers}),
            "body": {"string": scrubber.body(body) + "\n"},
        },
    }


def slug(pointer: str) -> str:
    """A file-name-safe name for a JSON pointer (``/data/attributes/hamr_status`` -> ``data.attributes.hamr_status``).

    Keys a server chose may hold anything: those are cleaned and a digest of the pointer added,
    so two pointers never share a name and no name leaves its directory or grows without bound.
    """
    plain = ".".join(pointer_parts(pointer)) or "root"
    cleaned = re.sub(r"[^A-Za-z0-9_.]+", "_", plain).strip("._") or "root"
    if cleaned == plain and len(cleaned) <= 80:
        return cleaned
    return f"{cleaned[:64]}-{hashlib.sha256(pointer.encode()).hexdigest()[:10]}"


def candidate_name(operation: str, status: int, pointer: str) -> str:
    """The file a drift directory keeps the candidate of (operation, status, pointer) in."""
    return f"{re.sub(r'[^A-Za-z0-9_]+', '_', operation)[:64]}-{status}-{slug(pointer)}.json"


def _value_at(document: Any, pointer: str) -> Any:
    """The value ``pointer`` names in a JSON document, or None."""
    found = document
    for key in pointer_parts(pointer):
        if isinstance(found, dict):
            found = found.get(key)
        elif isinstance(found, list) and key.isdigit() and int(key) < len(found):
            found = found[int(key)]
        else:
            return None
    return found


def _utc_now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class _Answer:
    """What the writer needs of one drifted answer, copied in the caller's call (httpx objects stay there)."""

    operation: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    request: httpx.Request | None
    request_body: bytes | None
    drift: tuple[SpecDriftWarning, ...]
    documented_headers: tuple[str, ...]
    captured_at: str


class _Writer:
    """The one thread, per process, that writes every capture's files (created on first use, again after a fork)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._pid = 0

    def submit(self, job: Any, *args: Any) -> concurrent.futures.Future[None]:
        with self._lock:
            if self._pool is None or self._pid != os.getpid():  # a forked child inherits no thread
                self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="hamr-drift-capture")
                self._pid = os.getpid()
            return self._pool.submit(job, *args)


_WRITER = _Writer()


class DriftCapture:
    """Keeps each drifted answer of a client as a scrubbed cassette candidate in ``directory``.

    Built by :func:`hamr_client.datadog_client` from ``drift_dir`` (``strict=False`` only); shared
    by the clients ``with_options`` derives with the same directory. Thread- and async-safe.

    Attributes:
        directory: where the candidates go (created on the first one).
        site: the provenance written into each candidate: the Datadog site, or the host it answered from.
        package_version: the client's version, written into each candidate too.
        max_files: the most candidate files the directory may hold.
        max_body_size: the largest answer kept, in bytes.
    """

    directory: Path
    site: str
    package_version: str
    max_files: int
    max_body_size: int

    def __init__(
        self,
        directory: str | os.PathLike[str],
        scrubber: Scrubber,
        *,
        site: str,
        package_version: str,
        max_files: int = MAX_FILES,
        max_body_size: int = MAX_BODY_SIZE,
    ) -> None:
        self.directory = Path(directory)
        self.site = site
        self.package_version = package_version
        self.max_files = max_files
        self.max_body_size = max_body_size
        self._scrubber = scrubber
        self._lock = threading.Lock()
        self._seen: set[tuple[str, int, str]] = set()
        self._pending: set[concurrent.futures.Future[None]] = set()
        self._written: list[Path] = []
        self._said: set[str] = set()  # what was logged already: each kind of failure once

    def __repr__(self) -> str:
        return f"<DriftCapture {str(self.directory)!r}: {len(self._written)} written>"

    def __reduce__(self) -> Any:
        raise TypeError("a DriftCapture holds the keys it scrubs: it is not pickled")

    @property
    def written(self) -> list[Path]:
        """The candidate files this capture wrote, oldest first."""
        with self._lock:
            return list(self._written)

    def capture(
        self,
        response: httpx.Response,
        drift: Sequence[SpecDriftWarning],
        documented_headers: Sequence[str] = (),
    ) -> None:
        """Queue the candidates of ``response`` (read), one per drift not kept before; never raises."""
        try:
            self._capture(response, drift, tuple(documented_headers))
        except Exception as exc:
            self._say_once("capture", "drift capture failed and is off for this answer: %s", type(exc).__name__)

    def _capture(
        self, response: httpx.Response, drift: Sequence[SpecDriftWarning], documented_headers: tuple[str, ...]
    ) -> None:
        with self._lock:
            unseen = [w for w in drift if (w.operation, w.status_code, w.path) not in self._seen]
            large = bool(unseen) and len(response.content) > self.max_body_size
            new = [] if large else unseen[: max(self.max_files - len(self._seen), 0)]
            self._seen.update((w.operation, w.status_code, w.path) for w in new)
        if large:  # left unseen: the next answer of the same drift that fits is kept
            self._say_once("large", "a drifted answer over %d bytes was not kept", self.max_body_size)
            return
        if len(new) < len(unseen):
            self._say_once("full", "drift capture keeps %d answers at most; no more are kept", self.max_files)
        if not new:
            return
        try:
            request: httpx.Request | None = response.request
        except RuntimeError:  # a response built by hand
            request = None
        answer = _Answer(
            operation=new[0].operation,
            status=response.status_code,
            reason=response.reason_phrase,
            headers=response.headers.multi_items(),
            body=response.content,
            request=request,
            request_body=request.content if request is not None else None,
            drift=tuple(drift),
            documented_headers=documented_headers,
            captured_at=_utc_now(),
        )
        for warning in new:
            try:
                future = _WRITER.submit(self._write, answer, warning)
            except RuntimeError:  # the interpreter is shutting down: no thread can start now
                self._say_once("shutdown", "drift capture stopped: the interpreter is exiting")
                return
            with self._lock:
                self._pending.add(future)
            future.add_done_callback(self._done)

    def _done(self, future: concurrent.futures.Future[None]) -> None:
        with self._lock:
            self._pending.discard(future)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued candidate is written (or refused); False if ``timeout`` passed first."""
        with self._lock:
            pending = list(self._pending)
        _, left = concurrent.futures.wait(pending, timeout)
        return not left

    # ------------------------------------------------------------------ the writer thread

    def _write(self, answer: _Answer, warning: SpecDriftWarning) -> None:
        try:
            self._write_candidate(answer, warning)
        except OSError as exc:
            # Its strerror and the file's name only: the message a filesystem gives quotes no key.
            self._say_once("write", "cannot write drift candidates to %s: %s", self.directory, exc.strerror or exc)
        except Exception as exc:
            self._say_once("bug", "drift capture failed: %s", type(exc).__name__)

    def _write_candidate(self, answer: _Answer, warning: SpecDriftWarning) -> None:
        document = self._candidate(answer, warning)
        problems = leftovers(document, self._scrubber)
        if problems:
            self._say_once("unscrubbed", "a drift candidate was not kept: %s survived scrubbing", problems[0])
            return
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / candidate_name(answer.operation, answer.status, self._scrubber.text(warning.path))
        if target.exists():  # kept by an earlier run, another client or another process: nothing refused
            return
        # Counted each time: another client's capture (or another process) writes here too.
        if sum(1 for path in self.directory.glob("*.json") if path.is_file()) >= self.max_files:
            self._say_once("full", "drift capture keeps %d answers at most; no more are kept", self.max_files)
            return
        fd, temporary = tempfile.mkstemp(prefix=".candidate-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            try:
                os.link(temporary, target)  # fails if the file is there: one capture of a drift wins
            except FileExistsError:
                return
        finally:
            os.unlink(temporary)
        with self._lock:
            self._written.append(target)
        logger.info("kept the drifted %s %d answer as %s", answer.operation, answer.status, target)

    def _candidate(self, answer: _Answer, warning: SpecDriftWarning) -> dict[str, Any]:
        text = self._scrubber.text
        document = json.loads(answer.body)
        return {
            "format": FORMAT,
            "operation": answer.operation,
            "status": answer.status,
            "pointer": text(warning.path),
            "reason": self._reason(warning, document),
            "drift": [{"pointer": text(w.path), "reason": self._reason(w, document)} for w in answer.drift],
            "provenance": {
                "site": self.site,
                "captured_at": answer.captured_at,
                "package_version": self.package_version,
            },
            "interaction": interaction(
                self._scrubber,
                request=answer.request,
                request_body=answer.request_body,
                status=answer.status,
                reason=answer.reason,
                response_headers=answer.headers,
                body=answer.body,
                documented_headers=answer.documented_headers,
            ),
        }

    def _reason(self, warning: SpecDriftWarning, document: Any) -> str:
        """The warning's reason, scrubbed, its quote of the drifted value made again from the value scrubbed whole.

        Parsing quotes a string as ``repr`` writes it, cut at 60 characters: a key, a UUID or an
        address escaped or cut in two there is one the scrubber cannot find.
        """
        reason, value = warning.reason, _value_at(document, warning.path)
        if isinstance(value, str):
            reason = reason.replace(short(value), short(self._scrubber.text(value)))
        return self._scrubber.text(reason)

    def _say_once(self, kind: str, message: str, *args: Any) -> None:
        with self._lock:
            if kind in self._said:
                return
            self._said.add(kind)
        logger.warning(message, *args)


__all__ = [
    "FLUSH_TIMEOUT",
    "FORMAT",
    "KEPT_REQUEST_HEADERS",
    "MAX_BODY_SIZE",
    "MAX_FILES",
    "DriftCapture",
    "candidate_name",
    "interaction",
    "slug",
]
