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
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, NoReturn, TypedDict, get_args

import httpx

from . import _checks
from ._constants import (
    API_URL_VARIABLE,
    BEARER_SCHEME,
    BEARER_VARIABLE,
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

# What with_options cannot change: the credentials and where they are sent.
FIXED = frozenset({"api_key", "app_key", "bearer_token", "site", "base_url", "allow_insecure_http"})
# The credentials' keywords, and the variables each is read from when not given (in that order).
CREDENTIALS = ("api_key", "app_key", "bearer_token")
_CREDENTIAL_VARIABLES = (*KEY_VARIABLES, BEARER_VARIABLE)
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
    bearer_token: str
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


# A NamedTuple, not a frozen dataclass: a tenth of the cost to define on import (`hamr get`'s start, issue 31).
class Settings(NamedTuple):
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
    """The one check of a client's keywords (not the credentials): :class:`Settings`, or a ConfigurationError.

    Behind ``datadog_client``, ``AuthenticatedClient(...)``, ``with_options`` and ``hamr``. ``env`` is where
    ``DD_SITE`` is read when neither ``site`` nor ``base_url`` is given; ``names`` spells an option as the
    caller takes it, in the errors (``hamr``: ``{"site": "--site", ...}``). Without ``site`` and ``base_url``,
    ``DD_API_URL`` in ``env`` is the API root (as Datadog's DDR guide names it), else ``DD_SITE`` the site. A
    keyword the client does not take is a TypeError, as for any signature (``**options`` must not swallow a typo).
    """
    unknown = sorted(options.keys() - ClientOptions.__annotations__.keys())
    if unknown:  # what Python says of a keyword a signature does not take
        raise TypeError(f"datadog_client() got unexpected keyword arguments: {', '.join(unknown)}")
    env = _Environment(env)  # from here on, no frame's locals show the environment's values
    named = _Names(names)
    get = options.get
    base_url, url_source = get("base_url"), named("base_url")
    if base_url is None and get("site") is None and env.get(API_URL_VARIABLE):
        if env.get(SITE_VARIABLE):
            raise ConfigurationError(f"set {SITE_VARIABLE} or {API_URL_VARIABLE}, not both: both say where the org is")
        base_url, url_source = env[API_URL_VARIABLE], API_URL_VARIABLE
    if base_url is None:
        site = get("site")
        source = named("site") if site is not None else SITE_VARIABLE
        chosen = site if site is not None else (env.get(SITE_VARIABLE) or DEFAULT_SITE)
        if not isinstance(chosen, str):
            raise ConfigurationError(f"{source} must be a string, got {type(chosen).__name__}")
        base_url = _site_url(chosen, source)
    allow_insecure_http = bool(get("allow_insecure_http", False))
    checked_url = _check_url(base_url, allow_insecure_http, url_source, named.given_as("allow_insecure_http=True"))
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
        options["retry"] = dataclasses.replace(retry, **renamed)
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


# A NamedTuple, not a frozen dataclass: a tenth of the cost to define on import (`hamr get`'s start, issue 31).
class Credentials(NamedTuple):
    """What a client authenticates with, each wrapped (None when not configured): the key pair, the OAuth token.

    Every one configured is sent (to the origin only), as Datadog's own clients send every configured scheme;
    :func:`resolved` makes one only when it holds a whole alternative of the spec's ``security``: both keys, or
    the token.
    """

    api_key: Secret | None
    app_key: Secret | None
    bearer_token: Secret | None

    def options(self) -> dict[str, str]:
        """As ``datadog_client``'s keywords (what ``hamr`` hands its client): one not configured as ``""``, given
        and blank, so that nothing is read again from another environment (the process's)."""
        return {
            name: "" if secret is None else secret.value
            for name, secret in zip(CREDENTIALS, self.secrets(), strict=True)
        }

    def secrets(self) -> tuple[Secret | None, Secret | None, Secret | None]:
        """``(api_key, app_key, bearer_token)``."""
        return self.api_key, self.app_key, self.bearer_token

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={'<redacted>' if secret else None}"
            for name, secret in zip(CREDENTIALS, self.secrets(), strict=True)
        )
        return f"Credentials({shown})"


def take_keys(options: dict[str, Any]) -> tuple[Secret | None, Secret | None, Secret | None]:
    """Pop the credentials out of ``options`` (the caller's dict: no frame keeps them as text), wrapped."""
    found = [options.pop(name, None) for name in CREDENTIALS]
    api_key, app_key, token = (None if value is None else Secret(value) for value in found)
    return api_key, app_key, token


def resolved(
    options: dict[str, Any], env: Mapping[str, str] = os.environ, *, names: Mapping[str, str] | None = None
) -> tuple[Settings, Credentials]:
    """:func:`client_settings` of ``options`` and the credentials (popped from ``options``, else from ``env``), checked.

    What a new client is built from (an org's: ``env`` as :func:`~hamr_client.orgs.org_environment` shows it).
    An error it raises has every credential given or in ``env`` redacted (it may quote a value, a site, that is a
    key pasted in the wrong place).
    """
    secrets = take_keys(options)  # from here on only the wrapped credentials: a crash report's locals show none
    env = _Environment(env)
    try:
        settings = client_settings(options, env, names=names)
    except ConfigurationError as exc:
        redact_chain(exc, _given_keys(secrets, env))
        raise
    # The credentials last, once everything else is known to be usable.
    return settings, _credentials(secrets, env, _Names(names))


def _credentials(
    given: tuple[Secret | None, Secret | None, Secret | None], env: Mapping[str, str], named: _Names
) -> Credentials:
    # Each credential stays inside a Secret: no local of this frame (or the caller's) holds it as text.
    variables = _CREDENTIAL_VARIABLES
    found = [
        secret if secret is not None else Secret(env.get(name, ""))
        for secret, name in zip(given, variables, strict=True)
    ]
    for secret, argument in zip(found, CREDENTIALS, strict=True):
        if not isinstance(secret.value, str):
            raise ConfigurationError(f"{argument} must be a string, got {type(secret.value).__name__}")
    for secret, argument in zip(found, CREDENTIALS, strict=True):
        if not secret.value.isascii() or not secret.value.strip().isprintable():
            # Never echo it: this message may end up in a log.
            raise ConfigurationError(f"the {argument.replace('_', ' ')} has characters an HTTP header cannot carry")
    api_key, app_key, token = (Secret(secret.value.strip()) if secret.value.strip() else None for secret in found)
    if token is None:  # then the key pair is the alternative: both keys, as before there was a token
        missing = [
            (argument, name)
            for secret, argument, name in zip((api_key, app_key), CREDENTIALS, variables, strict=False)
            if secret is None
        ]
        if missing:
            raise ConfigurationError(_missing(missing, named, variables[2]))
    if token is not None and token.value.partition(" ")[0].casefold() == BEARER_SCHEME.casefold():
        raise ConfigurationError(
            f"the bearer token starts with {BEARER_SCHEME!r}: give the token alone, the client sends "
            f"'Authorization: {BEARER_SCHEME} <token>' itself"
        )
    return Credentials(api_key, app_key, token)


def _missing(missing: list[tuple[str, str]], named: _Names, token_variable: str) -> str:
    """What a client with neither whole alternative is told: the key(s) it lacks, or a token instead."""
    what = " and ".join(argument.replace("_", " ") for argument, _ in missing)
    variables = " and ".join(name for _, name in missing)
    passed = [named.given_as(argument) for argument, _ in missing]
    token = named.given_as("bearer_token")
    if all(passed):
        how = f"pass {' and '.join(f'{p}=...' for p in passed)} or set {variables}"
        instead = f"or an OAuth access token: {token}=... or {token_variable}" if token else f"or {token_variable}"
    else:
        how = f"set {variables} in the environment (credentials are read from there only)"
        instead = f"or an OAuth access token in {token_variable}"
    return f"no Datadog {what}: {how}; {instead}"


def _given_keys(secrets: tuple[Secret | None, ...], env: Mapping[str, str]) -> Scrubber:
    """A Scrubber of the credentials given and of those in ``env`` (for an error raised before the client has any)."""
    from .scrub import Scrubber  # noqa: PLC0415 -- only a refused configuration needs it

    given = [secret.value for secret in secrets if secret is not None and isinstance(secret.value, str)]
    return Scrubber([*given, *(env.get(name, "") for name in _CREDENTIAL_VARIABLES)])


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


def _check_url(
    base_url: str, allow_insecure_http: bool, name: str = "base_url", insecure: str | None = "allow_insecure_http=True"
) -> str:
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
        # ``insecure``: how the caller allows it; None when it cannot (hamr: loopback only).
        how = f", or pass {insecure} if you really mean it" if insecure else " (plain http:// goes to loopback only)"
        where = "" if name == "base_url" else f"{name}: "
        raise ConfigurationError(
            f"{where}refusing plain http:// to {url.host}: the keys would travel unencrypted; use https://{how}"
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
