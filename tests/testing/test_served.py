"""``python -m hamr_client.testing``: a real process on a free loopback port, driven by httpx and Datadog's client.

Every process is bounded in time and killed at teardown if a test left it running.
"""

from __future__ import annotations

import json
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from hamr_client import InvalidResponse, SpecDriftWarning, datadog_client
from hamr_client.api.high_availability_multi_region import get_hamr_org_connection
from hamr_client.testing import examples

from tests.testing.served import STARTUP_SECONDS, STOP_SECONDS, Served, serving

API_KEY, APP_KEY = "served-api-key-0123456789", "served-app-key-0123456789abcdef"
KEYS = {"DD-API-KEY": API_KEY, "DD-APPLICATION-KEY": APP_KEY}
PATH = "/api/v2/hamr"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path / "stderr.txt", "--api-key", API_KEY, "--app-key", APP_KEY) as fake:
        yield fake


def test_the_served_fake_is_the_fake_over_http(served: Served) -> None:
    with httpx.Client(base_url=served.url, headers=KEYS, timeout=10) as http:
        assert http.get(PATH).status_code == 404
        written = http.post(PATH, json=examples.CONNECTION_REQUEST)
        assert written.status_code == 200
        read = http.get(PATH)
        assert read.json() == written.json()
        assert read.json()["data"]["attributes"]["modified_at"].endswith("Z")
        bad = http.post(PATH, json={"data": {}})
        assert (bad.status_code, bad.json()["errors"][0]["source"]["pointer"]) == (400, "/data/attributes")
        assert http.get(PATH, headers={"DD-API-KEY": "someone-else"}).status_code == 403
        assert http.request("QUERY", PATH).status_code == 405


def test_datadogs_official_client_posts_then_gets(served: Served) -> None:
    from datadog_api_client import ApiClient, Configuration  # noqa: PLC0415 -- untyped, heavy: here only
    from datadog_api_client.v2.api.high_availability_multi_region_api import (  # noqa: PLC0415
        HighAvailabilityMultiRegionApi,
    )
    from datadog_api_client.v2.model.hamr_org_connection_request import HamrOrgConnectionRequest  # noqa: PLC0415

    configuration: Any = Configuration(host=served.url)  # type: ignore[no-untyped-call]
    configuration.api_key["apiKeyAuth"] = API_KEY
    configuration.api_key["appKeyAuth"] = APP_KEY
    for operation in ("create_hamr_org_connection", "get_hamr_org_connection"):
        configuration.unstable_operations[operation] = True
    with ExitStack() as stack:
        api_client: Any = stack.enter_context(ApiClient(configuration))
        api: Any = HighAvailabilityMultiRegionApi(api_client)  # type: ignore[no-untyped-call]
        body = api_client.deserialize(json.dumps(examples.CONNECTION_REQUEST), (HamrOrgConnectionRequest,), True)
        # Datadog's client warns on every call of an operation it marks unstable: expected, not a failure.
        with pytest.warns(UserWarning, match="unstable operation"):
            created = api.create_hamr_org_connection(body=body)
        with pytest.warns(UserWarning, match="unstable operation"):
            read = api.get_hamr_org_connection()
    assert read.to_dict() == created.to_dict()
    sent = examples.CONNECTION_REQUEST["data"]
    assert read.data.id == sent["id"]
    assert read.data.attributes.target_org_name == sent["attributes"]["target_org_name"]
    assert read.data.attributes.hamr_status.value == sent["attributes"]["hamr_status"]


def test_drift_serves_a_server_ahead_of_the_spec(tmp_path: Path) -> None:
    drift = ["/data/attributes/hamr_status=6", '/data/attributes/modified_by="x"', '/data/extra={"a": [1, null]}']
    args = [arg for each in drift for arg in ("--drift", each)]
    with (
        serving(tmp_path / "stderr.txt", "--api-key", API_KEY, "--app-key", APP_KEY, *args) as served,
        httpx.Client(base_url=served.url, headers=KEYS, timeout=10) as http,
    ):
        written = http.post(PATH, json=examples.CONNECTION_REQUEST).json()
        read = http.get(PATH).json()
        with (
            pytest.warns(SpecDriftWarning) as record,
            datadog_client(api_key=API_KEY, app_key=APP_KEY, base_url=served.url, strict=False) as lenient,
        ):
            parsed = get_hamr_org_connection.sync(client=lenient)
        with (
            pytest.raises(InvalidResponse) as refused,
            datadog_client(api_key=API_KEY, app_key=APP_KEY, base_url=served.url) as strict,
        ):
            get_hamr_org_connection.sync(client=strict)
    assert written == read
    attributes = read["data"]["attributes"]
    assert (attributes["hamr_status"], attributes["modified_by"], read["data"]["extra"]) == (6, "x", {"a": [1, None]})
    assert attributes["target_org_name"] == examples.CONNECTION_REQUEST["data"]["attributes"]["target_org_name"]
    assert [w.message.path for w in record if isinstance(w.message, SpecDriftWarning)] == [
        "/data/attributes/hamr_status"
    ]
    assert parsed.to_dict() == read
    assert refused.value.path == "/data/attributes/hamr_status"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_it_cleanly(served: Served, signum: signal.Signals) -> None:
    with httpx.Client(base_url=served.url, headers=KEYS, timeout=10) as http:
        assert http.get(PATH).status_code == 404  # serving, a keep-alive connection open
        served.process.send_signal(signum)
        assert served.process.wait(STOP_SECONDS) == 0
    assert "Traceback" not in served.stderr.read_text()
    with pytest.raises(httpx.ConnectError), httpx.Client(timeout=2) as after:
        after.get(served.url + PATH)


CLIENTS = 50
REQUEST = f"GET {PATH} HTTP/1.1\r\nHost: x\r\nDD-API-KEY: {API_KEY}\r\nDD-APPLICATION-KEY: {APP_KEY}\r\n\r\n".encode()


def test_fifty_clients_connecting_at_once_are_all_taken_then_answered(served: Served) -> None:
    """The listen backlog holds every connection while the server is busy (here: stopped); socketserver's 5 would not.

    A connection past the backlog is dropped (its SYN retried a second later) or reset: the stopped
    server makes that deterministic, the kernel alone completing (or not) each handshake.
    """
    port = int(served.url.rsplit(":", 1)[1])
    conns = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(CLIENTS)]
    served.process.send_signal(signal.SIGSTOP)
    try:
        with selectors.DefaultSelector() as selector:
            for conn in conns:
                conn.setblocking(False)
                conn.connect_ex(("127.0.0.1", port))
                selector.register(conn, selectors.EVENT_WRITE)
            pending, deadline = set(conns), time.monotonic() + 0.9  # before a dropped SYN's first retry (1 s)
            while pending and (left := deadline - time.monotonic()) > 0:
                for key, _ in selector.select(left):
                    pending.discard(key.fileobj)
                    selector.unregister(key.fileobj)
        established = [
            conn for conn in conns if conn not in pending and not conn.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        ]
    finally:
        served.process.send_signal(signal.SIGCONT)
    try:
        assert len(established) == CLIENTS, f"only {len(established)} of {CLIENTS} connections were taken"
        for conn in conns:
            conn.settimeout(STOP_SECONDS)
            conn.sendall(REQUEST)
        for conn in conns:
            assert conn.recv(65536).startswith(b"HTTP/1.1 404 "), "a client got no answer"
    finally:
        for conn in conns:
            conn.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "http"], "not a port number"),
        (["--port", "70000"], "0-65535"),
        (["--host", "0.0.0.0"], "loopback only"),  # noqa: S104 -- the address it must refuse
        (["--rate-limit", "-3"], "not a number of requests"),
        (["--rate-limit-period", "0"], "whole number of seconds"),
        (["--idle-timeout", "nan"], "seconds above 0"),
        (["--api-key", ""], "must not be empty"),
        (["--bearer-token", " "], "must not be empty"),
        (["--verbose"], "unrecognized arguments"),
        (["--drift", "/data/attributes/modified_by=x"], "is not JSON: 'x'"),
        (["--drift", "/data/attributes/hamr_status"], "not POINTER=JSON"),
        (["--drift", "data/attributes/hamr_status=6"], "starts with '/'"),
        (["--drift", "/data/id/x=1"], "/data/id is not an object"),
        (["--drift", "/data/attributes/x=NaN"], "is not JSON"),
        (["--drift", "/data/x=1", "--drift", "/data/x=2"], "gives /data/x twice"),
        (["--drift", "/data=1", "--drift", "/data/id=2"], "overlap"),
    ],
)
def test_a_bad_argument_gets_the_usage_message(args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hamr_client.testing", *args],
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("usage: python -m hamr_client.testing")
    assert message in result.stderr
    if args[0] == "--drift" and len(args) == 2:  # a bad --drift: what is wrong, then the form that is right
        assert "--drift POINTER=JSON" in result.stderr
        assert """--drift '/data/attributes/modified_by="x"'""" in result.stderr
    assert result.stdout == ""
