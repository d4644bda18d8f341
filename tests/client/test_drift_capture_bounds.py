"""A drift directory is bounded: ``max_files`` candidates (an earlier run's count), answers up to ``max_body_size``.

Past a bound nothing more is written and the capture says so once, on the ``hamr_client.capture``
logger; what a bound refused does not keep a later answer of the same drift out.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from hamr_client import SpecDriftWarning
from hamr_client.capture import candidate_name
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.client.capturing import (
    DRIFTS,
    GET,
    OPERATIONS,
    STATUS,
    answering,
    call,
    candidates,
    capture_warnings,
    capturing_client,
    drifted,
    listing,
)

KEYS = [(operation, pointer) for operation in OPERATIONS for pointer in DRIFTS]


class Answers:
    """A handler answering whatever body the test set last."""

    def __init__(self) -> None:
        self.body: Any = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return answering(self.body)(request)


@settings(max_examples=60, deadline=None)
@given(
    max_files=st.integers(1, 5),
    earlier=st.integers(0, 6),
    clients=st.integers(1, 2),
    calls=st.lists(st.tuples(st.integers(0, 1), st.sampled_from(KEYS)), min_size=1, max_size=14),
)
@example(max_files=2, earlier=0, clients=2, calls=[(0, KEYS[0]), (1, KEYS[1]), (0, KEYS[2])])  # two captures, one count
@example(max_files=1, earlier=0, clients=2, calls=[(0, KEYS[0]), (1, KEYS[0])])  # a drift kept already is no refusal
def test_a_directory_never_holds_more_than_max_files_candidates(
    max_files: int, earlier: int, clients: int, calls: list[tuple[int, tuple[str, str]]]
) -> None:
    """The first drifts fill what an earlier run left free; the rest are refused, said once per capture."""
    answers = Answers()
    with tempfile.TemporaryDirectory() as parent:
        directory = Path(parent) / "drift"
        directory.mkdir()
        before = [f"earlier-{number}.json" for number in range(earlier)]
        for name in before:
            (directory / name).write_text("{}\n")
        made = [capturing_client(directory, answers) for _ in range(clients)]
        for client in made:
            assert client.drift_capture is not None
            client.drift_capture.max_files = max_files
        with capture_warnings() as warned:
            for which, (operation, pointer) in calls:
                answers.body = drifted({pointer: DRIFTS[pointer]})
                with pytest.warns(SpecDriftWarning):
                    call(made[which % clients], operation)
            for client in made:
                client.close()
        found = listing(directory)
    distinct = list(dict.fromkeys(key for _, key in calls))
    room = max(max_files - earlier, 0)
    assert found == sorted(
        [*before, *(candidate_name(operation, 200, pointer) for operation, pointer in distinct[:room])]
    )
    refused = len(distinct) > room
    assert bool(warned) == refused, [record.getMessage() for record in warned]
    assert len(warned) <= clients, "a capture said it is full more than once"
    assert all("at most" in record.getMessage() for record in warned)


def body_of_size(pointer: str, size: int) -> dict[str, Any]:
    """A body drifting at ``pointer`` whose JSON is ``size`` bytes (padded in target_org_name)."""
    body = drifted({pointer: DRIFTS[pointer]}, target_org_name="")
    padding = size - len(json.dumps(body).encode())
    assert padding >= 0
    body["data"]["attributes"]["target_org_name"] = "x" * padding
    return body


@pytest.mark.parametrize("over", [0, 1, 1000], ids=["at the bound", "a byte over", "far over"])
def test_an_answer_over_max_body_size_writes_nothing(tmp_path: Path, over: int) -> None:
    limit = 1000
    client = capturing_client(tmp_path / "drift", answering(body_of_size(STATUS, limit + over)))
    assert client.drift_capture is not None
    client.drift_capture.max_body_size = limit
    with capture_warnings() as warned:
        for _ in range(3):
            with pytest.warns(SpecDriftWarning):
                call(client, GET)
        client.close()
    assert listing(tmp_path / "drift") == ([] if over else [candidate_name(GET, 200, STATUS)])
    assert [record.getMessage() for record in warned] == (
        [f"a drifted answer over {limit} bytes was not kept"] if over else []
    )


@settings(max_examples=40, deadline=None)
@given(
    limit=st.integers(500, 1500),
    answers=st.lists(st.tuples(st.sampled_from(sorted(DRIFTS)), st.integers(500, 1500)), min_size=1, max_size=8),
)
def test_a_drift_refused_for_its_size_is_kept_from_its_next_answer_that_fits(
    limit: int, answers: list[tuple[str, int]]
) -> None:
    with tempfile.TemporaryDirectory() as parent:
        directory = Path(parent) / "drift"
        handler = Answers()
        client = capturing_client(directory, handler)
        assert client.drift_capture is not None
        client.drift_capture.max_body_size = limit
        with capture_warnings() as warned:
            for pointer, size in answers:
                handler.body = body_of_size(pointer, size)
                with pytest.warns(SpecDriftWarning):
                    call(client, GET)
            client.close()
        found = candidates(directory)
    kept: dict[str, int] = {}  # pointer -> the size of its first answer within the bound
    too_large = False
    for pointer, size in answers:
        if pointer in kept:
            continue
        if size <= limit:
            kept[pointer] = size
        else:
            too_large = True
    assert sorted(found) == sorted(candidate_name(GET, 200, pointer) for pointer in kept)
    for pointer, size in kept.items():
        string = found[candidate_name(GET, 200, pointer)]["interaction"]["response"]["body"]["string"]
        assert json.loads(string) == body_of_size(pointer, size), "not the first answer that fits"
    assert len(warned) == too_large, [record.getMessage() for record in warned]
