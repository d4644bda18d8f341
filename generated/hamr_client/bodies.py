"""Reading a response body within bounds: the attempt's deadline, and a cap on its decoded size.

httpx decodes a whole raw chunk (about 64 KiB) before anyone can count it, and every layer of a
stacked ``Content-Encoding`` in full: a few hundred bytes of ``gzip, gzip`` inflate to gigabytes.
So the client reads raw bytes (``iter_raw``) and inflates them here, ``max_length`` at a time,
with the stdlib's zlib: gzip and deflate, one layer -- what it asks for in ``Accept-Encoding`` --
and nothing it cannot bound. A body it will not read comes back as a response carrying a marker
that :func:`~hamr_client.parsing.parse_json_body` turns into an ``InvalidResponse``.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from .errors import BODY_EXCERPT_LIMIT

#: What the client accepts: the encodings it inflates within bounds.
ACCEPT_ENCODING = "gzip, deflate"
#: Set on a response whose body was cut off at the client's ``max_body_size`` (the cap, in bytes).
TRUNCATED = "hamr_client.truncated"
#: Set on a response whose body could not be decoded (why, as text).
UNDECODABLE = "hamr_client.undecodable"
# Carried by a request (and by httpx to its redirects): when the current attempt must end.
DEADLINE = "hamr_client.deadline"


class TooLarge(Exception):
    """The body passed max_body_size (caught where the attempt is made; never leaves the client)."""


class Undecodable(Exception):
    """The body's Content-Encoding is one the client does not inflate, or its bytes are corrupt."""


def late(request: httpx.Request) -> httpx.ReadTimeout:
    """The timeout an attempt raises when its budget passes between two reads of the body."""
    return httpx.ReadTimeout("the attempt's timeout passed while the body was read", request=request)


class Inflater:
    """One ``Content-Encoding`` layer undone, never producing more than ``limit`` bytes in all."""

    def __init__(self, encoding: str, limit: int) -> None:
        coding = encoding.strip().lower()
        self._identity = coding in ("", "identity")
        if coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif coding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)  # zlib-wrapped; raw deflate is tried on failure
        elif not self._identity:
            raise Undecodable(f"Content-Encoding {encoding!r} is not one the client inflates ({ACCEPT_ENCODING})")
        self._deflate = coding == "deflate"
        self._limit = limit
        self.size: int = 0  # bytes produced so far

    def feed(self, raw: bytes) -> bytes:
        """The decoded bytes of ``raw``; TooLarge once the total passes the limit."""
        out = raw if self._identity else self._inflate(raw)
        self.size += len(out)
        if self.size > self._limit:
            raise TooLarge
        return out

    def _inflate(self, raw: bytes) -> bytes:
        pieces: list[bytes] = []
        data = raw
        budget = self._limit - self.size + 1
        while data and budget > 0:
            try:
                piece = self._zlib.decompress(data, budget)
            except zlib.error as exc:
                if self._deflate and self.size == 0 and not pieces:
                    self._deflate = False  # some servers send raw deflate: retry the same bytes so
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise Undecodable(
                    f"the body is not valid {'deflate' if self._deflate else 'gzip'} data: {exc}"
                ) from None
            self._deflate = False
            pieces.append(piece)
            budget -= len(piece)
            data = self._zlib.unconsumed_tail
        return b"".join(pieces)


def _already_read(response: httpx.Response, limit: int) -> httpx.Response | None:
    """A response its transport built whole (httpx.MockTransport, respx): its body is in memory, decoded."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return None
    return marked(response, [content], TRUNCATED, limit) if len(content) > limit else response


def read(response: httpx.Response, limit: int, deadline: float) -> httpx.Response:
    """``response`` with its whole body read and decoded within bounds (sync), closed."""
    whole = _already_read(response, limit)
    if whole is not None:
        response.close()
        return whole
    kept: list[bytes] = []
    try:
        inflater = Inflater(response.headers.get("content-encoding", ""), limit)
        for raw in response.iter_raw():
            kept.append(inflater.feed(raw))
            if time.monotonic() > deadline:
                raise late(response.request)
    except TooLarge:
        return marked(response, kept, TRUNCATED, limit)
    except Undecodable as exc:
        return marked(response, kept, UNDECODABLE, str(exc))
    finally:
        response.close()
    return decoded(response, b"".join(kept))


async def aread(response: httpx.Response, limit: int) -> httpx.Response:
    """The asyncio twin of :func:`read` (the caller's cancel scope bounds the time)."""
    whole = _already_read(response, limit)
    if whole is not None:
        await response.aclose()
        return whole
    kept: list[bytes] = []
    try:
        inflater = Inflater(response.headers.get("content-encoding", ""), limit)
        async for raw in response.aiter_raw():
            kept.append(inflater.feed(raw))
    except TooLarge:
        return marked(response, kept, TRUNCATED, limit)
    except Undecodable as exc:
        return marked(response, kept, UNDECODABLE, str(exc))
    finally:
        await response.aclose()
    return decoded(response, b"".join(kept))


def decoded(response: httpx.Response, content: bytes) -> httpx.Response:
    """A closed, fully read copy of ``response`` holding ``content``, its body already decoded."""
    headers = response.headers
    if "content-encoding" in headers:
        headers = httpx.Headers([(k, v) for k, v in headers.multi_items() if k.lower() != "content-encoding"])
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=content,
        request=response.request,
        extensions=response.extensions,
    )


def marked(response: httpx.Response, chunks: list[bytes], marker: str, detail: Any) -> httpx.Response:
    """A copy of ``response`` with the start of its body, and why the rest was not read."""
    copy = decoded(response, b"".join(chunks)[:BODY_EXCERPT_LIMIT])
    copy.extensions = {**response.extensions, marker: detail}
    return copy


class Guarded(httpx.SyncByteStream):
    """An identity body's raw stream as httpx reads it, stopped at the deadline and the cap.

    ``truncate``: past the cap, stop quietly (a redirect's body, which nobody reads) instead of
    raising TooLarge.
    """

    def __init__(self, stream: Any, request: httpx.Request, deadline: float, limit: int, *, truncate: bool = False):
        self._stream = stream
        self._request = request
        self._deadline = deadline
        self._limit = limit
        self._truncate = truncate
        self.kept: list[bytes] = []  # the body's start, for the excerpt an error keeps if the cap is passed

    def __iter__(self) -> Iterator[bytes]:
        size = 0
        for chunk in self._stream:
            if size < BODY_EXCERPT_LIMIT:
                self.kept.append(chunk)
            size += len(chunk)
            if size > self._limit:
                if self._truncate:
                    return
                raise TooLarge
            yield chunk
            if time.monotonic() > self._deadline:
                raise late(self._request)

    def close(self) -> None:
        """Close the stream underneath (httpx calls it when the response closes)."""
        self._stream.close()


class AsyncTruncated(httpx.AsyncByteStream):
    """A redirect's raw body, cut at the cap (its time is bounded by the caller's cancel scope)."""

    def __init__(self, stream: Any, limit: int) -> None:
        self._stream = stream
        self._limit = limit

    async def __aiter__(self) -> AsyncIterator[bytes]:
        size = 0
        async for chunk in self._stream:
            size += len(chunk)
            if size > self._limit:
                return
            yield chunk

    async def aclose(self) -> None:
        """Close the stream underneath (httpx calls it when the response closes)."""
        await self._stream.aclose()


def bound_redirect(response: httpx.Response, limit: int) -> None:
    """Make a redirect's body harmless before httpx reads it: raw (no inflating), capped, on time."""
    if not response.has_redirect_location:
        return
    response.headers.pop("content-encoding", None)
    deadline = response.request.extensions.get(DEADLINE, float("inf"))
    if isinstance(response.stream, httpx.SyncByteStream):
        response.stream = Guarded(response.stream, response.request, deadline, limit, truncate=True)
    else:
        response.stream = AsyncTruncated(response.stream, limit)
