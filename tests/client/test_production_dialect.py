"""Production's dialect (the spec's ``x-production``): read in strict mode, written back in the origin's spelling.

Against the shipped fake in each dialect, served on loopback or in-process, and a raw loopback
server that answers every write with 200 and applies nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection, get_hamr_org_connection
from hamr_client.client import AuthenticatedClient, datadog_client
from hamr_client.dialects import DIALECTS, Dialect, spelled
from hamr_client.errors import AuthenticationError, BadRequestError, ConfigurationError, WriteNotAppliedError
from hamr_client.models import (
    HamrOrgConnectionAttributesRequest,
    HamrOrgConnectionAttributesResponse,
    HamrOrgConnectionRequest,
    HamrOrgConnectionResponse,
    HamrOrgConnectionStatus,
)
from hamr_client.testing import HamrFake, examples, serve
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.client.loopback import Exchange, RawServer, Script, response


def _client(**options: Any) -> AuthenticatedClient:
    return datadog_client(api_key="dialect-api-key-0123456789", app_key="dialect-app-key-0123456789", **options)


LINKED = examples.CONNECTION_REQUEST


def _production(document: dict[str, Any]) -> dict[str, Any]:
    model = HamrOrgConnectionResponse.from_dict(document)
    written: dict[str, Any] = spelled(model, model.to_dict(), "production")
    return written


@pytest.fixture(params=DIALECTS)
def served(request: pytest.FixtureRequest) -> Iterator[tuple[HamrFake, str]]:
    """A fake of each dialect, linked, served on loopback."""
    fake = HamrFake(dialect=request.param)
    with fake.client(dialect=request.param) as client:
        create_hamr_org_connection.sync(client=client, body=HamrOrgConnectionRequest.from_dict(LINKED))
    with serve(fake) as url:
        yield fake, url


def test_a_production_answer_is_the_same_model_as_the_references() -> None:
    reference = examples.CONNECTION_RESPONSE
    production = _production(reference)
    assert production["data"]["attributes"].keys().isdisjoint(reference["data"]["attributes"])  # not a no-op
    assert HamrOrgConnectionResponse.from_dict(production) == HamrOrgConnectionResponse.from_dict(reference)


@given(
    status=st.sampled_from(list(HamrOrgConnectionStatus)),
    primary=st.booleans(),
    text=st.text(max_size=20),
    moment=st.datetimes(timezones=st.just(datetime.UTC)),
)
@settings(max_examples=60, deadline=None)
def test_any_connection_reads_equal_in_both_spellings(
    status: HamrOrgConnectionStatus, primary: bool, text: str, moment: datetime.datetime
) -> None:
    attributes = {
        **examples.CONNECTION_RESPONSE["data"]["attributes"],
        "hamr_status": status.value,
        "is_primary": primary,
        "target_org_name": text,
        "org_datacenter": text,
        "modified_at": moment.isoformat().replace("+00:00", "Z"),
    }
    reference = {"data": {**examples.CONNECTION_RESPONSE["data"], "attributes": attributes}}
    production = _production(reference)
    assert " " in production["data"]["attributes"][_name("modified_at")]  # zone-less, as production writes it
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # strict and silent: no SpecDriftWarning
        assert HamrOrgConnectionResponse.from_dict(production) == HamrOrgConnectionResponse.from_dict(reference)


def _name(key: str) -> str:
    """Production's name of a response attribute, from the generated model's metadata (the spec's x-production)."""
    (field,) = [f for f in dataclasses.fields(HamrOrgConnectionAttributesResponse) if f.metadata.get("key") == key]
    return str(field.metadata["production"])


def test_the_default_client_reads_the_production_fake_and_learns_its_spelling(
    served: tuple[HamrFake, str],
) -> None:
    fake, url = served
    with _client(base_url=url) as client:
        assert client.dialect == "reference"  # a base_url: the reference's word until it answers
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            connection = get_hamr_org_connection.sync(client=client)
        assert connection.data.attributes.hamr_status == LINKED["data"]["attributes"]["hamr_status"]
        assert client.dialect == fake.dialect


@pytest.mark.parametrize("status", list(HamrOrgConnectionStatus))
def test_a_write_after_a_read_is_applied_in_either_dialect(served: tuple[HamrFake, str], status: Any) -> None:
    fake, url = served
    with _client(base_url=url) as client:
        before = get_hamr_org_connection.sync(client=client).to_dict()
        before["data"]["attributes"]["hamr_status"] = status.value
        request = {"data": {**before["data"], "attributes": _request_attributes(before)}}
        written = create_hamr_org_connection.sync(client=client, body=HamrOrgConnectionRequest.from_dict(request))
    assert written.data.attributes.hamr_status is status
    assert fake.connection is not None
    assert fake.connection["data"]["attributes"]["hamr_status"] == status.value


def _request_attributes(document: dict[str, Any]) -> dict[str, Any]:
    keys = {f.metadata.get("key") for f in dataclasses.fields(HamrOrgConnectionAttributesRequest)}
    return {key: value for key, value in document["data"]["attributes"].items() if key in keys}


def test_a_write_in_the_other_spelling_is_never_reported_as_done(served: tuple[HamrFake, str]) -> None:
    fake, url = served
    (pinned,) = [dialect for dialect in DIALECTS if dialect != fake.dialect]
    change = json.loads(json.dumps(LINKED))
    change["data"]["attributes"]["hamr_status"] = HamrOrgConnectionStatus.FAILOVER.value
    with _client(base_url=url, dialect=pinned) as client:
        if fake.dialect == "production":  # Go ignores the keys it does not know: 200, nothing changed
            with pytest.raises(WriteNotAppliedError) as caught:
                create_hamr_org_connection.sync(client=client, body=HamrOrgConnectionRequest.from_dict(change))
            (difference,) = caught.value.differences
            assert difference == ("/data/attributes/hamr_status", 3, LINKED["data"]["attributes"]["hamr_status"])
            assert "did not apply" in str(caught.value)
        else:  # a server of the reference's spelling misses its fields
            with pytest.raises(BadRequestError):
                create_hamr_org_connection.sync(client=client, body=HamrOrgConnectionRequest.from_dict(change))
    assert fake.connection is not None
    assert fake.connection["data"]["attributes"]["hamr_status"] == LINKED["data"]["attributes"]["hamr_status"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_server_that_answers_200_and_applies_nothing_raises(dialect: Dialect) -> None:
    answer = examples.CONNECTION_RESPONSE if dialect == "reference" else _production(examples.CONNECTION_RESPONSE)

    def unchanged(exchange: Exchange) -> Script:
        return [response(200, answer)]

    change = json.loads(json.dumps(LINKED))
    change["data"]["attributes"]["hamr_status"] = HamrOrgConnectionStatus.RECOVERY.value
    with RawServer(unchanged) as server, _client(base_url=server.url, dialect=dialect) as client:
        with pytest.raises(WriteNotAppliedError) as caught:
            create_hamr_org_connection.sync(client=client, body=HamrOrgConnectionRequest.from_dict(change))
        assert caught.value.body == HamrOrgConnectionResponse.from_dict(examples.CONNECTION_RESPONSE)
        sent = json.loads(server.exchanges[0].body)
        assert ("hamr_status" in sent["data"]["attributes"]) is (dialect == "reference")


def test_the_guides_link_needs_only_what_the_guide_sends() -> None:
    fake = HamrFake(dialect="production")
    link = {"data": {**LINKED["data"], "attributes": {**LINKED["data"]["attributes"]}}}
    for key in ("target_org_name", "target_org_datacenter"):
        del link["data"]["attributes"][key]
    with fake.client(dialect="production") as client:
        created = create_hamr_org_connection.sync(client=client, body=HamrOrgConnectionRequest.from_dict(link))
    assert created.data.attributes.target_org_uuid == LINKED["data"]["attributes"]["target_org_uuid"]
    (sent,) = fake.writes
    assert "hamr_status" not in sent["data"]["attributes"]  # written in production's spelling


def test_wrong_keys_on_production_are_an_authentication_error() -> None:
    fake = HamrFake(api_key="the-right-api-key", dialect="production")
    with fake.client(api_key="a-wrong-api-key") as client, pytest.raises(AuthenticationError) as caught:
        get_hamr_org_connection.sync(client=client)
    assert caught.value.status_code == 401
    assert caught.value.details == ("Unauthorized",)
    assert "DD_API_KEY" in str(caught.value)


def test_a_datadog_site_writes_in_productions_spelling_before_any_answer() -> None:
    assert _client(site="datadoghq.eu").dialect == "production"
    assert _client(base_url="https://api.datadoghq.eu").dialect == "production"
    assert _client(base_url="http://127.0.0.1:9").dialect == "reference"
    pinned = _client(site="datadoghq.eu", dialect="reference")
    assert pinned.dialect == "reference"
    assert pinned.with_options(max_retries=0).dialect == "reference"
    with pytest.raises(ConfigurationError, match="dialect"):
        _client(dialect="pascal")
