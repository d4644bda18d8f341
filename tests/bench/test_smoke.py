"""The benchmark runs end to end and reports every section: it cannot rot unnoticed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.bench.conftest import COUNTING_SUITE, TINY_SUITE, run_bench

CALLS = 20
CASES = 17
CLIENTS = (
    "urllib3 + json",
    "httpx + json",
    "httpx async + json",
    "httpx-aiohttp + json",
    "hamr_client",
    "hamr_client async",
    "hamr_client async aiohttp",
    "datadog-api-client",
)


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("bench")
    suite = root / "suite"
    suite.mkdir()
    (suite / "test_tiny.py").write_text(TINY_SUITE.format(cases=CASES))
    output = root / "bench.json"
    result = run_bench(
        "--calls", CALLS, "--round-size", 10,
        "--parse-number", 5, "--parse-repeat", 3,
        "--import-runs", 1, "--import-python", sys.executable,
        "--regen-runs", 1,
        "--served-requests", 20, "--served-clients", 5, "--served-per-client", 4,
        # No xdist: without the suite's own counts, cases come from Hypothesis's statistics.
        "--gate-suite", suite, "--gate-profile", "default", "--gate-args", "",
        # red-gate runs the real gate twice: its injection is tested on its own (test_red_gate.py).
        "--only", "calls", "layers", "capture", "parsing", "imports", "regen", "served", "gate",
        "--json", output,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(output.read_text())
    return result.stdout, document


@pytest.mark.slow
def test_every_client_makes_every_call(smoke: tuple[str, dict[str, Any]]) -> None:
    table, document = smoke
    for client in CLIENTS:
        assert client in table
        for operation in ("GET", "POST"):
            assert document["calls_us"][f"{client} {operation}"]["n"] == CALLS


@pytest.mark.slow
def test_ratios_are_paired_per_round(smoke: tuple[str, dict[str, Any]]) -> None:
    _, document = smoke
    ratio = document["call_ratios"]["hamr_client / httpx + json GET"]
    assert ratio["n"] == CALLS // 10
    assert ratio["q1"] <= ratio["median"] <= ratio["q3"]


@pytest.mark.slow
def test_every_section_reports_against_its_target(smoke: tuple[str, dict[str, Any]]) -> None:
    _, document = smoke
    assert document["parse_speedup"]["median"] > 0
    assert document["imports_ms"]["ratio"]["n"] == 1
    assert set(document["imports_ms"]["cli_ratios"]) == {"hamr --help / import httpx", "hamr get / import httpx"}
    assert document["regeneration_s"]["generate"]["n"] == 1
    names = {target["name"] for target in document["targets"]}
    assert {"parse speedup vs official", "import hamr_client / official", "regeneration s"} <= names
    assert {"hamr --help / import httpx", "hamr get / import httpx"} <= names
    assert {"hamr_client async aiohttp / hamr_client GET", "hamr_client async aiohttp / hamr_client POST"} <= names
    assert {"hamr_client / datadog-api-client GET", "hamr_client / httpx + json POST"} <= names


@pytest.mark.slow
def test_gate_counts_the_cases_hypothesis_ran(smoke: tuple[str, dict[str, Any]]) -> None:
    _, document = smoke
    gate = document["gate"]
    assert gate["passed"]
    assert (gate["properties"], gate["cases"]) == (1, CASES)


@pytest.mark.slow
def test_the_served_fake_is_measured_on_one_connection_and_many(smoke: tuple[str, dict[str, Any]]) -> None:
    table, document = smoke
    served = document["served"]
    assert (served["keep_alive_requests"], served["clients"], served["concurrent_requests"]) == (20, 5, 20)
    assert served["keep_alive_rps"] > 0
    assert served["concurrent_rps"] > 0
    assert served["failures"] == {}, "the served fake refused a client"
    assert "The served fake" in table


@pytest.mark.parametrize("bad", [["--calls", "0"], ["--calls", "many"], ["--only", "nothing"], ["--gate-args", "'"]])
def test_bad_arguments_get_a_usage_message(bad: list[str], tmp_path: Path) -> None:
    result = run_bench(*bad, "--json", tmp_path / "never.json")
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert not (tmp_path / "never.json").exists()


@pytest.mark.slow
def test_layers_compare_each_option_with_the_official_client(smoke: tuple[str, dict[str, Any]]) -> None:
    _, document = smoke
    layers = document["layers_us"]
    assert any(key.startswith("datadog-api-client") for key in layers)
    assert len(layers) >= 4
    for row in layers.values():
        assert row["n"] == CALLS
        assert row["vs_official"]["n"] == CALLS // 10


@pytest.mark.slow
def test_gate_prefers_the_cases_the_suite_counts_itself(tmp_path: Path) -> None:
    # Default gate arguments: pytest-xdist workers, as the contract session runs.
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "test_counting.py").write_text(COUNTING_SUITE.format(cases=CASES))
    result = run_bench("--only", "gate", "--gate-suite", suite, "--json", tmp_path / "bench.json")
    assert result.returncode == 0, result.stderr
    gate = json.loads((tmp_path / "bench.json").read_text())["gate"]
    assert (gate["passed"], gate["properties"], gate["cases"]) == (True, 1, CASES)


@pytest.mark.slow
def test_capture_is_measured_against_the_same_lenient_call(smoke: tuple[str, dict[str, Any]]) -> None:
    table, document = smoke
    capture = document["capture"]
    assert len(capture["calls_us"]) == 5
    for row in capture["calls_us"].values():
        assert row["n"] == CALLS
    assert set(capture["ratios"]) == {
        "drift kept / no drift_dir",
        "new drifts in a row / no drift_dir",
        "new drifts in a row with writes / no drift_dir",
        "a new drift / no drift_dir, both after a write",
    }
    for ratio in capture["ratios"].values():
        assert ratio["n"] == CALLS // 10
        assert 0 < ratio["q1"] <= ratio["median"] <= ratio["q3"]
    assert "Drift capture" in table
