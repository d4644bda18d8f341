"""When a request is sent again, and how long the client waits first: :class:`RetryPolicy`.

The client's loop sits above ``httpx.Client.send`` (httpx ignores the environment's proxies once
a transport is given, so httpx-retries' ``RetryTransport`` cannot sit underneath), and it keeps
its per-request state in an httpx-retries ``Retry``: attempts counted, methods and exceptions
classified, ``Retry-After`` parsed as seconds or an HTTP date.
"""

from __future__ import annotations

import functools
import logging
import math
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import KW_ONLY, dataclass, field
from http import HTTPMethod
from typing import TYPE_CHECKING, Any

import httpx

from . import _checks
from ._constants import DEFAULT_MAX_RATE_LIMIT_WAIT, DEFAULT_MAX_RETRIES, RATE_LIMIT_WAIT_HEADERS
from .errors import ConfigurationError

if TYPE_CHECKING:
    from httpx_retries import Retry

logger: logging.Logger = logging.getLogger("hamr_client")

#: Methods that may be sent twice with the same effect (RFC 9110 9.2.2).
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
#: What a retry of an idempotent request answers: no answer at all, however it failed.
RETRIED_ERRORS: tuple[type[Exception], ...] = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


async def _anyio_sleep(seconds: float) -> None:
    import anyio  # noqa: PLC0415 -- only async callers pay for it (asyncio and trio alike)

    await anyio.sleep(seconds)


def _finite(name: str, value: Any) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0:
        raise ConfigurationError(f"RetryPolicy.{name} must be a finite number, 0 or more; got {value!r}")


def _statuses(value: Any) -> frozenset[int]:
    try:
        statuses = frozenset(int(status) for status in value)
    except (TypeError, ValueError):
        raise ConfigurationError(f"RetryPolicy.statuses must be HTTP status codes; got {value!r}") from None
    if any(not 100 <= status <= 599 for status in statuses):
        raise ConfigurationError(f"RetryPolicy.statuses must be HTTP status codes (100-599); got {sorted(statuses)}")
    return statuses


@dataclass(frozen=True, slots=True, weakref_slot=True)
class RetryPolicy:
    """When and how long to wait before sending a request again.

    - ``statuses`` (default 429, 502, 503, 504) are retried -- exactly those: an empty set retries
      no status. A 429 waits the ``X-RateLimit-Reset`` seconds Datadog sends, else ``Retry-After``
      (seconds or an HTTP date), never more than ``max_rate_limit_wait``; other statuses honour
      ``Retry-After`` the same way, else back off.
    - Timeouts and connection errors (refused, reset, dropped while the body was read) are retried
      on idempotent methods (GET...); a failed TLS certificate check never is: it will fail again.
    - POST (create-or-update) is retried on 429 only, unless ``retry_unsafe=True``.
    - Backoff is ``backoff_factor * 2**(retry - 1)``, jittered down by up to ``backoff_jitter``
      (a fraction), capped at ``max_backoff_wait``. Every wait is finite and capped.
    - ``total`` retries at most (``0`` disables retrying); after that the last response is
      returned (parsed, or raised as ``UnexpectedStatus``) or the last error raised.

    ``sleep``/``async_sleep`` do the waiting (tests pass recorders, so no test really sleeps).
    """

    total: int = DEFAULT_MAX_RETRIES
    _: KW_ONLY
    backoff_factor: float = 0.5
    backoff_jitter: float = 0.5
    max_backoff_wait: float = 30.0
    max_rate_limit_wait: float = DEFAULT_MAX_RATE_LIMIT_WAIT
    retry_unsafe: bool = False
    statuses: Collection[int] = frozenset({429, 502, 503, 504})  # any collection given, kept as a frozenset
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=_anyio_sleep, repr=False)

    def __post_init__(self) -> None:
        # Any iterable of status codes is taken, kept as a frozenset of ints (frozen: set once, here).
        object.__setattr__(self, "statuses", _statuses(self.statuses))
        _checks.count("RetryPolicy.total", self.total)
        for name in ("backoff_factor", "backoff_jitter", "max_backoff_wait", "max_rate_limit_wait"):
            _finite(name, getattr(self, name))
        if self.backoff_jitter > 1:
            raise ConfigurationError(f"RetryPolicy.backoff_jitter must be between 0 and 1; got {self.backoff_jitter!r}")

    def start(self, method: str) -> Retry:
        """The per-request retry state (an httpx-retries ``Retry``) for a request of ``method``."""
        return _initial_state(self.total, method.upper() in IDEMPOTENT or self.retry_unsafe)

    def retries_status(self, method: str, status: int) -> bool:
        """Whether a response with ``status`` to a ``method`` request is worth sending again."""
        if status not in self.statuses:
            return False
        return status == 429 or method.upper() in IDEMPOTENT or self.retry_unsafe

    def retries_error(self, state: Retry, error: Exception) -> bool:
        """Whether ``error`` (an httpx error) is worth another attempt under ``state``."""
        if not state.is_retryable_exception(error):
            return False
        return not _tls_verification_failed(error)

    def wait_for(self, response: httpx.Response | Exception, retry: int = 1, state: Retry | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (1 is the first), after ``response`` or an error."""
        if isinstance(response, httpx.Response):
            cap = self.max_rate_limit_wait if response.status_code == 429 else self.max_backoff_wait
            headers = RATE_LIMIT_WAIT_HEADERS if response.status_code == 429 else ("Retry-After",)
            for header in headers:
                seconds = _header_seconds(response.headers.get(header), state)
                if seconds is not None:
                    return min(seconds, cap)
        return self.backoff(retry)

    def backoff(self, retry: int) -> float:
        """``backoff_factor * 2**(retry - 1)``, times a random factor in ``[1 - backoff_jitter, 1]``, capped."""
        exponent = min(max(retry - 1, 0), 64)  # 2**64 * any factor is past every cap already
        delay = self.backoff_factor * float(2**exponent)
        if self.backoff_jitter:
            delay *= random.uniform(1 - self.backoff_jitter, 1)  # noqa: S311 -- jitter, not cryptography
        return min(delay, self.max_backoff_wait)


@functools.cache
def _initial_state(total: int, safe: bool) -> Retry:
    # Built once per shape: a Retry is never changed in place (increment() returns a new one).
    from httpx_retries import Retry  # noqa: PLC0415 -- it imports asyncio: paid on the first request only

    return Retry(
        total=total,
        allowed_methods=[member.value for member in HTTPMethod],
        retry_on_exceptions=RETRIED_ERRORS if safe else (),
    )


def _header_seconds(value: str | None, state: Retry | None) -> float | None:
    """A wait header as seconds: a number (``X-RateLimit-Reset``, ``Retry-After``) or an HTTP date; None if unusable."""
    if value is None or not value.strip() or len(value) > 64:  # no header worth reading is longer
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        parser = state if state is not None else _initial_state(0, True)
        try:  # httpx-retries parses Retry-After's HTTP-date form
            seconds = parser.parse_retry_after(value)
        except (ValueError, OverflowError, TypeError):  # a date past datetime's range is no wait at all
            return None
    return seconds if 0 <= seconds < math.inf else None


def _tls_verification_failed(error: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def outcome(response: httpx.Response | Exception) -> str:
    """A response or error, in a log line (never a header or a body)."""
    if isinstance(response, httpx.Response):
        return f"status {response.status_code}"
    return type(response).__name__


__all__ = ["RetryPolicy"]
