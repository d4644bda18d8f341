"""Drift capture never raises into a call: a directory it cannot write, a failure of its own, logged once.

Whatever goes wrong, every call still returns its parsed model and the ``hamr_client.capture``
logger gets one WARNING (naming no key), however many calls and drifts follow.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from hamr_client import SpecDriftWarning
from hamr_client import capture as capture_module
from hamr_client.capture import DriftCapture, candidate_name
from hamr_client.scrub import Scrubber

from tests.client.capturing import (
    DRIFTS,
    GET,
    OPERATIONS,
    STATUS,
    answering,
    call,
    capture_warnings,
    capturing_client,
    drifted,
    listing,
)
from tests.client.conftest import API_KEY, APP_KEY

Breakage = Callable[[Path], Path]


def under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "a-file").write_text("")
    return tmp_path / "a-file" / "drift"


def made_a_file_later(tmp_path: Path) -> Path:
    return tmp_path / "drift"  # a file takes its place once the client is built


@pytest.mark.parametrize(
    "where", [under_a_file, made_a_file_later], ids=["under a regular file", "a file since the client was built"]
)
def test_an_unwritable_drift_dir_costs_no_call_and_is_logged_once(tmp_path: Path, where: Breakage) -> None:
    directory = where(tmp_path)
    body = drifted(DRIFTS)
    client = capturing_client(directory, answering(body))
    if where is made_a_file_later:
        directory.write_text("not a directory")
    with capture_warnings() as warned:
        for _ in range(3):
            for operation in OPERATIONS:
                for use_async in (False, True):
                    with pytest.warns(SpecDriftWarning):
                        parsed = call(client, operation, use_async=use_async)
                    assert parsed.to_dict() == body
        client.close()
    assert [record.getMessage().startswith("cannot write drift candidates to ") for record in warned] == [True]
    assert not any(key in warned[0].getMessage() for key in (API_KEY, APP_KEY))
    assert client.drift_capture is not None
    assert client.drift_capture.written == []


def test_a_directory_that_goes_away_mid_run_is_logged_once(tmp_path: Path) -> None:
    directory = tmp_path / "drift"
    bodies = iter([drifted({pointer: value}) for pointer, value in DRIFTS.items()])

    def handler(request: httpx.Request) -> httpx.Response:
        return answering(next(bodies))(request)

    client = capturing_client(directory, handler)
    with capture_warnings() as warned:
        with pytest.warns(SpecDriftWarning):
            call(client, GET)
        assert client.drift_capture is not None
        assert client.drift_capture.flush(5)
        shutil.rmtree(directory)
        directory.write_text("")
        for _ in range(2):
            with pytest.warns(SpecDriftWarning):
                call(client, GET)
        client.close()
    assert len(warned) == 1
    assert [path.name for path in client.drift_capture.written] == [candidate_name(GET, 200, STATUS)]


def fail(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("a bug")


FAULTS: dict[str, tuple[Any, str, Any, str]] = {
    # what breaks: (object, attribute, replacement, what the one WARNING says)
    "in the caller's call": (DriftCapture, "_capture", fail, "drift capture failed and is off for this answer"),
    "in the writer": (Scrubber, "body", fail, "drift capture failed: RuntimeError"),
    "a check finding a key": (capture_module, "leftovers", lambda *args: ["a key"], "a drift candidate was not kept"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_failure_of_the_capture_costs_no_call_and_is_logged_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    owner, name, replacement, said = FAULTS[fault]
    monkeypatch.setattr(owner, name, replacement)
    body = drifted(DRIFTS)
    client = capturing_client(tmp_path / "drift", answering(body))
    with capture_warnings() as warned:
        for operation in [*OPERATIONS, *OPERATIONS]:
            with pytest.warns(SpecDriftWarning):
                parsed = call(client, operation)
            assert parsed.to_dict() == body
        client.close()
    assert [record.getMessage()[: len(said)] for record in warned] == [said]
    assert listing(tmp_path / "drift") == []
