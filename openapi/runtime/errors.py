"""The errors hamr_client raises, all under :class:`HamrClientError`.

- :class:`APIStatusError`: Datadog answered with an error status; ``sync()``/``asyncio()`` raise it
  (the ``*_detailed`` functions return the parsed body instead), as the subclass for its status
  (:func:`error_class`, from the one table :data:`STATUS_ERRORS`).
- :class:`UnexpectedStatus` (an ``APIStatusError``): a status the spec does not document.
- :class:`WriteNotAppliedError`: a write answered with success whose answer does not hold what
  was sent (the spec's ``x-applied`` pointers): the server took the request and did not apply it.
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

No message, argument or attribute ever contains an API or application key, in any form: whatever
an error keeps of what the server sent (its message, ``details``, ``body``, ``content``,
``headers``, ``response``, a warning's ``reason``) is what the server sent with each key replaced by
``<redacted>`` (:meth:`hamr_client.scrub.Scrubber.redact`, knowing the client's keys through
:data:`REDACTION`), done once, when the error is made. So a repr, a log, a pickle or a crash report
of an error holds no key. Every error pickles and unpickles to an equal error (process pools and
crash reporters ship them across processes).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import httpx

from ._constants import CREDENTIAL_HEADERS, KEY_HEADERS
from .scrub import Scrubber

#: The most of a body an error keeps: enough to read, bounded whatever the server sends.
BODY_EXCERPT_LIMIT = 64 * 1024
#: The request extension through which a client's keys reach what it raises: a callable giving its Scrubber.
REDACTION = "hamr_client.redaction"
# The most of a server's error details a message quotes (a hostile body must not flood a log).
_DETAILS_SHOWN = 5
_DETAIL_LENGTH = 300


_NO_KEYS: list[Scrubber] = []


def redaction(message: httpx.Request | httpx.Response | None) -> Scrubber:
    """The Scrubber of the client that sent ``message`` (a request, or a response's request), else one of no key."""
    request = message
    if isinstance(message, httpx.Response):
        try:
            request = message.request
        except RuntimeError:  # a response built by hand, with no request
            request = None
    source = request.extensions.get(REDACTION) if isinstance(request, httpx.Request) else None
    if callable(source):
        found = source()
        if isinstance(found, Scrubber):
            return found
    if not _NO_KEYS:
        _NO_KEYS.append(Scrubber(()))
    return _NO_KEYS[0]


_CREDENTIALS = frozenset(name.upper() for name in CREDENTIAL_HEADERS)


def keyless(request: httpx.Request, scrubber: Scrubber | None = None) -> httpx.Request:
    """``request`` without the credentials (a new request, no body, no extensions), for an error that outlives the call.

    With ``scrubber``, a key anywhere else in it (a redirect's URL, a header) is redacted too.
    """
    headers = [(name, value) for name, value in request.headers.multi_items() if name.upper() not in _CREDENTIALS]
    if scrubber is None:
        return httpx.Request(request.method, request.url, headers=headers)
    clean = [(scrubber.redact(name), scrubber.redact(value)) for name, value in headers]
    return httpx.Request(request.method, _redacted_url(str(request.url), scrubber), headers=clean)


def _redacted_url(url: str, scrubber: Scrubber) -> httpx.URL:
    redacted = scrubber.redact(url)
    try:
        return httpx.URL(redacted)
    except (httpx.InvalidURL, ValueError):  # a key in the host: what is left is not a URL
        return httpx.URL("")


class _Exchange(NamedTuple):
    """An ``httpx.Response`` (and its request, keyless) as plain, comparable, picklable data."""

    status_code: int
    headers: tuple[tuple[bytes, bytes], ...]
    content: bytes
    method: str
    url: str
    request_headers: tuple[tuple[bytes, bytes], ...]

    @classmethod
    def of(cls, response: httpx.Response, scrubber: Scrubber | None = None) -> _Exchange:
        """``response`` as data; with ``scrubber``, every key in it redacted (body, headers, URL)."""
        try:
            request = keyless(response.request, scrubber)
        except RuntimeError:  # a response built by hand, with no request
            request = httpx.Request("GET", "")
        # Raw bytes (a header may not be ASCII); the body is kept decoded, so without its Content-Encoding.
        headers = tuple((k, v) for k, v in response.headers.raw if k.lower() != b"content-encoding")
        content = response.content
        if scrubber is not None:
            headers = tuple((scrubber.redact_bytes(k), scrubber.redact_bytes(v)) for k, v in headers)
            content = scrubber.cut_bytes(content, BODY_EXCERPT_LIMIT)
        return cls(response.status_code, headers, content, request.method, str(request.url), tuple(request.headers.raw))

    def restore(self) -> httpx.Response:
        request = httpx.Request(self.method, self.url, headers=list(self.request_headers))
        return httpx.Response(self.status_code, headers=list(self.headers), content=self.content, request=request)


def _redacted_response(response: httpx.Response, scrubber: Scrubber) -> httpx.Response:
    """``response`` as an error keeps it: its request keyless; rebuilt with every key redacted if it held one,
    and with its body cut to :data:`BODY_EXCERPT_LIMIT` (redacted before it is cut) if it was longer."""
    raw = response.headers.raw
    try:
        url = str(response.request.url)
    except RuntimeError:  # a response built by hand has no request
        return response
    reason = response.extensions.get("reason_phrase", b"")
    long_body = len(response.content) > BODY_EXCERPT_LIMIT
    text = b"\n".join([*(b"%s: %s" % pair for pair in raw), bytes(reason), url.encode(), response.content])
    if not long_body and not scrubber.leaks(text.decode("latin-1")):
        response.request = keyless(response.request)
        return response
    rebuilt = _Exchange.of(response, scrubber).restore()
    rebuilt.extensions = {"reason_phrase": scrubber.redact_bytes(bytes(reason))}
    return rebuilt


def _rebuild(cls: type[HamrClientError], args: tuple[Any, ...], state: dict[str, Any]) -> HamrClientError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update({k: v.restore() if isinstance(v, _Exchange) else v for k, v in state.items()})
    return error


class HamrClientError(Exception):
    """Base class of every error this package raises itself."""

    def _state(self) -> dict[str, Any]:
        # What pickling carries and equality compares: an httpx response as plain data.
        return {k: _Exchange.of(v) if isinstance(v, httpx.Response) else v for k, v in self.__dict__.items()}

    def __reduce__(self) -> tuple[Any, ...]:
        # The default reduce calls cls(*args), which keyword-only constructors cannot take.
        return (_rebuild, (type(self), self.args, self._state()))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, HamrClientError)
        return self.args == other.args and self._state() == other._state()

    def __hash__(self) -> int:
        return hash((type(self), self.args))


def json_pointer(parts: Sequence[str | int]) -> str:
    """The RFC 6901 pointer to ``parts`` (property names and list indexes) in a JSON document."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def pointer_parts(pointer: str) -> list[str]:
    """The reference tokens of an RFC 6901 pointer, unescaped: :func:`json_pointer`'s inverse (indexes as text)."""
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]


def _excerpt(content: bytes, scrubber: Scrubber, limit: int = 200) -> str:
    # Redacted before it is cut (no key cut in two), control characters replaced as in details.
    shown = content[: 4 * (limit + scrubber.margin)].decode("utf-8", errors="replace")
    return _printable(scrubber.cut(shown, limit), limit=None)


class _ResponseError(HamrClientError):
    """What the response errors share: the status, a bounded body and the headers."""

    operation: str
    status_code: int
    content: bytes
    headers: Mapping[str, str]

    def _keep(
        self,
        operation: str,
        status_code: int,
        content: bytes,
        headers: Mapping[str, str] | None,
        scrubber: Scrubber,
    ) -> None:
        self.operation = operation
        self.status_code = int(status_code)
        self.content = scrubber.cut_bytes(bytes(content), BODY_EXCERPT_LIMIT)
        self.headers = {scrubber.redact(name): scrubber.redact(value) for name, value in dict(headers or {}).items()}


def _printable(text: str, limit: int | None = _DETAIL_LENGTH) -> str:
    # A server's words go to logs and terminals: no control characters, bounded.
    if text.isprintable() and (limit is None or len(text) <= limit):
        return text
    shown = "".join(c if c.isprintable() else "\ufffd" for c in (text if limit is None else text[:limit]))
    return shown + ("..." if limit is not None and len(text) > limit else "")


def error_details(document: Any, scrubber: Scrubber | None = None) -> tuple[str, ...]:
    """The human-readable reasons in a Datadog error body (``{"errors": [...]}``), at most five.

    Both of Datadog's error envelopes: JSON:API error objects (their ``detail``, else ``title``)
    and plain strings. Anything else gives none. With ``scrubber``, each is redacted before it is cut.
    """
    items = document.get("errors") if isinstance(document, Mapping) else None
    found: list[str] = []
    for item in items if isinstance(items, list) else ():
        text = item if isinstance(item, str) else None
        if isinstance(item, Mapping):
            text = next((item[k] for k in ("detail", "title") if isinstance(item.get(k), str) and item[k]), None)
        if text and len(found) < _DETAILS_SHOWN:
            found.append(_printable(scrubber.cut(text, _DETAIL_LENGTH) if scrubber is not None else text))
    return tuple(found)


class APIStatusError(_ResponseError):
    """Datadog answered with an error status: ``sync()``/``asyncio()`` raise this instead of returning.

    The subclass says which (:func:`error_class`): the one :data:`STATUS_ERRORS` names for the status,
    :class:`InternalServerError` for another 5xx; ``APIStatusError`` itself for another documented status,
    :class:`UnexpectedStatus` for one the spec does not document. The ``*_detailed`` functions
    never raise it for a documented status: they return the parsed body in a ``Response``.

    Whatever it keeps of the response is as received with every key of the client that sent the
    request redacted (``<redacted>``), in every form: the message, ``details``, ``body``,
    ``content``, ``headers`` and ``response`` hold none, nor does a pickle or a repr of them.

    Attributes:
        status_code: the HTTP status of the last response (after any retries).
        body: the error model the spec documents for that status, parsed (``None`` for an
            undocumented status), keys redacted.
        response: the ``httpx.Response``, read; its ``request`` without the keys; rebuilt with the keys
            redacted (body, headers, reason phrase, URL) when the server put one there.
        operation: the operationId (for example ``CreateHamrOrgConnection``).
        details: the server's own reasons from the body, at most five, keys redacted.
        advice: what the spec says to do about this status for this operation (may be empty).
        content: the body (at most :data:`BODY_EXCERPT_LIMIT` bytes of it), keys redacted.
        headers: the response headers (rate-limit headers included), keys redacted.
    """

    body: Any
    response: httpx.Response
    details: tuple[str, ...]
    advice: str

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        operation: str = "",
        details: Sequence[str] = (),
        advice: str = "",
    ) -> None:
        scrubber = redaction(response)
        self._keep(operation, response.status_code, response.content, response.headers, scrubber)
        self.response = _redacted_response(response, scrubber)
        self.body = _redacted_model(body, scrubber)
        self.details = tuple(scrubber.redact(detail) for detail in details)
        self.advice = advice
        super().__init__(scrubber.redact(message))


class BadRequestError(APIStatusError):
    """400: Datadog refused the request as malformed; ``details`` say which field."""


class AuthenticationError(APIStatusError):
    """401: Datadog did not accept the keys (production's answer to a wrong key: ``{"errors": ["Unauthorized"]}``)."""


class PermissionDeniedError(APIStatusError):
    """403: the keys are missing, wrong, of another site, or the application key lacks a scope."""


class NotFoundError(APIStatusError):
    """404: what was asked for does not exist (for GET /api/v2/hamr: no connection is configured)."""


class RateLimitError(APIStatusError):
    """429: still rate limited after the retries; ``headers`` carry ``X-RateLimit-Reset``."""


class InternalServerError(APIStatusError):
    """500 or another documented 5xx: Datadog failed; the request may or may not have taken effect."""


#: The one table of the error each status raises: the APIStatusError subclass of each status that has one (any
#: other 5xx: InternalServerError; see :func:`error_class`). The docs and docstrings name it instead of copying it.
STATUS_ERRORS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def error_class(status_code: int) -> type[APIStatusError]:
    """The :class:`APIStatusError` subclass ``sync()``/``asyncio()`` raise for a documented ``status_code``."""
    found = STATUS_ERRORS.get(status_code)
    if found is not None:
        return found
    return InternalServerError if 500 <= status_code <= 599 else APIStatusError


def status_error(
    response: httpx.Response, body: Any, *, operation: str, description: str = "", advice: str = ""
) -> APIStatusError:
    """The error for a documented error status, ``body`` its parsed model; message from the spec.

    ``description`` is the spec's name for the response ("Forbidden"), ``advice`` what the spec
    says to do about it; the server's own reasons (:func:`error_details`) come in between.
    """
    scrubber = redaction(response)
    to_dict = getattr(body, "to_dict", None)
    details = error_details(to_dict() if callable(to_dict) else body, scrubber)
    status = f"{response.status_code} {description}".rstrip()
    news = [detail for detail in details if _says_more(detail, advice)]
    said = f": {'; '.join(news)}" if news else ""
    todo = f". {advice.strip()}" if advice.strip() else ""
    message = f"{operation}: Datadog answered {status}{said}{todo}"
    kind = error_class(response.status_code)
    return kind(message, response=response, body=body, operation=operation, details=details, advice=advice.strip())


def _says_more(detail: str, advice: str) -> bool:
    """Whether a server's ``detail`` is worth its place in a message beside the spec's ``advice``: not a bare
    HTTP reason phrase (the docs' 429 body is ``["Bad Request"]``), not a sentence the advice already says."""
    import http  # noqa: PLC0415 -- only once an error status came back

    words = " ".join(detail.casefold().strip(" .;:!").split())
    phrases = {status.phrase.casefold() for status in http.HTTPStatus}
    return bool(words) and words not in phrases and words not in " ".join(advice.casefold().split())


def _redacted_model(body: Any, scrubber: Scrubber) -> Any:
    """``body`` (a model, a document) with every key redacted: rebuilt from its redacted document if it held one."""
    to_dict = getattr(body, "to_dict", None)
    document = to_dict() if callable(to_dict) else body
    clean = scrubber.redact_document(document)
    if clean == document:
        return body
    if not callable(to_dict):
        return clean
    try:
        return type(body).from_dict(clean)
    except Exception:
        return None


class UnexpectedStatus(APIStatusError):
    """The server returned a status code the spec does not document for this operation.

    An :class:`APIStatusError` whose ``body`` is ``None`` (nothing documents its shape); its
    ``content`` holds the bytes received.
    """

    def __init__(self, response: httpx.Response, *, operation: str = "") -> None:
        where = f"{operation}: " if operation else ""
        message = f"{where}unexpected status code: {response.status_code}\n\nResponse content:\n"
        excerpt = _excerpt(response.content, redaction(response))
        super().__init__(message + excerpt, response=response, body=None, operation=operation)


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

    ``scrubber`` (the client's, :func:`redaction`) redacts every key in what it keeps of the response.

    Attributes:
        operation: the operationId (for example ``GetHamrOrgConnection``).
        status_code: the HTTP status of the response.
        content: the body as received (at most :data:`BODY_EXCERPT_LIMIT` bytes of it), keys redacted.
        path: a JSON pointer to the first problem found (``""`` means the whole body).
        reason: what is wrong there (keys redacted).
        headers: the response headers, keys redacted.
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
        scrubber: Scrubber | None = None,
    ) -> None:
        scrubber = scrubber or redaction(None)
        self._keep(operation, status_code, content, headers, scrubber)
        self.path: str = scrubber.redact(path)
        self.reason: str = scrubber.redact(reason)
        super().__init__(
            f"{operation}: the {status_code} response does not match the spec at {self.path or '/'}: {self.reason}"
        )


class WriteNotAppliedError(_ResponseError):
    """A write answered with success whose answer does not hold what was sent: the server accepted
    the request but did not apply it (a server that ignores keys it does not know answers so).

    Which values must come back is the spec's ``x-applied`` list of JSON pointers for the
    operation; a value not sent is not compared.

    Attributes:
        operation: the operationId (for example ``CreateHamrOrgConnection``).
        status_code: the success status of the answer.
        body: the answer, parsed: the connection as the server holds it now.
        differences: ``(pointer, sent, answered)`` for each value that did not come back
            (``answered`` is ``None`` when the answer has no value there).
        content: the body (at most :data:`BODY_EXCERPT_LIMIT` bytes of it).
        headers: the response headers.
    """

    body: Any
    differences: tuple[tuple[str, Any, Any], ...]

    def __init__(
        self,
        *,
        operation: str,
        response: httpx.Response,
        body: Any,
        differences: Sequence[tuple[str, Any, Any]],
    ) -> None:
        scrubber = redaction(response)
        self._keep(operation, response.status_code, response.content, response.headers, scrubber)
        self.body = _redacted_model(body, scrubber)
        self.differences = tuple(
            (pointer, _redacted_value(sent, scrubber), _redacted_value(answered, scrubber))
            for pointer, sent, answered in differences
        )
        shown = "; ".join(
            f"{pointer} is {_json_text(answered)}, not {_json_text(sent)} as sent"
            for pointer, sent, answered in self.differences
        )
        super().__init__(
            f"{operation}: Datadog answered {response.status_code} but did not apply the write: {shown}. "
            "The server accepted the request and left the connection as its answer shows; read it back, "
            "and check the spelling the client writes in (datadog_client(dialect=...))."
        )


def _redacted_value(value: Any, scrubber: Scrubber) -> Any:
    return scrubber.redact(value) if isinstance(value, str) else value


def _json_text(value: Any) -> str:
    return "nothing" if value is None else _printable(json.dumps(value, ensure_ascii=False))


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


def redact_chain(error: BaseException, scrubber: Scrubber) -> None:
    """Redact the keys from the arguments (and notes) of ``error`` and of the errors it was raised from (a
    transport's message quoting a malformed header line), in place; a link whose text still holds one is cut off."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen and len(seen) < 16:
        seen.add(id(current))
        _redact_one(current, scrubber)
        following = current.__cause__ or current.__context__
        if following is not None:
            _redact_one(following, scrubber)
            if scrubber.leaks(str(following)):  # its text is not made of its arguments: not shown at all
                current.__cause__ = current.__context__ = None
                current.__suppress_context__ = True
                following = None
        current = following


def _redact_one(error: BaseException, scrubber: Scrubber) -> None:
    error.args = tuple(_redacted_argument(argument, scrubber) for argument in error.args)
    notes = getattr(error, "__notes__", None)
    if isinstance(notes, list):
        error.__notes__ = [_redacted_argument(note, scrubber) for note in notes]


def _redacted_argument(argument: Any, scrubber: Scrubber) -> Any:
    if isinstance(argument, str):
        return scrubber.redact(argument)
    if isinstance(argument, bytes | bytearray):
        return type(argument)(scrubber.redact_bytes(bytes(argument)))
    return argument


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
    "KEY_HEADERS",
    "REDACTION",
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "HamrClientError",
    "InternalServerError",
    "InvalidResponse",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "SchemaViolation",
    "SpecDriftWarning",
    "UnexpectedStatus",
    "WriteNotAppliedError",
    "error_class",
    "error_details",
    "json_pointer",
    "keyless",
    "pointer_parts",
    "redact_chain",
    "redaction",
    "status_error",
]
