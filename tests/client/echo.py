"""A server that echoes a key back, wherever and however it likes: the answers, and the check of what came out.

:func:`answers` draws where the key goes (a field of the success body, an error's detail, an
undocumented status's body, a header, the Content-Type, the reason phrase, a malformed header or
status line, a redirect's Location), how it is encoded (:data:`ENCODINGS`) and what surrounds it
(text with control characters, escapes and padding past every cut the client makes). The statuses,
fields and error envelopes come from the spec and its examples: nothing here names an operation or a
field. :func:`leaks` is the check, written apart from the client's scrubber.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.client.conftest import SPEC, response_example
from tooling.spec_doc import walk

#: Keys shaped like Datadog's (32 and 40 hex digits), varied enough that no filler can spell them.
api_keys = st.binary(min_size=16, max_size=16).map(bytes.hex).filter(lambda key: len(set(key)) >= 8)
app_keys = st.binary(min_size=20, max_size=20).map(bytes.hex).filter(lambda key: len(set(key)) >= 8)
#: OAuth access tokens, unlike either key: base64url segments joined by dots (RFC 6750's token68, a JWT's look).
tokens = (
    st.lists(st.binary(min_size=9, max_size=24), min_size=2, max_size=3)
    .map(lambda parts: ".".join(base64.urlsafe_b64encode(part).decode().rstrip("=") for part in parts))
    .filter(lambda token: len(set(token)) >= 12)
)

# Text around the key: no hex digit to glue on; control characters, escapes, quotes, other scripts.
_AROUND = st.characters(
    exclude_characters="0123456789abcdefABCDEF",
    exclude_categories=["Cs"],
    include_characters="\x1b\x07\r\n\b\x00\x7f\x9b\u202e\u2028\\%\"'",
)
fillers = st.text(_AROUND, max_size=12)
# Padding that puts the key across each cut the client makes (a quoted value, a detail, an excerpt).
paddings = st.sampled_from([0, 50, 56, 190, 196, 290, 296, 1000])


def _every_char(template: str) -> Callable[[str], str]:
    return lambda key: "".join(template.format(ord(char)) for char in key)


def _mixed(index: int, char: str) -> str:
    """The key's characters in turn literal, URL-encoded, a JSON escape and a \\x escape."""
    return ("{}", "%{:02x}", "\\u{:04x}", "\\x{:02x}")[index % 4].format(char if index % 4 == 0 else ord(char))


ENCODINGS: dict[str, Callable[[str], str]] = {
    "literal": lambda key: key,
    "upper-case": str.upper,
    "URL-encoded": _every_char("%{:02x}"),
    "URL-encoded twice": _every_char("%25{:02X}"),
    "JSON \\u escapes": _every_char("\\u{:04x}"),
    "\\x escapes": _every_char("\\x{:02x}"),
    "HTML entities": _every_char("&#{};"),
    "hex": lambda key: key.encode().hex(),
    "upper-case hex": lambda key: key.encode().hex().upper(),
    "base64": lambda key: base64.b64encode(key.encode()).decode(),
    "base64 after a byte": lambda key: base64.b64encode(b"k" + key.encode()).decode(),
    "URL-safe base64 after two": lambda key: base64.urlsafe_b64encode(b"k:" + key.encode()).decode(),
    "mixed by character": lambda key: "".join(_mixed(index, char) for index, char in enumerate(key)),
}


def forms(key: str) -> set[str]:
    """What no output may hold (compared case-insensitively): the key, its tail, and each whole encoding's core."""
    found = {key, key[-12:], key[:16]}
    found |= {encode(key) for name, encode in ENCODINGS.items() if not name.startswith(("base64", "URL-safe"))}
    for offset in range(3):  # base64 at any alignment: the digits that depend on the key alone
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            found.add(encode(b"\0" * offset + key.encode()).decode()[4:-4])
    return {form.casefold() for form in found}


def leaks(text: str | bytes, keys: tuple[str, ...]) -> list[str]:
    """The forms of ``keys`` that ``text`` holds (empty: none)."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    folded = text.casefold()
    return sorted(form for key in keys for form in forms(key) if form in folded)


def _string_leaves(document: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(document, dict):
        for name, value in document.items():
            yield from _string_leaves(value, (*path, name))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _string_leaves(value, (*path, index))
    elif isinstance(document, str | int) and not isinstance(document, bool):
        yield path


#: Every string or integer leaf of the success body: the key goes in each (a wrong type, a bad enum, a bad date).
FIELDS = list(_string_leaves(response_example()))
#: The error statuses the spec documents for any operation (one operation's is another's undocumented).
ERRORS = sorted(
    {int(status) for _, _, operation in walk(SPEC) for status in operation["responses"] if status[0] != "2"}
)
#: A status the spec documents for no operation of the path: its body is quoted as an excerpt.
UNDOCUMENTED = [418, 502, 503]
PLACES = (
    "field",
    "error detail",
    "error title",
    "error string",
    "undocumented body",
    "body not JSON",
    "header",
    "Content-Type",
    "Content-Type parameter",
    "reason phrase",
    "header line",
    "status line",
    "Location",
)
_MARK = "@@KEY@@"


@dataclass(frozen=True)
class Answer:
    """One hostile answer: where the key went, how, and the bytes the server sends."""

    place: str
    encoding: str
    raw: bytes

    def __repr__(self) -> str:
        return f"Answer({self.place!r}, {self.encoding!r}, {self.raw[:300]!r})"


def _set(document: Any, path: tuple[str | int, ...], value: Any) -> Any:
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return document


def _http(status: int, reason: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers]
    return "\r\n".join(lines).encode("utf-8", errors="surrogateescape") + b"\r\n\r\n" + body


def _json_body(document: Any, echoed: tuple[str, str, str], *, raw_escapes: bool = False) -> bytes:
    """``document`` as JSON, the mark replaced by ``echoed`` (before, the encoded key, after), JSON-escaped; with
    ``raw_escapes`` the encoded key as written (``\\u`` escapes that the decoder turns back into the key)."""
    before, middle, after = (json.dumps(part, ensure_ascii=False)[1:-1] for part in echoed)
    if raw_escapes:
        middle = echoed[1]
    text = json.dumps(document, ensure_ascii=False)
    return text.replace(_MARK, before + middle + after).encode("utf-8", errors="surrogateescape")


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


@st.composite
def answers(draw: st.DrawFn, key: str) -> Answer:  # noqa: PLR0911 -- one return per place
    """An answer echoing ``key``: its place, encoding and surroundings drawn."""
    place = draw(st.sampled_from(PLACES))
    encoding = draw(st.sampled_from(sorted(ENCODINGS)))
    parts = (draw(fillers) + "x" * draw(paddings), ENCODINGS[encoding](key), draw(fillers))
    echoed = "".join(parts)
    raw_escapes = encoding == "JSON \\u escapes" and draw(st.booleans())
    json_type = [("Content-Type", "application/json")]
    ok = response_example()
    if place == "field":
        body = _json_body(_set(ok, draw(st.sampled_from(FIELDS)), _MARK), parts, raw_escapes=raw_escapes)
        return Answer(place, encoding, _http(200, "OK", json_type, body))
    if place.startswith("error "):
        status = draw(st.sampled_from(ERRORS))
        item: Any = {"string": _MARK, "detail": {"detail": _MARK}, "title": {"title": _MARK, "status": str(status)}}
        document = {"errors": [item[place.removeprefix("error ")]]}
        return Answer(place, encoding, _http(status, "Nope", json_type, _json_body(document, parts)))
    if place == "undocumented body":
        status = draw(st.sampled_from(UNDOCUMENTED))
        return Answer(
            place,
            encoding,
            _http(status, "Bad", [("Content-Type", "text/html")], echoed.encode(errors="surrogateescape")),
        )
    if place == "body not JSON":
        return Answer(place, encoding, _http(200, "OK", json_type, echoed.encode(errors="surrogateescape")))
    line = _one_line(echoed)
    status = draw(st.sampled_from([200, *ERRORS, *UNDOCUMENTED]))
    body = json.dumps(ok if status == 200 else {"errors": ["refused"]}).encode()
    if place == "header":
        return Answer(place, encoding, _http(status, "OK", [*json_type, ("X-Echo", line)], body))
    if place == "Content-Type":
        return Answer(place, encoding, _http(200, "OK", [("Content-Type", line)], body))
    if place == "Content-Type parameter":
        return Answer(place, encoding, _http(status, "OK", [("Content-Type", f"text/plain; echo={line}")], body))
    if place == "reason phrase":
        return Answer(place, encoding, _http(status, line, json_type, body))
    if place == "header line":
        return Answer(
            place, encoding, _http(status, "OK", [*json_type, (line, "")], body).replace(b": \r\n", b"\r\n", 1)
        )
    if place == "status line":
        return Answer(
            place,
            encoding,
            _http(200, "OK", json_type, body).replace(
                b"HTTP/1.1 200", f"HTTP/1.1 {line}".encode(errors="surrogateescape"), 1
            ),
        )
    return Answer(place, encoding, _http(302, "Found", [("Location", f"/{line}"), *json_type], body))  # Location
