"""An in-process fake of Datadog's HAMR API (a Starlette ASGI app), faithful to openapi/hamr.yaml.

- ``POST /api/v2/hamr`` checks the body against the spec's request schema (400 naming the JSON
  pointer if it does not match), stores the connection and returns it with ``modified_at``;
- ``GET /api/v2/hamr`` returns what was stored, 404 before any POST;
- both answer 403 unless ``DD-API-KEY`` and ``DD-APPLICATION-KEY`` are ``keys`` (by default
  :data:`FAKE_KEYS`; ``keys=None`` accepts any non-empty pair);
- ``rate_limit=N`` answers 429 with Datadog's ``X-RateLimit-*`` headers after N requests;
- ``GET /openapi.json`` serves the spec (schemathesis loads it from there).

Use it behind the generated client: ``datadog_client(base_url="http://127.0.0.1", api_key=FAKE_KEYS[0],
app_key=FAKE_KEYS[1], async_transport=httpx.ASGITransport(app=fake_hamr_app()))`` (docs/contract.md).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contract_tests.spec import Spec
from contract_tests.spec import load as load_spec

PATH = "/api/v2/hamr"
RATE_LIMIT_PERIOD = 60
# The keys the fake accepts by default: like Datadog, it refuses keys it does not know.
FAKE_KEYS = ("fake-api-key-0123456789abcdef", "fake-application-key-0123456789abcdef0123")


@dataclass
class FakeState:
    """What the fake remembers: the stored connection and how many requests it has answered."""

    connection: dict[str, Any] | None = None
    requests: int = 0
    keys: tuple[str, str] | None = None
    rate_limit: int | None = None
    writes: list[dict[str, Any]] = field(default_factory=list)


def _errors(status: int, title: str, detail: str, pointer: str | None = None) -> JSONResponse:
    item: dict[str, Any] = {"status": str(status), "title": title, "detail": detail}
    if pointer is not None:
        item["source"] = {"pointer": pointer}
    return JSONResponse({"errors": [item]}, status_code=status)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def fake_hamr_app(
    *, keys: tuple[str, str] | None = FAKE_KEYS, rate_limit: int | None = None, spec: Spec | None = None
) -> Starlette:
    """A fresh fake (empty state). ``app.state.hamr`` is its :class:`FakeState`, for assertions."""
    spec = spec or load_spec()
    state = FakeState(keys=keys, rate_limit=rate_limit)
    request_schema = spec.request_schema_pointer("CreateHamrOrgConnection")

    def refused(request: Request) -> JSONResponse | None:
        """403 without both keys, 429 past the rate limit; None when the request may go on."""
        state.requests += 1
        sent = (request.headers.get("DD-API-KEY", ""), request.headers.get("DD-APPLICATION-KEY", ""))
        if not all(key.strip() for key in sent) or (state.keys is not None and sent != state.keys):
            return _errors(403, "Forbidden", "missing or invalid DD-API-KEY / DD-APPLICATION-KEY")
        if state.rate_limit is not None and state.requests > state.rate_limit:
            headers = {
                "X-RateLimit-Limit": str(state.rate_limit),
                "X-RateLimit-Period": str(RATE_LIMIT_PERIOD),
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": "1",
                "X-RateLimit-Name": "hamr_org_connection",
            }
            return JSONResponse({"errors": ["Too many requests"]}, status_code=429, headers=headers)
        return None

    async def get_connection(request: Request) -> JSONResponse:
        refusal = refused(request)
        if refusal is not None:
            return refusal
        if state.connection is None:
            return _errors(404, "Not Found", "no HAMR connection is configured for this organization")
        return JSONResponse(state.connection)

    async def create_connection(request: Request) -> JSONResponse:
        refusal = refused(request)
        if refusal is not None:
            return refusal
        media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        if media_type != "application/json":
            return _errors(400, "Bad Request", f"Content-Type must be application/json, not {media_type!r}")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _errors(400, "Bad Request", "the body is not JSON")
        problems = spec.violations(request_schema, body)
        if problems:
            first = problems[0]
            return _errors(400, "Bad Request", first.reason, first.pointer)
        data = body["data"]
        state.connection = {
            "data": {
                "attributes": {**data["attributes"], "modified_at": _now()},
                "id": data["id"],
                "type": data["type"],
            }
        }
        state.writes.append(body)
        return JSONResponse(state.connection)

    async def hamr(request: Request) -> JSONResponse:
        return await (create_connection(request) if request.method == "POST" else get_connection(request))

    async def openapi(request: Request) -> JSONResponse:
        return JSONResponse(spec.document)

    app = Starlette(
        routes=[
            # One route for both methods, so a 405 lists both in Allow.
            Route(PATH, hamr, methods=["GET", "POST"]),
            Route("/openapi.json", openapi, methods=["GET"]),
        ]
    )
    app.state.hamr = state
    return app
