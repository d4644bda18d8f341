"""Scrubbing what a server said before it is kept: keys in every form, e-mails and UUIDs to stable placeholders.

Whatever keeps a server's answer (``scripts/record.py``'s cassettes, a client's drift capture)
passes everything a server can put text in through one :class:`Scrubber`: the status line's
reason phrase (:meth:`~Scrubber.text`), headers (:meth:`~Scrubber.headers`), the body
(:meth:`~Scrubber.body`) and error messages (:meth:`~Scrubber.error`).

- A key is redacted in every form it travels in: literal (any case), JSON-escaped, URL-encoded
  and base64 (standard and URL-safe, at any alignment, so inside ``base64(api:app)`` too).
- A UUID (any case, glued to a word, with or without hyphens) and an e-mail address (non-ASCII
  or URL-encoded parts too) become a placeholder: the same value the same one for the life of a
  :class:`Placeholders` (a run, a process), the first ones the docs' examples.
- Whatever has the shape of a Datadog application key (40 hex digits on their own) is redacted
  too, whoever's key it is; a Datadog API key's shape (32 hex digits) is a UUID without hyphens.
- :meth:`Scrubber.leaks`, :func:`identifiers` and :func:`leftovers` check the result: what is kept
  is checked again.

Standard library only: it runs where the client runs.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from typing import Any
from urllib.parse import quote, quote_plus, unquote

REDACTED = "<redacted>"
#: The docs' example UUIDs (the org's own id first, then the target org's) and e-mail address.
DOCS_UUIDS = ("550e8400-e29b-41d4-a716-446655440000", "660f9511-f3ac-52e5-b827-557766551111")
DOCS_EMAIL = "admin@example.com"

#: A UUID, glued to anything, any case; or 32 hex digits on their own (a UUID without hyphens).
UUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])", re.IGNORECASE
)
#: The shape of a Datadog application key: 40 hex digits on their own (an API key's 32 are a UUID's shape).
KEY_SHAPED = re.compile(r"(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])", re.IGNORECASE)
# Letters of any script (and combining accents, for decomposed text), digits, the usual punctuation of
# a local part, "%" for URL-encoded parts, "\" for JSON-escaped ones (jos\u00e9); "@" or its "%40".
_PART = r"[\w\u0300-\u036f.%+\\-]"
_LABEL = r"[\w\u0300-\u036f-]+"
EMAIL = re.compile(rf"{_PART}+(?:@|%40){_LABEL}(?:\.{_LABEL})+", re.IGNORECASE)
# Base64 runs this short could match by chance: the literal key is still redacted.
_SHORTEST_BASE64 = 12


# The placeholders past the docs' examples: numbered, and recognisable as placeholders wherever they are.
_NUMBERED = {"uuid": "00000000-0000-4000-8000-{:012d}", "email": "user{}@example.com"}
_NUMBERED_FORM = {"uuid": re.compile(r"0{12}40008000\d{12}"), "email": re.compile(r"user\d+@example\.com")}


def canonical(kind: str, value: str) -> str:
    """The spelling all forms of one identifier share: a UUID bare, lower-case; an address decoded, case-folded."""
    if kind == "uuid":
        return value.replace("-", "").lower()
    return unicodedata.normalize("NFC", unquote(value)).casefold()


def is_placeholder(kind: str, value: str) -> bool:
    """Whether ``value`` (``kind`` "uuid" or "email", in any spelling) is one of the placeholders a scrubber gives."""
    docs = DOCS_UUIDS if kind == "uuid" else (DOCS_EMAIL,)
    form = canonical(kind, value)
    return form in {canonical(kind, example) for example in docs} or _NUMBERED_FORM[kind].fullmatch(form) is not None


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
    """Every form ``secret`` can travel in: literal, JSON-escaped, URL-encoded, and its base64 at each alignment."""
    forms = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret, safe=""),
        quote_plus(secret),
    }
    raw = secret.encode()
    for offset in range(3):
        # The characters of base64(prefix + secret + suffix) that depend on the secret's bits only.
        encoded = base64.b64encode(b"\0" * offset + raw).decode()
        core = encoded[-(-8 * offset // 6) : 8 * (offset + len(raw)) // 6]
        if len(core) >= _SHORTEST_BASE64:
            forms |= {core, core.replace("+", "-").replace("/", "_")}
    return {form for form in forms if form}


def identifiers(text: str) -> set[tuple[str, str]]:
    """Every UUID and e-mail address in ``text`` as ``("uuid" | "email", as written)``, placeholders included."""
    return {("uuid", m.group(0)) for m in UUID.finditer(text)} | {("email", m.group(0)) for m in EMAIL.finditer(text)}


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
        if KEY_SHAPED.search(text):
            found.add("a key-shaped string (40 hex digits)")
        for part in _decoded(text):
            for kind, value in identifiers(part):
                if not is_placeholder(kind, value):
                    found.add("a UUID" if kind == "uuid" else "an e-mail address")
    return sorted(found)


class Scrubber:
    """Redacts ``secrets`` and replaces identifiers by the ``placeholders`` of a run."""

    def __init__(self, secrets: Iterable[str], placeholders: Placeholders | None = None) -> None:
        forms = {form for secret in secrets if secret for form in secret_forms(secret)}
        self.placeholders: Placeholders = placeholders if placeholders is not None else Placeholders()
        # Longest first, so a form inside a longer one (a key inside its URL-encoding) is not cut in two.
        alternatives = "|".join(re.escape(form) for form in sorted(forms, key=lambda f: (-len(f), f)))
        self._secrets = re.compile(alternatives, re.IGNORECASE) if forms else None

    def leaks(self, text: str) -> bool:
        """Whether ``text`` still holds a secret, in any of its forms."""
        return self._secrets is not None and self._secrets.search(text) is not None

    def unknown(self, text: str) -> list[str]:
        """The UUIDs and e-mail addresses in ``text`` that are not placeholders: what scrubbing missed."""
        return sorted(value for kind, value in identifiers(text) if not is_placeholder(kind, value))

    def text(self, value: str) -> str:
        """Any text a server sent (a reason phrase, a header value, a body that is not JSON), scrubbed."""
        if self._secrets is not None:
            value = self._secrets.sub(REDACTED, value)
        value = KEY_SHAPED.sub(REDACTED, value)
        value = UUID.sub(lambda match: self.placeholders.uuid(match.group(0)), value)
        return EMAIL.sub(lambda match: self.placeholders.email(match.group(0)), value)

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
]
