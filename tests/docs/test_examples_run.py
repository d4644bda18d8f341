"""Every Python block of README.md and docs/*.md, and every shell block of docs/cli.md and docs/testing.md,
runs as written, in the order shown, on a fresh fake (tests/docs/kit.py says how); a block that does not
run says so, visibly, and why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.docs import kit
from tests.testing.conftest import DOC_TESTS

RUN = [path for path in kit.DOCS if any(True for _ in kit.parse(path).examples())]


def _calls_the_fake(run: kit.Run) -> None:
    assert run.fake.requests >= 1, "the examples never called the API"


def _writes_then_reads(run: kit.Run) -> None:
    assert run.fake.connection is not None, "the examples never wrote the connection"
    assert run.fake.requests > len(run.fake.writes), "the examples never read it back"


def _shows_every_promised_test(run: kit.Run) -> None:
    assert sorted(set(DOC_TESTS) - set(run.passed)) == []
    (curl,) = [output for output in run.outputs if "HTTP/1.1 404" in output]
    assert '"hamr_status":2' in curl.replace(" ", "")  # the GET after the POST read what was written


def _drill_ends_back_in_passive(run: kit.Run) -> None:
    drill, branching, pair = run.outputs[-3:]
    assert '"hamr_status": 2' in drill
    assert branching.splitlines()[-1] == "2"  # PASSIVE, read back by the branching script
    # The two-org drill: both sides back in PASSIVE, mirroring each other, the gate open.
    assert '"mirrored": true' in pair
    assert pair.splitlines()[-2:] == [
        "PRIMARY: PASSIVE (2): outside FAILOVER (3), ACTIVE (4)",
        "DDR: PASSIVE (2): outside FAILOVER (3), ACTIVE (4)",
    ]


# What a document's run must also show, beyond every block exiting cleanly.
SHOWS: dict[str, Callable[[kit.Run], None]] = {
    "README.md": _calls_the_fake,
    "docs/client.md": _writes_then_reads,
    "docs/testing.md": _shows_every_promised_test,
    "docs/cli.md": _drill_ends_back_in_passive,
}


@pytest.mark.parametrize("path", RUN, ids=[str(path.relative_to(kit.ROOT)) for path in RUN])
def test_the_examples_run_as_written(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = kit.run_all(path, tmp_path, monkeypatch)
    ran = [e for e in kit.parse(path).examples() if not kit.is_mark(e)]
    assert len(ran) > len(run.skipped), f"{path.name}: every block is marked not run"
    shows = SHOWS.get(str(path.relative_to(kit.ROOT)))
    if shows is not None:
        shows(run)


def test_every_document_with_more_to_show_runs() -> None:
    assert {str(path.relative_to(kit.ROOT)) for path in RUN} >= set(SHOWS)
