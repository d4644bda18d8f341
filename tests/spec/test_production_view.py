"""spec_doc's production view: the schemas as production spells them, derived from ``x-production`` alone.

On the spec itself (every schema that has ``x-production``, whatever it is called) and on
generated schemas: properties and ``required`` renamed per ``names``, each ``zoneless`` date-time
accepting production's zone-less text beside RFC 3339, nothing else changed; ``translate``
moves a document between the dialects and back; ``dialect_of`` tells them apart.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator

from tooling import spec_doc


def _with_production(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, schema in spec["components"]["schemas"].items():
        if spec_doc.PRODUCTION_KEY in schema:
            yield name, schema


def test_the_spec_says_production_s_names_somewhere(spec: dict[str, Any]) -> None:
    assert list(_with_production(spec)), "no schema of the spec has x-production: nothing is derived below"


def test_each_schema_is_renamed_exactly_as_its_x_production_says(spec: dict[str, Any]) -> None:
    for name, schema in _with_production(spec):
        names = spec_doc.production_names(schema)
        view = spec_doc.production_schema(spec, {"$ref": f"#/components/schemas/{name}"})
        assert spec_doc.PRODUCTION_KEY not in view, f"{name}: the view keeps x-production"
        assert list(view["properties"]) == [names.get(p, p) for p in schema["properties"]], name
        assert view["required"] == [names.get(r, r) for r in schema.get("required", [])], name
        reference = spec_doc.inline(spec)["components"]["schemas"][name]["properties"]
        zoneless = spec_doc.zoneless_names(schema)
        for prop, child in reference.items():
            if prop not in zoneless:
                assert view["properties"][names.get(prop, prop)] == child, f"{name}.{prop} changed"


def test_the_production_document_keeps_every_ref_and_views_each_schema(spec: dict[str, Any]) -> None:
    document = spec_doc.production_document(spec)
    assert not list(spec_doc.Refs(document).dangling())
    for name, _ in _with_production(spec):
        where = {"$ref": f"#/components/schemas/{name}"}
        assert spec_doc.inline(document)["components"]["schemas"][name] == spec_doc.production_schema(spec, where)
    assert spec_doc.dialect_document(spec, spec_doc.REFERENCE) == spec
    with pytest.raises(ValueError, match="no dialect"):
        spec_doc.dialect_document(spec, "klingon")


MOMENTS = st.datetimes(datetime.datetime(1970, 1, 1), datetime.datetime(2999, 12, 31))


def _zoneless_schemas(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for name, schema in _with_production(spec):
        view = spec_doc.production_schema(spec, {"$ref": f"#/components/schemas/{name}"})
        names = spec_doc.production_names(schema)
        found += [view["properties"][names.get(p, p)] for p in spec_doc.zoneless_names(schema)]
    return found


@given(moment=MOMENTS, separator=st.sampled_from(" T"), fraction=st.booleans())
def test_a_zoneless_date_time_takes_production_s_text_and_rfc_3339(
    spec: dict[str, Any], moment: datetime.datetime, separator: str, fraction: bool
) -> None:
    schemas = _zoneless_schemas(spec)
    assert schemas, "the spec lists no zone-less date-time"
    text = moment.isoformat(sep=separator, timespec="microseconds" if fraction else "seconds")
    for schema in schemas:
        validator = OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER)
        assert validator.is_valid(text), text
        assert validator.is_valid(moment.replace(tzinfo=datetime.UTC).isoformat()), "an offset is refused"
        assert validator.is_valid(text.replace(" ", "T") + "Z"), "the reference's text is refused"
        assert not validator.is_valid(text + " UTC")
        assert not validator.is_valid(text.replace("-", "/"))
        assert not validator.is_valid(text.replace(text[0], "\u0663"))  # an Arabic-Indic digit is no ASCII digit


@given(moment=MOMENTS)
def test_utc_text_reads_a_zoneless_text_as_utc(moment: datetime.datetime) -> None:
    text = moment.isoformat(sep=" ")
    assert datetime.datetime.fromisoformat(spec_doc.utc_text(text)) == moment.replace(tzinfo=datetime.UTC)
    aware = moment.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=2))).isoformat()
    assert spec_doc.utc_text(aware) == aware


# ---------------------------------------------------------------------------- generated schemas
SNAKE = st.from_regex(r"[a-z]{1,6}(_[a-z]{1,6}){0,2}", fullmatch=True)


def _pascal(name: str) -> str:
    return "".join(word.capitalize() for word in name.split("_"))


@st.composite
def renamed_schemas(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A document whose ``Inner`` schema has x-production (some names renamed), referenced from ``Outer``; a value."""
    names = draw(st.lists(SNAKE, min_size=1, max_size=6, unique_by=lambda n: n.replace("_", "")))
    renamed = draw(st.lists(st.sampled_from(names), unique=True))
    leaves = {name: draw(st.one_of(st.integers(), st.text(max_size=5), st.booleans())) for name in names}
    inner = {
        "type": "object",
        "x-production": {"names": {name: _pascal(name) for name in renamed}},
        "required": names[:1],
        "properties": {name: {"type": "string"} for name in names},
    }
    outer = {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/I"}}}}
    document = {"paths": {}, "components": {"schemas": {"I": inner, "O": outer}}}
    count = draw(st.integers(0, 3))
    return document, {"items": [dict(leaves) for _ in range(count)], "other": {"kept_as_is": 1}}


@given(renamed_schemas())
def test_translate_renames_wherever_the_schema_is_and_back(drawn: tuple[dict[str, Any], dict[str, Any]]) -> None:
    document, value = drawn
    outer = {"$ref": "#/components/schemas/O"}
    names = spec_doc.production_names(document["components"]["schemas"]["I"])
    production = spec_doc.translate(document, outer, value, spec_doc.PRODUCTION)
    assert production["other"] == value["other"], "a key no schema names was renamed"
    for item in production["items"]:
        assert set(item) == {names.get(name, name) for name in value["items"][0]}
    assert spec_doc.translate(document, outer, production, spec_doc.REFERENCE) == value
    assert spec_doc.translate(document, outer, value, spec_doc.REFERENCE) == value
    renames = any(names.get(name, name) != name for name in document["components"]["schemas"]["I"]["properties"])
    expected = spec_doc.PRODUCTION if value["items"] and renames else spec_doc.REFERENCE
    assert spec_doc.dialect_of(document, outer, production) == expected
    assert spec_doc.dialect_of(document, outer, value) == spec_doc.REFERENCE


def test_translate_into_the_reference_reads_a_zoneless_date_time_as_utc(spec: dict[str, Any]) -> None:
    for name, schema in _with_production(spec):
        names, zoneless = spec_doc.production_names(schema), spec_doc.zoneless_names(schema)
        for field in zoneless:
            value = {names.get(field, field): "2026-05-28 16:34:21.636477"}
            ref = {"$ref": f"#/components/schemas/{name}"}
            assert spec_doc.translate(spec, ref, value, spec_doc.REFERENCE) == {field: "2026-05-28T16:34:21.636477Z"}
            kept = spec_doc.translate(spec, ref, value, spec_doc.REFERENCE, utc=False)
            assert kept == {field: "2026-05-28 16:34:21.636477"}


def test_the_zoneless_pattern_is_anchored_ascii() -> None:
    assert re.fullmatch(spec_doc.ZONELESS_PATTERN.strip("^$"), "2026-05-28 16:34:21")
    assert not re.search(spec_doc.ZONELESS_PATTERN, "x2026-05-28 16:34:21")
    assert not re.search(spec_doc.ZONELESS_PATTERN, "2026-05-28 16:34:21+00:00")
