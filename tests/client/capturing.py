"""What the drift capture tests share: drifted answers, a capturing client on a MockTransport, the files it left."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from hamr_client import AuthenticatedClient, datadog_client
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.models import HamrOrgConnectionRequest, HamrOrgConnectionStatus

from tests.client.conftest import API_KEY, APP_KEY, BASE_URL, request_example, response_example
from tests.client.transports import ASYNC_TRANSPORT, relayed

GET, POST = "GetHamrOrgConnection", "CreateHamrOrgConnection"
OPERATIONS = (GET, POST)
STATUS = "/data/attributes/hamr_status"
MODIFIED_AT = "/data/attributes/modified_at"
TYPE = "/data/type"
#: A value off the spec for each pointer a 200 answer can drift at.
DRIFTS: dict[str, Any] = {STATUS: 6, MODIFIED_AT: "yesterday", TYPE: "hamr_org_connections_v2"}
KNOWN_STATUSES = [member.value for member in HamrOrgConnectionStatus]

Handler = Callable[[httpx.Request], httpx.Response]


def drifted(values: Mapping[str, Any] | None = None, **attributes: Any) -> dict[str, Any]:
    """The docs' example 200 body with ``values`` at their pointers (of :data:`DRIFTS`) and ``attributes`` changed."""
    body = response_example()
    for pointer, value in (values or {}).items():
        *parents, last = pointer.split("/")[1:]
        place = body
        for part in parents:
            place = place[part]
        place[last] = value
    body["data"]["attributes"].update(attributes)
    return body


def answering(
    body: Any, *, status: int = 200, headers: Mapping[str, str] | None = None, reason: str | None = None
) -> Handler:
    """A handler answering every request with ``body`` as JSON (a fresh response each time: one is read once)."""
    content = json.dumps(body).encode()
    extensions = {} if reason is None else {"reason_phrase": reason.encode("ascii")}

    def handler(request: httpx.Request) -> httpx.Response:
        merged = {"Content-Type": "application/json", **(headers or {})}
        return httpx.Response(status, headers=merged, content=content, extensions=extensions)

    return handler


def capturing_client(directory: Path, handler: Handler, **options: Any) -> AuthenticatedClient:
    """A ``strict=False`` client keeping its drift in ``directory``, answered by ``handler`` (sync and async)."""
    options.setdefault("api_key", API_KEY)
    options.setdefault("app_key", APP_KEY)
    options.setdefault("max_retries", 0)
    options.setdefault("dialect", "reference")  # the candidates' request is the docs' example, on a site too
    if "site" not in options:
        options.setdefault("base_url", BASE_URL)
    if ASYNC_TRANSPORT.get() is not None:  # the answers through a loopback relay, for aiohttp to read
        options.pop("site", None)
        options.update(base_url=relayed(handler, BASE_URL), async_transport=ASYNC_TRANSPORT.get())
        return datadog_client(strict=False, drift_dir=directory, **options)
    return datadog_client(transport=httpx.MockTransport(handler), strict=False, drift_dir=directory, **options)


def call(client: AuthenticatedClient, operation: str, *, use_async: bool = False) -> Any:
    """The parsed model of one GET or POST (``operation``), through ``sync`` or ``asyncio``."""
    if operation == GET:
        if use_async:
            return asyncio.run(get_hamr_org_connection.asyncio(client=client))
        return get_hamr_org_connection.sync(client=client)
    # *_detailed: a drifted status in the answer is not what was sent (sync would raise WriteNotAppliedError).
    body = HamrOrgConnectionRequest.from_dict(request_example())
    if use_async:
        return asyncio.run(create_hamr_org_connection.asyncio_detailed(client=client, body=body)).parsed
    return create_hamr_org_connection.sync_detailed(client=client, body=body).parsed


def listing(directory: Path) -> list[str]:
    """Every name in ``directory`` (none when it was never created), temporary files included."""
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


def candidates(directory: Path) -> dict[str, dict[str, Any]]:
    """Every candidate file in ``directory`` by name, parsed."""
    return {name: json.loads((directory / name).read_text("utf-8")) for name in listing(directory)}


@contextmanager
def capture_warnings() -> Iterator[list[logging.LogRecord]]:
    """The WARNING records of the ``hamr_client.capture`` logger while the block runs (any thread)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.WARNING)
    logger = logging.getLogger("hamr_client.capture")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
