"""Every example in the spec is valid against the schema it illustrates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator

from tooling import spec_doc


def _media_types(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, method, operation in spec_doc.walk(spec):
        where = f"{method} {path}"
        if "requestBody" in operation:
            content = spec_doc.follow(spec, operation["requestBody"])["content"]
            yield f"{where} request", "application/json", content["application/json"]
        for status, response in operation["responses"].items():
            content = spec_doc.follow(spec, response).get("content", {})
            yield from ((f"{where} {status} {media}", media, content[media]) for media in content)


def test_every_example_validates(spec: dict[str, Any]) -> None:
    checked = 0
    for where, media_type, media in _media_types(spec):
        # The docs' media type shows an example everywhere; another (production's JSON:API one) may.
        assert media.get("examples") or media_type != "application/json", f"{where} has no example"
        validator = OAS30Validator({**media["schema"], "components": spec["components"]})
        for name, example in media.get("examples", {}).items():
            errors = [
                f"{spec_doc.pointer(e.absolute_path)}: {e.message}"
                for e in validator.iter_errors(spec_doc.follow(spec, example)["value"])
            ]
            assert not errors, f"{where} example {name!r}: {errors}"
            checked += 1
    # The request, the docs' ten responses, the two 401s and the two 200s of production's media type.
    assert checked == 15


@pytest.mark.parametrize("name", ["HamrOrgConnectionStatus", "HamrOrgConnectionType", "HamrOrgConnectionIsPrimary"])
def test_schema_examples_validate(spec: dict[str, Any], name: str) -> None:
    schema = spec["components"]["schemas"][name]
    assert OAS30Validator(schema).is_valid(schema["example"])
