"""The swallowed property of issue 30, through spec-diff: the report names the property that vanished.

An unclosed quote in ``modified_at``'s example swallowed ``modified_by``, which stayed in ``required``.
spec-diff used to blame ``response.type-changed`` on HamrOrgConnectionModifiedBy, a schema nobody touched.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.generation.test_refusals import GOOD, RESPONSE_ATTRIBUTES, SWALLOWED
from tooling import spec_diff, spec_doc

Git = Callable[..., subprocess.CompletedProcess[str]]


def test_spec_diff_names_the_property_that_vanished(git_repo: Git, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Path(git_repo("rev-parse", "--show-toplevel").stdout.strip())
    (repo / "openapi").mkdir()
    for text, message in ((GOOD, "old"), (SWALLOWED, "an unclosed quote")):
        (repo / "openapi" / "hamr.yaml").write_text(text)
        git_repo("add", "openapi/hamr.yaml")
        git_repo("commit", "-q", "-m", message)

    code = spec_diff.main(["--repo", str(repo), "--format", "json", "--no-evidence"])

    report = json.loads(capsys.readouterr().out)
    assert code == 1
    breaking = [c for c in report["changes"] if c["severity"] == "breaking"]
    assert {c["rule"] for c in breaking} == {"response.required-without-property"}, breaking
    assert {c["where"].rsplit(" ", 1)[1] for c in breaking} == {"/data/attributes/modified_by"}
    required = spec_doc.at(spec_doc.parse(SWALLOWED), RESPONSE_ATTRIBUTES)
    index = required["required"].index("modified_by")
    assert {c["pointer"] for c in breaking} == {f"{RESPONSE_ATTRIBUTES}/required/{index}"}
    assert all("'modified_by' is still required but its property is gone" in c["detail"] for c in breaking)
    assert not any("HamrOrgConnectionModifiedBy" in c["pointer"] for c in report["changes"])
