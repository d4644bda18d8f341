"""What makes a valid OpenAPI document generate the wrong client, without openapi-spec-validator noticing.

Each rule is one of the checks Spectral's ``spectral:oas`` makes in ``nox -s lint`` that protect
generation, made here so ``nox -s generate`` refuses the spec too (scripts/validate_spec.py runs them
once the document is valid OpenAPI, and names each finding's file, line and column):

- a ``required`` name with no property: openapi-python-client drops it silently, required check
  included (an unclosed quote in the line above can swallow the property and leave the YAML valid);
- an example that does not validate against its schema (formats checked: ``date-time`` too);
- a ``$ref`` whose siblings say another kind (``type``, ``format``) than the schema it names: OpenAPI
  3.0 ignores a ``$ref``'s siblings, so the generated field has the kind the text beside it denies.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator

from tooling import spec_doc

Path = tuple[spec_doc.Part, ...]
# What a schema says it is: its JSON type and, where it gives one, its format.
KIND = ("type", "format")


@dataclass(frozen=True)
class Finding:
    """One reason the spec would generate the wrong client, at ``path`` in the document."""

    path: Path
    reason: str


def findings(document: Mapping[str, Any]) -> list[Finding]:
    """Every finding of every rule, in the document's order for each rule."""
    found = [*required_without_property(document), *invalid_examples(document), *ref_kind_changes(document)]
    return list(dict.fromkeys(found))


def _names(schema: Mapping[str, Any], refs: spec_doc.Refs) -> set[str]:
    """The property names a schema defines, its ``allOf`` parts' included."""
    names = set(schema.get("properties") or {})
    for part in schema.get("allOf") or []:
        names |= _names(refs.follow(part)[0], refs)
    return names


def required_without_property(document: Mapping[str, Any]) -> Iterator[Finding]:
    """A name in ``required`` that no property of the schema (or of its ``allOf`` parts) defines."""
    refs = spec_doc.Refs(document)
    for path, schema in spec_doc.schemas(document):
        required = schema.get("required")
        if spec_doc.is_ref(schema) or not isinstance(required, list):
            continue
        defined = _names(schema, refs)
        for index, name in enumerate(required):
            if name not in defined:
                yield Finding(
                    (*path, "required", index),
                    f"{name!r} is required but the schema has no property {name!r} (it has: "
                    f"{', '.join(sorted(defined)) or 'none'}); the generator would drop it from the model, "
                    "required check included. Was its property swallowed by the line above it (an unclosed quote)?",
                )


def _errors(validator: OAS30Validator, value: Any) -> list[ValidationError]:
    """Each place ``value`` breaks the schema, once, shallowest first."""
    errors = sorted(validator.iter_errors(value), key=lambda e: (len(e.absolute_path), str(e.message)))
    return list({tuple(error.absolute_path): error for error in reversed(errors)}.values())[::-1]


def invalid_examples(document: Mapping[str, Any]) -> Iterator[Finding]:
    """An example (of a schema, a media type, a parameter or a header) its schema rejects, at each place it does."""
    refs = spec_doc.Refs(document)
    for value_path, value, schema_path in spec_doc.examples(document):
        validator = OAS30Validator(
            {"$ref": spec_doc.uri(spec_doc.pointer(schema_path))},
            registry=refs.registry,
            format_checker=OAS30Validator.FORMAT_CHECKER,
        )
        for error in _errors(validator, value):
            inside = spec_doc.pointer(error.absolute_path)
            message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
            yield Finding(
                (*value_path, *error.absolute_path),
                f"the example does not validate against its schema ({spec_doc.pointer(schema_path)})"
                f"{' at ' + inside if inside else ''}: {message}",
            )


def kind(schema: Mapping[str, Any]) -> dict[str, Any]:
    """What ``schema`` says it is, as written: its ``type`` (implied by ``properties`` or ``items``) and ``format``."""
    said = {key: schema[key] for key in KIND if key in schema}
    if "type" not in said and ("properties" in schema or "items" in schema):
        said["type"] = "object" if "properties" in schema else "array"
    return said


def ref_kind_changes(document: Mapping[str, Any]) -> Iterator[Finding]:
    """A ``$ref`` beside a ``type``/``format`` other than the one of the schema it names."""
    refs = spec_doc.Refs(document)
    for path, node in spec_doc.schemas(document):
        if not spec_doc.is_ref(node):
            continue
        beside = kind(node)
        target, where = refs.follow(node)
        named = kind(target) if isinstance(target, Mapping) else {}
        differ = [key for key in KIND if key in beside and beside[key] != named.get(key)]
        if differ:
            said = ", ".join(f"{key}: {beside[key]}" for key in differ)
            real = ", ".join(f"{key}: {named.get(key, '(none)')}" for key in differ)
            yield Finding(
                (*path, differ[0]),
                f"{said} beside a $ref to {where}, which is {real}: OpenAPI 3.0 ignores a $ref's siblings, so "
                f"the generated field would be what {where} says. Remove the sibling, or change {where} itself "
                "(every place that names it changes kind with it: say so in CHANGELOG.md).",
            )
