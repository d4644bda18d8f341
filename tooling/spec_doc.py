"""The one way hand-written code reads an OpenAPI document: load it, follow its ``$ref``s, name its places.

Places are RFC 6901 JSON pointers, built and parsed by ``jsonpointer`` (``/`` and ``~`` escaped as
``~1`` and ``~0``). Local ``$ref``s are resolved by ``referencing``, the library jsonschema resolves
with, on the registry the OAS 3.0 validators are given, so a pointer here and a ``$ref`` in a
validator name the same node. scripts/, contract_tests/ and tests/ all import this module (scripts/
is on their path); nothing else builds a pointer or follows a ``$ref``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urldefrag

import jsonpointer
import yaml
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4

Doc = dict[str, Any]
Part = str | int
# The spec of the tree this module is in (a copy of the tree, in fault injection, reads its own).
SPEC_FILE = Path(__file__).resolve().parent.parent / "openapi" / "hamr.yaml"
# The document is registered under this URI, so "#/components/..." resolves against it.
URI = "urn:openapi-spec"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_MISSING: Any = object()


class SpecError(Exception):
    """The text is not an OpenAPI document this code can read, or one of its ``$ref``s does not resolve."""


def parse(text: str, name: str = "spec") -> Doc:
    """The document in ``text`` (YAML or JSON); ``name`` says which one in errors."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SpecError(f"{name}: not YAML: {exc}") from None
    if not isinstance(doc, dict) or "paths" not in doc:
        raise SpecError(f"{name}: not an OpenAPI document (no `paths`)")
    return doc


def read(path: Path = SPEC_FILE) -> Doc:
    """The OpenAPI document in ``path`` (default: openapi/hamr.yaml), a fresh copy each call."""
    return parse(path.read_text(encoding="utf-8"), str(path))


def load_yaml(path: Path) -> Any:
    """A YAML file that is no OpenAPI document (a cassette, an overlay, a test pair), read the same safe way."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: not YAML: {exc}") from None


# ---------------------------------------------------------------------------- JSON pointers


def pointer(parts: Iterable[Part]) -> str:
    """The RFC 6901 pointer of a path given as keys and indexes (``""`` is the whole document)."""
    return jsonpointer.JsonPointer.from_parts(parts).path


def parts(where: str) -> list[str]:
    """The unescaped keys of a pointer (indexes come back as their digits)."""
    return jsonpointer.JsonPointer(where).parts


def join(base: str, *more: Part) -> str:
    """``base`` extended by ``more`` keys or indexes."""
    return pointer([*parts(base), *more])


def within(inner: str, outer: str) -> bool:
    """Whether ``inner`` is ``outer`` or a place below it (whole keys, not string prefixes)."""
    return jsonpointer.JsonPointer(inner).contains(jsonpointer.JsonPointer(outer))


def at(document: Any, where: str, default: Any = _MISSING) -> Any:
    """The node at ``where`` (no ``$ref`` followed on the way); ``default`` if there is none, else KeyError."""
    try:
        return jsonpointer.resolve_pointer(document, where)
    except jsonpointer.JsonPointerException:
        if default is _MISSING:
            raise KeyError(where) from None
        return default


def uri(where: str) -> str:
    """A ``$ref`` value for the node at ``where`` in the registered document (for validators)."""
    return f"{URI}#{quote(where, safe='/~')}"


def ref_pointer(ref: str) -> str:
    """The pointer a local ``$ref`` (``#/components/...``, a URI fragment) names."""
    return unquote(urldefrag(ref).fragment)


def ref_name(node: Mapping[str, Any]) -> str:
    """The last key of the pointer a ``$ref`` node names: ``HamrOrgConnectionResponse``."""
    names = parts(ref_pointer(str(node["$ref"])))
    return names[-1] if names else ""


# ---------------------------------------------------------------------------- $ref resolution


def is_ref(node: Any) -> bool:
    return isinstance(node, Mapping) and isinstance(node.get("$ref"), str)


class Refs:
    """Local ``$ref`` resolution on one document (remote references are an error: the spec is one file)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.registry: Registry[Any] = Registry().with_resource(URI, DRAFT4.create_resource(document))
        self._resolver = self.registry.resolver(base_uri=URI)

    def target(self, ref: str) -> Any:
        """The node a ``$ref`` value names; SpecError when it names nothing."""
        if not ref.startswith("#"):
            raise SpecError(f"only local $refs are supported, not {ref!r}")
        try:
            return self._resolver.lookup(ref).contents
        except (Unresolvable, ValueError, TypeError):  # a non-index into a list raises ValueError
            raise SpecError(f"unresolvable $ref {ref!r}") from None

    def follow(self, node: Any) -> tuple[Any, str]:
        """``node`` with its ``$ref``s followed, and the pointer of the last one (``""`` if it had none)."""
        where, seen = "", set()
        while is_ref(node):
            ref = str(node["$ref"])
            if ref in seen:
                raise SpecError(f"$ref cycle through {ref!r}")
            seen.add(ref)
            where, node = ref_pointer(ref), self.target(ref)
        return node, where

    def locate(self, where: str) -> tuple[str, bool]:
        """Where the node at ``where`` is written, ``$ref``s followed on the way down, and whether all of it exists.

        The node itself is not followed: ``.../properties/hamr_status`` is the property's entry
        (maybe a ``$ref``) in the schema that lists it, which is where a person edits it.

        For a place that does not exist as written (a property an ``allOf`` part brings in, say),
        the deepest place that does, with the rest of ``where`` after it.
        """
        node: Any = self.document
        home = ""
        keys = parts(where)
        for done, part in enumerate(keys):
            node, moved = self.follow(node)
            home = moved or home
            key: Part = int(part) if isinstance(node, list) and part.isdigit() else part
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return join(home, *keys[done:]), False
            home = join(home, key)
        return home, True

    def inline(self) -> Doc:
        """A copy of the document with every ``$ref`` replaced by a copy of its target; a cycle is an error."""

        def walk(node: Any, seen: tuple[str, ...]) -> Any:
            if is_ref(node):
                ref = str(node["$ref"])
                if ref in seen:
                    raise SpecError(f"recursive $ref {ref!r} is not supported")
                return walk(self.target(ref), (*seen, ref))
            if isinstance(node, Mapping):
                return {key: walk(value, seen) for key, value in node.items()}
            if isinstance(node, list):
                return [walk(item, seen) for item in node]
            return node

        inlined: Doc = walk(copy.deepcopy(self.document), ())
        return inlined

    def dangling(self) -> Iterator[tuple[tuple[Part, ...], str]]:
        """``(path of the $ref key, its value)`` for every ``$ref`` that resolves to nothing."""

        def walk(node: Any, path: tuple[Part, ...]) -> Iterator[tuple[tuple[Part, ...], str]]:
            if isinstance(node, Mapping):
                if is_ref(node):
                    try:
                        self.target(str(node["$ref"]))
                    except SpecError:
                        yield (*path, "$ref"), str(node["$ref"])
                for key, value in node.items():
                    yield from walk(value, (*path, key))
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    yield from walk(value, (*path, index))

        yield from walk(self.document, ())


# ---------------------------------------------------------------------------- schemas and examples as written

# A schema's keywords whose values are schemas, one or a list of them (OAS 3.0, draft 4's subset).
SUBSCHEMA = ("items", "not", "additionalProperties")
SUBSCHEMAS = ("allOf", "oneOf", "anyOf")
# Keys whose values are data (or extensions), never a place a schema is written.
_DATA = ("example", "examples", "default", "enum", "value")


def schemas(document: Mapping[str, Any]) -> Iterator[tuple[tuple[Part, ...], Any]]:
    """``(path, schema)`` for every schema object as written, ``$ref`` nodes included and not followed.

    The schemas are ``components/schemas/*``, the ``schema`` of a parameter, header or media type,
    and every schema inside those (``properties``, ``items``, ``allOf``...); example values are data,
    never searched.
    """

    def in_schema(node: Any, path: tuple[Part, ...]) -> Iterator[tuple[tuple[Part, ...], Any]]:
        if not isinstance(node, Mapping):
            return
        yield path, node
        for name, sub in (node.get("properties") or {}).items():
            yield from in_schema(sub, (*path, "properties", name))
        for key in SUBSCHEMA:
            yield from in_schema(node.get(key), (*path, key))
        for key in SUBSCHEMAS:
            for index, sub in enumerate(node.get(key) or []):
                yield from in_schema(sub, (*path, key, index))

    def around(node: Any, path: tuple[Part, ...]) -> Iterator[tuple[tuple[Part, ...], Any]]:
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from around(item, (*path, index))
        if not isinstance(node, Mapping):
            return
        for key, value in node.items():
            if key in _DATA or str(key).startswith("x-"):
                continue
            if key == "schema" or path == ("components", "schemas"):
                yield from in_schema(value, (*path, key))
            else:
                yield from around(value, (*path, key))

    yield from around(document, ())


def examples(document: Mapping[str, Any]) -> Iterator[tuple[tuple[Part, ...], Any, tuple[Part, ...]]]:
    """``(path of the value, value, path of its schema)`` for every example the spec gives a schema.

    A schema's own ``example``; a media type's, parameter's or header's ``example`` and each of its
    ``examples`` (a ``$ref``'d one is given at the place its ``value`` is written, once).
    """
    refs = Refs(document)
    seen: set[tuple[tuple[Part, ...], tuple[Part, ...]]] = set()
    for path, schema in schemas(document):
        if "example" in schema and not is_ref(schema):
            yield (*path, "example"), schema["example"], path

    def holders(node: Any, path: tuple[Part, ...]) -> Iterator[tuple[tuple[Part, ...], Mapping[str, Any]]]:
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from holders(item, (*path, index))
        if not isinstance(node, Mapping):
            return
        if "schema" in node and isinstance(node["schema"], Mapping):
            yield path, node
        for key, value in node.items():
            if key not in (*_DATA, "schema") and not str(key).startswith("x-"):
                yield from holders(value, (*path, key))

    for path, holder in holders(document, ()):
        schema_path = (*path, "schema")
        if "example" in holder:
            yield (*path, "example"), holder["example"], schema_path
        for name, written in (holder.get("examples") or {}).items():
            example, moved = refs.follow(written)
            home = tuple(parts(moved)) if moved else (*path, "examples", name)
            if isinstance(example, Mapping) and "value" in example and (home, schema_path) not in seen:
                seen.add((home, schema_path))
                yield (*home, "value"), example["value"], schema_path


def follow(document: Mapping[str, Any], node: Any) -> Any:
    """``node`` (a part of ``document``) with its ``$ref``s followed."""
    return Refs(document).follow(node)[0]


def inline(document: Mapping[str, Any]) -> Doc:
    """``document`` with every local ``$ref`` inlined (see Refs.inline)."""
    return Refs(document).inline()


def routes(document: Mapping[str, Any]) -> list[str]:
    """The document's paths (``/api/v2/hamr``), sorted."""
    return sorted(document.get("paths") or {})


def walk(document: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(path, "POST", operation)`` for each operation as written (nothing followed or merged), by path then method.

    A path item's other keys (``parameters``, ``servers``...) are no operations.
    """
    for path, item in sorted((document.get("paths") or {}).items()):
        for method in METHODS:
            if method in item:
                yield path, method.upper(), item[method]


def operations(document: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``("POST /api/v2/hamr", operation)`` for each operation of an inlined document, by path then method.

    Path-level parameters are merged into each operation's, as OpenAPI says they apply.
    """
    for path, method, written in walk(document):
        shared = document["paths"][path].get("parameters", [])
        operation = dict(written)
        own = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
        operation["parameters"] = [
            *operation.get("parameters", []),
            *(p for p in shared if (p["in"], p["name"]) not in own),
        ]
        yield f"{method} {path}", operation


# ---------------------------------------------------------------------------- dialects
# The spec is written in the reference's dialect (the docs' snake_case names, RFC 3339 date-times).
# An object schema with ``x-production`` also says how Datadog's production API spells it:
# ``names`` maps a property's reference name to production's, ``zoneless`` lists the (reference
# names of the) date-times production writes without a zone (``2026-05-28 16:34:21.636477``, read
# as UTC). The production view of the spec is derived from those facts and nothing else.

REFERENCE = "reference"
PRODUCTION = "production"
DIALECTS = (REFERENCE, PRODUCTION)
PRODUCTION_KEY = "x-production"
#: A date-time as production writes it: a space or ``T``, optional fraction, no zone (ASCII digits only).
ZONELESS_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?$"
#: The format the production view gives a zone-less date-time: a real calendar date and time, no zone.
ZONELESS_FORMAT = "hamr-zoneless-date-time"


def production_names(schema: Mapping[str, Any]) -> dict[str, str]:
    """Reference name -> production name of each property an object schema's ``x-production`` renames."""
    names = (schema.get(PRODUCTION_KEY) or {}).get("names") or {}
    return {str(reference): str(production) for reference, production in names.items()}


def zoneless_names(schema: Mapping[str, Any]) -> list[str]:
    """The (reference) names of the properties production writes as zone-less date-times."""
    return [str(name) for name in (schema.get(PRODUCTION_KEY) or {}).get("zoneless") or []]


def _zoneless_view(refs: Refs, schema: Any) -> dict[str, Any]:
    """A date-time property as production writes it: zone-less text, or RFC 3339 as the reference does."""
    followed = dict(refs.follow(schema)[0])
    common = {key: value for key, value in followed.items() if key not in ("format", "type", "example")}
    zoneless = {"type": "string", "format": ZONELESS_FORMAT, "pattern": ZONELESS_PATTERN}
    return {**common, "anyOf": [{"type": "string", "format": "date-time"}, zoneless]}


def _production_object(refs: Refs, schema: Mapping[str, Any]) -> dict[str, Any]:
    """One object schema with ``x-production`` applied: properties and ``required`` renamed, zone-less date-times."""
    names, zoneless = production_names(schema), set(zoneless_names(schema))
    view = {key: value for key, value in schema.items() if key != PRODUCTION_KEY}
    if "properties" in schema:
        view["properties"] = {
            names.get(name, name): _zoneless_view(refs, child) if name in zoneless else child
            for name, child in schema["properties"].items()
        }
    if "required" in schema:
        view["required"] = [names.get(name, name) for name in schema["required"]]
    return view


def production_document(document: Mapping[str, Any]) -> Doc:
    """A copy of ``document`` in production's dialect: every object schema with ``x-production`` in its view.

    ``$ref``s are kept, so a pointer of the reference document names the same place here (a
    renamed property's pointer aside), and a validator or generator reads it as it reads the spec.
    """
    refs = Refs(document)

    def walk(node: Any) -> Any:
        if isinstance(node, Mapping):
            own = _production_object(refs, node) if PRODUCTION_KEY in node else node
            return {key: walk(value) for key, value in own.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    converted: Doc = walk(copy.deepcopy(dict(document)))
    return converted


def dialect_document(document: Mapping[str, Any], dialect: str) -> Doc:
    """``document`` in ``dialect`` (one of :data:`DIALECTS`): a copy, the reference one as written."""
    if dialect not in DIALECTS:
        raise ValueError(f"no dialect {dialect!r}; the dialects are {', '.join(DIALECTS)}")
    return production_document(document) if dialect == PRODUCTION else copy.deepcopy(dict(document))


def production_schema(document: Mapping[str, Any], schema: Any) -> Any:
    """The production view of ``schema`` (a node of ``document``, maybe a ``$ref``), every ``$ref`` inlined."""
    view = production_document({**dict(document), _VIEW: schema})
    return inline(view)[_VIEW]


# Where production_schema puts the schema it views, beside the document's own keys.
_VIEW = "x-production-view"


def utc_text(text: str) -> str:
    """A zone-less production date-time as the RFC 3339 text of the same instant read as UTC; others as they are."""
    if re.fullmatch(ZONELESS_PATTERN, text) is None:
        return text
    return f"{text[:10]}T{text[11:]}Z"


def translate(document: Mapping[str, Any], schema: Any, value: Any, dialect: str, *, utc: bool = True) -> Any:
    """``value`` (valid under ``schema`` in either dialect) with its names in ``dialect``; a copy.

    Walks ``value`` beside ``schema`` (``$ref``s followed, ``properties``, ``items``,
    ``additionalProperties``): at each object schema with ``x-production`` every property is renamed
    to ``dialect``'s spelling, whichever it had. Into the reference dialect (unless ``utc`` is
    false), a zone-less date-time also becomes its RFC 3339 text read as UTC (:func:`utc_text`).
    Keys the schema does not name stay as they are.
    """
    refs = Refs(document)
    if dialect not in DIALECTS:
        raise ValueError(f"no dialect {dialect!r}; the dialects are {', '.join(DIALECTS)}")

    def walk(node: Any, found: Any, depth: int) -> Any:
        node = refs.follow(node)[0] if isinstance(node, Mapping) else {}
        if depth > 64:
            return copy.deepcopy(found)
        if isinstance(found, list):
            return [walk(node.get("items", {}), item, depth + 1) for item in found]
        if not isinstance(found, Mapping):
            return found
        names, zoneless = production_names(node), set(zoneless_names(node))
        reference = {production: name for name, production in names.items()}
        properties, extra = node.get("properties", {}), node.get("additionalProperties", {})
        out: dict[str, Any] = {}
        for key, item in found.items():
            name = str(key) if key in properties else reference.get(str(key), str(key))
            if name not in properties:
                out[key] = walk(extra if isinstance(extra, Mapping) else {}, item, depth + 1)
                continue
            child = walk(properties[name], item, depth + 1)
            if utc and name in zoneless and dialect == REFERENCE and isinstance(child, str):
                child = utc_text(child)
            out[names.get(name, name) if dialect == PRODUCTION else name] = child
        return out

    return walk(schema, value, 0)


def dialect_of(document: Mapping[str, Any], schema: Any, value: Any) -> str:
    """The dialect ``value`` is written in: production when it spells a property as only production does."""
    return REFERENCE if translate(document, schema, value, REFERENCE, utc=False) == value else PRODUCTION
