"""The errors hamr_client raises, all under :class:`HamrClientError`.

- :class:`UnexpectedStatus`: the server answered with a status the spec does not document.
- :class:`InvalidResponse`: a documented status whose body does not match the spec's schema
  (not JSON, wrong Content-Type, missing or mistyped field, unknown enum value...).
- :class:`SchemaViolation`: a value that the spec does not allow, found while building or
  parsing a model (also a ``ValueError``); ``InvalidResponse`` wraps it for responses.
- :class:`ConfigurationError`: :func:`hamr_client.datadog_client` was given (or found in the
  environment) something it cannot use: an unknown site, a missing key, plain ``http://``.

No message ever contains an API or application key.
"""

from collections.abc import Mapping


class HamrClientError(Exception):
    """Base class of every error this package raises itself."""


def _excerpt(content: bytes, limit: int = 200) -> str:
    text = content[:limit].decode("utf-8", errors="replace")
    return text + ("..." if len(content) > limit else "")


class UnexpectedStatus(HamrClientError):
    """The server returned a status code the spec does not document for this operation.

    Attributes:
        status_code: the HTTP status of the last response (after any retries).
        content: its raw body.
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
        self.status_code = status_code
        self.content = content
        self.operation = operation
        self.headers: Mapping[str, str] = dict(headers or {})
        where = f"{operation}: " if operation else ""
        super().__init__(f"{where}unexpected status code: {status_code}\n\nResponse content:\n{_excerpt(content)}")


class SchemaViolation(HamrClientError, ValueError):
    """A value the spec does not allow, at ``path`` (a JSON pointer such as ``/data/attributes/hamr_status``).

    Raised by ``Model.from_dict`` on a malformed document and by model constructors (and attribute
    assignment) on a value of the wrong type, before anything is sent.
    """

    def __init__(self, parts: tuple[str | int, ...], reason: str) -> None:
        self.parts: list[str | int] = list(parts)
        self.reason = reason
        super().__init__(reason)

    @property
    def path(self) -> str:
        """The JSON pointer (RFC 6901) to the offending value; ``""`` is the whole document."""
        return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in self.parts)

    def within(self, part: str | int) -> "SchemaViolation":
        """Prefix the path with the enclosing property name or list index (parsing unwinds outwards)."""
        self.parts.insert(0, part)
        return self

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.reason}"


class InvalidResponse(HamrClientError):
    """A documented status whose body does not match the spec's schema for that status.

    Attributes:
        operation: the operationId (for example ``GetHamrOrgConnection``).
        status_code: the HTTP status of the response.
        content: the raw body, exactly as received.
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
        self.operation = operation
        self.status_code = status_code
        self.content = content
        self.path = path
        self.reason = reason
        self.headers: Mapping[str, str] = dict(headers or {})
        super().__init__(f"{operation}: the {status_code} response does not match the spec at {path or '/'}: {reason}")


class ConfigurationError(HamrClientError, ValueError):
    """The client cannot be built as asked (unknown site, missing key, insecure URL...)."""


__all__ = [
    "ConfigurationError",
    "HamrClientError",
    "InvalidResponse",
    "SchemaViolation",
    "UnexpectedStatus",
]
