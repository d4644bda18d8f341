"""tooling/spec_doc.py, the one spec reader: RFC 6901 pointers both ways, $refs followed as validators follow them."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tooling import spec_doc

# Keys as OpenAPI has them: paths with "/", names with "~", "%", spaces and digits.
KEYS = st.text(alphabet=st.sampled_from("ab/~%01 é{}"), max_size=6)


@given(st.lists(st.one_of(KEYS, st.integers(0, 9)), max_size=5))
def test_a_pointer_parses_back_to_its_keys(keys: list[str | int]) -> None:
    assert spec_doc.parts(spec_doc.pointer(keys)) == [str(k) for k in keys]


@given(st.lists(KEYS, min_size=1, max_size=4), st.integers())
def test_a_pointer_finds_the_value_it_names(keys: list[str], leaf: int) -> None:
    doc: Any = leaf
    for key in reversed(keys):
        doc = {key: doc, "other": None}
    assert spec_doc.at(doc, spec_doc.pointer(keys)) == leaf
    assert spec_doc.at(doc, spec_doc.join(spec_doc.pointer(keys), "missing"), None) is None


@given(KEYS)
def test_a_ref_to_any_component_name_resolves(name: str) -> None:
    schema = {"type": "string", "title": name}
    doc = {"paths": {}, "components": {"schemas": {name: schema}}}
    where = spec_doc.pointer(["components", "schemas", name])
    # A $ref is a URI fragment: its pointer is percent-encoded on top of ~0/~1.
    assert spec_doc.Refs(doc).follow({"$ref": "#" + quote(where, safe="/~")}) == (schema, where)
    assert spec_doc.ref_name({"$ref": "#" + quote(where, safe="/~")}) == name


@given(st.lists(KEYS, min_size=1, max_size=3), KEYS)
def test_within_compares_whole_keys(keys: list[str], extra: str) -> None:
    outer = spec_doc.pointer(keys)
    assert spec_doc.within(spec_doc.join(outer, extra), outer)
    longer = spec_doc.pointer([*keys[:-1], keys[-1] + "x"])
    assert not spec_doc.within(longer, outer)  # "/data/ab" is not inside "/data/a"


def test_inlining_replaces_every_ref_and_a_cycle_is_an_error() -> None:
    doc = {"paths": {"/a": {"$ref": "#/components/x"}}, "components": {"x": {"y": {"$ref": "#/components/z"}}, "z": 1}}
    assert spec_doc.inline(doc)["paths"]["/a"] == {"y": 1}
    cyclic = {"paths": {}, "components": {"a": {"$ref": "#/components/b"}, "b": {"$ref": "#/components/a"}}}
    with pytest.raises(spec_doc.SpecError, match="recursive"):
        spec_doc.inline(cyclic)


def test_dangling_refs_are_listed_with_their_place() -> None:
    doc = {"paths": {"/a": {"get": {"$ref": "#/components/nope"}}}, "components": {"ok": {"$ref": "#/paths"}}}
    assert list(spec_doc.Refs(doc).dangling()) == [(("paths", "/a", "get", "$ref"), "#/components/nope")]
    with pytest.raises(spec_doc.SpecError, match="only local"):
        spec_doc.Refs(doc).target("other.yaml#/x")


def test_locate_names_where_a_node_is_written_through_refs() -> None:
    doc = {
        "paths": {"/a": {"get": {"schema": {"$ref": "#/components/schemas/S"}}}},
        "components": {"schemas": {"S": {"properties": {"f": {"$ref": "#/components/schemas/F"}}}, "F": {}}},
    }
    refs = spec_doc.Refs(doc)
    assert refs.locate("/paths/~1a/get/schema/properties/f") == ("/components/schemas/S/properties/f", True)
    assert refs.locate("/paths/~1a/get/schema/properties/g/type") == ("/components/schemas/S/properties/g/type", False)
