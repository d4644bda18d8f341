"""The client for Datadog's HAMR endpoints, and :func:`datadog_client`, the way to build one.

``datadog_client()`` builds an :class:`AuthenticatedClient` for a Datadog site from arguments or
``DD_SITE``/``DD_API_KEY``/``DD_APP_KEY``/``DD_BEARER_TOKEN``. Every request goes through ``httpx.Client.send``
(``AsyncClient.send``): the credentials through an ``httpx.Auth`` flow, only to the configured origin;
each attempt bounded by ``timeout`` (the body included), the whole call by ``deadline``; retries
as :class:`~hamr_client.retrying.RetryPolicy` says; bodies capped at ``max_body_size``. Transport
failures come out as :class:`~hamr_client.errors.APIConnectionError`/``APITimeoutError``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Any, NoReturn, Self, Unpack

import httpx

from . import _config, bodies
from ._auth import TRANSPORT_LOGGERS, DatadogKeys
from ._config import DEFAULT_TIMEOUT, ClientOptions, Settings, client_settings, site_url
from ._constants import CREDENTIAL_HEADERS, DEFAULT_DEADLINE, DEFAULT_MAX_BODY_SIZE, DEFAULT_SITE, KEY_HEADERS, SITES
from ._sending import Call, aattempt, attempt
from ._transports import aiohttp_client, may_speak_tls, no_tls
from .dialects import DIALECTS, Dialect
from .errors import ClientClosedError, ConfigurationError
from .retrying import RetryPolicy

if TYPE_CHECKING:
    from .capture import DriftCapture

# What an endpoint may pass for its request to be built from a cached template.
_TEMPLATED = frozenset({"method", "url", "headers", "content"})


def _package_version() -> str:
    # The package's __init__ holds the one version (the spec's info.version); read, not imported, here.
    return str(getattr(sys.modules.get(__package__ or ""), "__version__", "0+unknown"))


def user_agent() -> str:
    """What every request sends as ``User-Agent``."""
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return f"hamr-client/{_package_version()} (python {python}; httpx {httpx.__version__})"


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
        settings, credentials = _config.resolved(options)  # type: ignore[arg-type]
        api_key, app_key, token = (None if secret is None else secret.value for secret in credentials.secrets())
        self._configure(settings, DatadogKeys(api_key, app_key, httpx.URL(settings.base_url), bearer_token=token))

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

        ``changes`` are :func:`datadog_client`'s keywords except the credentials and the origin (``api_key``,
        ``app_key``, ``bearer_token``, ``site``, ``base_url``, ``allow_insecure_http``: build a new client for those).
        The new client starts from this one's settings as they are now (a ``retry`` assigned since
        included); ``max_retries``/``retry_unsafe``/``max_rate_limit_wait`` change its RetryPolicy,
        keeping the rest of it. This client is unchanged; the two share no connection pool (a
        ``transport`` you passed is yours, and both use it).

        Raises:
            errors.ConfigurationError: a change that is not usable, or one of the fixed keywords.
        """
        now = {
            **self._settings.options,
            "retry": self.retry,
            "timeout": self.timeout,
            "deadline": self.deadline,
            "max_body_size": self.max_body_size,
            "raise_on_unexpected_status": self.raise_on_unexpected_status,
            "strict": self.strict,
        }
        options = _config.changed(now, self.retry, changes)
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
                    if isinstance(transport, str):  # "aiohttp", the one name client_settings lets through
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
        call = Call(request, self.retry, self.deadline, self.timeout, self._redactor)
        while True:
            self._refuse_if_closed()
            result: httpx.Response | httpx.RequestError
            try:
                result = attempt(http, call.attempt_request(), self.max_body_size)
            except httpx.RequestError as exc:
                result = exc
            except RuntimeError:
                self._refuse_if_closed()  # closed by another thread mid-call: say so, typed
                raise
            wait = call.next_wait(result)
            if wait is None:
                return call.finish(result)
            self.retry.sleep(wait)

    async def asend_request(self, **kwargs: Any) -> httpx.Response:
        """The asyncio (and trio) twin of :meth:`send_request`, through the async httpx client."""
        http = self.get_async_httpx_client()
        request = self._request(http, kwargs)
        call = Call(request, self.retry, self.deadline, self.timeout, self._redactor)
        while True:
            self._refuse_if_closed()
            result: httpx.Response | httpx.RequestError
            try:
                result = await aattempt(http, call.attempt_request(), self.max_body_size)
            except httpx.RequestError as exc:
                result = exc
            except RuntimeError:
                self._refuse_if_closed()
                raise
            wait = call.next_wait(result)
            if wait is None:
                return call.finish(result)
            await self.retry.async_sleep(wait)


def _running_loop() -> Any:
    asyncio = sys.modules.get("asyncio")  # loaded by whoever runs the loop; never imported here
    if asyncio is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def datadog_client(**options: Unpack[ClientOptions]) -> AuthenticatedClient:
    """A ready client for Datadog's HAMR API, for both the sync and the asyncio functions.

    The same as ``AuthenticatedClient(**options)``; ``client.with_options(**changes)`` derives one.

    Args:
        site: a Datadog site (``datadoghq.com``, ``datadoghq.eu``, ... see :data:`SITES`); else
            ``DD_SITE``; else ``datadoghq.com``. Requests go to ``https://api.<site>``.
        api_key: the API key; else ``DD_API_KEY``. Sent as ``DD-API-KEY``.
        app_key: the application key; else ``DD_APP_KEY``. Sent as ``DD-APPLICATION-KEY``.
        bearer_token: an OAuth access token; else ``DD_BEARER_TOKEN``. Sent as ``Authorization: Bearer
            <token>``, the spec's alternative to the key pair (``bearerAuth``): with a token the keys may be
            left out; every credential configured is sent, as Datadog's own clients do.
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
        follow_redirects: follow redirects; no credential follows one to another scheme, host or port.
        proxy: a proxy URL for every request; without it httpx honours ``HTTPS_PROXY``/``NO_PROXY``...
        transport, async_transport: the network (``respx``/``httpx.MockTransport`` in tests); one
            transport that is both sync and async serves both clients. httpx ignores the
            environment's proxies for a client given a transport. ``async_transport="aiohttp"``
            (``pip install 'hamr-client[aiohttp]'``) runs the async calls on aiohttp through
            httpx-aiohttp, every guarantee kept and the proxies honoured by httpx's rules (asyncio
            only; not with ``http2=True`` or a SOCKS proxy); sync calls stay on httpx.
        httpx_args: more keyword arguments for ``httpx.Client``/``httpx.AsyncClient`` (``limits``,
            ``http2``, ``cert``, ``trust_env``...); not those this function sets itself.

    Raises:
        errors.ConfigurationError: (a ValueError) an unknown site, missing credentials (neither both keys
            nor a token) or a malformed one, a non-loopback ``http://`` URL, a bad number or argument;
            raised here, before any request, naming the argument. It never contains a credential.
    """
    return AuthenticatedClient._from_options(options)


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


__all__ = [
    "CREDENTIAL_HEADERS",
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
