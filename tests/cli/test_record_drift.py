"""``--record-drift DIR`` (with ``--lenient``): each drifted answer kept, scrubbed, as a candidate named on stderr."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from hamr_client.capture import FORMAT
from hamr_client.cli.exits import Exit
from hamr_client.testing import HamrFake

from tests.cli.conftest import NEWER_STATUS, Hamr
from tests.cli.harness import API_KEY, APP_KEY, LINK, Result, as_process, in_process

(STATUS,) = NEWER_STATUS
KEPT = re.compile(r"hamr: drift: kept as (.+) \(import it with: nox -s record -- --from-drift (.+)\)")


def kept(result: Result) -> list[Path]:
    """The candidate files a run named, each line checked whole."""
    found = []
    for line in result.stderr.splitlines():
        if "kept as" in line:
            match = KEPT.fullmatch(line)
            assert match is not None, line
            path = Path(match[1])
            assert match[2] == shlex.quote(str(path.parent))
            found.append(path)
    return found


def test_each_drifted_answer_is_kept_once_and_named(drifting: Hamr, tmp_path: Path) -> None:
    where = tmp_path / "drift"
    linked = drifting("set", *LINK, "--yes", "--lenient", "--record-drift", str(where))
    read = drifting("get", "--lenient", "--record-drift", str(where))
    # The write's answer holds status 6, not the 4 sent: not applied (11), and its drift kept all the same.
    assert (linked.code, read.code) == (Exit.NOT_APPLIED, 0), linked.stderr + read.stderr
    named = kept(linked) + kept(read)
    assert len(named) == 2
    assert sorted(named) == sorted(where.iterdir())
    assert read.stderr.splitlines()[-1].startswith("hamr: drift: kept as ")  # after the drift it keeps
    candidates = [json.loads(path.read_text()) for path in named]
    assert [(candidate["format"], candidate["pointer"], candidate["status"]) for candidate in candidates] == [
        (FORMAT, STATUS, 200)
    ] * 2
    assert [candidate["interaction"]["request"]["method"] for candidate in candidates] == ["POST", "GET"]
    again = drifting("get", "--lenient", "--record-drift", str(where))
    assert again.code == 0
    assert kept(again) == []  # a drift kept there already is not kept twice
    assert "hamr: drift: " in again.stderr


def test_with_json_each_candidate_is_a_json_line(drifting: Hamr, tmp_path: Path) -> None:
    where = tmp_path / "drift"
    linked = drifting("--json", "set", *LINK, "--yes", "--lenient", "--record-drift", str(where))
    assert linked.code == Exit.NOT_APPLIED, linked.stderr  # the answer holds status 6, not the 4 sent
    assert linked.stdout == ""
    lines = [json.loads(line) for line in linked.stderr.splitlines()]
    assert [line["error"]["type"] for line in lines if "error" in line] == ["WriteNotAppliedError"]
    assert [line["warning"]["type"] for line in lines if "warning" in line] == ["SpecDriftWarning"]
    (candidate,) = [line["drift_candidate"] for line in lines if "drift_candidate" in line]
    assert [Path(candidate)] == list(where.iterdir())


def test_a_candidate_holds_no_key(drifting: Hamr, tmp_path: Path) -> None:
    where = tmp_path / "drift"
    results = [
        drifting("set", *LINK, "--yes", "--lenient", "--record-drift", str(where)),
        drifting("get", "--lenient", "-v", "--record-drift", str(where)),
    ]
    files = list(where.iterdir())
    assert len(files) == 2
    for text in [path.read_text() for path in files] + [r.stdout + r.stderr for r in results]:
        assert API_KEY not in text
        assert APP_KEY not in text
    for path in files:
        headers = json.loads(path.read_text())["interaction"]["request"]["headers"]
        assert headers["dd-api-key"] == headers["dd-application-key"] == ["<redacted>"]


@pytest.mark.parametrize(
    "command",
    [["get"], ["wait", "--status", "active"], ["set", "--hamr-status", "active", "--yes"], ["--json", "get"]],
    ids=["get", "wait", "set", "json"],
)
def test_without_lenient_it_is_a_usage_error(hamr_fake: HamrFake, tmp_path: Path, command: list[str]) -> None:
    where = tmp_path / "drift"
    refused = in_process(hamr_fake, *command, "--record-drift", str(where))
    assert refused.code == 2
    message = refused.error()["message"] if "--json" in command else refused.stderr
    assert "a strict client refuses drift instead of keeping it: add --lenient" in message
    assert hamr_fake.requests == 0
    assert not where.exists()


def test_without_lenient_nothing_is_even_sent(tmp_path: Path) -> None:
    refused = as_process("--base-url", "http://127.0.0.1:9", "get", "--record-drift", str(tmp_path))
    assert refused.code == 2, refused.stderr  # not 8: no connection was tried
    assert "add --lenient" in refused.stderr


def test_the_exit_code_stays_the_commands(tmp_path: Path) -> None:
    fake = HamrFake(drift=NEWER_STATUS)
    assert in_process(fake, "set", *LINK, "--yes", "--lenient").code == Exit.NOT_APPLIED  # written, answered 6
    where = tmp_path / "drift"
    waited = in_process(
        fake, "wait", "--status", "active", "--timeout", "30", "--lenient", "--record-drift", str(where)
    )
    assert waited.code == 10, waited.stderr  # timed out: the status never became a known one
    assert kept(waited) == list(where.iterdir())
    assert len(kept(waited)) == 1


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_a_directory_it_cannot_write_to_is_said_not_kept_silent(tmp_path: Path, as_json: bool) -> None:
    fake = HamrFake(drift=NEWER_STATUS)
    assert in_process(fake, "set", *LINK, "--yes", "--lenient").code == Exit.NOT_APPLIED  # written, answered 6
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    read = in_process(fake, *(["--json"] if as_json else []), "get", "--lenient", "--record-drift", str(blocker / "d"))
    assert read.code == 0
    assert kept(read) == []
    if as_json:
        lines = [json.loads(line)["warning"] for line in read.stderr.splitlines()]
        assert {line["type"] for line in lines} == {"SpecDriftWarning", "DriftNotKept"}
        assert any("cannot write drift candidates" in line["message"] for line in lines)
    else:
        assert f"hamr: drift: cannot write drift candidates to {blocker / 'd'}" in read.stderr
