"""Clients for the Datadog HAMR API, and :func:`datadog_client`, the one to use.

``datadog_client()`` builds an :class:`AuthenticatedClient` for a Datadog site from arguments or
``DD_SITE``/``DD_API_KEY``/``DD_APP_KEY``; it sends both keys on every request, sets timeouts,
retries rate limits and transient failures (see :class:`RetryPolicy`) and never shows a key in a
``repr``, an error message or a log record.
"""

import asyncio
import ipaddress
import logging
import os
import platform
import ssl
import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from http import HTTPMethod
from typing import Any, Self

import httpx
from attrs import define, evolve, field
from httpx_retries import Retry, RetryTransport

from .errors import ConfigurationError

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
USER_AGENT = f"hamr-client/{__version__} (python {platform.python_version()}; httpx {httpx.__version__})"

# httpx ignores these on the Client once a transport is given, so they go to the transport.
_TRANSPORT_ARGS = ("limits", "http1", "http2", "proxy", "cert", "local_address", "uds", "retries", "trust_env")


class RetryPolicy(Retry):
    """When and how long to wait before sending a request again (an ``httpx_retries.Retry``).

    - 429 (any method): wait the ``X-RateLimit-Reset`` seconds Datadog sends (else ``Retry-After``,
      else backoff), never more than ``max_rate_limit_wait``.
    - 502/503/504, timeouts and connection errors on idempotent methods (GET...): exponential
      backoff ``backoff_factor * 2**attempt``, jittered down by up to ``backoff_jitter``, capped
      at ``max_backoff_wait``.
    - POST (create-or-update) is retried on 429 only, unless ``retry_unsafe=True``.
    - ``total`` retries at most (``0`` disables retrying); after that the last response is
      returned (and parsed, or raised as ``UnexpectedStatus``) or the last error raised.

    ``sleep``/``async_sleep`` do the waiting (tests pass recorders); :meth:`wait_for` computes it.
    """

    def __init__(
        self,
        total: int = 3,
        *args: Any,
        max_rate_limit_wait: float = 60.0,
        retry_unsafe: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("backoff_factor", 0.5)
        kwargs.setdefault("backoff_jitter", 0.5)
        kwargs.setdefault("max_backoff_wait", 30.0)
        super().__init__(total, *args, **kwargs)
        if max_rate_limit_wait < 0:
            raise ConfigurationError("max_rate_limit_wait must be non-negative")
        self.max_rate_limit_wait = max_rate_limit_wait
        self.retry_unsafe = retry_unsafe
        self._sleep = sleep
        self._async_sleep = async_sleep

    def copy_with(self, *args: Any, **kwargs: Any) -> "RetryPolicy":
        """The library's copy, keeping this class's own settings (it calls ``__init__`` without them)."""
        copy = super().copy_with(*args, **kwargs)
        assert isinstance(copy, RetryPolicy)
        copy.max_rate_limit_wait = self.max_rate_limit_wait
        copy.retry_unsafe = self.retry_unsafe
        copy._sleep = self._sleep
        copy._async_sleep = self._async_sleep
        return copy

    def increment(self) -> "RetryPolicy":
        copy = super().increment()
        assert isinstance(copy, RetryPolicy)
        return copy

    def for_unsafe_methods(self) -> "RetryPolicy":
        """The policy for POST and other non-idempotent methods: 429 only, unless ``retry_unsafe``."""
        every_method = [method.value for method in HTTPMethod]
        if self.retry_unsafe:
            return self.copy_with(allowed_methods=every_method)
        return self.copy_with(allowed_methods=every_method, status_forcelist=[429], retry_on_exceptions=())

    def wait_for(self, response: httpx.Response | Exception) -> float:
        """Seconds to wait before the next attempt, after ``response`` (or the error raised instead)."""
        if isinstance(response, httpx.Response) and response.status_code == 429:
            for header in ("X-RateLimit-Reset", "Retry-After"):
                seconds = _seconds(response.headers.get(header))
                if seconds is not None:
                    return min(seconds, self.max_rate_limit_wait)
        return self.backoff_strategy()

    def sleep(self, response: httpx.Response | Exception) -> None:
        delay = self.wait_for(response)
        logger.info(
            "retrying after %s in %.3f s (retry %d of %d)", _outcome(response), delay, self.attempts_made, self.total
        )
        self._sleep(delay)
        self.elapsed_sleep += delay

    async def asleep(self, response: httpx.Response | Exception) -> None:
        delay = self.wait_for(response)
        logger.info(
            "retrying after %s in %.3f s (retry %d of %d)", _outcome(response), delay, self.attempts_made, self.total
        )
        await self._async_sleep(delay)
        self.elapsed_sleep += delay

    def __repr__(self) -> str:
        return (
            f"RetryPolicy(total={self.total}, attempts_made={self.attempts_made}, "
            f"backoff_factor={self.backoff_factor}, max_rate_limit_wait={self.max_rate_limit_wait}, "
            f"retry_unsafe={self.retry_unsafe})"
        )


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


class _MethodAwareRetryTransport(RetryTransport):
    """httpx-retries' transport, choosing the unsafe-method policy for POST and friends."""

    def __init__(self, transport: httpx.BaseTransport | httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        super().__init__(transport=transport, retry=policy)
        self._policy = policy
        self._unsafe = policy.for_unsafe_methods()

    def _choose(self, request: httpx.Request) -> None:
        if not self._policy.is_retryable_method(request.method):
            request.extensions.setdefault("retry", self._unsafe)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._choose(request)
        return super().handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._choose(request)
        return await super().handle_async_request(request)


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

    @property
    def base_url(self) -> str:
        return self._base_url

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
        client_args = dict(self._httpx_args)
        transport_args = {name: client_args.pop(name) for name in _TRANSPORT_ARGS if name in client_args}
        return client_args, transport_args

    def _client_args(self) -> dict[str, Any]:
        return {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": {"Accept": "application/json", "User-Agent": USER_AGENT, **self._headers},
            "timeout": self._timeout,
            "follow_redirects": self._follow_redirects,
            "auth": _DatadogKeys(self._api_key, self._app_key),
        }

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client (it then needs its own auth, timeouts and retries)."""
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            client_args, transport_args = self._split_args()
            inner = self._transport
            if not isinstance(inner, httpx.BaseTransport):
                inner = httpx.HTTPTransport(verify=self._verify_ssl, **transport_args)
            self._client = httpx.Client(
                **self._client_args(), transport=_MethodAwareRetryTransport(inner, self.retry), **client_args
            )
        return self._client

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient (it then needs its own auth, timeouts and retries)."""
        self._async_client = async_client
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
            self._async_client = httpx.AsyncClient(
                **self._client_args(), transport=_MethodAwareRetryTransport(inner, self.retry), **client_args
            )
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
