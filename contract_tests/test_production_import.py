"""scripts/record.py --from-exchanges: exchanges recorded in production become recordings the gate holds to the spec.

The exchanges are made here as ``shared/production/exchanges.yaml`` has them -- the docs' example
answer in production's dialect (``spec_doc.translate``, so no name is written here), real-looking
ids and e-mail, the DDR pair's two mirrored answers, a 401 -- and imported; then files altered as a
careless edit would alter them are each refused in one line, with nothing written.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hamr_client.scrub import DOCS_EMAIL, DOCS_UUIDS

from contract_tests import spec as spec_module
from contract_tests.cassettes import all_recordings, unscrubbed
from contract_tests.record_runs import run_record
from contract_tests.verdicts import response_problems
from contract_tests.wire import response_schema
from tooling import spec_doc
from tooling.cassette_writer import aligned_uuids

SPEC = spec_module.load()
# The operation production's committed recordings answer (the spec may grow others: tests/growth).
READ = next(r.operation for r in all_recordings() if r.dialect == spec_doc.PRODUCTION and r.status == 200)
PATH = SPEC.operations[READ].path
ORG, TARGET = "4c3d2a10-8582-11ef-8c1e-0a58a9feac02", "c0ffee11-857e-11ef-b7d2-0a58a9feac03"
EMAIL = "jane.operator@acme-corp.io"
HEADER = """\
# Real exchanges of GET /api/v2/hamr with Datadog's production API, as recorded (VCR) by Datadog's
# own datadog-sync-cli (github.com/DataDog/datadog-sync-cli, tests/integration/cassettes/test_cli/,
# commit 949a444c6 of 2026-08-13; re-recorded 2026-07-14). Personal names and org ids replaced,
# shapes kept. See README.md.
"""
ENV_KEY = "exchanges-api-key-1a2b3c4d5e6f7a8b9c0d"


def answer(org: str, target: str) -> str:
    """The docs' example 200 of GET, in production's dialect, ``org`` answering about its ``target``."""
    example = SPEC.schema_at(SPEC.response_schema_pointer(READ, 200))
    found = SPEC.response(READ, 200)
    assert found is not None
    value = next(iter(found[0]["content"]["application/json"]["examples"].values()))
    body = spec_doc.translate(SPEC.document, example, SPEC.follow(value)["value"], spec_doc.PRODUCTION)
    text = json.dumps(body).replace(DOCS_UUIDS[0], "{org}").replace(DOCS_UUIDS[1], "{target}")
    return text.replace("{org}", org).replace("{target}", target).replace(DOCS_EMAIL, EMAIL)


def exchange(site: str, status: int, body: str, media: str = "application/vnd.api+json") -> dict[str, Any]:
    return {
        "file": "tests/integration/cassettes/test_cli/TestCli.test_cleanup.yaml",
        "method": "GET",
        "uri": f"https://api.{site}{PATH}",
        "status": status,
        "reason": "OK" if status == 200 else "Unauthorized",
        "headers": {"Content-Type": [media], "Set-Cookie": [f"owner={EMAIL}"]},
        "body": body,
    }


PAIR = [
    exchange("datadoghq.eu", 200, answer(ORG, TARGET)),
    exchange("us5.datadoghq.com", 200, answer(TARGET, ORG)),
    exchange("datadoghq.eu", 401, json.dumps({"errors": ["Unauthorized"]}), "application/json"),
]


def write(path: Path, exchanges: list[dict[str, Any]], header: str = HEADER) -> Path:
    path.write_text(header + json.dumps(exchanges, indent=1), encoding="utf-8")  # JSON is YAML
    return path


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_record(*args, env=env)


def scrubbed(text: str) -> Any:
    """What the importer must make of an answer: every id and address its placeholder, the same everywhere."""
    return json.loads(text.replace(ORG, DOCS_UUIDS[0]).replace(TARGET, DOCS_UUIDS[1]).replace(EMAIL, DOCS_EMAIL))


def test_exchanges_are_filed_scrubbed_mirrored_with_provenance_and_pass_the_gate(tmp_path: Path) -> None:
    output = tmp_path / "recordings"
    result = run("--from-exchanges", str(write(tmp_path / "exchanges.yaml", PAIR)), "--output", str(output))
    assert result.returncode == 0, result.stderr
    recordings = all_recordings(output)
    assert [r.name for r in recordings] == [
        f"{READ}/production-200-datadoghq.eu.yaml",
        f"{READ}/production-200-us5.datadoghq.com.yaml",
        f"{READ}/production-401-datadoghq.eu.yaml",
    ]
    for recording, sent in zip(recordings, PAIR, strict=True):
        assert recording.metadata["source"] == "production"
        assert recording.dialect == spec_doc.PRODUCTION
        assert {k: recording.metadata[k] for k in ("repository", "commit", "commit_date", "recorded", "file")} == {
            "repository": "DataDog/datadog-sync-cli",
            "commit": "949a444c6",
            "commit_date": "2026-08-13",
            "recorded": "2026-07-14",
            "file": sent["file"],
        }
        assert recording.metadata["site"] == httpx_site(sent["uri"])
        # The pair's mirror survives: one id is one placeholder across the whole import.
        assert recording.json() == scrubbed(sent["body"]), f"{recording.name} is not the answer, scrubbed"
        assert recording.headers == {"Content-Type": sent["headers"]["Content-Type"][0]}, "a cookie was kept"
        assert not unscrubbed(recording)
        assert not response_problems(recording), response_problems(recording)
        for secret in (ORG, TARGET, EMAIL):
            assert secret not in recording.file.read_text()
    assert "filed" in result.stdout


def httpx_site(uri: str) -> str:
    return uri.split("//api.", 1)[1].split("/", 1)[0]


def test_the_docs_ids_land_where_the_docs_have_them(tmp_path: Path) -> None:
    # Whichever exchange comes first, the org answering the first success gets the docs' ids at the docs' places.
    output = tmp_path / "recordings"
    reordered = [PAIR[2], PAIR[1], PAIR[0]]
    result = run("--from-exchanges", str(write(tmp_path / "exchanges.yaml", reordered)), "--output", str(output))
    assert result.returncode == 0, result.stderr
    first = next(r for r in all_recordings(output) if r.status == 200 and r.metadata["site"] == "us5.datadoghq.com")
    found = SPEC.response(READ, 200)
    assert found is not None
    example = SPEC.follow(next(iter(found[0]["content"]["application/json"]["examples"].values())))["value"]
    reference = spec_doc.translate(SPEC.document, response_schema(SPEC, READ, 200), first.json(), spec_doc.REFERENCE)
    aligned = list(aligned_uuids(example, reference))
    assert aligned, "the docs' example and the answer share no id place"
    assert all(value == placeholder for value, placeholder in aligned), aligned


def test_flags_give_the_provenance_a_header_lacks(tmp_path: Path) -> None:
    output = tmp_path / "recordings"
    file = write(tmp_path / "exchanges.yaml", PAIR[:1], header="")
    flags = [
        "--repository",
        "Acme/sync",
        "--commit",
        "abc1234",
        "--commit-date",
        "2026-01-02",
        "--recorded",
        "2026-01-01",
    ]
    result = run("--from-exchanges", str(file), "--output", str(output), *flags)
    assert result.returncode == 0, result.stderr
    (recording,) = all_recordings(output)
    assert (recording.metadata["repository"], recording.metadata["commit"]) == ("Acme/sync", "abc1234")
    assert (recording.metadata["commit_date"], recording.metadata["recorded"]) == ("2026-01-02", "2026-01-01")


# A method the spec has no operation of at the path (a grown spec may have DELETE: tests/growth).
UNUSED = next(m.upper() for m in spec_doc.METHODS if SPEC.operation(m, PATH) is None)


def _with(index: int, **changes: Any) -> list[dict[str, Any]]:
    return [{**entry, **changes} if number == index else entry for number, entry in enumerate(PAIR)]


# Each a file no recording may come from (the last exchange broken: the first ones must not be written),
# and the words the refusal must say.
REFUSED: dict[str, tuple[list[dict[str, Any]] | str, str]] = {
    "not a list": ("{}", "not a list of exchanges"),
    "not YAML": ("[: :", "not YAML"),
    "a path the spec lacks": (
        _with(2, uri="https://api.datadoghq.eu/api/v2/other"),
        "the spec has no GET /api/v2/other",
    ),
    "a method the spec lacks": (_with(2, method=UNUSED), f"the spec has no {UNUSED}"),
    "a status that is text": (_with(2, status="401"), "'status'"),
    "a body over the cap": (_with(2, body=" " * (300 * 1024)), "bytes"),
    "headers that are not a mapping": (_with(2, headers=["Content-Type"]), "headers"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_file_that_is_not_clean_is_refused_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    content, said = REFUSED[name]
    file = tmp_path / "exchanges.yaml"
    if isinstance(content, str):
        file.write_text(content)
    else:
        write(file, content)
    output = tmp_path / "recordings"
    result = run("--from-exchanges", str(file), "--output", str(output))
    assert result.returncode == 1, result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith("record.py: "), line
    assert line.endswith("nothing was written"), line
    assert said in line, line
    written = [p for p in output.rglob("*") if p.is_file()] if output.exists() else []
    assert not written, f"a refused import wrote {written}"


def test_the_environment_s_keys_are_redacted_wherever_an_answer_quotes_them(tmp_path: Path) -> None:
    leaky = _with(2, body=json.dumps({"errors": [f"bad key {ENV_KEY}"]}))
    output = tmp_path / "recordings"
    result = run(
        "--from-exchanges", str(write(tmp_path / "e.yaml", leaky)), "--output", str(output), env={"DD_API_KEY": ENV_KEY}
    )
    assert result.returncode == 0, result.stderr
    texts = "".join(path.read_text() for path in output.rglob("*.yaml"))
    assert ENV_KEY not in texts
    assert "<redacted>" in texts


def test_without_provenance_it_says_which_flag_to_give(tmp_path: Path) -> None:
    file = write(tmp_path / "exchanges.yaml", PAIR[:1], header="# nothing said here\n")
    result = run("--from-exchanges", str(file), "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "give --repository" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.yaml"))


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    result = run("--from-exchanges", str(tmp_path / "missing.yaml"), "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "not a file of exchanges" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["--allow-write"], ["--base-url", "http://127.0.0.1:9"], ["--from-drift", "."]],
    ids=["allow-write", "base-url", "from-drift"],
)
def test_from_exchanges_sends_nothing_and_is_one_source(tmp_path: Path, args: list[str]) -> None:
    result = run("--from-exchanges", str(write(tmp_path / "e.yaml", PAIR)), *args)
    assert result.returncode == 2
    assert "--from-exchanges" in result.stderr


def test_provenance_flags_need_from_exchanges(tmp_path: Path) -> None:
    result = run("--commit", "abc1234", "--output", str(tmp_path))
    assert result.returncode == 2
    assert "go with --from-exchanges" in result.stderr
