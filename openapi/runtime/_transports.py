"""How the client's connection pools are built beyond httpx's defaults.

Two things live here: the async pool on aiohttp (``async_transport="aiohttp"``, the ``aiohttp``
extra), built from httpx-aiohttp's public ``AiohttpTransport`` mounted into a plain
``httpx.AsyncClient``; and the SSL context a client that never speaks TLS gets instead of
httpx's default (loading the CA bundle is most of a ``hamr get`` start against the loopback fake).
Nothing here imports aiohttp until a client asks for it. Internal to :mod:`hamr_client.client`.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import ipaddress
import os
import ssl
import sys
import urllib.request
from collections.abc import AsyncGenerator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import httpx

from .errors import ConfigurationError

if TYPE_CHECKING:
    import aiohttp

#: The one transport chosen by name: ``async_transport="aiohttp"``.
AIOHTTP: Literal["aiohttp"] = "aiohttp"
# The environment's proxies for plain http:// requests (httpx's rules: either case).
_PLAIN_HTTP_PROXIES = ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")
# CPython before 3.12.8 (and 3.13.0) leaves an SSL transport open when its close handshake never
# ends; aiohttp aborts them when its connector closes if asked (and warns if asked needlessly).
_SSL_ABORT_NEEDED = sys.version_info < (3, 12, 8) or (3, 13, 0) <= sys.version_info < (3, 13, 1)


# ---------------------------------------------------------------------- no TLS, no CA bundle


def may_speak_tls(base_url: httpx.URL, verify: object, follow_redirects: bool, httpx_args: Mapping[str, Any]) -> bool:
    """False when every request goes to a plain ``http://`` origin: no redirect followed, no proxy.

    Such a client (the loopback fake, a test server) never makes a TLS connection, so it is not
    worth loading the CA bundle (httpx's default SSL context, ~50-90 ms of a ``hamr get`` start).
    """
    if verify is not True or base_url.scheme != "http" or follow_redirects:
        return True
    if httpx_args.get("proxy") is not None:  # (mounts bring their transports, and their own SSL)
        return True
    environment = httpx_args.get("trust_env", True)
    return bool(environment) and any(os.environ.get(name) for name in _PLAIN_HTTP_PROXIES)


@functools.cache
def no_tls() -> ssl.SSLContext:
    """An SSL context that loads no CA bundle and so trusts no certificate: for a client that never speaks TLS.

    Fails closed: should a TLS connection ever be made with it, the certificate check fails.
    """
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


# ---------------------------------------------------------------------- aiohttp


def checked_async_transport(
    transport: object, httpx_args: Mapping[str, Any]
) -> httpx.AsyncBaseTransport | Literal["aiohttp"] | None:
    """``async_transport=`` as given, once checked: a transport, None (httpx's own), or ``"aiohttp"`` it can run."""
    if transport is None or isinstance(transport, httpx.AsyncBaseTransport):
        return transport
    if transport != AIOHTTP:
        raise ConfigurationError(
            f'async_transport must be "aiohttp", an httpx.AsyncBaseTransport or None, got {transport!r}'[:200]
        )
    _check_aiohttp(httpx_args)
    return AIOHTTP


def _check_aiohttp(httpx_args: Mapping[str, Any]) -> None:
    """ConfigurationError now for what the aiohttp transport cannot do, or a missing extra."""
    proxy = httpx_args.get("proxy")
    url = str(proxy.url if isinstance(proxy, httpx.Proxy) else proxy or "")
    for what, given in (("http2=True", httpx_args.get("http2")), ("a SOCKS proxy", url.lower().startswith("socks"))):
        if given:
            raise ConfigurationError(f'async_transport="aiohttp" does not support {what}: use the default transport')
    for module in ("httpx_aiohttp", "aiohttp"):
        if importlib.util.find_spec(module) is None:  # found, not imported: that waits for the first async call
            raise ConfigurationError(
                f"async_transport=\"aiohttp\" needs the {module} package: pip install 'hamr-client[aiohttp]'"
            )


def aiohttp_client(
    args: Mapping[str, Any], hooks: Mapping[str, list[Any]]
) -> tuple[httpx.AsyncClient, AsyncGenerator[None]]:
    """An ``httpx.AsyncClient`` on aiohttp, and what closes it when its event loop ends.

    ``args`` are the ones the default pool gets. httpx builds its proxy transports itself, on
    httpcore, so the proxies (``proxy=``, or the environment's under ``trust_env``) are mounted
    here instead: an ``AiohttpTransport`` per proxy, by httpx's own URL patterns.
    """
    import asyncio  # noqa: PLC0415 -- aiohttp runs on it; the sync client never needs it

    from httpx_aiohttp import AiohttpTransport  # noqa: PLC0415 -- the optional extra, only when asked for

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        raise ConfigurationError(
            'async_transport="aiohttp" runs on asyncio only; use the default transport under trio'
        ) from None
    args = dict(args)
    proxy = args.pop("proxy", None)
    trust_env = bool(args.get("trust_env", True))
    limits = args.get("limits", httpx.Limits(max_connections=100, max_keepalive_connections=20))
    # One SSL context for every pool (httpx's rules: verify, cert, SSL_CERT_FILE under trust_env).
    context = httpx.create_ssl_context(verify=args.get("verify", True), cert=args.get("cert"), trust_env=trust_env)

    def transport(through: httpx.Proxy | None = None) -> httpx.AsyncBaseTransport:
        return AiohttpTransport(
            verify=context, limits=limits, proxy=through, client=functools.partial(_session, context, limits)
        )

    if proxy is not None:
        routes: dict[str, httpx.Proxy | None] = {"all://": httpx.Proxy(proxy) if isinstance(proxy, str) else proxy}
    else:
        routes = _environment_proxies() if trust_env else {}
    mounts = {pattern: None if through is None else transport(through) for pattern, through in routes.items()}
    mounts.update(args.pop("mounts", None) or {})  # the caller's own transports win, as in httpx
    http = httpx.AsyncClient(**args, transport=transport(), mounts=mounts, event_hooks=dict(hooks))
    closer = _closed_with_the_loop(http)
    # Its first step registers the generator with the running loop (asyncio.run finalises those
    # before it closes the loop) and stops at its yield.
    with contextlib.suppress(StopIteration):
        closer.asend(None).send(None)
    return http, closer


def _session(context: ssl.SSLContext, limits: httpx.Limits) -> aiohttp.ClientSession:
    """The aiohttp session behind one ``AiohttpTransport``: a pool sized and kept alive as httpx's limits say."""
    import aiohttp  # noqa: PLC0415 -- the optional extra

    connector = aiohttp.TCPConnector(
        limit=limits.max_connections or 0,  # 0: no limit, as httpx's None
        keepalive_timeout=limits.keepalive_expiry,
        ssl=context,
        enable_cleanup_closed=_SSL_ABORT_NEEDED,
    )
    # trust_env off: the proxies are mounted by httpx's rules, and no ~/.netrc credentials are added.
    # No cookie jar: httpx keeps the cookies (one jar, as on httpx's own transport), aiohttp none of its own.
    return aiohttp.ClientSession(connector=connector, trust_env=False, cookie_jar=aiohttp.DummyCookieJar())


def _environment_proxies() -> dict[str, httpx.Proxy | None]:
    """The environment's proxies as httpx reads them (``HTTP(S)_PROXY``, ``ALL_PROXY``, ``NO_PROXY``).

    The same mapping ``httpx.AsyncClient(trust_env=True)`` makes for its own transports, which it
    does not expose: a URL pattern to its proxy, or to None for a host ``NO_PROXY`` sends direct.
    """
    found = urllib.request.getproxies()
    routes: dict[str, httpx.Proxy | None] = {}
    for scheme in ("http", "https", "all"):
        if found.get(scheme):
            url = found[scheme]
            routes[f"{scheme}://"] = httpx.Proxy(url if "://" in url else f"http://{url}")
    for host in (name.strip() for name in found.get("no", "").split(",")):
        if host == "*":
            return {}
        if not host:
            continue
        if "://" in host:
            routes[host] = None
        elif _address(host) == 6:
            routes[f"all://[{host}]"] = None
        elif _address(host) == 4 or host.lower() == "localhost":
            routes[f"all://{host}"] = None
        else:  # a domain and its subdomains (curl's rule)
            routes[f"all://*{host}"] = None
    return routes


def _address(host: str) -> int | None:
    """4 or 6 for an IP address (or network, ``10.0.0.0/8``) in ``NO_PROXY``, None for a name."""
    try:
        return ipaddress.ip_network(host, strict=False).version
    except ValueError:
        return None


async def _closed_with_the_loop(http: httpx.AsyncClient) -> AsyncGenerator[None]:
    """Close the pool when the loop ends (or at ``aclose()``), then give aiohttp a turn to close its sockets.

    An aiohttp session left open warns when it is collected, and it cannot be closed once its loop
    is gone, while httpx's own pool needs no closing: so an unclosed client's pool is closed by the
    loop's end (``loop.shutdown_asyncgens``, which ``asyncio.run`` calls).
    """
    import asyncio  # noqa: PLC0415 -- loaded already: this runs in its loop

    try:
        yield
    finally:
        try:
            await http.aclose()
        finally:
            await asyncio.sleep(0)  # the aborted TLS connections close their sockets in callbacks of this loop


def timed_out(error: httpx.TimeoutException) -> bool:
    """False for httpx-aiohttp's ConnectTimeout around an aiohttp error that is no timeout (a dropped connection)."""
    cause = error.__cause__
    return cause is None or isinstance(cause, TimeoutError) or not type(cause).__module__.startswith("aiohttp")


# The client's own helpers, not API (a private module): the option is datadog_client(async_transport="aiohttp").
__all__ = ["AIOHTTP", "aiohttp_client", "checked_async_transport", "may_speak_tls", "no_tls", "timed_out"]
