"""The spec says what Datadog's public docs say: statuses, fields, enums, sites, auth, beta.

The docs are a snapshot of the public reference (tests/spec/datadog-docs/); when Datadog
changes them, refresh the snapshot and these tests name what the spec must follow. Where the
spec follows production instead (a status, a required field), a reading note says so as
"Differs from the docs at `KEY`: reason", KEY an fnmatch pattern of ``<operationId> <status>``
or ``<operationId> request requires <field>``: exactly those deviations are accepted, and a
note that names none is stale.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import re
from http import HTTPStatus
from typing import Any

import pytest

from tooling import spec_doc

OPERATIONS = {"get": "GetHamrOrgConnection", "post": "CreateHamrOrgConnection"}
PHRASES = {status.phrase.lower(): status.value for status in HTTPStatus}
NAMED = re.compile(r"^Differs from the docs at `([^`]+)`: \S")


def named_deviations(spec: dict[str, Any]) -> list[str]:
    """The patterns the reading notes name as the spec's deliberate deviations from the docs."""
    return [match[1] for note in spec["info"]["x-reading-notes"] if (match := NAMED.match(" ".join(note.split())))]


def unnamed(spec: dict[str, Any], deviations: set[str]) -> set[str]:
    """The deviations from the docs no reading note names."""
    patterns = named_deviations(spec)
    return {key for key in deviations if not any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns)}


def _status_deviations(spec: dict[str, Any], get_doc: str, post_doc: str) -> set[str]:
    """``<operationId> <status>`` for each status the spec and the docs do not share."""
    found = set()
    for method, operation_id in OPERATIONS.items():
        documented = _get_doc_sections(get_doc) if method == "get" else _post_doc_sections(post_doc)[1]
        ours = {int(s) for s in _operation(spec, method)["responses"]}
        found |= {f"{operation_id} {status}" for status in ours ^ set(documented)}
    return found


def _request_deviations(spec: dict[str, Any], post_doc: str) -> set[str]:
    """``<operationId> request requires <field>`` for each field required by one of the spec and the docs only."""
    request_section, _ = _post_doc_sections(post_doc)
    documented = set(re.findall(r"^(\w+)\s\[required\]$", request_section, flags=re.MULTILINE))
    body = _operation(spec, "post")["requestBody"]
    required = {name for _, name in _required_fields(spec, body["content"]["application/json"]["schema"])}
    return {f"{OPERATIONS['post']} request requires {name}" for name in required ^ documented}


def _operation(spec: dict[str, Any], method: str) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"]["/api/v2/hamr"][method]
    return operation


def _required_fields(spec: dict[str, Any], schema: dict[str, Any], parent: str = "") -> set[tuple[str, str]]:
    """(parent property, field) for every required field under ``schema``."""
    schema = spec_doc.follow(spec, schema)
    found = {(parent, name) for name in schema.get("required", [])}
    for name, sub in schema.get("properties", {}).items():
        found |= _required_fields(spec, sub, name)
    return found


def _docs_sites(doc: str) -> set[str]:
    return set(re.findall(r"https://api\.([a-z0-9.-]+?)/api/v2/hamr", doc))


def _response_schema(spec: dict[str, Any], method: str, status: int) -> dict[str, Any]:
    response = spec_doc.follow(spec, _operation(spec, method)["responses"][str(status)])
    schema: dict[str, Any] = response["content"]["application/json"]["schema"]
    return schema


def _post_doc_sections(post_doc: str) -> tuple[str, dict[int, str]]:
    """The request section and each response section of the POST page, keyed by status."""
    request = post_doc[post_doc.index("\nRequest\n") : post_doc.index("\nResponse\n")]
    responses_text = post_doc[post_doc.index("\nResponse\n") : post_doc.index("\nCode Example\n")]
    sections: dict[int, str] = {}
    status = None
    for line in responses_text.splitlines():
        if line.strip().lower() in PHRASES:
            status = PHRASES[line.strip().lower()]
            sections[status] = ""
        elif status is not None:
            sections[status] += line + "\n"
    return request, sections


def _get_doc_sections(get_doc: str) -> dict[int, str]:
    parts = re.split(r'\{% tab title="(\d{3})" %\}', get_doc)
    return {int(status): body for status, body in zip(parts[1::2], parts[2::2], strict=True)}


def _json_blocks(text: str) -> list[Any]:
    return [json.loads(block) for block in re.findall(r"^\{\n.*?^\}$", text, flags=re.MULTILINE | re.DOTALL)]


def _spec_examples(spec: dict[str, Any], node: dict[str, Any]) -> list[Any]:
    return [spec_doc.follow(spec, example)["value"] for example in node.get("examples", {}).values()]


def test_both_operations_with_the_docs_names(spec: dict[str, Any], get_doc: str, post_doc: str) -> None:
    assert set(spec["paths"]) == {"/api/v2/hamr"}
    assert set(spec["paths"]["/api/v2/hamr"]) == set(OPERATIONS)
    for method, operation_id in OPERATIONS.items():
        operation = _operation(spec, method)
        assert operation["operationId"] == operation_id
        assert operation["tags"] == ["High Availability MultiRegion"]
    assert _operation(spec, "get")["summary"] == get_doc.split("# ", 1)[1].split("{%", maxsplit=1)[0].strip()
    assert _operation(spec, "post")["summary"] == post_doc.splitlines()[0].strip()


def test_statuses_are_exactly_the_documented_ones(spec: dict[str, Any], get_doc: str, post_doc: str) -> None:
    found = unnamed(spec, _status_deviations(spec, get_doc, post_doc))
    assert not found, f"statuses the docs do not have (or lack), named by no reading note: {sorted(found)}"


def test_every_site_of_the_docs_is_a_server(spec: dict[str, Any], get_doc: str, post_doc: str) -> None:
    (server,) = spec["servers"]
    assert server["url"] == "https://{subdomain}.{site}"
    assert server["variables"]["subdomain"]["default"] == "api"
    sites = set(server["variables"]["site"]["enum"])
    assert _docs_sites(get_doc) == _docs_sites(post_doc)
    assert len(_docs_sites(get_doc)) == 8
    assert _docs_sites(get_doc) <= sites
    # A site beyond the docs' comes from Datadog's own spec and is named in the reading notes.
    notes = " ".join(spec["info"]["x-reading-notes"])
    for extra in sites - _docs_sites(get_doc):
        assert f"`{extra}`" in notes
    assert server["variables"]["site"]["default"] == "datadoghq.com"


@pytest.mark.parametrize("method", ["get", "post"])
def test_both_keys_are_required_headers(spec: dict[str, Any], get_doc: str, post_doc: str, method: str) -> None:
    schemes = spec["components"]["securitySchemes"]
    doc = get_doc if method == "get" else post_doc
    headers = {scheme["name"] for scheme in schemes.values() if scheme["type"] == "apiKey" and scheme["in"] == "header"}
    assert headers == {"DD-API-KEY", "DD-APPLICATION-KEY"}
    assert all(f'"{header}: ' in doc for header in headers)
    # One requirement object naming both schemes means both are needed together: the docs' way comes first.
    docs_way, *others = _operation(spec, method)["security"]
    assert docs_way == {"apiKeyAuth": [], "appKeyAuth": []}
    # Another alternative is one the docs do not show (the OAuth token): the reading notes say where it comes from.
    notes = " ".join(" ".join(spec["info"]["x-reading-notes"]).split())
    for alternative in others:
        assert alternative.keys().isdisjoint(docs_way), alternative
        assert all(f"`{name}`" in notes and "Source:" in notes for name in alternative), alternative


@pytest.mark.parametrize("method", ["get", "post"])
def test_public_beta_is_marked(spec: dict[str, Any], get_doc: str, post_doc: str, method: str) -> None:
    note = "This endpoint is in public beta and is subject to change"
    assert note in (get_doc if method == "get" else post_doc)
    assert note in " ".join(_operation(spec, method)["x-unstable"].split())


def test_request_requires_exactly_the_documented_fields(spec: dict[str, Any], post_doc: str) -> None:
    assert _operation(spec, "post")["requestBody"]["required"] is True
    found = unnamed(spec, _request_deviations(spec, post_doc))
    assert not found, f"the request's required fields differ from the docs' where no reading note says why: {found}"


def test_every_named_deviation_from_the_docs_is_one(spec: dict[str, Any], get_doc: str, post_doc: str) -> None:
    deviations = _status_deviations(spec, get_doc, post_doc) | _request_deviations(spec, post_doc)
    stale = [p for p in named_deviations(spec) if not any(fnmatch.fnmatchcase(key, p) for key in deviations)]
    assert not stale, f"reading notes name deviations from the docs that no longer exist: {stale}"


@pytest.mark.parametrize(
    ("change", "deviation"),
    [
        (lambda s: s["paths"]["/api/v2/hamr"]["get"]["responses"].pop("404"), "GetHamrOrgConnection 404"),
        (
            lambda s: s["components"]["schemas"]["HamrOrgConnectionAttributesRequest"]["required"].remove("is_primary"),
            "CreateHamrOrgConnection request requires is_primary",
        ),
    ],
)
def test_an_unnamed_deviation_from_the_docs_is_caught(
    spec: dict[str, Any], get_doc: str, post_doc: str, change: Any, deviation: str
) -> None:
    mutated = copy.deepcopy(spec)
    change(mutated)
    found = unnamed(mutated, _status_deviations(mutated, get_doc, post_doc) | _request_deviations(mutated, post_doc))
    assert found == {deviation}


def test_responses_require_exactly_the_documented_fields(spec: dict[str, Any], get_doc: str, post_doc: str) -> None:
    for status, section in _get_doc_sections(get_doc).items():
        rows = re.findall(r"^\| (?:(\w*)\s*\| )?(\w+) \[\*required\*\]", section, flags=re.MULTILINE)
        documented = {(parent or "", name) for parent, name in rows}
        assert _required_fields(spec, _response_schema(spec, "get", status)) == documented, f"GET {status}"
    for status, section in _post_doc_sections(post_doc)[1].items():
        documented_names = set(re.findall(r"^(\w+)\s\[required\]$", section, flags=re.MULTILINE))
        required = _required_fields(spec, _response_schema(spec, "post", status))
        assert {name for _, name in required} == documented_names, f"POST {status}"


def test_status_enum_has_the_documented_names_values_and_meanings(spec: dict[str, Any], post_doc: str) -> None:
    status = spec["components"]["schemas"]["HamrOrgConnectionStatus"]
    documented = re.findall(r"(\d): ([A-Z]+) - (.+?)(?: Allowed enum values.*)?$", post_doc, flags=re.MULTILINE)
    assert documented[:6] == [
        (str(value), name, meaning)
        for value, name, meaning in zip(
            status["enum"], status["x-enum-varnames"], status["x-enum-descriptions"], strict=True
        )
    ]
    assert status["type"] == "integer"
    assert status["enum"] == [0, 1, 2, 3, 4, 5]


def test_type_enum_is_the_single_documented_value(spec: dict[str, Any], post_doc: str) -> None:
    kind = spec["components"]["schemas"]["HamrOrgConnectionType"]
    assert "Allowed enum values: hamr_org_connections" in post_doc
    assert kind["enum"] == ["hamr_org_connections"]
    assert kind["x-enum-varnames"] == ["HAMR_ORG_CONNECTIONS"]


def test_modified_at_is_an_rfc3339_timestamp_in_the_response_only(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert schemas["HamrOrgConnectionAttributesResponse"]["properties"]["modified_at"]["format"] == "date-time"
    assert "modified_at" not in schemas["HamrOrgConnectionAttributesRequest"]["properties"]


def test_docs_examples_are_the_spec_examples(spec: dict[str, Any], get_doc: str, post_doc: str) -> None:
    request_section, post_sections = _post_doc_sections(post_doc)
    post = _operation(spec, "post")
    assert _json_blocks(request_section) == _spec_examples(spec, post["requestBody"]["content"]["application/json"])
    documented = [("post", s, text) for s, text in post_sections.items()]
    documented += [
        ("get", s, text.replace("```json\n", "").replace("\n```", "")) for s, text in _get_doc_sections(get_doc).items()
    ]
    for method, status, text in documented:
        response = spec_doc.follow(spec, _operation(spec, method)["responses"][str(status)])
        assert _json_blocks(text) == _spec_examples(spec, response["content"]["application/json"]), (method, status)
