"""Clients for the Datadog HAMR API, and :func:`datadog_client`, the one to use.

``datadog_client()`` builds an :class:`AuthenticatedClient` for a Datadog site from arguments or
``DD_SITE``/``DD_API_KEY``/``DD_APP_KEY``; it sends both keys on every request, sets timeouts,
retries rate limits and transient failures (see :class:`RetryPolicy`) and never shows a key in a
``repr``, an error message or a log record.
"""

import datetime
import functools
import json as _json
import logging
import os
import random
import ssl
import sys
import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from http import HTTPMethod
from typing import TYPE_CHECKING, Any, Self

import httpx
from attrs import define, evolve, field, validators

from .errors import ConfigurationError

if TYPE_CHECKING:
    from httpx_retries import Retry, RetryTransport

__version__ = "1.0.0"

logger = logging.getLogger(__name__)

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
)
DEFAULT_SITE = "datadoghq.com"
#: Connect quickly or fail; give Datadog 30 s to answer.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
USER_AGENT = (
    f"hamr-client/{__version__} (python {sys.version_info[0]}.{sys.version_info[1]}; httpx {httpx.__version__})"
)

# httpx ignores these on the Client once a transport is given, so they go to the transport.
_TRANSPORT_ARGS = ("limits", "http1", "http2", "proxy", "cert", "local_address", "uds", "retries", "trust_env")


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # noqa: PLC0415 -- only async callers pay for importing asyncio

    await asyncio.sleep(seconds)


@define(frozen=True)
class RetryPolicy:
    """When and how long to wait before sending a request again.

    - 429 (any method): wait the ``X-RateLimit-Reset`` seconds Datadog sends (else ``Retry-After``,
      else backoff), never more than ``max_rate_limit_wait``.
    - ``statuses`` (502/503/504), timeouts and connection errors on idempotent methods (GET...):
      exponential backoff ``backoff_factor * 2**(retry - 1)``, jittered down by up to
      ``backoff_jitter`` (a fraction), capped at ``max_backoff_wait``.
    - POST (create-or-update) is retried on 429 only, unless ``retry_unsafe=True``.
    - ``total`` retries at most (``0`` disables retrying); after that the last response is
      returned (and parsed, or raised as ``UnexpectedStatus``) or the last error raised.

    The retry loop itself is httpx-retries' ``RetryTransport`` (imported on first use);
    ``sleep``/``async_sleep`` do the waiting (tests pass recorders); :meth:`wait_for` computes it.
    """

    total: int = field(default=3, validator=validators.ge(0))
    backoff_factor: float = field(default=0.5, kw_only=True, validator=validators.ge(0))
    backoff_jitter: float = field(default=0.5, kw_only=True, validator=[validators.ge(0), validators.le(1)])
    max_backoff_wait: float = field(default=30.0, kw_only=True, validator=validators.ge(0))
    max_rate_limit_wait: float = field(default=60.0, kw_only=True, validator=validators.ge(0))
    retry_unsafe: bool = field(default=False, kw_only=True)
    statuses: frozenset[int] = field(default=frozenset({429, 502, 503, 504}), kw_only=True, converter=frozenset)
    sleep: Callable[[float], None] = field(default=time.sleep, kw_only=True, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=_asyncio_sleep, kw_only=True, repr=False)

    def wait_for(self, response: httpx.Response | Exception, retry: int = 1) -> float:
        """Seconds to wait before retry number ``retry`` (1 is the first), after ``response`` or an error."""
        if isinstance(response, httpx.Response) and response.status_code == 429:
            for header in ("X-RateLimit-Reset", "Retry-After"):
                seconds = _seconds(response.headers.get(header))
                if seconds is not None:
                    return min(seconds, self.max_rate_limit_wait)
        return self.backoff(retry)

    def backoff(self, retry: int) -> float:
        """``backoff_factor * 2**(retry - 1)``, times a random factor in ``[1 - backoff_jitter, 1]``, capped."""
        delay = self.backoff_factor * float(2 ** max(retry - 1, 0))
        if self.backoff_jitter:
            delay *= random.uniform(1 - self.backoff_jitter, 1)  # noqa: S311 -- jitter, not cryptography
        return min(delay, self.max_backoff_wait)


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if 0 <= seconds < float("inf") else None


def _outcome(response: httpx.Response | Exception) -> str:
    if isinstance(response, httpx.Response):
        return f"status {response.status_code}"
    return type(response).__name__


@functools.cache
def _retry_classes() -> "tuple[type[Retry], type[RetryTransport]]":
    """httpx-retries, adapted to RetryPolicy; imported on first use (it imports asyncio)."""
    from httpx_retries import Retry, RetryTransport  # noqa: PLC0415

    class PolicyRetry(Retry):
        """The library's per-request retry state, waiting as the RetryPolicy says."""

        policy: RetryPolicy

        def copy_with(self, *args: Any, **kwargs: Any) -> "PolicyRetry":
            copy = super().copy_with(*args, **kwargs)
            assert isinstance(copy, PolicyRetry)
            copy.policy = self.policy
            return copy

        def _wait(self, response: httpx.Response | Exception) -> float:
            delay = self.policy.wait_for(response, self.attempts_made)
            logger.info(
                "retrying after %s in %.3f s (retry %d of %d)",
                _outcome(response),
                delay,
                self.attempts_made,
                self.total,
            )
            self.elapsed_sleep += delay
            return delay

        def sleep(self, response: httpx.Response | Exception) -> None:
            self.policy.sleep(self._wait(response))

        async def asleep(self, response: httpx.Response | Exception) -> None:
            await self.policy.async_sleep(self._wait(response))

    class MethodAwareRetryTransport(RetryTransport):
        """httpx-retries' transport, with the 429-only policy for POST and other unsafe methods."""

        def __init__(self, transport: httpx.BaseTransport | httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
            safe = PolicyRetry(total=policy.total, status_forcelist=policy.statuses)
            every_method = [method.value for method in HTTPMethod]
            if policy.retry_unsafe:
                unsafe = PolicyRetry(total=policy.total, status_forcelist=policy.statuses, allowed_methods=every_method)
            else:
                unsafe = PolicyRetry(
                    total=policy.total, status_forcelist=[429], allowed_methods=every_method, retry_on_exceptions=()
                )
            safe.policy = unsafe.policy = policy
            super().__init__(transport=transport, retry=safe)
            self._unsafe = unsafe

        def _choose(self, request: httpx.Request) -> None:
            if not self.retry.is_retryable_method(request.method):
                request.extensions.setdefault("retry", self._unsafe)

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            self._choose(request)
            return super().handle_request(request)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            self._choose(request)
            return await super().handle_async_request(request)

    return PolicyRetry, MethodAwareRetryTransport


def _with_retries(transport: httpx.BaseTransport | httpx.AsyncBaseTransport, policy: RetryPolicy) -> "RetryTransport":
    retry_transport: Any = _retry_classes()[1]
    wrapped: RetryTransport = retry_transport(transport, policy)
    return wrapped


# What httpx.Client.build_request works out for one (method, path, headers): the absolute URL,
# the merged headers and the timeout. It costs more than the rest of a call on loopback, and
# it is the same every time, so it is worked out once per client.
_Prepared = tuple[httpx.URL, httpx.Headers, dict[str, Any]]
_FAST_KEYS = frozenset({"method", "url", "json", "headers"})


def _fast_request(
    http: httpx.Client | httpx.AsyncClient,
    cache: dict[tuple[Any, ...], _Prepared],
    kwargs: dict[str, Any],
    extra_headers: Mapping[str, str] | None = None,
) -> httpx.Request | None:
    """The request httpx would build for ``kwargs``, from the cache; None when httpx must build it.

    httpx builds it when the call has more than a method, path, headers and a JSON body, or the
    client holds cookies (a cached request would not carry cookies set since).
    """
    if not kwargs.keys() <= _FAST_KEYS or http.cookies:
        return None
    method: str = kwargs["method"]
    headers: dict[str, str] | None = kwargs.get("headers")
    key = (kwargs["url"], tuple(headers.items()) if headers else ())
    prepared = cache.get(key)
    if prepared is None:
        # Built as a GET: httpx adds Content-Length: 0 to a body-less POST, which must not be cached.
        template = http.build_request("GET", kwargs["url"], headers={**(headers or {}), **(extra_headers or {})})
        prepared = cache[key] = (template.url, template.headers, template.extensions["timeout"])
    url, merged, timeout = prepared
    body = kwargs.get("json")
    content = None if body is None else _json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return httpx.Request(
        method,
        url,
        headers=merged,
        content=None if content is None else content.encode("utf-8"),
        extensions={"timeout": timeout},
    )


def _direct_ok(http: httpx.Client | httpx.AsyncClient) -> bool:
    """Whether httpx.Client.send would do nothing but call the transport for this client."""
    return not (http.cookies or http.follow_redirects or any(http.event_hooks.values()))


def _send_direct(transport: httpx.BaseTransport, request: httpx.Request) -> httpx.Response:
    """What httpx.Client.send does for a client with no cookies, hooks or redirects: call the transport, read."""
    started = time.perf_counter()
    try:
        response = transport.handle_request(request)
        response.request = request
        try:
            response.read()
        finally:
            response.close()
    except httpx.RequestError as exc:
        exc.request = request  # as httpx.Client does, so the error names its request
        raise
    response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
    return response


async def _asend_direct(transport: httpx.AsyncBaseTransport, request: httpx.Request) -> httpx.Response:
    """The asyncio twin of :func:`_send_direct`."""
    started = time.perf_counter()
    try:
        response = await transport.handle_async_request(request)
        response.request = request
        try:
            await response.aread()
        finally:
            await response.aclose()
    except httpx.RequestError as exc:
        exc.request = request
        raise
    response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
    return response


class _DatadogKeys(httpx.Auth):
    """Adds DD-API-KEY and DD-APPLICATION-KEY to each request; its repr shows neither."""

    def __init__(self, api_key: str, app_key: str) -> None:
        self._headers = {"DD-API-KEY": api_key, "DD-APPLICATION-KEY": app_key}

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers.update(self._headers)
        yield request

    def __repr__(self) -> str:
        return "<DatadogKeys: redacted>"


@define
class Client:
    """A client for the endpoints that need no authentication (this API has none; see AuthenticatedClient).

    Attributes:
        raise_on_unexpected_status: raise errors.UnexpectedStatus on a status the spec does not document.
    """

    raise_on_unexpected_status: bool = field(default=True, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers={"Accept": "application/json", "User-Agent": USER_AGENT, **self._headers},
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers={"Accept": "application/json", "User-Agent": USER_AGENT, **self._headers},
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._async_client


@define
class AuthenticatedClient:
    """A client for Datadog's HAMR endpoints; build it with :func:`datadog_client`.

    Both keys go out as ``DD-API-KEY``/``DD-APPLICATION-KEY`` on every request and appear in no
    ``repr``. ``retry`` decides retries; ``transport``/``async_transport`` replace the network
    (a ``respx`` or ``httpx.MockTransport`` router in tests) underneath the retry layer.

    Attributes:
        raise_on_unexpected_status: raise errors.UnexpectedStatus on a status the spec does not document.
        retry: the RetryPolicy of every request.
    """

    _base_url: str = field(alias="base_url")
    _api_key: str = field(kw_only=True, alias="api_key", repr=False)
    _app_key: str = field(kw_only=True, alias="app_key", repr=False)
    raise_on_unexpected_status: bool = field(default=True, kw_only=True)
    retry: RetryPolicy = field(factory=RetryPolicy, kw_only=True)
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = field(
        default=None, kw_only=True, alias="transport", repr=False
    )
    _async_transport: httpx.AsyncBaseTransport | None = field(
        default=None, kw_only=True, alias="async_transport", repr=False
    )
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)
    _prepared: dict[tuple[Any, ...], _Prepared] = field(factory=dict, init=False, repr=False, eq=False)
    _async_prepared: dict[tuple[Any, ...], _Prepared] = field(factory=dict, init=False, repr=False, eq=False)
    _direct_prepared: dict[tuple[Any, ...], _Prepared] = field(factory=dict, init=False, repr=False, eq=False)
    _async_direct_prepared: dict[tuple[Any, ...], _Prepared] = field(factory=dict, init=False, repr=False, eq=False)
    _direct: httpx.BaseTransport | None = field(default=None, init=False, repr=False, eq=False)
    _async_direct: httpx.AsyncBaseTransport | None = field(default=None, init=False, repr=False, eq=False)

    @property
    def base_url(self) -> str:
        return self._base_url

    def _keys(self) -> dict[str, str]:
        return {"DD-API-KEY": self._api_key, "DD-APPLICATION-KEY": self._app_key}

    def send_request(self, **kwargs: Any) -> httpx.Response:
        """Send what an endpoint's ``_get_kwargs`` built: timeouts, keys and retries included.

        When nothing needs httpx.Client's per-request machinery (no cookies, event hooks or
        redirects to follow, and the httpx client is the one built here), the request goes straight
        to the client's transport -- the retry layer over the network -- which is where the time of
        a call should go; otherwise through ``httpx.Client.send``.
        """
        http = self.get_httpx_client()
        if self._direct is not None and _direct_ok(http):
            request = _fast_request(http, self._direct_prepared, kwargs, self._keys())
            if request is not None:
                return _send_direct(self._direct, request)
        request = _fast_request(http, self._prepared, kwargs)
        return http.send(request) if request is not None else http.request(**kwargs)

    async def asend_request(self, **kwargs: Any) -> httpx.Response:
        """The asyncio twin of :meth:`send_request`, through the async httpx client."""
        http = self.get_async_httpx_client()
        if self._async_direct is not None and _direct_ok(http):
            request = _fast_request(http, self._async_direct_prepared, kwargs, self._keys())
            if request is not None:
                return await _asend_direct(self._async_direct, request)
        request = _fast_request(http, self._async_prepared, kwargs)
        return await (http.send(request) if request is not None else http.request(**kwargs))

    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional headers"""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional cookies"""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "AuthenticatedClient":
        """Get a new client matching this one with a new timeout configuration"""
        return evolve(self, timeout=timeout)

    def _split_args(self) -> tuple[dict[str, Any], dict[str, Any]]:
        client_args = {name: value for name, value in self._httpx_args.items() if name not in ("cookies", "headers")}
        transport_args = {name: client_args.pop(name) for name in _TRANSPORT_ARGS if name in client_args}
        return client_args, transport_args

    def _client_args(self) -> dict[str, Any]:
        extra = self._httpx_args
        return {
            "base_url": self._base_url,
            "cookies": {**self._cookies, **extra.get("cookies", {})},
            "headers": {
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
                **self._headers,
                **extra.get("headers", {}),
            },
            "timeout": self._timeout,
            "follow_redirects": self._follow_redirects,
            "auth": _DatadogKeys(self._api_key, self._app_key),
        }

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client (it then needs its own auth, timeouts and retries)."""
        self._client = client
        self._direct = None
        self._prepared.clear()
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            client_args, transport_args = self._split_args()
            inner = self._transport
            if not isinstance(inner, httpx.BaseTransport):
                inner = httpx.HTTPTransport(verify=self._verify_ssl, **transport_args)
            transport = _with_retries(inner, self.retry)
            self._client = httpx.Client(**self._client_args(), transport=transport, **client_args)
            self._direct = transport
        return self._client

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient (it then needs its own auth, timeouts and retries)."""
        self._async_client = async_client
        self._async_direct = None
        self._async_prepared.clear()
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            client_args, transport_args = self._split_args()
            inner: httpx.AsyncBaseTransport | None = self._async_transport
            if inner is None and isinstance(self._transport, httpx.AsyncBaseTransport):
                inner = self._transport
            if inner is None:
                inner = httpx.AsyncHTTPTransport(verify=self._verify_ssl, **transport_args)
            async_transport = _with_retries(inner, self.retry)
            self._async_client = httpx.AsyncClient(**self._client_args(), transport=async_transport, **client_args)
            self._async_direct = async_transport
        return self._async_client

    def close(self) -> None:
        """Close the sync connection pool (the async one closes with ``aclose``)."""
        if self._client is not None:
            self._client.close()

    async def aclose(self) -> None:
        if self._async_client is not None:
            await self._async_client.aclose()

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


def site_url(site: str) -> str:
    """``https://api.<site>`` for one of :data:`SITES`; ConfigurationError (a ValueError) naming them otherwise."""
    normalized = site.strip().lower()
    if normalized not in SITES:
        raise ConfigurationError(f"unknown Datadog site {site!r}; use one of: {', '.join(SITES)}")
    return f"https://api.{normalized}"


def _check_url(base_url: str, allow_insecure_http: bool) -> str:
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"base_url is not a URL: {exc}") from None
    if url.scheme not in ("https", "http") or not url.host:
        raise ConfigurationError(f"base_url must be an https:// URL with a host, got {base_url!r}")
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


def _key(value: str | None, variable: str, argument: str, env: Mapping[str, str]) -> str:
    key = value if value is not None else env.get(variable, "")
    if not key.strip():
        raise ConfigurationError(f"no Datadog {argument.replace('_', ' ')}: pass {argument}=... or set {variable}")
    if not key.isascii() or not key.isprintable():
        # Never echo the key: this message may end up in a log.
        raise ConfigurationError(f"the {argument.replace('_', ' ')} has characters an HTTP header cannot carry")
    return key.strip()


def datadog_client(
    *,
    site: str | None = None,
    api_key: str | None = None,
    app_key: str | None = None,
    base_url: str | None = None,
    timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
    max_retries: int = 3,
    retry: RetryPolicy | None = None,
    retry_unsafe: bool = False,
    max_rate_limit_wait: float = 60.0,
    allow_insecure_http: bool = False,
    raise_on_unexpected_status: bool = True,
    headers: Mapping[str, str] | None = None,
    verify_ssl: str | bool | ssl.SSLContext = True,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
    httpx_args: Mapping[str, Any] | None = None,
) -> AuthenticatedClient:
    """A ready client for Datadog's HAMR API, for both the sync and the asyncio functions.

    Args:
        site: a Datadog site (``datadoghq.com``, ``datadoghq.eu``, ... see :data:`SITES`); else
            ``DD_SITE``; else ``datadoghq.com``. Requests go to ``https://api.<site>``.
        api_key: the API key; else ``DD_API_KEY``. Sent as ``DD-API-KEY``.
        app_key: the application key; else ``DD_APP_KEY``. Sent as ``DD-APPLICATION-KEY``.
        base_url: overrides the site (a proxy, a fake server in tests).
        timeout: seconds, or an ``httpx.Timeout``; default 5 s to connect, 30 s for the rest.
        max_retries: retries after the first attempt (``0`` disables them); ignored with ``retry``.
        retry: a whole :class:`RetryPolicy` instead of ``max_retries``/``retry_unsafe``/``max_rate_limit_wait``.
        retry_unsafe: also retry POST on 502/503/504 and connection errors (it is create-or-update).
        max_rate_limit_wait: the longest wait honoured from ``X-RateLimit-Reset``, in seconds.
        allow_insecure_http: allow ``http://`` to a host that is not loopback.
        raise_on_unexpected_status: raise ``UnexpectedStatus`` on an undocumented status (default).
        headers: extra headers for every request.
        verify_ssl: passed to httpx (``False`` only for tests).
        transport, async_transport: the network below the retry layer (``respx``/``httpx.MockTransport``
            in tests); one transport that is both sync and async serves both clients.
        httpx_args: more keyword arguments for ``httpx.Client``/``httpx.AsyncClient`` (``limits``,
            ``proxy``, ``http2`` go to the transport).

    Raises:
        errors.ConfigurationError: (a ValueError) an unknown site, a missing or malformed key, a
            non-loopback ``http://`` URL; raised here, before any request. It never contains a key.
    """
    env = os.environ
    if base_url is None:
        chosen = site if site is not None else (env.get("DD_SITE") or DEFAULT_SITE)
        base_url = site_url(chosen)
    base_url = _check_url(base_url, allow_insecure_http)
    checked_api_key = _key(api_key, "DD_API_KEY", "api_key", env)
    checked_app_key = _key(app_key, "DD_APP_KEY", "app_key", env)
    if max_retries < 0:
        raise ConfigurationError("max_retries must be 0 or more")
    if retry is None:
        retry = RetryPolicy(max_retries, retry_unsafe=retry_unsafe, max_rate_limit_wait=max_rate_limit_wait)
    if timeout is not None and not isinstance(timeout, httpx.Timeout):
        timeout = httpx.Timeout(timeout)
    return AuthenticatedClient(
        base_url=base_url,
        api_key=checked_api_key,
        app_key=checked_app_key,
        raise_on_unexpected_status=raise_on_unexpected_status,
        retry=retry,
        headers=dict(headers or {}),
        timeout=timeout,
        verify_ssl=verify_ssl,
        transport=transport,
        async_transport=async_transport,
        httpx_args=dict(httpx_args or {}),
    )


__all__ = [
    "DEFAULT_SITE",
    "DEFAULT_TIMEOUT",
    "SITES",
    "AuthenticatedClient",
    "Client",
    "RetryPolicy",
    "datadog_client",
    "site_url",
]
