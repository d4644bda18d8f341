"""The errors hamr_client raises, all under :class:`HamrClientError`.

- :class:`UnexpectedStatus`: the server answered with a status the spec does not document.
- :class:`InvalidResponse`: a documented status whose body does not match the spec (not JSON, wrong
  Content-Type, missing or mistyped field, unknown enum value, too large or too deeply nested).
- :class:`SchemaViolation`: a value the spec does not allow, found while building or parsing a
  model (also a ``ValueError``); ``InvalidResponse`` wraps it for responses.
- :class:`APIConnectionError`: the request did not get an answer (refused, reset, TLS failure),
  after any retries; :class:`APITimeoutError` when it was a timeout or the deadline. The httpx
  error is the ``__cause__``, its request stripped of the keys.
- :class:`ConfigurationError`: :func:`hamr_client.datadog_client` was given (or found in the
  environment) something it cannot use; raised at construction, before any request.
- :class:`ClientClosedError`: a call on a client after ``close()``/``aclose()``.
- :class:`SpecDriftWarning` (a warning, not an error): what a ``strict=False`` client tolerated.

No message or attribute ever contains an API or application key. Every error pickles and
unpickles to an equal error (process pools and crash reporters ship them across processes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: The most of a body an error keeps: enough to read, bounded whatever the server sends.
BODY_EXCERPT_LIMIT = 64 * 1024


def _rebuild(cls: type[HamrClientError], args: tuple[Any, ...], state: dict[str, Any]) -> HamrClientError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class HamrClientError(Exception):
    """Base class of every error this package raises itself."""

    def __reduce__(self) -> tuple[Any, ...]:
        # The default reduce calls cls(*args), which keyword-only constructors cannot take.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, HamrClientError)
        return self.args == other.args and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), self.args))


def json_pointer(parts: Sequence[str | int]) -> str:
    """The RFC 6901 pointer to ``parts`` (property names and list indexes) in a JSON document."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _excerpt(content: bytes, limit: int = 200) -> str:
    text = content[:limit].decode("utf-8", errors="replace")
    return text + ("..." if len(content) > limit else "")


class _ResponseError(HamrClientError):
    """What the two response errors share: the status, a bounded body and the headers."""

    operation: str
    status_code: int
    content: bytes
    headers: Mapping[str, str]

    def _keep(self, operation: str, status_code: int, content: bytes, headers: Mapping[str, str] | None) -> None:
        self.operation = operation
        self.status_code = int(status_code)
        self.content = bytes(content[:BODY_EXCERPT_LIMIT])
        self.headers = dict(headers or {})


class UnexpectedStatus(_ResponseError):
    """The server returned a status code the spec does not document for this operation.

    Attributes:
        status_code: the HTTP status of the last response (after any retries).
        content: its body (at most :data:`BODY_EXCERPT_LIMIT` bytes of it).
        headers: its headers (rate-limit headers included), or an empty mapping.
        operation: the operationId, when known.
    """

    def __init__(
        self,
        status_code: int,
        content: bytes,
        *,
        operation: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._keep(operation, status_code, content, headers)
        where = f"{operation}: " if operation else ""
        super().__init__(f"{where}unexpected status code: {status_code}\n\nResponse content:\n{_excerpt(content)}")


class SchemaViolation(HamrClientError, ValueError):
    """A value the spec does not allow, at ``path`` (a JSON pointer such as ``/data/attributes/hamr_status``).

    Raised by ``Model.from_dict`` on a malformed document, by model constructors (and attribute
    assignment) on a value of the wrong type, and for a request body that cannot be sent as JSON,
    always before anything is sent.
    """

    def __init__(self, parts: tuple[str | int, ...], reason: str) -> None:
        self.parts: list[str | int] = list(parts)
        self.reason = reason
        super().__init__(reason)

    @property
    def path(self) -> str:
        """The JSON pointer (RFC 6901) to the offending value; ``""`` is the whole document."""
        return json_pointer(self.parts)

    def within(self, part: str | int) -> SchemaViolation:
        """Prefix the path with the enclosing property name or list index (parsing unwinds outwards)."""
        self.parts.insert(0, part)
        return self

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.reason}"


class InvalidResponse(_ResponseError):
    """A documented status whose body does not match the spec's schema for that status.

    Attributes:
        operation: the operationId (for example ``GetHamrOrgConnection``).
        status_code: the HTTP status of the response.
        content: the body as received (at most :data:`BODY_EXCERPT_LIMIT` bytes of it).
        path: a JSON pointer to the first problem found (``""`` means the whole body).
        reason: what is wrong there.
        headers: the response headers.
    """

    def __init__(
        self,
        *,
        operation: str,
        status_code: int,
        content: bytes,
        path: str,
        reason: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._keep(operation, status_code, content, headers)
        self.path = path
        self.reason = reason
        super().__init__(f"{operation}: the {status_code} response does not match the spec at {path or '/'}: {reason}")


class APIConnectionError(HamrClientError):
    """No usable answer: the connection failed, was reset or its TLS check failed (after any retries).

    Attributes:
        method: the request's method.
        url: the request's URL (this client refuses URLs with credentials, so it carries none).
        attempts: how many times the request was sent.
    """

    def __init__(self, message: str, *, method: str, url: str, attempts: int = 1) -> None:
        self.method = method
        self.url = url
        self.attempts = attempts
        super().__init__(f"{method} {url}: {message} (after {attempts} attempt{'s' if attempts != 1 else ''})")


class APITimeoutError(APIConnectionError):
    """The request timed out, or the call's overall deadline passed (after any retries)."""


class ConfigurationError(HamrClientError, ValueError):
    """The client cannot be built as asked (unknown site, missing key, insecure URL, bad argument...)."""


class ClientClosedError(HamrClientError, RuntimeError):
    """The client was closed (``close()``, ``aclose()`` or the end of its ``with`` block)."""


class SpecDriftWarning(UserWarning):
    """A response a ``strict=False`` client accepted although it drifts from the spec.

    One per deviation per response, also logged at WARNING on the ``hamr_client`` logger: an
    unknown enum value (a newer ``hamr_status``) or a value off its ``format``. Alert on it: the
    spec (``openapi/hamr.yaml``) needs to catch up with the server.

    Attributes:
        operation: the operationId.
        status_code: the response's status.
        path: the JSON pointer to the value (for example ``/data/attributes/modified_at``).
        reason: what about it is off the spec.
    """

    def __init__(self, operation: str, status_code: int, path: str, reason: str) -> None:
        self.operation = operation
        self.status_code = status_code
        self.path = path
        self.reason = reason
        super().__init__(f"{operation}: the {status_code} response drifts from the spec at {path or '/'}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.operation, self.status_code, self.path, self.reason))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, SpecDriftWarning)
        return (self.operation, self.status_code, self.path, self.reason) == (
            other.operation,
            other.status_code,
            other.path,
            other.reason,
        )

    def __hash__(self) -> int:
        return hash((type(self), self.operation, self.status_code, self.path, self.reason))


__all__ = [
    "BODY_EXCERPT_LIMIT",
    "APIConnectionError",
    "APITimeoutError",
    "ClientClosedError",
    "ConfigurationError",
    "HamrClientError",
    "InvalidResponse",
    "SchemaViolation",
    "SpecDriftWarning",
    "UnexpectedStatus",
    "json_pointer",
]
