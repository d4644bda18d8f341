"""A drift candidate keeps nothing it must not: no key in any form, no cookie, no undocumented header, no real id.

Each property hides the client's keys (in every encoding of test_scrub.py), a UUID and an e-mail
address wherever a server can put text -- the body, a documented header, an undocumented header,
a cookie, the reason phrase, the drifted value a warning quotes -- and reads every file back.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hamr_client import SpecDriftWarning
from hamr_client.scrub import Scrubber, canonical, is_placeholder, leftovers, strings
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.client.capturing import GET, MODIFIED_AT, OPERATIONS, STATUS, call, candidates, capturing_client
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
    assert sent["dd-api-key"] == sent["dd-application-key"] == ["<redacted>"]
    assert set(sent) <= {"accept", "content-type", "dd-api-key", "dd-application-key"}, sent
    assert {name.lower() for name in response["headers"]} == DOCUMENTED


def in_turn(*responses: httpx.Response) -> Any:
    answers = iter(responses)
    return lambda request: next(answers)


@settings(max_examples=75, deadline=None)
@given(
    api=client_keys,
    app=client_keys,
    hidden=st.fixed_dictionaries(
        {place: st.tuples(st.sampled_from(["api", "app"]), st.sampled_from(sorted(ENCODINGS))) for place in PLACES}
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
def test_no_candidate_holds_a_key_a_cookie_an_undocumented_header_or_a_real_identifier(
    api: str,
    app: str,
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
    secrets = {"api": api, "app": app}
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
        client = capturing_client(directory, in_turn(*answers), api_key=api, app_key=app)
        for _ in answers:
            with pytest.warns(SpecDriftWarning):
                call(client, operation)
        client.close()
        found = candidates(directory)
    assert len(found) == 2, "a candidate was refused: the scrubber left something its own check found"
    scrubber = Scrubber([api, app])
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
