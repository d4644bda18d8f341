"""hamr_client.scrub: a key in any form it travels in, and any spelling of a UUID or an e-mail, never survives.

Each property hides a value, written as a server could write it, in arbitrary text and checks the
scrubbed text: the value is gone in every form, the same value gets the same placeholder, and
scrubbing the result again changes nothing.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from urllib.parse import quote, quote_plus

from hamr_client.scrub import REDACTED, Placeholders, Scrubber, canonical, is_placeholder, leftovers
from hypothesis import assume, given
from hypothesis import strategies as st

# Datadog's keys are hex; these may hold anything a header can carry, so every encoding differs.
keys = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=16, max_size=48)
# Text around a hidden value: words, punctuation, other languages, but no hex digit to glue on.
filler = st.text(st.characters(exclude_characters="0123456789abcdefABCDEF", exclude_categories=["Cs"]), max_size=30)
ENCODINGS: dict[str, Callable[[str], str]] = {
    "literal": lambda key: key,
    "upper-case": str.upper,
    "JSON-escaped": lambda key: json.dumps(key)[1:-1],
    "URL-encoded": lambda key: quote(key, safe=""),
    "URL-encoded, lower-case escapes": lambda key: quote(key, safe="").lower(),
    "form-encoded": quote_plus,
    "base64": lambda key: base64.b64encode(key.encode()).decode(),
    "URL-safe base64": lambda key: base64.urlsafe_b64encode(key.encode()).decode(),
}


@given(key=keys, other=keys, encoding=st.sampled_from(sorted(ENCODINGS)), before=filler, after=filler)
def test_a_key_in_any_encoding_is_redacted(key: str, other: str, encoding: str, before: str, after: str) -> None:
    text = before + ENCODINGS[encoding](key) + after
    scrubbed = Scrubber([key, other]).text(text)
    assert ENCODINGS[encoding](key) not in scrubbed, f"the {encoding} key survived: {scrubbed!r}"
    assert REDACTED in scrubbed


@given(api=keys, app=keys, prefix=st.binary(max_size=5), suffix=st.binary(max_size=5), urlsafe=st.booleans())
def test_a_key_inside_any_base64_is_redacted(api: str, app: str, prefix: bytes, suffix: bytes, urlsafe: bool) -> None:
    """base64(api:app), base64 of a header with a key in it: at any offset, in either alphabet."""
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    pair = encode(prefix + f"{api}:{app}".encode() + suffix).decode()
    scrubbed = Scrubber([api, app]).text(f"Authorization: Basic {pair}")
    for key in (api, app):
        for offset in range(3):  # whatever the alignment, the key's own base64 digits are gone
            core = encode(b"\0" * offset + key.encode()).decode()[4:-4]
            assert len(core) < 12 or core not in scrubbed, f"{key!r} survived in base64: {scrubbed!r}"


# RFC 6750's token68: what may follow "Bearer " in an Authorization header.
token68 = st.text(st.sampled_from("ABCXYZabcxyz0189-._~+/"), min_size=8, max_size=60).map(lambda token: token + "==")


@given(token=token68, before=filler, scheme=st.sampled_from(["Bearer", "bearer", "BEARER"]), gap=st.sampled_from(" \t"))
def test_whoevers_bearer_token_is_redacted_from_what_is_kept(token: str, before: str, scheme: str, gap: str) -> None:
    """A token the scrubber was not told of (another client's, a proxy's): after ``Bearer`` it is a credential."""
    text = f"{before} Authorization: {scheme}{gap}{token}\n"
    scrubbed = Scrubber([]).text(text)
    assert token.rstrip("=") not in scrubbed
    assert f"{scheme}{gap}{REDACTED}" in scrubbed
    assert Scrubber([]).text(scrubbed) == scrubbed  # scrubbing again changes nothing more
    assert "a bearer token" in leftovers({"said": text})
    assert "a bearer token" not in leftovers({"said": scrubbed})


UUID_SPELLINGS: dict[str, Callable[[str], str]] = {
    "as is": lambda value: value,
    "upper-case": str.upper,
    "without hyphens": lambda value: value.replace("-", ""),
    "glued to a word": lambda value: f"org_{value}",
    # Glued to a hex digit, 32 hex digits are part of a longer hex string (a hash): left alone.
    "glued, upper-case, without hyphens": lambda value: f"ORG{value.replace('-', '').upper()}",
}


@given(value=st.uuids(), spelling=st.sampled_from(sorted(UUID_SPELLINGS)), before=filler, after=filler)
def test_a_uuid_in_any_spelling_becomes_the_same_placeholder(
    value: uuid.UUID, spelling: str, before: str, after: str
) -> None:
    scrubber = Scrubber([])
    plain = scrubber.text(str(value))
    scrubbed = scrubber.text(before + UUID_SPELLINGS[spelling](str(value)) + after)
    assert value.hex not in canonical("uuid", scrubbed), f"a UUID written {spelling} survived: {scrubbed!r}"
    assert canonical("uuid", plain) in canonical("uuid", scrubbed), "the same UUID got another placeholder"
    assert scrubber.text(scrubbed) == scrubbed, "scrubbing twice changed more"


local_parts = st.text(st.characters(categories=["L", "Nd"]), min_size=3, max_size=12)
EMAIL_SPELLINGS: dict[str, Callable[[str], str]] = {
    "as is": lambda address: address,
    "URL-encoded": lambda address: quote(address, safe=""),
    "with its @ URL-encoded": lambda address: address.replace("@", "%40"),
    "upper-case": str.upper,
}


@given(
    first=local_parts,
    last=local_parts,
    spelling=st.sampled_from(sorted(EMAIL_SPELLINGS)),
    before=st.sampled_from(["", " ", "by ", "<", '"', "mailto:", "owner="]),
)
def test_an_email_in_any_spelling_becomes_the_same_placeholder(
    first: str, last: str, spelling: str, before: str
) -> None:
    address = f"{first}.{last}@acme-corp.io"
    # Upper-casing is not always undone by case-folding (dotless i becomes I): another address then.
    assume(EMAIL_SPELLINGS[spelling](address).casefold() == address.casefold() or spelling != "upper-case")
    scrubber = Scrubber([])
    plain = scrubber.text(address)
    scrubbed = scrubber.text(f"{before}{EMAIL_SPELLINGS[spelling](address)}>")
    assert "acme-corp" not in scrubbed.lower(), f"an e-mail written {spelling} survived: {scrubbed!r}"
    assert canonical("email", plain) in canonical("email", scrubbed), "the same address got another placeholder"
    assert scrubber.text(scrubbed) == scrubbed, "scrubbing twice changed more"


def test_the_first_identifiers_become_the_docs_examples_and_placeholders_stay_recognisable() -> None:
    placeholders = Placeholders()
    scrubber = Scrubber(["k" * 20], placeholders)
    uuids = [str(uuid.uuid4()) for _ in range(4)]
    assert [scrubber.text(u) for u in uuids][:2] == [
        "550e8400-e29b-41d4-a716-446655440000",
        "660f9511-f3ac-52e5-b827-557766551111",
    ]
    assert all(is_placeholder("uuid", scrubber.text(u)) for u in uuids)
    assert scrubber.text("jane@acme.io, joe@acme.io") == "admin@example.com, user2@example.com"
    assert Scrubber([], placeholders).text(uuids[3]) == scrubber.text(uuids[3]), "a shared map is not stable"
    assert scrubber.unknown("seen 3f2504e0-4f89-11d3-9a0c-0305e82c3301 and admin@example.com") == [
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
    ]


def test_a_json_body_is_scrubbed_string_by_string_and_stays_json() -> None:
    key = "s3cr3t/key+with=symbols-0123"
    body = {"data": {"id": str(uuid.uuid4()), key: ["jos\u00e9.garc\u00eda@acme.io", {"note": f"key {key}"}]}}
    for content in (json.dumps(body).encode(), json.dumps(body, ensure_ascii=False).encode()):
        scrubbed = json.loads(Scrubber([key]).body(content))
        assert scrubbed == {
            "data": {
                "id": "550e8400-e29b-41d4-a716-446655440000",
                REDACTED: ["admin@example.com", {"note": "key " + REDACTED}],
            }
        }


def test_an_error_is_one_scrubbed_line() -> None:
    key = "live-api-key-a1b2c3d4e5f60718293a4b5c6d7e8f90"
    error = ValueError(f"illegal header line:\n  bytearray(b'X-Echo {key}')\r\n from jane@acme.io")
    line = Scrubber([key]).error(error)
    assert line == f"ValueError: illegal header line: bytearray(b'X-Echo {REDACTED}') from admin@example.com"
