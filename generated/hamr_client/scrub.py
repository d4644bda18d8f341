"""Scrubbing what a server said before it is kept: keys in every form, e-mails and UUIDs to stable placeholders.

Whatever keeps a server's answer (``scripts/record.py``'s cassettes, a client's drift capture)
passes everything a server can put text in through one :class:`Scrubber`: the status line's
reason phrase (:meth:`~Scrubber.text`), headers (:meth:`~Scrubber.headers`), the body
(:meth:`~Scrubber.body`) and error messages (:meth:`~Scrubber.error`).

- A key is redacted in every form it travels in: literal (any case), JSON-, repr- or HTML-escaped
  and URL-encoded (character by character, mixed, and under several layers: ``%2561``, ``\\\\u0061``),
  hex and base64 (standard and URL-safe, at any alignment, so inside ``base64(api:app)`` too).
- :meth:`Scrubber.redact` (and ``redact_bytes``, ``redact_document``, ``cut``) take out the keys
  only: what the client runs on every text it produces for a person or a log (error messages and
  attributes, warnings, log records, ``hamr``'s output), and only when it produces one.
- A UUID (any case, glued to a word, with or without hyphens) and an e-mail address (non-ASCII
  or URL-encoded parts too) become a placeholder: the same value the same one for the life of a
  :class:`Placeholders` (a run, a process), the first ones the docs' examples.
- Whatever has the shape of a Datadog application key (40 hex digits on their own) is redacted
  too, whoever's key it is; a Datadog API key's shape (32 hex digits) is a UUID without hyphens.
  So is whatever follows ``Bearer`` (an ``Authorization`` header's OAuth token, RFC 6750's token68),
  whoever's token it is.
- :meth:`Scrubber.leaks`, :func:`identifiers` and :func:`leftovers` check the result: what is kept
  is checked again.

Standard library only: it runs where the client runs.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import threading
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus, unquote

REDACTED = "<redacted>"
#: The docs' example UUIDs (the org's own id first, then the target org's) and e-mail address.
DOCS_UUIDS = ("550e8400-e29b-41d4-a716-446655440000", "660f9511-f3ac-52e5-b827-557766551111")
DOCS_EMAIL = "admin@example.com"

# Letters of any script (and combining accents, for decomposed text), digits, the usual punctuation of
# a local part, "%" for URL-encoded parts, "\" for JSON-escaped ones (jos\u00e9); "@" or its "%40".
_PART = r"[\w\u0300-\u036f.%+\\-]"
_LABEL = r"[\w\u0300-\u036f-]+"
# Each pattern, compiled on first use (:func:`_compiled`; the public ones as module attributes, PEP 562): a
# client or ``hamr`` that only redacts its keys compiles none of them (docs/benchmarks.md, issue 31).
_PATTERNS: dict[str, tuple[str, int]] = {
    "UUID": (
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])",
        re.IGNORECASE,
    ),
    "KEY_SHAPED": (r"(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])", re.IGNORECASE),
    "BEARER": (r"(?<![\w-])(Bearer)(\s+)(?!<redacted>)[\w.~+/-]+=*", re.IGNORECASE),
    "EMAIL": (rf"{_PART}+(?:@|%40){_LABEL}(?:\.{_LABEL})+", re.IGNORECASE),
    # One escaped character, one layer deep: JSON's and a repr's (\u0061, \x61, \141, \", \\), URL-encoding (%61)
    # and HTML's character references (&#97; &#x61;). Layers come off one pass at a time (%2561: %61, then a).
    "_ESCAPE": (
        r"\\(?:u([0-9a-f]{4})|x([0-9a-f]{2})|([0-7]{3})|(.))|%([0-9a-f]{2})|&#(?:x([0-9a-f]{1,6})|([0-9]{1,7}));",
        re.IGNORECASE | re.DOTALL,
    ),
    # The placeholders past the docs' examples (below), recognisable wherever they are.
    "_NUMBERED_UUID": (r"0{12}40008000\d{12}", 0),
    "_NUMBERED_EMAIL": (r"user\d+@example\.com", 0),
}
if TYPE_CHECKING:
    #: A UUID, glued to anything, any case; or 32 hex digits on their own (a UUID without hyphens).
    UUID: re.Pattern[str]
    #: The shape of a Datadog application key: 40 hex digits on their own (an API key's 32 are a UUID's shape).
    KEY_SHAPED: re.Pattern[str]
    #: An OAuth bearer credential as an ``Authorization`` header carries it (RFC 6750: ``Bearer`` and a token68).
    BEARER: re.Pattern[str]
    #: An e-mail address: non-ASCII, URL-encoded (``%40``) or JSON-escaped parts too.
    EMAIL: re.Pattern[str]
else:

    def __getattr__(name: str) -> re.Pattern[str]:
        if name in _PATTERNS and not name.startswith("_"):
            return _compiled(name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _compiled(name: str) -> re.Pattern[str]:
    source, flags = _PATTERNS[name]
    return re.compile(source, flags)


# Base64 runs this short could match by chance: the literal key is still redacted.
_SHORTEST_BASE64 = 12
_ESCAPE_SIGNS = ("\\", "%", "&#")
# How many layers of escaping are taken off, at most (each layer is one pass).
_LAYERS = 8
# The shortest head of a key's form that a cut text may not end with (a body cut at a size limit).
_SHORTEST_HEAD = 6
# Escapes are taken off a long text a window at a time (windows overlapping by the longest escaped key):
# the memory a hostile 10 MiB body of "%" costs stays that of one window.
_WINDOW = 64 * 1024


# The placeholders past the docs' examples: numbered, and recognisable as placeholders wherever they are.
_NUMBERED = {"uuid": "00000000-0000-4000-8000-{:012d}", "email": "user{}@example.com"}


def canonical(kind: str, value: str) -> str:
    """The spelling all forms of one identifier share: a UUID bare, lower-case; an address decoded, case-folded."""
    if kind == "uuid":
        return value.replace("-", "").lower()
    return unicodedata.normalize("NFC", unquote(value)).casefold()


def is_placeholder(kind: str, value: str) -> bool:
    """Whether ``value`` (``kind`` "uuid" or "email", in any spelling) is one of the placeholders a scrubber gives."""
    docs = DOCS_UUIDS if kind == "uuid" else (DOCS_EMAIL,)
    form = canonical(kind, value)
    numbered = _compiled("_NUMBERED_UUID" if kind == "uuid" else "_NUMBERED_EMAIL")
    return form in {canonical(kind, example) for example in docs} or numbered.fullmatch(form) is not None


class Placeholders:
    """Real value -> placeholder, the same real value always the same placeholder (thread-safe).

    A placeholder (:func:`is_placeholder`) maps to itself, so scrubbing twice changes nothing more.
    """

    def __init__(self, uuids: Iterable[str] = DOCS_UUIDS, emails: Iterable[str] = (DOCS_EMAIL,)) -> None:
        self._spare = {"uuid": [u.lower() for u in uuids], "email": [e.lower() for e in emails]}
        self._given: dict[tuple[str, str], str] = {}  # (kind, canonical real value) -> placeholder
        self._counts = {"uuid": 0, "email": 0}
        self._lock = threading.Lock()

    def uuid(self, value: str) -> str:
        """The placeholder of a UUID, written as ``value`` was (hyphenated or not), lower-case."""
        found = self._placeholder("uuid", value)
        return found if "-" in value else found.replace("-", "")

    def email(self, value: str) -> str:
        """The placeholder of an e-mail address, URL-encoded when ``value`` was."""
        found = self._placeholder("email", value)
        return found if "@" in value else found.replace("@", "%40")

    def pin(self, value: str, placeholder: str) -> None:
        """Map the UUID ``value`` onto ``placeholder`` unless it has one: a learned id onto the docs' example."""
        placeholder = placeholder.lower()
        with self._lock:
            if ("uuid", canonical("uuid", value)) not in self._given:
                self._given[("uuid", canonical("uuid", value))] = placeholder
                if placeholder in self._spare["uuid"]:
                    self._spare["uuid"].remove(placeholder)

    def _placeholder(self, kind: str, value: str) -> str:
        if is_placeholder(kind, value):
            return value.lower() if kind == "uuid" else canonical(kind, value)
        with self._lock:
            found = self._given.get((kind, canonical(kind, value)))
            if found is None:
                spare = self._spare[kind]
                self._counts[kind] += 1
                found = spare.pop(0) if spare else _NUMBERED[kind].format(self._counts[kind])
                self._given[(kind, canonical(kind, value))] = found
        return found


def secret_forms(secret: str) -> set[str]:
    """Every form ``secret`` travels in as a whole: literal, JSON-escaped, URL-encoded, hex, base64 at each alignment.

    :meth:`Scrubber.redact` also finds it escaped character by character (see :func:`unescaped`).
    """
    forms = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret, safe=""),
        quote_plus(secret),
        secret.encode().hex(),
    }
    raw = secret.encode()
    for offset in range(3):
        # The characters of base64(prefix + secret + suffix) that depend on the secret's bits only.
        encoded = base64.b64encode(b"\0" * offset + raw).decode()
        core = encoded[-(-8 * offset // 6) : 8 * (offset + len(raw)) // 6]
        if len(core) >= _SHORTEST_BASE64:
            forms |= {core, core.replace("+", "-").replace("/", "_")}
    return {form for form in forms if form}


def _unescape_char(match: re.Match[str]) -> str:
    escaped_utf16, escaped_byte, octal, other, percent, entity_hex, entity = match.groups()
    for digits, base in (
        (escaped_utf16, 16),
        (escaped_byte, 16),
        (octal, 8),
        (percent, 16),
        (entity_hex, 16),
        (entity, 10),
    ):
        if digits is not None:
            code = int(digits, base)
            return chr(code) if code <= 0x10FFFF else "\ufffd"
    return str(other)


def unescaped(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` with one layer of escapes taken off (``_ESCAPE``), and where each character came from.

    Returns the text and, for each of its characters, the start and end of what it was in ``text``.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in _compiled("_ESCAPE").finditer(text):
        start = match.start()
        out.append(text[position:start])
        starts.extend(range(position, start))
        ends.extend(range(position + 1, start + 1))
        out.append(_unescape_char(match))
        starts.append(start)
        ends.append(match.end())
        position = match.end()
    out.append(text[position:])
    starts.extend(range(position, len(text)))
    ends.extend(range(position + 1, len(text) + 1))
    return "".join(out), starts, ends


def identifiers(text: str) -> set[tuple[str, str]]:
    """Every UUID and e-mail address in ``text`` as ``("uuid" | "email", as written)``, placeholders included."""
    uuids, emails = _compiled("UUID").finditer(text), _compiled("EMAIL").finditer(text)
    return {("uuid", m.group(0)) for m in uuids} | {("email", m.group(0)) for m in emails}


def strings(document: Any) -> Iterator[str]:
    """Every string in a JSON-like document, object keys included."""
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for key, value in document.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(document, list | tuple):
        for item in document:
            yield from strings(item)


def _decoded(text: str) -> list[str]:
    """The strings of the JSON object or array ``text`` holds (a body kept as text), else ``text`` itself."""
    if text.lstrip()[:1] in ("{", "["):
        try:
            return [part for item in strings(json.loads(text)) for part in _decoded(item)]
        except (ValueError, RecursionError):
            pass
    return [text]


def leftovers(document: Any, scrubber: Scrubber | None = None) -> list[str]:
    """What scrubbing should have taken out of a JSON-like document and did not, by kind, never quoted.

    A key ``scrubber`` knows (in any form), a string shaped like a Datadog key, a UUID or an
    e-mail address that is not a placeholder. Empty when the document is clean. A string holding
    a JSON body is read string by string, as decoded: an escape before an address (the ``\\n`` of
    ``"owner:\\nadmin@example.com"``) is JSON's, not part of the address.
    """
    found: set[str] = set()
    for text in strings(document):
        if scrubber is not None and scrubber.leaks(text):
            found.add("a key")
        if _compiled("KEY_SHAPED").search(text):
            found.add("a key-shaped string (40 hex digits)")
        if _compiled("BEARER").search(text):
            found.add("a bearer token")
        for part in _decoded(text):
            for kind, value in identifiers(part):
                if not is_placeholder(kind, value):
                    found.add("a UUID" if kind == "uuid" else "an e-mail address")
    return sorted(found)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class Scrubber:
    """Redacts ``secrets`` and replaces identifiers by the ``placeholders`` of a run."""

    def __init__(self, secrets: Iterable[str], placeholders: Placeholders | None = None) -> None:
        kept = sorted({secret for secret in secrets if secret}, key=lambda s: (-len(s), s))
        forms = {form for secret in kept for form in secret_forms(secret)}
        self.placeholders: Placeholders = placeholders if placeholders is not None else Placeholders()
        # Longest first, so a form inside a longer one (a key inside its URL-encoding) is not cut in two.
        alternatives = "|".join(re.escape(form) for form in sorted(forms, key=lambda f: (-len(f), f)))
        self._secrets = re.compile(alternatives, re.IGNORECASE) if forms else None
        # The keys themselves, looked for in a text with its escapes taken off.
        self._plain = re.compile("|".join(re.escape(s) for s in kept), re.IGNORECASE) if kept else None
        self._forms = frozenset(form.casefold() for form in forms)
        # How far past a cut a form may reach: the text is redacted this much further before it is cut.
        self.margin: int = min(16 * max((len(s.encode()) for s in kept), default=0), _WINDOW // 2)

    def __repr__(self) -> str:
        return "<Scrubber: redacted>"

    def __reduce__(self) -> Any:
        raise TypeError("a Scrubber holds the keys it redacts: it is not pickled")

    def leaks(self, text: str) -> bool:
        """Whether ``text`` still holds a secret, in any of its forms."""
        if self._secrets is None:
            return False
        return self._secrets.search(text) is not None or bool(self._escaped_spans(text))

    def redact(self, text: str) -> str:
        """``text`` with every key, in every form, as :data:`REDACTED`; nothing else changed."""
        if self._secrets is None:
            return text
        spans = self._escaped_spans(text)
        for start, end in reversed(spans):
            text = text[:start] + REDACTED + text[end:]
        return self._secrets.sub(REDACTED, text)

    def _escaped_spans(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` holds a key escaped character by character (under up to :data:`_LAYERS` layers), merged."""
        if self._plain is None or not any(sign in text for sign in _ESCAPE_SIGNS):
            return []
        if len(text) <= _WINDOW:
            return self._window_spans(text)
        step = _WINDOW - self.margin
        found = [
            (start + offset, end + offset)
            for offset in range(0, len(text), step)
            for start, end in self._window_spans(text[offset : offset + _WINDOW])
        ]
        return _merged(found)

    def _window_spans(self, text: str) -> list[tuple[int, int]]:
        if self._plain is None:
            return []
        found: list[tuple[int, int]] = []
        layer, starts, ends = text, list(range(len(text))), list(range(1, len(text) + 1))
        for _ in range(_LAYERS):
            if not any(sign in layer for sign in _ESCAPE_SIGNS):
                break
            inner, inner_starts, inner_ends = unescaped(layer)
            if inner == layer:
                break
            # Where each character of the inner text came from in ``text``, through every layer.
            starts = [starts[i] for i in inner_starts]
            ends = [ends[i - 1] for i in inner_ends]
            found += [(starts[m.start()], ends[m.end() - 1]) for m in self._plain.finditer(inner)]
            layer = inner
        return _merged(found)

    def redact_bytes(self, content: bytes) -> bytes:
        """:meth:`redact` for bytes (a body as received, a raw header): looked at byte by byte."""
        if self._secrets is None:
            return bytes(content)
        return self.redact(bytes(content).decode("latin-1")).encode("latin-1", errors="replace")

    def redact_document(self, document: Any) -> Any:
        """A JSON document with every string (object keys too) redacted; nothing else changed."""
        if isinstance(document, str):
            return self.redact(document)
        if isinstance(document, Mapping):
            return {self.redact(str(key)): self.redact_document(value) for key, value in document.items()}
        if isinstance(document, list | tuple):
            return [self.redact_document(item) for item in document]
        return document

    def cut(self, text: str, limit: int) -> str:
        """At most ``limit`` characters of ``text`` (then ``...``), redacted before it is cut: no key cut in two."""
        shown = self.redact(text[: limit + self.margin])
        if len(shown) > limit or len(text) > limit + self.margin:
            return self.dangling(shown[:limit]) + "..."
        return shown

    def cut_bytes(self, content: bytes, limit: int) -> bytes:
        """At most ``limit`` bytes of ``content``, redacted before it is cut, with no head of a key at its end."""
        return self.dangling(self.redact_bytes(content[: limit + self.margin])[:limit].decode("latin-1")).encode(
            "latin-1", errors="replace"
        )

    def dangling(self, text: str) -> str:
        """``text`` without the head of a key form at its end (what a cut leaves of a key): :data:`REDACTED` instead."""
        longest = max((len(form) for form in self._forms), default=0)
        tail = text[-longest:].casefold() if longest else ""
        for size in range(min(len(tail), longest - 1), _SHORTEST_HEAD - 1, -1):
            head = tail[-size:]
            if any(form.startswith(head) for form in self._forms):
                return text[: len(text) - size] + REDACTED
        return text

    def unknown(self, text: str) -> list[str]:
        """The UUIDs and e-mail addresses in ``text`` that are not placeholders: what scrubbing missed."""
        return sorted(value for kind, value in identifiers(text) if not is_placeholder(kind, value))

    def text(self, value: str) -> str:
        """Any text a server sent (a reason phrase, a header value, a body that is not JSON), scrubbed."""
        value = _compiled("KEY_SHAPED").sub(REDACTED, self.redact(value))
        value = _compiled("BEARER").sub(rf"\1\2{REDACTED}", value)
        value = _compiled("UUID").sub(lambda match: self.placeholders.uuid(match.group(0)), value)
        return _compiled("EMAIL").sub(lambda match: self.placeholders.email(match.group(0)), value)

    def document(self, document: Any) -> Any:
        """A JSON document with every string (object keys too) scrubbed."""
        if isinstance(document, str):
            return self.text(document)
        if isinstance(document, dict):
            return {self.text(key): self.document(value) for key, value in document.items()}
        if isinstance(document, list):
            return [self.document(item) for item in document]
        return document

    def body(self, content: bytes) -> str:
        """A body as text: JSON indented (its strings scrubbed one by one), anything else scrubbed as it came."""
        text = content.decode("utf-8", errors="replace")
        try:
            document = json.loads(text)
        except ValueError:
            return self.text(text)
        return json.dumps(self.document(document), indent=2, ensure_ascii=False)

    def headers(
        self, headers: Iterable[tuple[str, str]], keep: Collection[str], redact: Collection[str] = ()
    ) -> dict[str, list[str]]:
        """The headers named in ``keep`` with scrubbed values, those in ``redact`` as :data:`REDACTED`; no others.

        Names compare case-insensitively; a repeated header keeps every value, in order.
        """
        kept, redacted = {n.lower() for n in keep}, {n.lower() for n in redact}
        found: dict[str, list[str]] = {}
        for name, value in headers:
            if name.lower() in redacted:
                found.setdefault(name, []).append(REDACTED)
            elif name.lower() in kept:
                found.setdefault(name, []).append(self.text(value))
        return found

    def error(self, error: BaseException) -> str:
        """An error as one scrubbed line: its type and message, whatever the message quotes."""
        message = " ".join(str(error).split())
        return self.text(f"{type(error).__name__}: {message}" if message else type(error).__name__)


__all__ = [
    "BEARER",
    "DOCS_EMAIL",
    "DOCS_UUIDS",
    "EMAIL",
    "KEY_SHAPED",
    "REDACTED",
    "UUID",
    "Placeholders",
    "Scrubber",
    "canonical",
    "identifiers",
    "is_placeholder",
    "leftovers",
    "secret_forms",
    "strings",
    "unescaped",
]
