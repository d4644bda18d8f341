"""Capture under load: 50 threads, 1,000 drifted answers, one file per (operation, status, pointer), no key in any file.

Three clients share the load: one, one ``with_options`` derived from it (the same capture), and
another on the same directory (a capture of its own).
"""

from __future__ import annotations

import concurrent.futures
import itertools
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from hamr_client.capture import candidate_name
from hamr_client.models import HamrOrgConnectionResponse
from hamr_client.scrub import Scrubber, leftovers

from tests.client.capturing import (
    GET,
    MODIFIED_AT,
    OPERATIONS,
    POST,
    STATUS,
    call,
    candidates,
    capture_warnings,
    capturing_client,
    drifted,
    listing,
)
from tests.client.conftest import API_KEY, APP_KEY

THREADS = 50
CALLS = 1000
#: The whole run, writes flushed, on a loaded CI machine (about a second otherwise).
TIME_LIMIT = 10.0
# What each answer hides: both keys, a real UUID and a real e-mail address.
HIDDEN = {
    "target_org_name": f"ops {API_KEY} of 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    "modified_by": "jane.doe@acme-corp.io",
}
HEADERS = {
    "X-RateLimit-Name": f"hamr {APP_KEY}",
    "X-Debug-Echo": API_KEY,
    "Set-Cookie": f"dd_session={APP_KEY}; Path=/",
}
# Each operation's answers take turns: two pointers per operation, four (operation, status, pointer) in all.
ANSWERS = {
    operation: [drifted({STATUS: 6}, **HIDDEN), drifted({MODIFIED_AT: "now"}, **HIDDEN)] for operation in OPERATIONS
}
OPERATION = {"GET": GET, "POST": POST}


class Server:
    """Answers each method's drifted bodies in turn, from any number of threads."""

    def __init__(self) -> None:
        self._turns = {operation: itertools.count() for operation in ANSWERS}
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        operation = OPERATION[request.method]
        with self._lock:
            turn = next(self._turns[operation])
        answers = ANSWERS[operation]
        return httpx.Response(200, json=answers[turn % len(answers)], headers=HEADERS)


@pytest.mark.filterwarnings("ignore::hamr_client.SpecDriftWarning")
def test_capture_under_load(tmp_path: Path) -> None:
    directory = tmp_path / "drift"
    first = capturing_client(directory, Server())
    # The same capture through with_options, and another client's capture of the same directory.
    clients = [first, first.with_options(timeout=10.0), capturing_client(directory, Server())]
    start = threading.Barrier(THREADS)

    def work(thread: int) -> list[tuple[str, Any]]:
        start.wait()
        client = clients[thread % len(clients)]
        return [(operation, call(client, operation)) for operation in OPERATIONS * (CALLS // THREADS // 2)]

    started = time.monotonic()
    with capture_warnings() as warned:
        with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
            results = [item for done in pool.map(work, range(THREADS), timeout=TIME_LIMIT) for item in done]
        for client in clients:
            client.close()
    elapsed = time.monotonic() - started

    assert len(results) == CALLS
    for operation, parsed in results:
        assert isinstance(parsed, HamrOrgConnectionResponse)
        assert parsed.to_dict() in ANSWERS[operation]
    assert warned == [], [record.getMessage() for record in warned]
    found = candidates(directory)
    assert sorted(found) == sorted(
        candidate_name(operation, 200, pointer) for operation in OPERATIONS for pointer in (STATUS, MODIFIED_AT)
    )
    assert listing(directory) == sorted(found), "a temporary file was left behind"
    scrubber = Scrubber([API_KEY, APP_KEY])
    for name, document in found.items():
        assert leftovers(document, scrubber) == [], name
        text = (directory / name).read_text("utf-8")
        for kept_out in (API_KEY, APP_KEY, "acme-corp", "3f2504e0"):
            assert kept_out not in text, name
    captures = {id(client.drift_capture): client.drift_capture for client in clients}
    assert len(captures) == 2
    assert sum(len(capture.written) for capture in captures.values() if capture is not None) == len(found)
    assert elapsed < TIME_LIMIT, f"{CALLS} drifted calls on {THREADS} threads took {elapsed:.1f} s"
