"""A drift candidate keeps nothing it must not: no credential in any form, no cookie, no undocumented header, no real
id.

Each property hides the client's keys and token (in every encoding of test_scrub.py), a UUID and an e-mail
address wherever a server can put text -- the body, a documented header, an undocumented header,
a cookie, the reason phrase, the drifted value a warning quotes -- and reads every file back.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from hamr_client import SpecDriftWarning
from hamr_client.scrub import Scrubber, canonical, is_placeholder, leftovers, strings
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from tests.client.capturing import GET, MODIFIED_AT, OPERATIONS, STATUS, TYPE, call, candidates, capturing_client
from tests.client.capturing import drifted as drifted_body
from tests.client.test_scrub import EMAIL_SPELLINGS, ENCODINGS, UUID_SPELLINGS, filler, keys, local_parts

DOCUMENTED = {"content-type", "x-ratelimit-name"}  # of the headers below, what the spec documents
PLACES = ("body", "documented header", "undocumented header", "cookie", "reason phrase")
# A key starts with "^", which no candidate holds otherwise: a key a candidate's own words contain
# ("application/json", or a constant Hypothesis found in the package) would be refused, not leaked.
client_keys = keys.map(lambda key: "^" + key)


def texts(document: Any) -> Iterator[str]:
    """Every string of a candidate, and of the JSON bodies it holds as text."""
    yield from strings(document)
    interaction = document["interaction"]
    for text in (interaction["request"]["body"], interaction["response"]["body"]["string"]):
        if text is not None:
            yield from strings(json.loads(text))


def check_headers(document: dict[str, Any]) -> None:
    request, response = document["interaction"]["request"], document["interaction"]["response"]
    sent = {name.lower(): values for name, values in request["headers"].items()}
    assert sent["dd-api-key"] == sent["dd-application-key"] == sent["authorization"] == ["<redacted>"]
    assert set(sent) <= {"accept", "content-type", "dd-api-key", "dd-application-key", "authorization"}, sent
    assert {name.lower() for name in response["headers"]} == DOCUMENTED


def in_turn(*responses: httpx.Response) -> Any:
    answers = iter(responses)
    return lambda request: next(answers)


@settings(max_examples=75, deadline=None)
@given(
    api=client_keys,
    app=client_keys,
    token=client_keys,
    hidden=st.fixed_dictionaries(
        {
            place: st.tuples(st.sampled_from(["api", "app", "token"]), st.sampled_from(sorted(ENCODINGS)))
            for place in PLACES
        }
    ),
    before=filler,
    after=filler,
    value=st.uuids(),
    uuid_spelling=st.sampled_from(sorted(UUID_SPELLINGS)),
    first=local_parts,
    last=local_parts,
    email_spelling=st.sampled_from(sorted(EMAIL_SPELLINGS)),
    operation=st.sampled_from(OPERATIONS),
)
def test_no_candidate_holds_a_credential_a_cookie_an_undocumented_header_or_a_real_identifier(
    api: str,
    app: str,
    token: str,
    hidden: dict[str, tuple[str, str]],
    before: str,
    after: str,
    value: uuid.UUID,
    uuid_spelling: str,
    first: str,
    last: str,
    email_spelling: str,
    operation: str,
) -> None:
    assume(not is_placeholder("uuid", str(value)))
    address = f"{first}.{last}@acme-corp.io"
    assume(email_spelling != "upper-case" or address.upper().casefold() == address.casefold())
    secrets = {"api": api, "app": app, "token": token}
    form = {place: ENCODINGS[encoding](secrets[whose]) for place, (whose, encoding) in hidden.items()}
    an_id, an_email = UUID_SPELLINGS[uuid_spelling](str(value)), EMAIL_SPELLINGS[email_spelling](address)
    headers = {
        "X-RateLimit-Name": f"{form['documented header']} {an_id}",
        "X-Debug-Echo": form["undocumented header"],
        "Set-Cookie": f"dd_session={form['cookie']}; Path=/",
    }
    reason = f"OK {form['reason phrase']} {an_id}".encode("ascii")
    name = f"{before}{form['body']} {an_id} {an_email}{after}"
    answers = [
        httpx.Response(
            200, json=drifted_body(values, target_org_name=name), headers=headers, extensions={"reason_phrase": reason}
        )
        for values in ({STATUS: 6}, {MODIFIED_AT: "now"})  # the second request carries the cookie back
    ]
    with tempfile.TemporaryDirectory() as parent:
        directory = Path(parent) / "drift"
        client = capturing_client(directory, in_turn(*answers), api_key=api, app_key=app, bearer_token=token)
        for _ in answers:
            with pytest.warns(SpecDriftWarning):
                call(client, operation)
        client.close()
        found = candidates(directory)
    assert len(found) == 2, "a candidate was refused: the scrubber left something its own check found"
    scrubber = Scrubber([api, app, token])
    for document in found.values():
        assert leftovers(document, scrubber) == []
        check_headers(document)
        for text in texts(document):
            for place, hidden_form in form.items():
                assert hidden_form.lower() not in text.lower(), f"the key in the {place} survived: {text!r}"
            assert value.hex not in canonical("uuid", text), f"the UUID survived: {text!r}"
            assert "acme-corp" not in text.lower(), f"the e-mail address survived: {text!r}"


@settings(max_examples=30, deadline=None)
@given(
    escaped=st.one_of(st.characters(max_codepoint=0x1F), st.sampled_from(['"', "\\"])),
    first=local_parts,
    last=local_parts,
    value=st.uuids(),
)
def test_a_character_json_escapes_before_an_identifier_costs_no_candidate(
    escaped: str, first: str, last: str, value: uuid.UUID
) -> None:
    """``"owner:\\njane@acme.io"``: the body kept as JSON text reads ``\\nadmin@example.com``, a placeholder still."""
    assume(not is_placeholder("uuid", str(value)))
    body = drifted_body({STATUS: 6}, target_org_name=f"owner:{escaped}{first}.{last}@acme-corp.io,{escaped}{value}")
    with tempfile.TemporaryDirectory() as parent:
        directory = Path(parent) / "drift"
        client = capturing_client(directory, lambda request: httpx.Response(200, json=body))
        with pytest.warns(SpecDriftWarning):
            call(client, GET)
        client.close()
        found = candidates(directory)
    assert len(found) == 1, "the candidate was refused: the scrubber's own check took an escape for an address"
    (document,) = found.values()
    assert leftovers(document, Scrubber([])) == []
    for text in texts(document):
        assert "acme-corp" not in text.lower()
        assert value.hex not in canonical("uuid", text)


SPELLINGS: dict[str, dict[str, Callable[[str], str]]] = {
    "api key": ENCODINGS,
    "app key": ENCODINGS,
    "UUID": UUID_SPELLINGS,
    "e-mail address": EMAIL_SPELLINGS,
}


@settings(max_examples=100, deadline=None)
@given(
    api=client_keys,
    app=client_keys,
    kind=st.sampled_from(sorted(SPELLINGS)),
    spelling=st.integers(0, max(len(spellings) for spellings in SPELLINGS.values()) - 1),
    before=filler,
    after=filler,
    value=st.uuids(),
    first=local_parts,
    last=local_parts,
    pointer=st.sampled_from([MODIFIED_AT, TYPE]),
)
@example(  # a quote of 58-60 characters: parsing and the capture must cut it alike, or a UUID's head survives
    api="^" + "1" * 32,
    app="0123456789abcdef0123456789abcdef01234567",
    kind="UUID",
    spelling=sorted(UUID_SPELLINGS).index("as is"),
    before=":::::::\x1f\U0001134e",
    after="",
    value=uuid.UUID("e3e70682-c209-4cac-629f-6fbed82c07cd"),
    first="jane",
    last="doe",
    pointer=MODIFIED_AT,
)
@example(  # a Datadog-shaped application key, cut by the warning's 60 characters
    api="^" + "1" * 32,
    app="0123456789abcdef0123456789abcdef01234567",
    kind="app key",
    spelling=sorted(ENCODINGS).index("literal"),
    before="x" * 30,
    after="",
    value=uuid.UUID(int=1),
    first="jane",
    last="doe",
    pointer=MODIFIED_AT,
)
def test_the_drifted_value_a_reason_quotes_is_scrubbed_whole_before_it_is_cut_or_escaped(
    api: str,
    app: str,
    kind: str,
    spelling: int,
    before: str,
    after: str,
    value: uuid.UUID,
    first: str,
    last: str,
    pointer: str,
) -> None:
    """The warning quotes a drifted string as ``repr`` writes it, cut at 60 characters: no part of a secret survives."""
    names = sorted(SPELLINGS[kind])
    spell = SPELLINGS[kind][names[spelling % len(names)]]
    address = f"{first}.{last}@acme-corp.io"
    form: Callable[[str], str]  # how the head of the secret is looked for: in the spelling all its forms share
    if kind == "UUID":
        assume(not is_placeholder("uuid", str(value)) and any(c in "abcdef" for c in value.hex[:12]))
        hidden, head, form = spell(str(value)), value.hex[:12], partial(canonical, "uuid")
    elif kind == "e-mail address":
        assume(spell(address).casefold() == address.casefold() or spell is not str.upper)
        hidden, head, form = spell(address), canonical("email", address)[:12], partial(canonical, "email")
    else:
        hidden = spell(api if kind == "api key" else app)
        head, form = hidden[:12].lower(), str.lower
    drifting = f"{before}{hidden}{after}"
    assume(pointer != TYPE or drifting != "hamr_org_connections")
    body = drifted_body({pointer: drifting})
    with tempfile.TemporaryDirectory() as parent:
        directory = Path(parent) / "drift"
        client = capturing_client(directory, lambda request: httpx.Response(200, json=body), api_key=api, app_key=app)
        with pytest.warns(SpecDriftWarning):
            call(client, GET)
        client.close()
        found = candidates(directory)
    assert len(found) == 1, "the candidate was refused: the scrubber left something its own check found"
    (document,) = found.values()
    assert leftovers(document, Scrubber([api, app])) == []
    # The head of the secret as a reason could quote it: as it is, or escaped as repr() escapes.
    heads = {head, head.replace("\\", "\\\\"), head.replace("\\", "\\\\").replace("'", "\\'")}
    for text in texts(document):
        assert not any(part in form(text) for part in heads), f"part of the {kind} survived: {text!r}"
