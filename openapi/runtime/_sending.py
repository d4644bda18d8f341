"""The send pipeline's inner layers, one concern each, under :meth:`AuthenticatedClient.send_request`:

- :class:`Call`: one call's retries and clock (whether to try again, after how long, each attempt's timeouts cut to
  what is left of the deadline);
- :func:`attempt`/:func:`aattempt`: one attempt, its body read within the deadline and ``max_body_size``
  (:mod:`.bodies`); the keys are added beneath them by httpx's auth flow (:mod:`._auth`);
- a failure with no answer comes out as :class:`~hamr_client.errors.APIConnectionError`, the keys redacted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

from . import bodies
from ._transports import timed_out
from .errors import REDACTION, APIConnectionError, APITimeoutError, keyless, redact_chain, redaction
from .retrying import RetryPolicy, logger, outcome

if TYPE_CHECKING:
    from httpx_retries import Retry

    from .scrub import Scrubber

_PHASES = ("connect", "read", "write", "pool")


class Call:
    """One call's retry state and clock: whether to try again, and after how long."""

    __slots__ = ("attempt_seconds", "deadline", "policy", "redactor", "request", "state", "timeouts")

    def __init__(
        self,
        request: httpx.Request,
        policy: RetryPolicy,
        deadline: float,
        timeout: httpx.Timeout | None,
        redactor: Callable[[], Scrubber],
    ) -> None:
        self.redactor = redactor
        self.policy = policy
        self.request = request
        # httpx-retries' state (it imports asyncio): made at the first failure, never for a call answered at once.
        self.state: Retry | None = None
        self.deadline = time.monotonic() + deadline
        self.attempt_seconds = _attempt_seconds(timeout)
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


def attempt(http: httpx.Client, request: httpx.Request, max_body_size: int) -> httpx.Response:
    """One attempt: the request sent, its body read within the deadline and ``max_body_size``."""
    response = http.send(request, stream=True)
    deadline = request.extensions[bodies.DEADLINE]
    if "content-encoding" in response.headers:
        return bodies.read(response, max_body_size, deadline)
    # Raw bytes are the body: httpx reads them through the guard, no copy of the response.
    guard = bodies.Guarded(response.stream, request, deadline, max_body_size)
    response.stream = guard
    try:
        response.read()
    except bodies.TooLarge:
        return bodies.marked(response, guard.kept, bodies.TRUNCATED, max_body_size)
    finally:
        response.close()
    return response


async def aattempt(http: httpx.AsyncClient, request: httpx.Request, max_body_size: int) -> httpx.Response:
    """The async twin of :func:`attempt`: a cancel scope bounds it whole."""
    import anyio  # noqa: PLC0415 -- httpx's async transports import it already

    # A cancel scope bounds the whole attempt, headers included, whatever the server trickles.
    try:
        with anyio.fail_after(max(request.extensions[bodies.DEADLINE] - time.monotonic(), 0)):
            response = await http.send(request, stream=True)
            return await bodies.aread(response, max_body_size)
    except TimeoutError:
        raise httpx.ReadTimeout("the attempt's timeout passed", request=request) from None


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
