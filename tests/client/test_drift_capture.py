"""drift_dir: each new (operation, status, pointer) a lenient client tolerated is one cassette candidate, once.

What a candidate holds (the answer as received, the drift, the provenance, a vcrpy interaction),
when one is written (a new drift only, never for a spec-valid answer or a strict client), and
how (atomically, flushed by ``close()``, shared by ``with_options``, sync and async alike).
"""

from __future__ import annotations

import asyncio
import datetime
import json
import os
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hamr_client
import httpx
import pytest
from hamr_client import ConfigurationError, InvalidResponse, SpecDriftWarning, datadog_client
from hamr_client.api.high_availability_multi_region import get_hamr_org_connection
from hamr_client.capture import FORMAT, candidate_name
from hamr_client.client import SITES
from hamr_client.models import HamrOrgConnectionResponse
from hamr_client.parsing import parse_json_body
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.client.capturing import (
    DRIFTS,
    GET,
    KNOWN_STATUSES,
    MODIFIED_AT,
    OPERATIONS,
    POST,
    STATUS,
    TYPE,
    answering,
    call,
    candidates,
    capturing_client,
    drifted,
    listing,
)
from tests.client.conftest import API_KEY, APP_KEY, PATH, request_example, response_example
from tests.client.transports import ASYNC_TRANSPORTS, AsyncTransport

REDACTED = ["<redacted>"]
# Off-format text: no digit (RFC 3339 starts with four), nothing the scrubber would take for an identifier.
plain_text = st.text(st.characters(exclude_characters="0123456789@%", exclude_categories=["Cs"]), max_size=30)
VALUES = {
    STATUS: st.integers(-(2**63), 2**63 - 1).filter(lambda value: value not in KNOWN_STATUSES),
    MODIFIED_AT: st.one_of(
        st.sampled_from(["yesterday", "", "2026-01-13", "2026-01-13T17:26:48", "2026-02-30T00:00:00Z"]), plain_text
    ),
    TYPE: plain_text.filter(lambda text: text != "hamr_org_connections"),
}
drifts = st.fixed_dictionaries({}, optional=VALUES).filter(bool)


@pytest.fixture
def directory() -> Iterator[Path]:
    """A drift directory not created yet (the capture creates it), in a directory of its own."""
    with tempfile.TemporaryDirectory() as parent:
        yield Path(parent) / "drift"


def utc(text: str) -> datetime.datetime:
    assert text.endswith("Z"), text
    return datetime.datetime.fromisoformat(text)


def check_interaction(interaction: dict[str, Any], operation: str, site: str, body: dict[str, Any]) -> None:
    """A vcrpy interaction of ``operation`` answered ``body``: keys redacted, nothing undocumented kept."""
    assert set(interaction) == {"request", "response"}
    request, response = interaction["request"], interaction["response"]
    assert set(request) == {"method", "uri", "headers", "body"}
    assert request["uri"] == f"https://api.{site}{PATH}"
    headers = {name.lower(): values for name, values in request["headers"].items()}
    expected = {"accept": ["application/json"], "dd-api-key": REDACTED, "dd-application-key": REDACTED}
    if operation == GET:
        assert (request["method"], request["body"]) == ("GET", None)
    else:
        assert request["method"] == "POST"
        assert json.loads(request["body"]) == request_example()
        expected["content-type"] = ["application/json"]
    assert headers == expected
    assert response["status"] == {"code": 200, "message": "OK"}
    assert {name.lower(): values for name, values in response["headers"].items()} == {
        "content-type": ["application/json"]
    }
    assert set(response["body"]) == {"string"}
    assert json.loads(response["body"]["string"]) == body


@settings(max_examples=40, deadline=None)
@given(
    values=drifts,
    operation=st.sampled_from(OPERATIONS),
    use_async=st.booleans(),
    site=st.sampled_from(SITES),
)
def test_a_drifted_answer_is_one_candidate_per_pointer_and_the_same_drift_again_none(
    values: dict[str, Any], operation: str, use_async: bool, site: str
) -> None:
    body = drifted(values)
    with tempfile.TemporaryDirectory() as parent:
        directory = Path(parent) / "drift"
        client = capturing_client(directory, answering(body), site=site)
        before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        with pytest.warns(SpecDriftWarning) as record:
            parsed = call(client, operation, use_async=use_async)
        after = datetime.datetime.now(datetime.UTC)
        assert isinstance(parsed, HamrOrgConnectionResponse)
        assert parsed.to_dict() == body
        drift = [w.message for w in record if isinstance(w.message, SpecDriftWarning)]
        assert client.drift_capture is not None
        assert client.drift_capture.flush(5)

        found = candidates(directory)
        assert sorted(found) == sorted(candidate_name(operation, 200, pointer) for pointer in values)
        for pointer in values:
            candidate = found[candidate_name(operation, 200, pointer)]
            reason = next(w.reason for w in drift if w.path == pointer)
            assert set(candidate) == {"format", "operation", "status", "pointer", "reason", "drift"} | {
                "provenance",
                "interaction",
            }
            assert (candidate["format"], candidate["operation"], candidate["status"]) == (FORMAT, operation, 200)
            assert (candidate["pointer"], candidate["reason"]) == (pointer, reason)
            assert candidate["drift"] == [{"pointer": w.path, "reason": w.reason} for w in drift]
            provenance = candidate["provenance"]
            assert set(provenance) == {"site", "captured_at", "package_version"}
            assert (provenance["site"], provenance["package_version"]) == (site, hamr_client.__version__)
            assert before <= utc(provenance["captured_at"]) <= after
            check_interaction(candidate["interaction"], operation, site, body)
        assert sorted(path.name for path in client.drift_capture.written) == sorted(found)

        kept = {name: (directory / name).stat().st_mtime_ns for name in found}
        with pytest.warns(SpecDriftWarning):
            call(client, operation, use_async=not use_async)
        client.close()
        assert candidates(directory) == found, "the same drift again changed the directory"
        assert {name: (directory / name).stat().st_mtime_ns for name in found} == kept
        assert len(client.drift_capture.written) == len(found)


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "asyncio"])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_spec_valid_answer_writes_nothing(directory: Path, operation: str, use_async: bool) -> None:
    client = capturing_client(directory, answering(response_example()))
    parsed = call(client, operation, use_async=use_async)
    client.close()
    assert parsed.to_dict() == response_example()
    assert not directory.exists()
    assert client.drift_capture is not None
    assert client.drift_capture.written == []


def test_a_new_drift_after_a_valid_answer_gets_its_own_file(directory: Path) -> None:
    bodies = iter([drifted({STATUS: 6}), response_example(), drifted({STATUS: 7, MODIFIED_AT: "now"})])

    def handler(request: httpx.Request) -> httpx.Response:
        return answering(next(bodies))(request)

    client = capturing_client(directory, handler)
    with pytest.warns(SpecDriftWarning):
        call(client, GET)
    call(client, GET)
    with pytest.warns(SpecDriftWarning):
        call(client, GET)
    client.close()
    assert listing(directory) == sorted(candidate_name(GET, 200, pointer) for pointer in (STATUS, MODIFIED_AT))
    # The first answer of a drift is the one kept.
    assert candidates(directory)[candidate_name(GET, 200, STATUS)]["reason"] == "6 is not one of 0, 1, 2, 3, 4, 5"


def test_warnings_raised_as_errors_still_leave_every_candidate(directory: Path) -> None:
    client = capturing_client(directory, answering(drifted(DRIFTS)))
    with warnings.catch_warnings():
        warnings.simplefilter("error", SpecDriftWarning)
        with pytest.raises(SpecDriftWarning):
            call(client, POST)
    client.close()
    assert listing(directory) == sorted(candidate_name(POST, 200, pointer) for pointer in DRIFTS)


def test_a_strict_parse_never_captures_even_given_a_capture(directory: Path) -> None:
    lenient = capturing_client(directory, answering(drifted(DRIFTS)))
    assert lenient.drift_capture is not None
    response = httpx.Response(
        200,
        json=drifted(DRIFTS),
        request=httpx.Request("GET", f"https://api.datadoghq.com{PATH}"),
    )
    with pytest.raises(InvalidResponse):
        parse_json_body(response, GET, HamrOrgConnectionResponse.from_dict, strict=True, capture=lenient.drift_capture)
    assert lenient.drift_capture.flush(5)
    assert not directory.exists()


def test_a_strict_client_has_no_capture_and_a_drift_is_refused_not_kept(directory: Path) -> None:
    lenient = capturing_client(directory, answering(drifted(DRIFTS)))
    strict = lenient.with_options(strict=True, drift_dir=None)
    assert strict.drift_capture is None
    with pytest.raises(InvalidResponse):
        call(strict, GET)
    lenient.close()
    assert not directory.exists()


@pytest.mark.parametrize(
    ("options", "site"),
    [
        ({"site": "datadoghq.eu"}, "datadoghq.eu"),
        ({"base_url": "https://api.us5.datadoghq.com"}, "us5.datadoghq.com"),
        ({"base_url": "http://127.0.0.1:8126"}, "127.0.0.1:8126"),
        ({"base_url": "https://dd-proxy.corp.example/datadog"}, "dd-proxy.corp.example"),
        ({"base_url": "https://api.datadoghq.com.evil.example"}, "api.datadoghq.com.evil.example"),
    ],
)
def test_the_provenance_names_the_site_or_else_the_host(directory: Path, options: dict[str, Any], site: str) -> None:
    client = capturing_client(directory, answering(drifted({STATUS: 6})), **options)
    with pytest.warns(SpecDriftWarning):
        call(client, GET)
    client.close()
    (candidate,) = candidates(directory).values()
    assert candidate["provenance"]["site"] == site


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"drift_dir": "drift"}, id="strict by default"),
        pytest.param({"drift_dir": "drift", "strict": True}, id="strict"),
        pytest.param({"drift_dir": "a-file", "strict": False}, id="a file"),
        pytest.param({"drift_dir": "", "strict": False}, id="empty"),
        pytest.param({"drift_dir": 7, "strict": False}, id="not a path"),
    ],
)
def test_a_drift_dir_a_client_cannot_use_is_refused_at_construction(tmp_path: Path, options: dict[str, Any]) -> None:
    (tmp_path / "a-file").write_text("")
    if isinstance(options["drift_dir"], str) and options["drift_dir"]:
        options["drift_dir"] = tmp_path / options["drift_dir"]
    with pytest.raises(ConfigurationError, match="drift_dir") as raised:
        datadog_client(api_key=API_KEY, app_key=APP_KEY, **options)
    assert API_KEY not in str(raised.value)
    assert not (tmp_path / "drift").exists()


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"strict": True}, id="strict, the drift_dir kept"),
        pytest.param({"drift_dir": "a-file"}, id="a file"),
    ],
)
def test_with_options_refuses_what_construction_refuses(tmp_path: Path, changes: dict[str, Any]) -> None:
    (tmp_path / "a-file").write_text("")
    if "drift_dir" in changes:
        changes["drift_dir"] = tmp_path / changes["drift_dir"]
    client = capturing_client(tmp_path / "drift", answering(response_example()))
    with pytest.raises(ConfigurationError, match="drift_dir"):
        client.with_options(**changes)


def test_with_options_shares_the_capture_of_the_same_directory(tmp_path: Path) -> None:
    directory = tmp_path / "drift"
    client = capturing_client(directory, answering(drifted({STATUS: 6})))
    same = client.with_options(max_retries=2, timeout=5.0)
    spelled_otherwise = client.with_options(drift_dir=str(directory) + "/")
    elsewhere = client.with_options(drift_dir=tmp_path / "elsewhere")
    assert same.drift_capture is client.drift_capture
    assert spelled_otherwise.drift_capture is client.drift_capture
    assert elsewhere.drift_capture is not client.drift_capture
    assert client.with_options(drift_dir=None).drift_capture is None
    for derived in (client, same, spelled_otherwise, elsewhere):
        with pytest.warns(SpecDriftWarning):
            call(derived, GET)
    for derived in (client, same, spelled_otherwise, elsewhere):
        derived.close()
    assert listing(directory) == listing(tmp_path / "elsewhere") == [candidate_name(GET, 200, STATUS)]


def test_two_clients_on_one_directory_keep_one_file_of_the_same_drift(directory: Path) -> None:
    first, second = (capturing_client(directory, answering(drifted({STATUS: 6}))) for _ in range(2))
    assert first.drift_capture is not second.drift_capture
    for client in (first, second, first, second):
        with pytest.warns(SpecDriftWarning):
            call(client, GET)
    first.close()
    second.close()
    assert listing(directory) == [candidate_name(GET, 200, STATUS)]
    assert first.drift_capture is not None
    assert second.drift_capture is not None
    assert len(first.drift_capture.written + second.drift_capture.written) == 1


def test_an_earlier_runs_file_is_kept_as_it_is(directory: Path) -> None:
    directory.mkdir()
    earlier = directory / candidate_name(GET, 200, STATUS)
    earlier.write_text('{"from": "an earlier run"}\n')
    client = capturing_client(directory, answering(drifted({STATUS: 6, MODIFIED_AT: "now"})))
    with pytest.warns(SpecDriftWarning):
        call(client, GET)
    client.close()
    assert earlier.read_text() == '{"from": "an earlier run"}\n'
    assert listing(directory) == sorted([earlier.name, candidate_name(GET, 200, MODIFIED_AT)])


@pytest.fixture
def slow_disk(monkeypatch: pytest.MonkeyPatch) -> float:
    """Every fsync of a candidate takes this long: the writer lags well behind the calls."""
    delay = 0.3
    real = os.fsync

    def fsync(fd: int) -> None:
        time.sleep(delay)
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return delay


def test_a_call_does_not_wait_for_the_write_and_close_does(directory: Path, slow_disk: float) -> None:
    client = capturing_client(directory, answering(drifted(DRIFTS)))
    started = time.monotonic()
    with pytest.warns(SpecDriftWarning):
        call(client, GET)
    assert time.monotonic() - started < slow_disk, "the call waited for the candidates to be written"
    client.close()
    assert listing(directory) == sorted(candidate_name(GET, 200, pointer) for pointer in DRIFTS)


@pytest.mark.parametrize("async_transport", ASYNC_TRANSPORTS)
def test_aclose_flushes_too(directory: Path, slow_disk: float, async_transport: AsyncTransport) -> None:
    client = capturing_client(directory, answering(drifted({MODIFIED_AT: "now"})))

    async def main() -> None:
        with pytest.warns(SpecDriftWarning):
            await get_hamr_org_connection.asyncio(client=client)
        await client.aclose()

    asyncio.run(main())
    assert listing(directory) == [candidate_name(GET, 200, MODIFIED_AT)]


@pytest.mark.parametrize("async_transport", ASYNC_TRANSPORTS)
def test_concurrent_async_calls_keep_one_file_per_drift(directory: Path, async_transport: AsyncTransport) -> None:
    client = capturing_client(directory, answering(drifted(DRIFTS)))

    async def main() -> list[HamrOrgConnectionResponse]:
        async with client:
            return await asyncio.gather(*(get_hamr_org_connection.asyncio(client=client) for _ in range(40)))

    with pytest.warns(SpecDriftWarning):
        parsed = asyncio.run(main())
    assert all(item.to_dict() == drifted(DRIFTS) for item in parsed)
    assert listing(directory) == sorted(candidate_name(GET, 200, pointer) for pointer in DRIFTS)


@pytest.mark.parametrize("failing", ["fsync", "link"])
def test_no_temporary_file_is_left_behind_even_when_a_write_fails(
    directory: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    def refuse(*args: Any) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, failing, refuse)
    client = capturing_client(directory, answering(drifted(DRIFTS)))
    with pytest.warns(SpecDriftWarning):
        result = call(client, POST)
    client.close()
    assert result.to_dict() == drifted(DRIFTS)
    assert listing(directory) == []
