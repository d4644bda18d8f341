"""The client for Datadog's HAMR endpoints, and :func:`datadog_client`, the way to build one.

``datadog_client()`` builds an :class:`AuthenticatedClient` for a Datadog site from arguments or
``DD_SITE``/``DD_API_KEY``/``DD_APP_KEY``. Every request goes through ``httpx.Client.send``
(``AsyncClient.send``): the keys through an ``httpx.Auth`` flow, only to the configured origin;
each attempt bounded by ``timeout`` (the body included), the whole call by ``deadline``; retries
as :class:`~hamr_client.retrying.RetryPolicy` says; bodies capped at ``max_body_size``. Transport
failures come out as :class:`~hamr_client.errors.APIConnectionError`/``APITimeoutError``.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import logging
import math
import os
import ssl
import sys
import threading
import time
import weakref
from collections.abc import AsyncGenerator, Generator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, Self, TypedDict, Unpack, get_args

import attrs
import httpx

from . import bodies
from ._transports import aiohttp_client, checked_async_transport, may_speak_tls, no_tls, timed_out
from .dialects import DIALECTS, Dialect
from .errors import (
    KEY_HEADERS,
    REDACTION,
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    ConfigurationError,
    keyless,
    redact_chain,
    redaction,
)
from .retrying import RetryPolicy, logger, outcome

if TYPE_CHECKING:
    from httpx_retries import Retry

    from .capture import DriftCapture
    from .scrub import Scrubber

#: The Datadog sites of the spec's ``servers`` (``https://api.<site>``), in the docs' order.
SITES: tuple[str, ...] = (
    "datadoghq.com",
    "us3.datadoghq.com",
    "us5.datadoghq.com",
    "datadoghq.eu",
    "ap1.datadoghq.com",
    "ap2.datadoghq.com",
    "ddog-gov.com",
    "us2.ddog-gov.com",
    "uk1.datadoghq.com",
)
DEFAULT_SITE = "datadoghq.com"
#: Connect quickly or fail; give Datadog 30 s to answer, the whole body included.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
#: The longest a call may take, every retry and wait included.
DEFAULT_DEADLINE = 120.0
#: The largest body read, once decoded (a small gzip body can inflate a thousandfold).
DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024

_PHASES = ("connect", "read", "write", "pool")
# What an endpoint may pass for its request to be built from a cached template.
_TEMPLATED = frozenset({"method", "url", "headers", "content"})
# What with_options cannot change: the keys and where they are sent.
_FIXED = frozenset({"api_key", "app_key", "site", "base_url", "allow_insecure_http"})
# The keywords that build a RetryPolicy (when no retry= is given).
_RETRY_OPTIONS = ("max_retries", "retry_unsafe", "max_rate_limit_wait")
# What datadog_client sets itself: passing them again in httpx_args is a mistake, said at once.
_OWNED = frozenset({"auth", "base_url", "event_hooks", "follow_redirects", "headers", "timeout", "transport", "verify"})


def _package_version() -> str:
    # The package's __init__ holds the one version (the spec's info.version); read, not imported, here.
    return str(getattr(sys.modules.get(__package__ or ""), "__version__", "0+unknown"))


def user_agent() -> str:
    """What every request sends as ``User-Agent``."""
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return f"hamr-client/{_package_version()} (python {python}; httpx {httpx.__version__})"


class _Secret:
    """A key that no repr, str or crash reporter's capture of locals shows."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Datadog key is not pickled")


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


#: The loggers of the transport under the client, whose records quote what a server sent (httpx's request
#: line with the reason phrase, httpcore's response headers and h11's errors at DEBUG).
TRANSPORT_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)
# Every client's keys while it lives: what the transport's log records are redacted of.
_LIVE_KEYS: weakref.WeakSet[DatadogKeys] = weakref.WeakSet()


class _RedactedRecords(logging.Filter):
    """A filter on :data:`TRANSPORT_LOGGERS`: a record that holds a live client's key, in any form, has it redacted.

    It runs only when such a logger makes a record (its level enabled): a call pays nothing for it otherwise.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = said = record.getMessage()
        for keys in list(_LIVE_KEYS):
            said = keys.redactor().redact(said)
        if said != message:
            record.msg, record.args = said, ()
        return True


_RECORDS_FILTER = _RedactedRecords()


def _redact_transport_logs() -> None:
    """Put the filter on the transport's loggers, once (a logger's filters see the records made on it)."""
    for name in TRANSPORT_LOGGERS:
        found = logging.getLogger(name)
        if _RECORDS_FILTER not in found.filters:
            found.addFilter(_RECORDS_FILTER)


class DatadogKeys(httpx.Auth):
    """Sends DD-API-KEY and DD-APPLICATION-KEY to ``origin`` only; its repr shows neither.

    httpx runs an auth flow once per ``send``, and builds redirects from the previous request's
    headers (removing only ``Authorization``), so :meth:`strip_elsewhere` runs as a request
    hook on every hop too: a redirect to another scheme, host or port goes out without the keys.
    """

    def __init__(self, api_key: str, app_key: str, origin: httpx.URL) -> None:
        self._keys = (_Secret(api_key), _Secret(app_key))
        self._origin = _origin(origin)
        self._redactor: Scrubber | None = None
        _LIVE_KEYS.add(self)
        _redact_transport_logs()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """httpx's auth hook: both keys on a request to the origin, none elsewhere."""
        if _origin(request.url) == self._origin:
            for name, secret in zip(KEY_HEADERS, self._keys, strict=True):
                request.headers[name] = secret.value
        yield request

    def strip_elsewhere(self, request: httpx.Request) -> None:
        """A request hook: remove the keys from a hop (a redirect) to another origin."""
        if _origin(request.url) != self._origin:
            for name in KEY_HEADERS:
                request.headers.pop(name, None)

    async def astrip_elsewhere(self, request: httpx.Request) -> None:
        """The async client's twin of :meth:`strip_elsewhere`."""
        self.strip_elsewhere(request)

    def scrubber(self) -> Scrubber:
        """A :class:`~hamr_client.scrub.Scrubber` that redacts both keys, in every form they travel in."""
        from .scrub import Scrubber  # noqa: PLC0415 -- only a drift capture needs it

        return Scrubber(secret.value for secret in self._keys)

    def redactor(self) -> Scrubber:
        """The one Scrubber (built on first use) that every error, warning and log line of this client's calls
        is redacted with: it is reached through each request's :data:`~hamr_client.errors.REDACTION` extension."""
        found = self._redactor
        if found is None:
            found = self._redactor = self.scrubber()
        return found

    def __repr__(self) -> str:
        return "<DatadogKeys: redacted>"


class _Call:
    """One call's retry state and clock: whether to try again, and after how long."""

    __slots__ = ("attempt_seconds", "deadline", "policy", "redactor", "request", "state", "timeouts")

    def __init__(self, client: AuthenticatedClient, request: httpx.Request) -> None:
        self.redactor = client._redactor
        self.policy = client.retry
        self.request = request
        # httpx-retries' state (it imports asyncio): made at the first failure, never for a call answered at once.
        self.state: Retry | None = None
        self.deadline = time.monotonic() + client.deadline
        self.attempt_seconds = _attempt_seconds(client.timeout)
        self.timeouts: dict[str, float | None] = dict(request.extensions.get("timeout") or dict.fromkeys(_PHASES))

    def attempt_request(self) -> httpx.Request:
        """The request for the next attempt: its timeouts cut to what is left of the deadline."""
        now = time.monotonic()
        left = self.deadline - now
        end = self.deadline
        if self.attempt_seconds is not None and self.attempt_seconds < left:
            # The attempt's own bound as given, not (now + t) - now, which float rounding makes t - 3e-14.
            left, end = self.attempt_seconds, now + self.attempt_seconds
        left = max(left, 0.001)
        timeout = {phase: left if t is None else min(t, left) for phase, t in self.timeouts.items()}
        # A new dict: the request may share its template's (httpx 0.27 does not copy extensions).
        self.request.extensions = {
            **self.request.extensions,
            "timeout": timeout,
            bodies.DEADLINE: end,
            REDACTION: self.redactor,  # the client's keys, for whatever a response makes it raise or log
        }
        return self.request

    def next_wait(self, result: httpx.Response | httpx.RequestError) -> float | None:
        """Seconds to wait before the next attempt, or None to stop with ``result``."""
        policy = self.policy
        if isinstance(result, httpx.Response) and not policy.retries_status(self.request.method, result.status_code):
            return None
        state = self.state if self.state is not None else policy.start(self.request.method)
        if state.is_exhausted():
            return None
        if not isinstance(result, httpx.Response) and not policy.retries_error(state, result):
            return None
        wait = policy.wait_for(result, state.attempts_made + 1, state)
        if time.monotonic() + wait >= self.deadline:
            logger.warning("not retrying after %s: waiting %.3f s would pass the deadline", outcome(result), wait)
            return None
        self.state = state.increment()
        logger.info(
            "retrying after %s in %.3f s (retry %d of %d)", outcome(result), wait, self.state.attempts_made, state.total
        )
        return wait

    def finish(self, result: httpx.Response | httpx.RequestError) -> httpx.Response:
        if isinstance(result, httpx.Response):
            return result
        attempts = 1 if self.state is None else self.state.attempts_made + 1
        raise _wrapped(result, self.request, attempts) from result


class ClientOptions(TypedDict, total=False):
    """Every keyword :func:`datadog_client`, ``AuthenticatedClient(...)`` and ``with_options`` take.

    One list, one checker (:func:`client_settings`): what each means is in :func:`datadog_client`.
    """

    site: str
    api_key: str
    app_key: str
    base_url: str
    timeout: float | httpx.Timeout | None
    deadline: float
    max_retries: int
    retry: RetryPolicy
    retry_unsafe: bool
    max_rate_limit_wait: float
    max_body_size: int
    allow_insecure_http: bool
    raise_on_unexpected_status: bool
    strict: bool
    drift_dir: str | os.PathLike[str] | None
    dialect: Dialect | None
    headers: Mapping[str, str]
    verify_ssl: str | bool | ssl.SSLContext
    follow_redirects: bool
    proxy: str | httpx.Proxy | None
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None
    async_transport: httpx.AsyncBaseTransport | Literal["aiohttp"] | None
    httpx_args: Mapping[str, Any]


class AuthenticatedClient:
    """A client for Datadog's HAMR endpoints: ``AuthenticatedClient(**options)`` is ``datadog_client(**options)``.

    Both go through :func:`client_settings`, so a client built either way is checked the same way
    (``ConfigurationError`` before any request). :meth:`with_options` derives a client with other
    settings and the same keys and origin.

    One httpx client (and connection pool) per client and per flavour, built on the first call
    even when threads race to make it. After ``close()``/``aclose()`` (or the end of a ``with``/
    ``async with`` block) every call raises :class:`~hamr_client.errors.ClientClosedError`.

    Attributes:
        raise_on_unexpected_status: ``*_detailed`` raise errors.UnexpectedStatus on a status the spec
            does not document (else they return it unparsed); ``sync``/``asyncio`` always raise.
        strict: refuse any deviation from the spec (True); False tolerates what the models can carry
            exactly (unknown enum values, values off their format), each reported as a SpecDriftWarning.
        drift_capture: where a ``strict=False`` client keeps each drifted answer (``drift_dir``), or None.
        dialect: the spelling request bodies are written in (see :func:`datadog_client`'s ``dialect``).
        retry: the RetryPolicy of every request.
        timeout: each attempt's httpx timeouts; the largest of them bounds a whole attempt, body included.
        deadline: the longest a call may take, every retry and wait included (seconds).
        max_body_size: the largest body read, in bytes once decoded; a larger one is an InvalidResponse.
    """

    retry: RetryPolicy
    timeout: httpx.Timeout | None
    deadline: float
    max_body_size: int
    raise_on_unexpected_status: bool
    strict: bool
    drift_capture: DriftCapture | None

    def __init__(self, **options: Unpack[ClientOptions]) -> None:
        self._build(options)

    @classmethod
    def _from_options(cls, options: ClientOptions) -> AuthenticatedClient:
        # datadog_client's own dict, so that popping the keys leaves none in its frame either.
        client = cls.__new__(cls)
        client._build(options)
        return client

    def _build(self, options: ClientOptions) -> None:
        secrets = _take_keys(options)  # from here on only the wrapped keys: a crash report's locals show neither
        try:
            settings = client_settings(options)
        except ConfigurationError as exc:  # it may quote a value (a site) that is a key pasted in the wrong place
            redact_chain(exc, _given_keys(secrets))
            raise
        # The keys last, once everything else is known to be usable.
        api_key, app_key = _key(secrets[0], "DD_API_KEY", "api_key"), _key(secrets[1], "DD_APP_KEY", "app_key")
        self._configure(settings, DatadogKeys(api_key.value, app_key.value, httpx.URL(settings.base_url)))

    def _configure(self, settings: Settings, auth: DatadogKeys, inherited: DriftCapture | None = None) -> None:
        self._settings = settings
        self._base_url_text = settings.base_url
        self._base_url = httpx.URL(settings.base_url)
        self._auth = auth
        self._redactor = auth.redactor
        self.retry = settings.retry
        self.timeout = settings.timeout
        self.deadline = settings.deadline
        self.max_body_size = settings.max_body_size
        self.raise_on_unexpected_status = settings.raise_on_unexpected_status
        self.strict = settings.strict
        self.drift_capture = _drift_capture(settings, auth, inherited)
        self._heard: Dialect | None = None  # the spelling the origin last answered in
        self._headers = {
            "Accept": "application/json",
            "Accept-Encoding": bodies.ACCEPT_ENCODING,  # what bodies.py inflates within max_body_size
            "User-Agent": user_agent(),
            **settings.headers,
        }
        self._verify = settings.verify_ssl
        self._follow_redirects = settings.follow_redirects
        self._transport = settings.transport
        self._async_transport = settings.async_transport
        self._httpx_args = dict(settings.httpx_args)
        self._lock = threading.Lock()
        self._closed = False
        self._http: httpx.Client | None = None
        self._async_http: httpx.AsyncClient | None = None
        self._async_loop: Any = None  # the asyncio loop the async pool belongs to (None under trio)
        self._async_closer: AsyncGenerator[None] | None = None  # closes an aiohttp pool as its loop ends
        # build_request's result for a (method, path, headers): the same every call, so built once.
        self._templates: dict[tuple[Any, ...], httpx.Request] = {}

    def with_options(self, **changes: Unpack[ClientOptions]) -> AuthenticatedClient:
        """A new client with the same keys and origin and ``changes`` applied, checked as at construction.

        ``changes`` are :func:`datadog_client`'s keywords except the keys and the origin (``api_key``,
        ``app_key``, ``site``, ``base_url``, ``allow_insecure_http``: build a new client for those).
        The new client starts from this one's settings as they are now (a ``retry`` assigned since
        included); ``max_retries``/``retry_unsafe``/``max_rate_limit_wait`` change its RetryPolicy,
        keeping the rest of it. This client is unchanged; the two share no connection pool (a
        ``transport`` you passed is yours, and both use it).

        Raises:
            errors.ConfigurationError: a change that is not usable, or one of the fixed keywords.
        """
        fixed = sorted(changes.keys() & _FIXED)
        if fixed:
            raise ConfigurationError(
                f"with_options keeps the keys and the origin; to change {', '.join(fixed)} build a new client"
            )
        options: dict[str, Any] = {
            **self._settings.options,
            "retry": self.retry,
            "timeout": self.timeout,
            "deadline": self.deadline,
            "max_body_size": self.max_body_size,
            "raise_on_unexpected_status": self.raise_on_unexpected_status,
            "strict": self.strict,
        }
        pending: dict[str, Any] = dict(changes)
        retry_changes = {name: pending.pop(name) for name in _RETRY_OPTIONS if name in pending}
        if retry_changes and "retry" not in pending:
            options["retry"] = _evolved(self.retry, retry_changes)
        options.update(pending)
        derived = AuthenticatedClient.__new__(AuthenticatedClient)
        derived._configure(client_settings(options), self._auth, self.drift_capture)
        derived._heard = self._heard  # the same origin: what it answered in holds for both
        return derived

    @property
    def dialect(self) -> Dialect:
        """The spelling request bodies are written in: ``"reference"`` or ``"production"``.

        The ``dialect`` option if given; else the one the origin last answered in; before any
        answer, production's for a Datadog site and the reference's for a ``base_url``.
        """
        return self._settings.dialect or self._heard or self._settings.default_dialect

    def hear(self, dialect: str) -> None:
        """Note the spelling the origin answered in (the generated endpoints call it with each answer)."""
        for known in DIALECTS:
            if dialect == known:
                self._heard = known

    @property
    def base_url(self) -> str:
        """The origin (and path prefix) every request goes to, as checked: no credentials, query or fragment."""
        return self._base_url_text

    @property
    def closed(self) -> bool:
        """Whether ``close()``/``aclose()`` was called: every call raises ClientClosedError then."""
        return self._closed

    def __repr__(self) -> str:
        if not hasattr(self, "_settings"):  # a crash report's locals, mid-construction
            return "<AuthenticatedClient (being built)>"
        return f"<AuthenticatedClient {self.base_url} retry={self.retry!r} closed={self._closed}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError("an AuthenticatedClient holds the keys and connection pools: it is not pickled")

    # ------------------------------------------------------------------ the httpx clients

    def _client_args(self) -> dict[str, Any]:
        timeout = self.timeout if self.timeout is not None else httpx.Timeout(None)
        tls = may_speak_tls(self._base_url, self._verify, self._follow_redirects, self._httpx_args)
        return {
            "base_url": self._base_url,
            "headers": self._headers,
            "timeout": timeout,
            "follow_redirects": self._follow_redirects,
            "verify": self._verify if tls else no_tls(),
            "auth": self._auth,
            **self._httpx_args,
        }

    def get_httpx_client(self) -> httpx.Client:
        """The underlying httpx.Client (built once, thread-safely); ClientClosedError once closed."""
        http = self._http
        if http is None:
            with self._lock:
                self._refuse_if_closed()
                if self._http is None:
                    transport = self._transport if isinstance(self._transport, httpx.BaseTransport) else None
                    if self._transport is not None and transport is None:
                        raise ConfigurationError("transport= is async only: sync calls need a sync transport too")
                    self._http = httpx.Client(**self._client_args(), transport=transport, event_hooks=self._hooks())
                http = self._http
        self._refuse_if_closed()
        return http

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The underlying httpx.AsyncClient (built once per event loop, thread-safely); ClientClosedError once closed.

        A pool belongs to the event loop it was made in: a call from a later loop (a second
        ``asyncio.run``) gets a new pool instead of the dead one.
        """
        http = self._async_http
        if http is not None and self._async_loop is not None and self._async_loop.is_closed():
            with self._lock:
                if self._async_http is http:
                    self._async_http = None
            http = None
        if http is None:
            with self._lock:
                self._refuse_if_closed()
                if self._async_http is None:
                    transport = self._async_transport
                    if isinstance(transport, str):  # AIOHTTP, the one name client_settings lets through
                        self._async_http, self._async_closer = aiohttp_client(
                            self._client_args(), self._hooks(asynchronous=True)
                        )
                    else:
                        if transport is None and isinstance(self._transport, httpx.AsyncBaseTransport):
                            transport = self._transport
                        if transport is None and self._transport is not None:
                            # Not the real network behind a test's back: say what is missing.
                            raise ConfigurationError("transport= is sync only: pass async_transport= for async calls")
                        self._async_http = httpx.AsyncClient(
                            **self._client_args(), transport=transport, event_hooks=self._hooks(asynchronous=True)
                        )
                    self._async_loop = _running_loop()
                http = self._async_http
        self._refuse_if_closed()
        return http

    def _hooks(self, *, asynchronous: bool = False) -> dict[str, list[Any]]:
        """Every hop's request loses the keys off the origin; every redirect's body is bounded."""
        limit = self.max_body_size

        def bound(response: httpx.Response) -> None:
            bodies.bound_redirect(response, limit)

        async def abound(response: httpx.Response) -> None:
            bodies.bound_redirect(response, limit)

        if asynchronous:
            return {"request": [self._auth.astrip_elsewhere], "response": [abound] if self._follow_redirects else []}
        return {"request": [self._auth.strip_elsewhere], "response": [bound] if self._follow_redirects else []}

    def _refuse_if_closed(self) -> None:
        if self._closed:
            raise ClientClosedError("this hamr_client client is closed; build a new one with datadog_client()")

    def close(self) -> None:
        """Close the sync connection pool; the client refuses calls from now on (``aclose`` closes both).

        With a ``drift_dir`` it first waits (a few seconds at most) for the drifted answers still being written.
        """
        if self.drift_capture is not None:
            from .capture import FLUSH_TIMEOUT  # noqa: PLC0415

            self.drift_capture.flush(FLUSH_TIMEOUT)
        with self._lock:
            self._closed = True
            http, self._http = self._http, None
        if http is not None:
            http.close()

    async def aclose(self) -> None:
        """Close both connection pools; the client refuses calls from now on."""
        self.close()
        with self._lock:
            http, self._async_http = self._async_http, None
            closer, self._async_closer = self._async_closer, None
        if closer is not None:  # an aiohttp pool: closed by its closer, in this loop
            await closer.aclose()
        elif http is not None:
            await http.aclose()

    def __enter__(self) -> Self:
        self._refuse_if_closed()
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        self._refuse_if_closed()
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.aclose()

    # ------------------------------------------------------------------ sending

    def _request(self, http: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any]) -> httpx.Request:
        """What an endpoint's ``_get_kwargs`` asked for, as httpx's ``build_request`` builds it."""
        method, url = kwargs["method"], kwargs["url"]
        headers: dict[str, str] | None = kwargs.get("headers")
        if not kwargs.keys() <= _TEMPLATED or http.cookies:
            return http.build_request(**kwargs)
        key = (type(http), method, url, tuple(headers.items()) if headers else ())
        template = self._templates.get(key)
        if template is None:
            # Built as a GET: httpx gives a body-less POST "Content-Length: 0", which must not stick.
            template = self._templates[key] = http.build_request("GET", url, headers=headers)
        return httpx.Request(
            method,
            template.url,
            headers=template.headers,
            content=kwargs.get("content"),
            extensions=template.extensions,
        )

    def send_request(self, **kwargs: Any) -> httpx.Response:
        """Send what an endpoint's ``_get_kwargs`` built, with retries; the body read and capped."""
        http = self.get_httpx_client()
        request = self._request(http, kwargs)
        call = _Call(self, request)
        while True:
            self._refuse_if_closed()
            result: httpx.Response | httpx.RequestError
            try:
                result = self._attempt(http, call.attempt_request())
            except httpx.RequestError as exc:
                result = exc
            except RuntimeError:
                self._refuse_if_closed()  # closed by another thread mid-call: say so, typed
                raise
            wait = call.next_wait(result)
            if wait is None:
                return call.finish(result)
            self.retry.sleep(wait)

    def _attempt(self, http: httpx.Client, request: httpx.Request) -> httpx.Response:
        response = http.send(request, stream=True)
        deadline = request.extensions[bodies.DEADLINE]
        if "content-encoding" in response.headers:
            return bodies.read(response, self.max_body_size, deadline)
        # Raw bytes are the body: httpx reads them through the guard, no copy of the response.
        guard = bodies.Guarded(response.stream, request, deadline, self.max_body_size)
        response.stream = guard
        try:
            response.read()
        except bodies.TooLarge:
            return bodies.marked(response, guard.kept, bodies.TRUNCATED, self.max_body_size)
        finally:
            response.close()
        return response

    async def asend_request(self, **kwargs: Any) -> httpx.Response:
        """The asyncio (and trio) twin of :meth:`send_request`, through the async httpx client."""
        http = self.get_async_httpx_client()
        request = self._request(http, kwargs)
        call = _Call(self, request)
        while True:
            self._refuse_if_closed()
            result: httpx.Response | httpx.RequestError
            try:
                result = await self._aattempt(http, call.attempt_request())
            except httpx.RequestError as exc:
                result = exc
            except RuntimeError:
                self._refuse_if_closed()
                raise
            wait = call.next_wait(result)
            if wait is None:
                return call.finish(result)
            await self.retry.async_sleep(wait)

    async def _aattempt(self, http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
        import anyio  # noqa: PLC0415 -- httpx's async transports import it already

        # A cancel scope bounds the whole attempt, headers included, whatever the server trickles.
        try:
            with anyio.fail_after(max(request.extensions[bodies.DEADLINE] - time.monotonic(), 0)):
                response = await http.send(request, stream=True)
                return await bodies.aread(response, self.max_body_size)
        except TimeoutError:
            raise httpx.ReadTimeout("the attempt's timeout passed", request=request) from None


def _running_loop() -> Any:
    asyncio = sys.modules.get("asyncio")  # loaded by whoever runs the loop; never imported here
    if asyncio is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _attempt_seconds(timeout: httpx.Timeout | None) -> float | None:
    if timeout is None:
        return None
    values = [value for value in (timeout.connect, timeout.read, timeout.write, timeout.pool) if value is not None]
    return max(values) if values else None


def _wrapped(error: httpx.RequestError, request: httpx.Request, attempts: int) -> APIConnectionError:
    """Our error for httpx's; the httpx error stays as the cause, its request without the keys.

    A transport's message may quote what the server sent (h11's "illegal header line: ..."): the
    message, and the arguments of the errors it was raised from, are redacted.
    """
    scrubber = redaction(request)
    error.request = keyless(request, scrubber)
    redact_chain(error, scrubber)
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) and timed_out(error) else APIConnectionError
    url = scrubber.redact(str(request.url.copy_with(query=None)))
    message = scrubber.redact(f"{type(error).__name__}: {error}")
    return kind(message, method=request.method, url=url, attempts=attempts)


# ---------------------------------------------------------------------- configuration


_SITE_HOSTS = frozenset(f"api.{site}" for site in SITES)


def site_url(site: str) -> str:
    """``https://api.<site>`` for one of :data:`SITES`; ConfigurationError (a ValueError) naming them otherwise."""
    normalized = site.strip().lower()
    if normalized not in SITES:
        raise ConfigurationError(f"unknown Datadog site {site!r}; use one of: {', '.join(SITES)}")
    return f"https://api.{normalized}"


def _check_url(base_url: str, allow_insecure_http: bool) -> str:
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError):
        raise ConfigurationError("base_url is not a URL") from None
    if url.scheme not in ("https", "http") or not url.host:
        raise ConfigurationError(f"base_url must be an https:// URL with a host, got scheme {url.scheme!r}")
    if url.userinfo:
        # Never echo it: the password would end up in a log.
        raise ConfigurationError("base_url must not carry user:password@; the keys are the only credentials")
    if url.query or url.fragment:
        raise ConfigurationError("base_url must not have a query or a fragment; give the scheme, host and path")
    if url.scheme == "http" and not allow_insecure_http and not _is_loopback(url.host):
        raise ConfigurationError(
            f"refusing plain http:// to {url.host}: the keys would travel unencrypted; "
            "use https://, or pass allow_insecure_http=True if you really mean it"
        )
    return base_url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    import ipaddress  # noqa: PLC0415 -- only plain-http URLs need it

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _key(given: _Secret | None, variable: str, argument: str) -> _Secret:
    # The key stays inside a _Secret: no local of this frame (or the caller's) holds it as text.
    found = given if given is not None else _Secret(os.environ.get(variable, ""))
    if not isinstance(found.value, str):
        raise ConfigurationError(f"{argument} must be a string, got {type(found.value).__name__}")
    if not found.value.strip():
        raise ConfigurationError(f"no Datadog {argument.replace('_', ' ')}: pass {argument}=... or set {variable}")
    if not found.value.isascii() or not found.value.strip().isprintable():
        # Never echo the key: this message may end up in a log.
        raise ConfigurationError(f"the {argument.replace('_', ' ')} has characters an HTTP header cannot carry")
    return _Secret(found.value.strip())


def _checked_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    checked = {}
    for name, value in (headers or {}).items():
        if not isinstance(name, str) or not name or not name.isascii() or any(c in name for c in " :\r\n\t"):
            raise ConfigurationError(f"headers: {name!r} is not an HTTP header name")
        if not isinstance(value, str) or not value.isascii() or not value.isprintable():
            raise ConfigurationError(f"headers: the value of {name} is not printable ASCII text")
        checked[name] = value
    return checked


def _checked_proxy(proxy: str | httpx.Proxy) -> httpx.Proxy:
    try:
        checked = proxy if isinstance(proxy, httpx.Proxy) else httpx.Proxy(proxy)
    except (ValueError, TypeError, httpx.InvalidURL):
        raise ConfigurationError("proxy is not a proxy URL (http://, https:// or socks5://host:port)") from None
    _check_extras({"proxy": checked})
    return checked


def _checked_verify(verify: str | bool | ssl.SSLContext) -> str | bool | ssl.SSLContext:
    if isinstance(verify, str) and not os.path.exists(verify):
        raise ConfigurationError("verify_ssl names no CA bundle file or directory that exists")
    if not isinstance(verify, str | bool | ssl.SSLContext):
        raise ConfigurationError(
            f"verify_ssl must be a bool, a CA bundle path or an SSLContext, got {type(verify).__name__}"
        )
    return verify


def _seconds(name: str, value: Any, *, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0
    if not ok:
        raise ConfigurationError(f"{name} must be a finite number of seconds above 0, got {value!r}")
    return float(value)


def _timeout(value: float | httpx.Timeout | None) -> httpx.Timeout | None:
    if value is None:
        return None
    if isinstance(value, httpx.Timeout):
        for phase in ("connect", "read", "write", "pool"):
            _seconds(f"timeout.{phase}", getattr(value, phase), allow_none=True)
        return value
    return httpx.Timeout(_seconds("timeout", value))


@functools.cache
def _httpx_arguments() -> frozenset[str]:
    import inspect  # noqa: PLC0415 -- costly to import, and only httpx_args need it

    return frozenset(inspect.signature(httpx.Client.__init__).parameters) - {"self"}


def _checked_httpx_args(httpx_args: Mapping[str, Any] | None) -> dict[str, Any]:
    args = dict(httpx_args or {})
    owned = sorted(args.keys() & _OWNED)
    if owned:
        raise ConfigurationError(
            f"httpx_args may not set {', '.join(owned)}: datadog_client sets them (use its own arguments)"
        )
    unknown = sorted(args.keys() - _httpx_arguments())
    if unknown:
        raise ConfigurationError(f"httpx_args has arguments httpx.Client does not take: {', '.join(unknown)}")
    _check_extras(args)
    return args


def _check_extras(args: Mapping[str, Any]) -> None:
    """ConfigurationError now for an httpx argument whose optional package is missing, naming the extra.

    httpx imports h2 (``http2=True``) and socksio (a ``socks5://`` proxy) only when it builds a
    connection pool, which this client does at its first request: a bare ImportError there.
    """
    proxy = args.get("proxy")
    url = str(proxy.url if isinstance(proxy, httpx.Proxy) else proxy or "")
    needed = {"h2": ("http2=True", "httpx[http2]")} if args.get("http2") else {}
    if url.lower().startswith("socks"):
        needed["socksio"] = ("a SOCKS proxy", "httpx[socks]")
    for module, (what, extra) in needed.items():
        try:
            importlib.import_module(module)
        except ImportError:
            raise ConfigurationError(f"{what} needs the {module} package: pip install '{extra}'") from None


def datadog_client(**options: Unpack[ClientOptions]) -> AuthenticatedClient:
    """A ready client for Datadog's HAMR API, for both the sync and the asyncio functions.

    The same as ``AuthenticatedClient(**options)``; ``client.with_options(**changes)`` derives one.

    Args:
        site: a Datadog site (``datadoghq.com``, ``datadoghq.eu``, ... see :data:`SITES`); else
            ``DD_SITE``; else ``datadoghq.com``. Requests go to ``https://api.<site>``.
        api_key: the API key; else ``DD_API_KEY``. Sent as ``DD-API-KEY``.
        app_key: the application key; else ``DD_APP_KEY``. Sent as ``DD-APPLICATION-KEY``.
        base_url: overrides the site (a proxy, a fake server in tests); no credentials, query or fragment.
        timeout: seconds, or an ``httpx.Timeout``; default 5 s to connect, 30 s for the rest. The
            largest of its values also bounds each whole attempt, reading the body included.
        deadline: the longest a whole call may take, every retry and wait included (default 120 s).
        max_retries: retries after the first attempt (``0`` disables them); ignored with ``retry``.
        retry: a whole :class:`RetryPolicy` instead of ``max_retries``/``retry_unsafe``/``max_rate_limit_wait``.
        retry_unsafe: also retry POST on 502/503/504 and connection errors (it is create-or-update).
        max_rate_limit_wait: the longest wait honoured from ``X-RateLimit-Reset``/``Retry-After``, in seconds.
        max_body_size: the largest response body read, in bytes once decoded (default 10 MiB).
        allow_insecure_http: allow ``http://`` to a host that is not loopback.
        raise_on_unexpected_status: ``*_detailed`` raise ``UnexpectedStatus`` on an undocumented
            status (default); ``False``: they return it unparsed. ``sync``/``asyncio`` always raise.
        strict: ``True`` (default, and what the contract gate uses): a body off the spec in any way is
            an ``InvalidResponse``. ``False`` (for unattended runbooks): an unknown enum value (a newer
            ``hamr_status``) or a value off its format (a ``modified_at`` that is not RFC 3339) is kept --
            the model round-trips it exactly -- and reported as a ``SpecDriftWarning`` and a WARNING log
            record; a missing required field or a wrong JSON type is still an ``InvalidResponse``.
        dialect: the spelling request bodies are written in: ``"reference"`` (the API reference's
            snake_case) or ``"production"`` (what Datadog's production API answers in: PascalCase
            attributes). Default ``None``: the spelling the origin last answered in (answers in
            either are read in any case); before any answer, production's for a Datadog site and the
            reference's for a ``base_url``. A write whose answer does not show it applied raises
            ``WriteNotAppliedError`` whatever the spelling.
        drift_dir: with ``strict=False``, a directory where each drifted answer is kept, scrubbed, as a
            cassette candidate (one file per operation, status and JSON pointer; see
            :mod:`hamr_client.capture`) for ``nox -s record -- --from-drift DIR`` to turn into a
            recording of the contract gate. Never raises into a call; a failed write is logged once.
        headers: extra headers for every request.
        verify_ssl: passed to httpx as ``verify`` (``False`` only for tests).
        follow_redirects: follow redirects; the keys never follow one to another scheme, host or port.
        proxy: a proxy URL for every request; without it httpx honours ``HTTPS_PROXY``/``NO_PROXY``...
        transport, async_transport: the network (``respx``/``httpx.MockTransport`` in tests); one
            transport that is both sync and async serves both clients. httpx ignores the
            environment's proxies for a client given a transport. ``async_transport="aiohttp"``
            (``pip install 'hamr-client[aiohttp]'``) runs the async calls on aiohttp through
            httpx-aiohttp, every guarantee kept and the environment's proxies honoured (asyncio
            only; not with ``http2=True`` or a SOCKS proxy); sync calls stay on httpx.
        httpx_args: more keyword arguments for ``httpx.Client``/``httpx.AsyncClient`` (``limits``,
            ``http2``, ``cert``, ``trust_env``...); not those this function sets itself.

    Raises:
        errors.ConfigurationError: (a ValueError) an unknown site, a missing or malformed key, a
            non-loopback ``http://`` URL, a bad number or argument; raised here, before any request,
            naming the argument. It never contains a key or URL credentials.
    """
    return AuthenticatedClient._from_options(options)


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything a client is built from, checked; ``options`` are the keywords that gave it (no keys).

    Made only by :func:`client_settings`.
    """

    base_url: str
    retry: RetryPolicy
    timeout: httpx.Timeout | None
    deadline: float
    max_body_size: int
    raise_on_unexpected_status: bool
    strict: bool
    drift_dir: Path | None
    dialect: Dialect | None
    default_dialect: Dialect
    headers: Mapping[str, str]
    verify_ssl: str | bool | ssl.SSLContext
    follow_redirects: bool
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None
    async_transport: httpx.AsyncBaseTransport | Literal["aiohttp"] | None
    httpx_args: Mapping[str, Any]
    options: Mapping[str, Any]


def client_settings(options: Mapping[str, Any]) -> Settings:
    """The one check of a client's keywords (not the keys): :class:`Settings`, or a ConfigurationError naming one.

    Behind ``datadog_client``, ``AuthenticatedClient(...)`` and ``with_options``. A keyword the
    client does not take is a TypeError, as for any signature (``**options`` must not swallow a typo).
    """
    unknown = sorted(options.keys() - ClientOptions.__annotations__.keys())
    if unknown:  # what Python says of a keyword a signature does not take
        raise TypeError(f"datadog_client() got unexpected keyword arguments: {', '.join(unknown)}")
    get = options.get
    base_url = get("base_url")
    if base_url is None:
        site = get("site")
        chosen = site if site is not None else (os.environ.get("DD_SITE") or DEFAULT_SITE)
        if not isinstance(chosen, str):
            raise ConfigurationError(f"site must be a string, got {type(chosen).__name__}")
        base_url = site_url(chosen)
    allow_insecure_http = bool(get("allow_insecure_http", False))
    checked_url = _check_url(base_url, allow_insecure_http)
    # A Datadog site answers in production's dialect; another origin (a fake, a stub) in the reference's.
    default_dialect: Dialect = "production" if httpx.URL(checked_url).host in _SITE_HOSTS else "reference"
    max_retries = get("max_retries", 3)
    if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be an integer, 0 or more; got {max_retries!r}")
    max_body_size = get("max_body_size", DEFAULT_MAX_BODY_SIZE)
    if not isinstance(max_body_size, int) or isinstance(max_body_size, bool) or max_body_size <= 0:
        raise ConfigurationError(f"max_body_size must be a positive number of bytes; got {max_body_size!r}")
    retry = get("retry")
    if retry is None:
        retry = RetryPolicy(
            max_retries,
            retry_unsafe=bool(get("retry_unsafe", False)),
            max_rate_limit_wait=get("max_rate_limit_wait", 60.0),
        )
    elif not isinstance(retry, RetryPolicy):
        raise ConfigurationError(f"retry must be a RetryPolicy, got {type(retry).__name__}")
    extra = _checked_httpx_args(get("httpx_args"))
    proxy = get("proxy")
    if proxy is not None:
        if "proxy" in extra:
            raise ConfigurationError("give proxy once: as proxy=, not also in httpx_args")
        extra["proxy"] = _checked_proxy(proxy)
    async_transport = checked_async_transport(get("async_transport"), extra)
    headers = _checked_headers(get("headers"))
    verify_ssl = _checked_verify(get("verify_ssl", True))
    strict = bool(get("strict", True))
    drift_dir = _checked_drift_dir(get("drift_dir"), strict)
    dialect = get("dialect")
    if dialect is not None and dialect not in get_args(Dialect):
        raise ConfigurationError(f"dialect must be one of {', '.join(map(repr, DIALECTS))} or None; got {dialect!r}")
    kept = {name: value for name, value in options.items() if name not in _FIXED and name not in _RETRY_OPTIONS}
    return Settings(
        base_url=checked_url,
        retry=retry,
        timeout=_timeout(get("timeout", DEFAULT_TIMEOUT)),
        deadline=_seconds("deadline", get("deadline", DEFAULT_DEADLINE)) or DEFAULT_DEADLINE,
        max_body_size=max_body_size,
        raise_on_unexpected_status=bool(get("raise_on_unexpected_status", True)),
        strict=strict,
        drift_dir=drift_dir,
        dialect=dialect,
        default_dialect=default_dialect,
        headers=headers,
        verify_ssl=verify_ssl,
        follow_redirects=bool(get("follow_redirects", False)),
        transport=get("transport"),
        async_transport=async_transport,
        httpx_args=extra,
        # What with_options starts from: the origin as resolved, the retry as built.
        options={**kept, "base_url": checked_url, "allow_insecure_http": allow_insecure_http, "retry": retry},
    )


def _checked_drift_dir(drift_dir: Any, strict: bool) -> Path | None:
    if drift_dir is None:
        return None
    if not isinstance(drift_dir, str | os.PathLike) or not os.fspath(drift_dir):
        raise ConfigurationError(f"drift_dir must be a directory's path, got {type(drift_dir).__name__}")
    if strict:
        raise ConfigurationError(
            "drift_dir keeps the answers a strict=False client tolerates; a strict client refuses them: "
            "pass strict=False too (or drift_dir=None)"
        )
    path = Path(drift_dir)
    if path.exists() and not path.is_dir():
        raise ConfigurationError("drift_dir names a file, not a directory")
    return path


def _drift_capture(settings: Settings, auth: DatadogKeys, inherited: DriftCapture | None) -> DriftCapture | None:
    """The capture of a client's drift_dir: the one it was derived from (same directory), else a new one."""
    if settings.drift_dir is None:
        return None
    if inherited is not None and inherited.directory == settings.drift_dir:
        return inherited
    from .capture import DriftCapture  # noqa: PLC0415 -- only drift_dir needs it

    url = httpx.URL(settings.base_url)
    site = url.host.removeprefix("api.") if url.scheme == "https" and url.host.removeprefix("api.") in SITES else None
    return DriftCapture(
        settings.drift_dir,
        auth.scrubber(),
        site=site or url.netloc.decode("ascii"),
        package_version=_package_version(),
    )


def _take_keys(options: ClientOptions) -> tuple[_Secret | None, _Secret | None]:
    """Pop the keys out of ``options`` (the caller's dict: no frame keeps them as text), wrapped."""
    api_key, app_key = options.pop("api_key", None), options.pop("app_key", None)
    return (None if api_key is None else _Secret(api_key), None if app_key is None else _Secret(app_key))


def _given_keys(secrets: tuple[_Secret | None, _Secret | None]) -> Scrubber:
    """A Scrubber of the keys given and of those in the environment (for an error raised before the client has keys)."""
    from .scrub import Scrubber  # noqa: PLC0415 -- only a refused configuration needs it

    given = [secret.value for secret in secrets if secret is not None and isinstance(secret.value, str)]
    return Scrubber([*given, *(os.environ.get(name, "") for name in ("DD_API_KEY", "DD_APP_KEY"))])


def _evolved(policy: RetryPolicy, changes: Mapping[str, Any]) -> RetryPolicy:
    """``policy`` with ``max_retries``/``retry_unsafe``/``max_rate_limit_wait`` changed, the rest kept."""
    if "max_retries" in changes:
        count = changes["max_retries"]
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ConfigurationError(f"max_retries must be an integer, 0 or more; got {count!r}")
    renamed = {"total" if name == "max_retries" else name: value for name, value in changes.items()}
    return attrs.evolve(policy, **renamed)


__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_BODY_SIZE",
    "DEFAULT_SITE",
    "DEFAULT_TIMEOUT",
    "KEY_HEADERS",
    "SITES",
    "TRANSPORT_LOGGERS",
    "AuthenticatedClient",
    "ClientOptions",
    "DatadogKeys",
    "RetryPolicy",
    "Settings",
    "client_settings",
    "datadog_client",
    "site_url",
]
