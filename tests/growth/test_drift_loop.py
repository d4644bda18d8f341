"""Production drift becomes a recording, turns the gate red, and the spec catches up (docs/changing-the-spec.md).

On a copy of the tree (a git repository of its own): the served fake answers a ``hamr_status`` the
spec does not know; ``hamr --lenient --record-drift`` keeps both operations' answers; ``record.py
--from-drift`` files them; the gate fails naming the drift; the spec gains the status, ``info.version``
a major bump and ``CHANGELOG.md`` its entry; after regeneration the whole gate passes (the drift
recordings now satisfy "every enum value is recorded") and spec-diff judges the change.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cli.harness import LINK, OPERATOR
from tests.testing.served import serving
from tooling import spec_doc
from tooling.gate_tree import copy_tree, gate_environment, gate_tests, patch_spec, regenerate, run_pytest

pytestmark = pytest.mark.slow  # two regenerations, a gate run and spec-diff: about a minute

STATUS = "/components/schemas/HamrOrgConnectionStatus"
FIELD = "/data/attributes/hamr_status"
NEW_VALUE = 6
KEYS = {"DD_API_KEY": "loop-api-key-0a1b2c3d", "DD_APP_KEY": "loop-app-key-4e5f6a7b", "LOGNAME": OPERATOR}
TIMEOUT = 120


@dataclass(frozen=True)
class Loop:
    """What each step of the loop left."""

    tree: Path
    candidates: list[Path]
    filed: list[str]
    red: subprocess.CompletedProcess[str]
    green: subprocess.CompletedProcess[str]
    without_drift: subprocess.CompletedProcess[str]
    spec_diff: subprocess.CompletedProcess[str]


def _run(tree: Path, env: dict[str, str], *command: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, *command], cwd=tree, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode == code, f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def _git(tree: Path, *args: str) -> None:
    identity = ["-c", "user.name=loop", "-c", "user.email=loop@example.com"]
    subprocess.run(["git", "-C", str(tree), *identity, *args], capture_output=True, text=True, check=True)


def _spec_catches_up(tree: Path) -> str:
    """Add the drifted status to the spec, bump info.version to the next major, add the changelog entry."""
    spec = spec_doc.read(tree / "openapi" / "hamr.yaml")
    version = f"{int(spec['info']['version'].split('.')[0]) + 1}.0.0"
    patch_spec(
        tree,
        [
            {"op": "add", "path": f"{STATUS}/enum/-", "value": NEW_VALUE},
            {"op": "add", "path": f"{STATUS}/x-enum-varnames/-", "value": "DECOMMISSIONED"},
            {"op": "add", "path": f"{STATUS}/x-enum-descriptions/-", "value": "The connection was decommissioned"},
            {"op": "replace", "path": "/info/version", "value": version},
        ],
    )
    changelog = tree / "CHANGELOG.md"
    head, rest = changelog.read_text().split("\n## [", 1)
    entry = (
        f"## [{version}] - {datetime.date.today().isoformat()}\n\n"
        f"- **BREAKING**: `hamr_status` {NEW_VALUE} (DECOMMISSIONED), which Datadog answers in production "
        "(a drift recording): a client older than this one refuses it unless lenient.\n"
    )
    changelog.write_text(f"{head}\n{entry}\n## [{rest}")
    return version


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> Loop:
    work = tmp_path_factory.mktemp("loop")
    tree = copy_tree(work / "repo")
    _git(tree, "init", "-q", "-b", "main")
    _git(tree, "add", "-A")
    _git(tree, "commit", "-q", "-m", "the tree before the drift")
    env = {**gate_environment(tree, "dev"), **KEYS}
    drift = work / "drift"

    # 1. A server ahead of the spec, and a lenient runbook keeping what it answers.
    with serving(work / "fake.log", "--drift", f"{FIELD}={NEW_VALUE}", env=env) as fake:
        lenient = ["-m", "hamr_client", "--base-url", fake.url, "--lenient", "--record-drift", str(drift)]
        # Its answer holds the new status, not the one sent: not applied (11), its drift kept all the same.
        _run(tree, env, *lenient, "set", *LINK, "--yes", code=11)
        _run(tree, env, *lenient, "get")
    candidates = sorted(drift.glob("*.json"))

    # 2. Filed as recordings: the gate fails, naming the drift.
    filed = _run(tree, env, "-m", "scripts.record", "--from-drift", str(drift)).stdout
    red = run_pytest(tree, "dev", "contract_tests/test_recordings_obey_spec.py", "contract_tests/test_replay.py")

    # 3. The spec says what the server does; regenerated, the gate passes and spec-diff judges the change.
    _spec_catches_up(tree)
    regenerate(tree)
    green = run_pytest(tree, "dev", *gate_tests(tree))
    names = [Path(line.split()[1]) for line in filed.splitlines() if line.startswith("filed ")]
    aside = work / "aside"
    aside.mkdir()
    for index, name in enumerate(names):  # without them, the new status would have no recording
        name.rename(aside / f"{index}.yaml")
    without_drift = run_pytest(tree, "dev", "contract_tests/test_recordings_obey_spec.py")
    for index, name in enumerate(names):
        (aside / f"{index}.yaml").rename(name)
    judged = subprocess.run(
        [sys.executable, "-m", "scripts.spec_diff", "--examples", "12", "--format", "json"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": env["PYTHONPATH"]},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    return Loop(tree, candidates, [str(name) for name in names], red, green, without_drift, judged)


def test_the_lenient_runbook_keeps_one_candidate_per_operation(loop: Loop) -> None:
    documents = [json.loads(path.read_text()) for path in loop.candidates]
    assert len(documents) == 2, [path.name for path in loop.candidates]
    assert {d["pointer"] for d in documents} == {FIELD}
    assert len({d["operation"] for d in documents}) == 2, "the read and the write were not both kept"
    for path in loop.candidates:
        for key in ("DD_API_KEY", "DD_APP_KEY"):
            assert KEYS[key] not in path.read_text()


def test_the_imported_drift_turns_the_gate_red_naming_it(loop: Loop) -> None:
    assert loop.red.returncode == 1, loop.red.stdout[-3000:]
    assert len(loop.filed) == 2
    for path in loop.filed:
        name = Path(path).relative_to(loop.tree / "contract_tests" / "recordings").as_posix()
        assert f"recording {name} violates the spec at {FIELD}: {NEW_VALUE} is not one of" in loop.red.stdout, (
            loop.red.stdout[-3000:]
        )
        assert f"recording {name}: the client cannot parse it" in loop.red.stdout
    assert "change openapi/hamr.yaml to say it" in loop.red.stdout


def test_once_the_spec_says_it_the_whole_gate_passes(loop: Loop) -> None:
    assert loop.green.returncode == 0, loop.green.stdout[-5000:]
    assert " passed" in loop.green.stdout


def test_the_drift_recordings_are_what_records_the_new_status(loop: Loop) -> None:
    assert loop.without_drift.returncode == 1, loop.without_drift.stdout[-3000:]
    for operation in {json.loads(path.read_text())["operation"] for path in loop.candidates}:
        missing = f"recording missing: {operation} 200 has none with {FIELD} = {NEW_VALUE}"
        assert missing in loop.without_drift.stdout, loop.without_drift.stdout[-3000:]


def test_spec_diff_judges_the_widened_status_breaking_and_the_major_bump_enough(loop: Loop) -> None:
    assert loop.spec_diff.returncode == 0, loop.spec_diff.stdout[-3000:] + loop.spec_diff.stderr[-3000:]
    report: dict[str, Any] = json.loads(loop.spec_diff.stdout)
    assert report["passed"] is True
    widened = [c for c in report["changes"] if c["rule"] == "response.enum-widened"]
    assert widened, [c["rule"] for c in report["changes"]]
    assert all(c["severity"] == "breaking" for c in widened)
