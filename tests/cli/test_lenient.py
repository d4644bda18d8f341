"""``--lenient``: an answer the spec does not know yet (a newer status) is used, and each drift reported on stderr."""

from __future__ import annotations

import copy
import json

from hamr_client.testing import examples

from tests.cli.conftest import Hamr

NEWER = copy.deepcopy(examples.CONNECTION_RESPONSE)
NEWER["data"]["attributes"]["hamr_status"] = 6  # a status after RECOVERY


def test_strict_refuses_a_status_the_spec_does_not_know(injectable: Hamr) -> None:
    assert injectable.fake is not None
    injectable.fake.fail_next(200, body=NEWER)
    refused = injectable("--json", "get")
    assert refused.code == 7
    assert refused.error()["type"] == "InvalidResponse"
    assert "/data/attributes/hamr_status" in refused.error()["message"]


def test_lenient_shows_it_and_reports_the_drift(injectable: Hamr) -> None:
    assert injectable.fake is not None
    injectable.fake.fail_next(200, body=NEWER)
    shown = injectable("get", "--lenient")
    assert shown.code == 0, shown.stderr
    assert "6 (not in the spec)" in shown.stdout
    (drift,) = shown.stderr.splitlines()
    assert drift.startswith("hamr: drift: ")
    assert "/data/attributes/hamr_status" in drift


def test_lenient_json_keeps_the_document_exact_and_the_drift_as_json(injectable: Hamr) -> None:
    assert injectable.fake is not None
    injectable.fake.fail_next(200, body=NEWER)
    shown = injectable("--json", "--lenient", "get")
    assert shown.code == 0, shown.stderr
    assert shown.document() == NEWER
    (line,) = shown.stderr.splitlines()
    warning = json.loads(line)["warning"]
    assert warning["type"] == "SpecDriftWarning"
    assert "/data/attributes/hamr_status" in warning["message"]
