"""A client's configuration: :class:`ClientOptions` (every keyword), :class:`Settings` (what they resolve to) and
:func:`client_settings`, the one resolver that ``datadog_client``, ``AuthenticatedClient(...)``, ``with_options``
and ``hamr`` all use. The defaults are in :mod:`._constants`.

Adding an option: its keyword in :class:`ClientOptions`, its check and default in :func:`client_settings` (and a
field of :class:`Settings` if the transport reads it), its flag in the CLI's table (``cli/parser.py``'s
``CLIENT_FLAGS``) and its line in :func:`~hamr_client.client.datadog_client`'s docstring and docs/client.md.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
import ssl
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypedDict, get_args

import attrs
import httpx

from . import _checks
from ._constants import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_MAX_RATE_LIMIT_WAIT,
    DEFAULT_MAX_RETRIES,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_SITE,
    KEY_VARIABLES,
    SITE_VARIABLE,
    SITES,
)
from ._transports import checked_async_transport
from .dialects import DIALECTS, Dialect
from .errors import ConfigurationError, redact_chain
from .retrying import RetryPolicy

if TYPE_CHECKING:
    from .scrub import Scrubber

#: Connect quickly or fail; give Datadog 30 s to answer, the whole body included.
DEFAULT_TIMEOUT = httpx.Timeout(DEFAULT_READ_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT)

# What with_options cannot change: the keys and where they are sent.
FIXED = frozenset({"api_key", "app_key", "site", "base_url", "allow_insecure_http"})
# The keywords that build a RetryPolicy (when no retry= is given).
RETRY_OPTIONS = ("max_retries", "retry_unsafe", "max_rate_limit_wait")
# What datadog_client sets itself: passing them again in httpx_args is a mistake, said at once.
_OWNED = frozenset({"auth", "base_url", "event_hooks", "follow_redirects", "headers", "timeout", "transport", "verify"})
SITE_HOSTS = frozenset(f"api.{site}" for site in SITES)


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


class _Environment(Mapping[str, str]):
    """The environment as the resolver holds it: a crash reporter's capture of locals shows no value (the keys)."""

    __slots__ = ("_variables",)
    _variables: Mapping[str, str]

    def __init__(self, variables: Mapping[str, str]) -> None:
        self._variables = variables._variables if isinstance(variables, _Environment) else variables

    def __getitem__(self, name: str) -> str:
        return self._variables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._variables)

    def __len__(self) -> int:
        return len(self._variables)

    def __repr__(self) -> str:
        return "<environment: values redacted>"


class _Names:
    """How an error names an option: as the caller spells it (``--site`` for hamr), else as the keyword."""

    __slots__ = ("_names",)

    def __init__(self, names: Mapping[str, str] | None) -> None:
        self._names = names or {}

    def __call__(self, option: str) -> str:
        return self._names.get(option, option)

    def given_as(self, option: str) -> str | None:
        """How the caller passes ``option``; None when it cannot (hamr takes no key on its command line)."""
        return self._names.get(option, option) or None


def client_settings(
    options: Mapping[str, Any], env: Mapping[str, str] = os.environ, *, names: Mapping[str, str] | None = None
) -> Settings:
    """The one check of a client's keywords (not the keys): :class:`Settings`, or a ConfigurationError naming one.

    Behind ``datadog_client``, ``AuthenticatedClient(...)``, ``with_options`` and ``hamr``. ``env`` is where
    ``DD_SITE`` is read when neither ``site`` nor ``base_url`` is given; ``names`` spells an option as the
    caller takes it, in the errors (``hamr``: ``{"site": "--site", ...}``). A keyword the client does not take
    is a TypeError, as for any signature (``**options`` must not swallow a typo).
    """
    unknown = sorted(options.keys() - ClientOptions.__annotations__.keys())
    if unknown:  # what Python says of a keyword a signature does not take
        raise TypeError(f"datadog_client() got unexpected keyword arguments: {', '.join(unknown)}")
    env = _Environment(env)  # from here on, no frame's locals show the environment's values
    named = _Names(names)
    get = options.get
    base_url = get("base_url")
    if base_url is None:
        site = get("site")
        source = named("site") if site is not None else SITE_VARIABLE
        chosen = site if site is not None else (env.get(SITE_VARIABLE) or DEFAULT_SITE)
        if not isinstance(chosen, str):
            raise ConfigurationError(f"{source} must be a string, got {type(chosen).__name__}")
        base_url = _site_url(chosen, source)
    allow_insecure_http = bool(get("allow_insecure_http", False))
    checked_url = _check_url(base_url, allow_insecure_http, named("base_url"))
    # A Datadog site answers in production's dialect; another origin (a fake, a stub) in the reference's.
    default_dialect: Dialect = "production" if httpx.URL(checked_url).host in SITE_HOSTS else "reference"
    max_retries = _checks.count(named("max_retries"), get("max_retries", DEFAULT_MAX_RETRIES))
    max_body_size = get("max_body_size", DEFAULT_MAX_BODY_SIZE)
    if not isinstance(max_body_size, int) or isinstance(max_body_size, bool) or max_body_size <= 0:
        raise ConfigurationError(f"{named('max_body_size')} must be a positive number of bytes; got {max_body_size!r}")
    retry = get("retry")
    if retry is None:
        retry = RetryPolicy(
            max_retries,
            retry_unsafe=bool(get("retry_unsafe", False)),
            max_rate_limit_wait=get("max_rate_limit_wait", DEFAULT_MAX_RATE_LIMIT_WAIT),
        )
    elif not isinstance(retry, RetryPolicy):
        raise ConfigurationError(f"retry must be a RetryPolicy, got {type(retry).__name__}")
    extra = _checked_httpx_args(get("httpx_args"))
    proxy = get("proxy")
    if proxy is not None:
        if "proxy" in extra:
            raise ConfigurationError("give proxy once: as proxy=, not also in httpx_args")
        extra["proxy"] = _checked_proxy(proxy)
    strict = bool(get("strict", True))
    dialect = get("dialect")
    if dialect is not None and dialect not in get_args(Dialect):
        raise ConfigurationError(
            f"{named('dialect')} must be one of {', '.join(map(repr, DIALECTS))} or None; got {dialect!r}"
        )
    kept = {name: value for name, value in options.items() if name not in FIXED and name not in RETRY_OPTIONS}
    return Settings(
        base_url=checked_url,
        retry=retry,
        timeout=_timeout(get("timeout", DEFAULT_TIMEOUT), named("timeout")),
        deadline=_checks.seconds(named("deadline"), get("deadline", DEFAULT_DEADLINE)) or DEFAULT_DEADLINE,
        max_body_size=max_body_size,
        raise_on_unexpected_status=bool(get("raise_on_unexpected_status", True)),
        strict=strict,
        drift_dir=_checked_drift_dir(get("drift_dir"), strict, named),
        dialect=dialect,
        default_dialect=default_dialect,
        headers=_checked_headers(get("headers")),
        verify_ssl=_checked_verify(get("verify_ssl", True)),
        follow_redirects=bool(get("follow_redirects", False)),
        transport=get("transport"),
        async_transport=checked_async_transport(get("async_transport"), extra),
        httpx_args=extra,
        # What with_options starts from: the origin as resolved, the retry as built.
        options={**kept, "base_url": checked_url, "allow_insecure_http": allow_insecure_http, "retry": retry},
    )


def changed(now: Mapping[str, Any], retry: RetryPolicy, changes: Mapping[str, Any]) -> dict[str, Any]:
    """What ``with_options(**changes)`` resolves: ``now`` (a client's options as they are) with ``changes`` applied;
    ``max_retries``/``retry_unsafe``/``max_rate_limit_wait`` change ``retry``, keeping the rest of it."""
    fixed = sorted(changes.keys() & FIXED)
    if fixed:
        raise ConfigurationError(
            f"with_options keeps the keys and the origin; to change {', '.join(fixed)} build a new client"
        )
    options = dict(now)
    pending = dict(changes)
    retry_changes = {name: pending.pop(name) for name in RETRY_OPTIONS if name in pending}
    if retry_changes and "retry" not in pending:
        if "max_retries" in retry_changes:
            _checks.count("max_retries", retry_changes["max_retries"])
        renamed = {"total" if name == "max_retries" else name: value for name, value in retry_changes.items()}
        options["retry"] = attrs.evolve(retry, **renamed)
    options.update(pending)
    return options


# ---------------------------------------------------------------------------- the keys


class Secret:
    """A key that no repr, str or crash reporter's capture of locals shows."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Datadog key is not pickled")


def take_keys(options: dict[str, Any]) -> tuple[Secret | None, Secret | None]:
    """Pop the keys out of ``options`` (the caller's dict: no frame keeps them as text), wrapped."""
    api_key, app_key = options.pop("api_key", None), options.pop("app_key", None)
    return (None if api_key is None else Secret(api_key), None if app_key is None else Secret(app_key))


def resolved(
    options: dict[str, Any], env: Mapping[str, str] = os.environ, *, names: Mapping[str, str] | None = None
) -> tuple[Settings, tuple[Secret, Secret]]:
    """:func:`client_settings` of ``options`` and the keys (popped from ``options``, else from ``env``), checked.

    What a new client is built from. An error it raises has every key given or in ``env`` redacted (it may
    quote a value, a site, that is a key pasted in the wrong place).
    """
    secrets = take_keys(options)  # from here on only the wrapped keys: a crash report's locals show neither
    env = _Environment(env)
    try:
        settings = client_settings(options, env, names=names)
    except ConfigurationError as exc:
        redact_chain(exc, _given_keys(secrets, env))
        raise
    # The keys last, once everything else is known to be usable.
    return settings, _keys(secrets, env, _Names(names))


def _keys(given: tuple[Secret | None, Secret | None], env: Mapping[str, str], named: _Names) -> tuple[Secret, Secret]:
    # Each key stays inside a Secret: no local of this frame (or the caller's) holds it as text.
    found = [
        secret if secret is not None else Secret(env.get(variable, ""))
        for secret, variable in zip(given, KEY_VARIABLES, strict=True)
    ]
    for secret, argument in zip(found, ("api_key", "app_key"), strict=True):
        if not isinstance(secret.value, str):
            raise ConfigurationError(f"{argument} must be a string, got {type(secret.value).__name__}")
    missing = [
        (argument, variable)
        for secret, argument, variable in zip(found, ("api_key", "app_key"), KEY_VARIABLES, strict=True)
        if not secret.value.strip()
    ]
    if missing:
        what = " and ".join(argument.replace("_", " ") for argument, _ in missing)
        variables = " and ".join(variable for _, variable in missing)
        passed = [named.given_as(argument) for argument, _ in missing]
        how = (
            f"pass {' and '.join(f'{p}=...' for p in passed)} or set {variables}"
            if all(passed)
            else (f"set {variables} in the environment (the keys are read from there only)")
        )
        raise ConfigurationError(f"no Datadog {what}: {how}")
    for secret, argument in zip(found, ("api_key", "app_key"), strict=True):
        if not secret.value.isascii() or not secret.value.strip().isprintable():
            # Never echo the key: this message may end up in a log.
            raise ConfigurationError(f"the {argument.replace('_', ' ')} has characters an HTTP header cannot carry")
    api_key, app_key = (Secret(secret.value.strip()) for secret in found)
    return api_key, app_key


def _given_keys(secrets: tuple[Secret | None, Secret | None], env: Mapping[str, str]) -> Scrubber:
    """A Scrubber of the keys given and of those in ``env`` (for an error raised before the client has keys)."""
    from .scrub import Scrubber  # noqa: PLC0415 -- only a refused configuration needs it

    given = [secret.value for secret in secrets if secret is not None and isinstance(secret.value, str)]
    return Scrubber([*given, *(env.get(name, "") for name in KEY_VARIABLES)])


# ---------------------------------------------------------------------------- the checks


def site_url(site: str) -> str:
    """``https://api.<site>`` for one of :data:`SITES`; ConfigurationError (a ValueError) naming them otherwise."""
    return _site_url(site, None)


def _site_url(site: str, source: str | None) -> str:
    normalized = site.strip().lower()
    if normalized not in SITES:
        where = f" (from {source})" if source else ""
        raise ConfigurationError(f"unknown Datadog site {site!r}{where}; use one of: {', '.join(SITES)}")
    return f"https://api.{normalized}"


def _check_url(base_url: str, allow_insecure_http: bool, name: str = "base_url") -> str:
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError):
        raise ConfigurationError(f"{name} is not a URL") from None
    if url.scheme not in ("https", "http") or not url.host:
        raise ConfigurationError(f"{name} must be an https:// URL with a host, got scheme {url.scheme!r}")
    if url.userinfo:
        # Never echo it: the password would end up in a log.
        raise ConfigurationError(f"{name} must not carry user:password@; the keys are the only credentials")
    if url.query or url.fragment:
        raise ConfigurationError(f"{name} must not have a query or a fragment; give the scheme, host and path")
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


def _timeout(value: float | httpx.Timeout | None, name: str) -> httpx.Timeout | None:
    if value is None:
        return None
    if isinstance(value, httpx.Timeout):
        for phase in ("connect", "read", "write", "pool"):
            _checks.seconds(f"{name}.{phase}", getattr(value, phase), allow_none=True)
        return value
    return httpx.Timeout(_checks.seconds(name, value))


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


def _checked_drift_dir(drift_dir: Any, strict: bool, named: _Names) -> Path | None:
    if drift_dir is None:
        return None
    name = named("drift_dir")
    if not isinstance(drift_dir, str | os.PathLike) or not os.fspath(drift_dir):
        raise ConfigurationError(f"{name} must be a directory's path, got {type(drift_dir).__name__}")
    if strict:
        raise ConfigurationError(
            f"{name} keeps the drift a lenient client accepts; a strict client refuses drift instead of keeping "
            f"it: add {named('strict=False')}"
        )
    path = Path(drift_dir)
    if path.exists() and not path.is_dir():
        raise ConfigurationError(f"{name} names a file, not a directory")
    return path
