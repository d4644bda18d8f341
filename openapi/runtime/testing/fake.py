"""HamrFake: a stateful, in-memory double of Datadog's HAMR API, one function from request to response.

:meth:`HamrFake.handle` is the whole fake; :meth:`~HamrFake.client` reaches it through
``httpx.MockTransport`` (no socket), :attr:`~HamrFake.app` through ASGI and
:func:`~hamr_client.testing.server.serve` over HTTP on loopback, so all three behave alike.
POST bodies are checked by the generated models, the client's own reading of the spec.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import http
import itertools
import json
import math
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import anyio
import httpx

from .._constants import BEARER_HEADER, BEARER_SCHEME, KEY_HEADERS
from .._quoting import STRICT_JSON
from ..client import AuthenticatedClient, datadog_client
from ..dialects import DIALECTS, Dialect, read_as, spelled
from ..errors import SchemaViolation, pointer_parts
from ..models import HamrOrgConnectionRequest, HamrOrgConnectionResponse
from ..retrying import RetryPolicy
from .asgi import ASGIApp, asgi_app
from .examples import BY_STATUS, CONNECTION_RESPONSE, TOO_MANY_REQUESTS, UNAUTHORIZED

PATH = "/api/v2/hamr"
METHODS = ("GET", "POST")
#: The window of ``rate_limit`` (``X-RateLimit-Period``), in seconds, unless ``rate_limit_period`` says otherwise.
RATE_LIMIT_PERIOD = 60
#: ``X-RateLimit-Reset`` of an injected 429 (``fail_next(429)``): short, so a retrying client gets on quickly.
RATE_LIMIT_RESET = 1
RATE_LIMIT_NAME = "hamr_org_connection"
#: ``X-RateLimit-Limit`` of an injected 429 when the fake has no ``rate_limit`` of its own.
DEFAULT_LIMIT = 1000
# What .client() uses when the fake takes any key: placeholders, not secrets.
PLACEHOLDER_KEYS = ("hamr-fake-api-key", "hamr-fake-app-key")
_DEFAULT_SLEEPS = (RetryPolicy().sleep, RetryPolicy().async_sleep)


def _dumps(body: Any) -> bytes:
    # ensure_ascii: any string a JSON body could carry (a lone surrogate too) goes back out.
    return json.dumps(body, allow_nan=False).encode()


def _json(
    status: int, body: Any, headers: Mapping[str, str] | None = None, media_type: str = "application/json"
) -> httpx.Response:
    return httpx.Response(status, headers={"Content-Type": media_type, **(headers or {})}, content=_dumps(body))


#: What production answers a connection with (recorded; the spec lists it beside application/json).
PRODUCTION_MEDIA_TYPE = "application/vnd.api+json"


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:  # a valid but unregistered code, such as 299
        return "Error"


def error_response(status: int, detail: str, pointer: str | None = None) -> httpx.Response:
    """A JSON:API error, as Datadog answers one: ``{"errors": [{"status", "title", "detail", "source"}]}``."""
    item: dict[str, Any] = {"status": str(status), "title": _phrase(status), "detail": detail}
    if pointer is not None:
        item["source"] = {"pointer": pointer}
    return _json(status, {"errors": [item]})


def _merged(stored: dict[str, Any], read: dict[str, Any]) -> dict[str, Any]:
    """``read`` over the ``stored`` connection's request fields: what a Go server updating a row ends up with."""
    data = {key: value for key, value in stored["data"].items() if key != "attributes"}
    attributes = {k: v for k, v in stored["data"]["attributes"].items() if k != "modified_at"}
    given = read.get("data")
    given = given if isinstance(given, dict) else {}
    attributes.update(given.get("attributes") or {})
    data.update({key: value for key, value in given.items() if key != "attributes"})
    return {"data": {**data, "attributes": attributes}}


def _now() -> str:
    """RFC 3339 in UTC with microseconds and ``Z``, as Datadog writes ``modified_at``."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def rate_limit_headers(limit: int, period: int = RATE_LIMIT_PERIOD, reset: int = RATE_LIMIT_RESET) -> dict[str, str]:
    """The ``X-RateLimit-*`` headers Datadog sends with a 429: ``reset`` is the seconds until the window ends."""
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Period": str(period),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(reset),
        "X-RateLimit-Name": RATE_LIMIT_NAME,
    }


def _tokens(pointer: Any) -> tuple[str, ...]:
    """The reference tokens of an RFC 6901 JSON pointer (``~1`` is ``/``, ``~0`` is ``~``); ValueError if it is none."""
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        raise ValueError(f"drift pointer {pointer!r}: a JSON pointer into the answer starts with '/' ('' is all of it)")
    if re.search("~(?![01])", pointer):
        raise ValueError(f"drift pointer {pointer!r}: in a JSON pointer '~' is written ~0 and '/' ~1")
    return tuple(pointer_parts(pointer))


def _at(document: Any, tokens: tuple[str, ...]) -> Any:
    """The value at ``tokens`` in ``document``, None where an object on the way lacks the key."""
    for token in tokens:
        if not isinstance(document, dict) or token not in document:
            return None
        document = document[token]
    return document


def checked_drift(drift: Mapping[str, Any] | None) -> dict[str, Any]:
    """``drift`` (JSON pointer -> JSON value) checked and copied; ValueError naming the pointer that cannot be.

    A pointer must end in an object of the connection answer's shape
    (:data:`~hamr_client.testing.examples.CONNECTION_RESPONSE`): it replaces a value there or adds
    one, as a server that drifted from the spec would. Two pointers where one holds the other
    would make the answer depend on their order: refused too.
    """
    if drift is None:
        return {}
    if not isinstance(drift, Mapping):
        raise ValueError(f"drift maps JSON pointers to JSON values; got a {type(drift).__name__}")
    checked: dict[str, Any] = {}
    paths: dict[tuple[str, ...], str] = {}
    for pointer, value in drift.items():
        tokens = _tokens(pointer)
        if not isinstance(_at(CONNECTION_RESPONSE, tokens[:-1]), dict):
            parent = pointer.rpartition("/")[0]
            raise ValueError(
                f"drift pointer {pointer!r}: {parent} is not an object of the connection answer "
                "(hamr_client.testing.examples.CONNECTION_RESPONSE), so the value has nowhere to go"
            )
        try:  # the value as the wire carries it (a tuple is a list), and a copy the caller cannot change
            checked[pointer] = json.loads(_dumps(value))
        except (TypeError, ValueError, RecursionError) as exc:
            raise ValueError(f"drift value at {pointer!r} is not JSON: {exc}") from None
        paths[tokens] = pointer
    ordered = sorted(paths)
    for shorter, longer in itertools.pairwise(ordered):  # a prefix sorts right before what it holds
        if longer[: len(shorter)] == shorter:
            raise ValueError(f"drift pointers {paths[shorter]!r} and {paths[longer]!r} overlap: give one of them")
    return checked


@dataclass
class _Failure:
    """An answer queued by fail_next; a fresh httpx.Response each time (one is read once)."""

    status: int
    headers: dict[str, str]
    content: bytes
    times: int

    def response(self) -> httpx.Response:
        return httpx.Response(self.status, headers=self.headers, content=self.content)


class HamrFake:
    """A fake of both HAMR operations, faithful to the spec the package was generated from.

    - ``POST /api/v2/hamr`` checks the body with the generated models (400 with a JSON:API error
      whose ``source.pointer`` names the offending value), stores it and answers it with
      ``modified_at`` (RFC 3339);
    - ``GET /api/v2/hamr`` answers what was stored, 404 before any write;
    - both take either alternative of the spec's ``security``: the two keys, or an OAuth token
      (``Authorization: Bearer <token>``); each must be the configured one (``None``: any non-empty one).
      A request without either alternative, or with a wrong key, gets 403 (401 ``{"errors":
      ["Unauthorized"]}`` in production's dialect); a wrong token gets that 401 in both dialects, as
      RFC 6750 answers an invalid token. A request carrying both alternatives (as Datadog's clients
      send them) needs every credential it carries right: a stale token is not hidden by good keys;
    - ``dialect="production"`` answers as Datadog's production API does (the spec's ``x-production``:
      PascalCase attributes, a zone-less ``modified_at``, ``application/vnd.api+json``) and reads a
      POST as a Go server does: keys matched case-insensitively, unknown ones ignored, so a body in
      the reference's spelling changes nothing (200, the connection as it was) or, with no
      connection yet, is refused as missing its fields (400). ``"reference"`` (the default) answers
      and reads the reference's spelling only;
    - with ``rate_limit=N``, a window as Datadog's: N requests per ``rate_limit_period`` seconds (the
      window starts at its first request); past them, the documented 429 whose ``X-RateLimit-Reset``
      is the seconds left in the window, after which requests pass again (or at :meth:`reset`);
    - :meth:`fail_next` makes the next request(s) get another answer, to test error handling;
    - with ``drift={pointer: value}``, every connection answer (GET and POST 200) carries those
      values, as a server ahead of the spec would (``{"/data/attributes/hamr_status": 6}``: a
      status the spec does not know; pointers in the fake's dialect's spelling); what it stores
      stays what was written.

    Time is ``clock`` (``time.monotonic``) plus every wait a :meth:`client` recorded instead of
    sleeping: in-process retries skip the window as if they had slept. It is thread-safe: the
    served fake answers concurrent requests.
    """

    #: The operations (by operationId) it models; the contract gate fuzzes it on these only and
    #: fails, naming them, for any operation of the spec that is not here.
    OPERATIONS: frozenset[str] = frozenset({"GetHamrOrgConnection", "CreateHamrOrgConnection"})

    def __init__(
        self,
        api_key: str | None = None,
        app_key: str | None = None,
        rate_limit: int | None = None,
        *,
        rate_limit_period: int = RATE_LIMIT_PERIOD,
        clock: Callable[[], float] = time.monotonic,
        drift: Mapping[str, Any] | None = None,
        dialect: Dialect = "reference",
        bearer_token: str | None = None,
    ) -> None:
        for name, key in (("api_key", api_key), ("app_key", app_key), ("bearer_token", bearer_token)):
            if key is not None and (not isinstance(key, str) or not key.strip()):
                raise ValueError(f"{name} must be a non-empty string, or None to accept any")
        if rate_limit is not None and (type(rate_limit) is not int or rate_limit < 0):
            raise ValueError(f"rate_limit must be an integer, 0 or more, or None; got {rate_limit!r}")
        if type(rate_limit_period) is not int or rate_limit_period < 1:
            raise ValueError(f"rate_limit_period must be whole seconds, 1 or more; got {rate_limit_period!r}")
        if dialect not in DIALECTS:
            raise ValueError(f"dialect must be one of {', '.join(map(repr, DIALECTS))}; got {dialect!r}")
        self.dialect: Dialect = dialect
        self.api_key = api_key
        self.app_key = app_key
        self.bearer_token = bearer_token
        self.rate_limit = rate_limit
        self.rate_limit_period = rate_limit_period
        self._drift = checked_drift(drift)
        # Never changed after this (read without the lock); tokenised once, not per answer.
        self._drift_at = [(_tokens(pointer), value) for pointer, value in self._drift.items()]
        self._clock = clock
        self._skipped = 0.0  # the seconds of every wait recorded instead of slept
        self._window: tuple[float, int] | None = None  # (when the rate limit's window started, requests in it)
        self._lock = threading.Lock()
        self._connection: dict[str, Any] | None = None
        self._writes: list[dict[str, Any]] = []
        self._failures: list[_Failure] = []
        self._waits: list[float] = []
        self.requests: int = 0  # requests that reached the API (what rate_limit counts)
        #: The fake as an ASGI application (for schemathesis, ``httpx.ASGITransport``, uvicorn...).
        self.app: ASGIApp = asgi_app(self.handle)

    def __repr__(self) -> str:
        stored = "a connection" if self._connection is not None else "no connection"
        return f"<HamrFake: {stored}, {len(self._writes)} writes, {self.requests} requests>"

    # ------------------------------------------------------------------ what tests look at

    @property
    def connection(self) -> dict[str, Any] | None:
        """The stored connection as GET answers it (a copy), or None before any write."""
        with self._lock:
            return copy.deepcopy(self._connection)

    @property
    def writes(self) -> list[dict[str, Any]]:
        """Every POST body the fake accepted, oldest first (copies)."""
        with self._lock:
            return copy.deepcopy(self._writes)

    @property
    def drift(self) -> dict[str, Any]:
        """What every connection answer carries in place of what was stored: JSON pointer -> value (a copy)."""
        return copy.deepcopy(self._drift)

    @property
    def waits(self) -> list[float]:
        """The seconds each retry of a :meth:`client` would have slept, in order (it never sleeps)."""
        with self._lock:
            return list(self._waits)

    def reset(self) -> None:
        """Forget the connection, the writes, the waits, pending failures and the request count."""
        with self._lock:
            self._connection = None
            self._writes.clear()
            self._failures.clear()
            self._waits.clear()
            self._window = None
            self.requests = 0

    def fail_next(
        self,
        status: int,
        *,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` requests with ``status`` instead of serving them.

        ``body`` is sent as JSON (``bytes``/``str`` as they are); ``None`` sends the spec's example
        for a status it documents (see :mod:`~hamr_client.testing.examples`), else a JSON:API
        error. A 429 carries Datadog's ``X-RateLimit-*`` headers unless ``headers`` replaces them.
        Calls queue up: a second ``fail_next`` answers after the first one's ``times``.
        """
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
            raise ValueError(f"status must be an HTTP status code (100-599), got {status!r}")
        if not isinstance(times, int) or isinstance(times, bool) or times < 1:
            raise ValueError(f"times must be an integer, 1 or more; got {times!r}")
        if body is None:
            body = BY_STATUS.get(status) or {"errors": [{"status": str(status), "title": _phrase(status)}]}
        content = body.encode() if isinstance(body, str) else body if isinstance(body, bytes) else _dumps(body)
        limit = self.rate_limit or DEFAULT_LIMIT
        limit_headers = rate_limit_headers(limit, self.rate_limit_period) if status == 429 else {}
        merged = {"Content-Type": "application/json", **limit_headers, **(headers or {})}
        with self._lock:
            self._failures.append(_Failure(status, merged, content, times))

    # ------------------------------------------------------------------ the client

    def client(self, **kwargs: Any) -> AuthenticatedClient:
        """A ``datadog_client`` wired to this fake in-process (sync and async, no socket).

        ``kwargs`` are ``datadog_client``'s (``max_retries=0``, ``retry=...``, ``timeout=...``); the
        credentials default to the fake's own: its token if it has one, its keys (placeholders when
        it takes any) unless a token is used and the fake has no keys of its own. Retries do not
        sleep: each wait is recorded in :attr:`waits` instead, unless ``retry`` brings its own ``sleep``.
        """
        for owned in ("transport", "async_transport", "base_url", "site"):
            if owned in kwargs:
                raise TypeError(f"HamrFake.client() sets {owned} itself: it is what wires the client to the fake")
        if self.bearer_token is not None:
            kwargs.setdefault("bearer_token", self.bearer_token)
        keys = not kwargs.get("bearer_token") or self.api_key is not None or self.app_key is not None
        # A client of the token alone sends no key, whatever the process's environment holds ("" is none).
        kwargs.setdefault("api_key", (self.api_key or PLACEHOLDER_KEYS[0]) if keys else "")
        kwargs.setdefault("app_key", (self.app_key or PLACEHOLDER_KEYS[1]) if keys else "")
        # One MockTransport is both an httpx.BaseTransport and an AsyncBaseTransport.
        client = datadog_client(base_url="http://127.0.0.1", transport=httpx.MockTransport(self.handle), **kwargs)
        policy = client.retry
        client.retry = dataclasses.replace(
            policy,
            sleep=self._record_wait if policy.sleep is _DEFAULT_SLEEPS[0] else policy.sleep,
            async_sleep=self._arecord_wait if policy.async_sleep is _DEFAULT_SLEEPS[1] else policy.async_sleep,
        )
        return client

    def _record_wait(self, seconds: float) -> None:
        with self._lock:
            self._waits.append(seconds)
            self._skipped += seconds

    async def _arecord_wait(self, seconds: float) -> None:
        self._record_wait(seconds)
        await anyio.sleep(0)  # still a checkpoint, as a real sleep is: other tasks get to run

    # ------------------------------------------------------------------ the fake itself

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request, as Datadog would (the body must have been read: ``request.content``)."""
        with self._lock:
            if self._failures:
                failure = self._failures[0]
                failure.times -= 1
                if failure.times == 0:
                    self._failures.pop(0)
                return failure.response()
            return self._serve(request)

    def _serve(self, request: httpx.Request) -> httpx.Response:
        """The spec's behaviour, with the lock held."""
        if request.url.path != PATH:
            return error_response(404, f"no endpoint at {request.url.path}")
        if request.method not in METHODS:
            response = error_response(405, f"{PATH} answers {' and '.join(METHODS)} only")
            response.headers["Allow"] = ", ".join(METHODS)
            return response
        self.requests += 1
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        if request.method == "GET":
            if self._connection is None:
                return error_response(404, "no HAMR connection is configured for this organization")
            return self._ok(self._connection)
        return self._create(request)

    def _refusal(self, request: httpx.Request) -> httpx.Response | None:
        """401 for a wrong token, 403 for a missing or unknown key, 429 past the rate limit; None when it may go on."""
        limited = self._rate_limited()  # every request counts, refused ones too
        authorization = request.headers.get(BEARER_HEADER)
        if authorization is not None:
            scheme, _, token = authorization.partition(" ")
            wrong = self.bearer_token is not None and token != self.bearer_token
            if scheme.casefold() != BEARER_SCHEME.casefold() or not token.strip() or wrong:
                return _json(401, UNAUTHORIZED)
        for header, expected in zip(KEY_HEADERS, (self.api_key, self.app_key), strict=True):
            sent = request.headers.get(header)
            if sent is None and authorization is not None:
                continue  # the token is the alternative: keys are not needed, but each one sent must be right
            if sent is None or not sent.strip() or (expected is not None and sent != expected):
                if self.dialect == "production":
                    return _json(401, UNAUTHORIZED)
                return error_response(403, f"missing or invalid {header}")
        return limited

    def _rate_limited(self) -> httpx.Response | None:
        """The 429 of a request past ``rate_limit`` in the current window; None when it may go on."""
        if self.rate_limit is None:
            return None
        now = self._clock() + self._skipped
        started, count = self._window if self._window is not None else (now, 0)
        if now >= started + self.rate_limit_period:  # the announced reset has passed: a new window
            started, count = now, 0
        self._window = (started, count + 1)
        if count < self.rate_limit:
            return None
        reset = max(1, math.ceil(started + self.rate_limit_period - now))
        return _json(429, TOO_MANY_REQUESTS, rate_limit_headers(self.rate_limit, self.rate_limit_period, reset))

    def _create(self, request: httpx.Request) -> httpx.Response:
        media_type = request.headers.get("Content-Type", "").partition(";")[0].strip().lower()
        if media_type != "application/json":
            return error_response(400, f"Content-Type must be application/json, not {media_type!r}")
        try:
            content = request.content  # read as json.loads reads bytes (UTF-8, -16 or -32), NaN and Infinity refused
            body = STRICT_JSON.decode(content.decode(json.detect_encoding(content), "surrogatepass"))
        except ValueError:
            return error_response(400, "the body is not JSON")
        # What the server understands of the body: the keys of its own spelling.
        read = read_as(HamrOrgConnectionRequest, body, self.dialect)
        if self.dialect == "production" and self._connection is not None:
            read = _merged(self._connection, read)  # a Go server updates the fields it read
        try:
            HamrOrgConnectionRequest.from_dict(read)
        except SchemaViolation as violation:
            return error_response(400, violation.reason, violation.path)
        data = read["data"]
        # What the request may leave out and the answer must hold (the target's name...): a server knows
        # it from its own records, the fake from the spec's example.
        known = {key: value for key, value in CONNECTION_RESPONSE["data"]["attributes"].items() if key != "modified_at"}
        self._connection = connection = {
            "data": {
                "attributes": {**known, **data["attributes"], "modified_at": _now()},
                "id": data["id"],
                "type": data["type"],
            }
        }
        self._writes.append(copy.deepcopy(body))
        return self._ok(connection)

    def _ok(self, connection: dict[str, Any]) -> httpx.Response:
        """The 200 carrying ``connection`` (stored in the reference's spelling), in the fake's dialect."""
        if self.dialect == "reference":
            return _json(200, self._answer(connection))
        model = HamrOrgConnectionResponse.from_dict(connection)
        # The drift's pointers are in the answer's spelling (/data/attributes/HamrStatus).
        answer = self._answer(spelled(model, model.to_dict(), self.dialect))
        return _json(200, answer, media_type=PRODUCTION_MEDIA_TYPE)

    def _answer(self, connection: dict[str, Any]) -> dict[str, Any]:
        """The stored connection as a 200 carries it: with the drift, in a copy (the store keeps what was written)."""
        if not self._drift_at:
            return connection
        answer = copy.deepcopy(connection)
        for tokens, value in self._drift_at:
            parent = _at(answer, tokens[:-1])
            if isinstance(parent, dict):  # else an optional object this connection lacks: nothing to drift
                parent[tokens[-1]] = value
        return answer


__all__ = ["PATH", "HamrFake", "checked_drift", "error_response", "rate_limit_headers"]
