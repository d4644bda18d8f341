"""A request field the spec gains is a ``hamr set`` option after regeneration, with no edit to the command line.

A copy of the tree gets the field of new-request-field.yaml (gate_tree.grown_tree, as for new operations),
is regenerated, and its own ``hamr`` -- against its own served fake -- offers the option and writes the field.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.harness import LINK, PROCESS_SECONDS, environment
from tests.testing.served import serving
from tooling import spec_doc
from tooling.gate_tree import gate_environment, grown_tree

pytestmark = pytest.mark.slow  # a regeneration, about 15 s

PATCH = spec_doc.load_yaml(Path(__file__).parent / "new-request-field.yaml")
(NEW,) = [schema for schema in (op["value"] for op in PATCH) if "description" in schema]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return grown_tree(tmp_path_factory.mktemp("grown"), PATCH)


def hamr(tree: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**gate_environment(tree, "dev"), **environment()}
    return subprocess.run(
        [sys.executable, "-m", "hamr_client", *argv],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=PROCESS_SECONDS,
        check=False,
    )


def test_the_new_field_is_an_option_with_the_specs_description(tree: Path) -> None:
    shown = hamr(tree, "set", "--help")
    assert shown.returncode == 0, shown.stderr
    entry = " ".join(shown.stdout.split("\n  --drill-id TEXT", 1)[1].split("\n  --", 1)[0].split())
    assert entry == NEW["description"]  # optional: not needed to link


def test_the_new_option_writes_the_field(tree: Path, tmp_path: Path) -> None:
    with serving(tmp_path / "stderr.txt") as served:  # the working tree's fake: it keeps what it does not model
        linked = hamr(tree, "--base-url", served.url, "set", *LINK, "--drill-id", NEW["example"], "--yes", "--json")
        assert linked.returncode == 0, linked.stderr
        assert json.loads(linked.stdout)["data"]["attributes"]["drill_id"] == NEW["example"]
        shown = hamr(tree, "--base-url", served.url, "get")
    assert shown.returncode == 0, shown.stderr
    assert ["drill_id", NEW["example"]] in [line.split() for line in shown.stdout.splitlines()]
