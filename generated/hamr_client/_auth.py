"""The credentials' layer of a request: :class:`DatadogKeys`, the ``httpx.Auth`` flow that sends the keys and the
OAuth token to the origin only, and the filter that redacts them from the transport's own log records."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Generator
from typing import TYPE_CHECKING

import httpx

from ._config import Secret
from ._constants import BEARER_HEADER, BEARER_SCHEME, CREDENTIAL_HEADERS, KEY_HEADERS

if TYPE_CHECKING:
    from .scrub import Scrubber


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
    """Sends DD-API-KEY, DD-APPLICATION-KEY and ``Authorization: Bearer <token>`` to ``origin`` only; its repr
    shows none.

    Every credential configured is sent, as Datadog's own clients send each configured scheme the operation
    lists (the spec's ``security``: the key pair, or the OAuth token ``bearerAuth``); the server picks. httpx
    runs an auth flow once per ``send``, and builds redirects from the previous request's headers (removing
    ``Authorization`` only off the origin, and keeping it for an http-to-https upgrade of the same host), so
    :meth:`strip_elsewhere` runs as a request hook on every hop too: a redirect to another scheme, host or
    port goes out without any credential.
    """

    def __init__(
        self, api_key: str | None, app_key: str | None, origin: httpx.URL, *, bearer_token: str | None = None
    ) -> None:
        self._keys = (Secret(api_key or ""), Secret(app_key or ""))
        self._token = Secret(f"{BEARER_SCHEME} {bearer_token}") if bearer_token else None
        self._secrets = tuple(Secret(value) for value in (api_key, app_key, bearer_token) if value)
        self._origin = _origin(origin)
        self._redactor: Scrubber | None = None
        _LIVE_KEYS.add(self)
        _redact_transport_logs()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """httpx's auth hook: every configured credential on a request to the origin, none elsewhere."""
        if _origin(request.url) == self._origin:
            for name, secret in zip(KEY_HEADERS, self._keys, strict=True):
                if secret.value:
                    request.headers[name] = secret.value
            if self._token is not None:
                request.headers[BEARER_HEADER] = self._token.value
        yield request

    def strip_elsewhere(self, request: httpx.Request) -> None:
        """A request hook: remove every credential from a hop (a redirect) to another origin."""
        if _origin(request.url) != self._origin:
            for name in CREDENTIAL_HEADERS:
                request.headers.pop(name, None)

    async def astrip_elsewhere(self, request: httpx.Request) -> None:
        """The async client's twin of :meth:`strip_elsewhere`."""
        self.strip_elsewhere(request)

    def scrubber(self) -> Scrubber:
        """A :class:`~hamr_client.scrub.Scrubber` that redacts every credential, in every form it travels in."""
        from .scrub import Scrubber  # noqa: PLC0415 -- only a drift capture needs it

        return Scrubber(secret.value for secret in self._secrets)

    def redactor(self) -> Scrubber:
        """The one Scrubber (built on first use) that every error, warning and log line of this client's calls
        is redacted with: it is reached through each request's :data:`~hamr_client.errors.REDACTION` extension."""
        found = self._redactor
        if found is None:
            found = self._redactor = self.scrubber()
        return found

    def __repr__(self) -> str:
        return "<DatadogKeys: redacted>"
