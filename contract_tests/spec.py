"""The spec as the judge: which schema an (operation, status) has, and where a document breaks it.

Everything here reads ``openapi/hamr.yaml`` next to this package (a copy of the tree, in fault
injection, judges with its own copy of the spec). Schemas are checked with
openapi-schema-validator's OAS 3.0 dialect (``nullable``, ``format: date-time``...), and every
violation comes back as a JSON pointer and a reason, never as a bare exception.

A spec is read in one of two dialects (``spec_doc.DIALECTS``): the reference's, as written, or
production's (``spec_doc.production_document``: the names and zone-less date-times the spec's
``x-production`` gives), so a production answer is judged by the same spec, spelled as it is.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jsonschema import FormatChecker
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator

from tooling import spec_doc
from tooling.spec_doc import REFERENCE, ZONELESS_FORMAT, ZONELESS_PATTERN, pointer

ROOT = Path(__file__).resolve().parents[1]
SPEC_FILE = ROOT / "openapi" / "hamr.yaml"


@dataclass(frozen=True)
class Violation:
    """One place where a document breaks the spec: a JSON pointer (``""`` is the whole document)."""

    pointer: str
    reason: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.reason}"


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, by operationId."""

    operation_id: str
    method: str
    path: str
    definition: Mapping[str, Any]

    @property
    def statuses(self) -> tuple[int, ...]:
        return tuple(int(status) for status in self.definition["responses"])


def zoneless(text: object) -> bool:
    """Whether ``text`` is a date-time as production writes it: a real date and time, no zone (not a string: yes)."""
    if not isinstance(text, str):
        return True
    return re.fullmatch(ZONELESS_PATTERN, text) is not None and datetime.datetime.fromisoformat(text).tzinfo is None


def format_checker() -> FormatChecker:
    """OAS 3.0's formats, and production's zone-less date-time."""
    checker = FormatChecker(formats=())
    for name, (check, raises) in OAS30Validator.FORMAT_CHECKER.checkers.items():
        checker.checks(name, raises)(check)
    checker.checks(ZONELESS_FORMAT, ValueError)(zoneless)
    return checker


FORMATS = format_checker()


class Spec:
    """The loaded spec, in one dialect, and validators for its request and response schemas."""

    def __init__(self, path: Path = SPEC_FILE, dialect: str = REFERENCE) -> None:
        self.path = path
        self.dialect = dialect
        self.document: dict[str, Any] = spec_doc.dialect_document(spec_doc.read(path), dialect)
        self.refs = spec_doc.Refs(self.document)
        self.operations: dict[str, Operation] = {}
        for route, method, definition in spec_doc.walk(self.document):
            operation = Operation(definition["operationId"], method, route, definition)
            self.operations[operation.operation_id] = operation

    def operation(self, method: str, path: str) -> Operation | None:
        """The operation for a method and a URL path (``{parameters}`` filled in), or None when the spec has none."""
        candidates = [o for o in self.operations.values() if o.method == method.upper()]
        for operation in sorted(candidates, key=lambda o: "{" in o.path):  # a literal path before a template
            template = "[^/]+".join(map(re.escape, re.split(r"\{[^}]+\}", operation.path)))
            if re.fullmatch(template, path):
                return operation
        return None

    def follow(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """``node`` with its local ``$ref``s followed."""
        followed: Mapping[str, Any] = self.refs.follow(node)[0]
        return followed

    def response(self, operation_id: str, status: int) -> tuple[Mapping[str, Any], str] | None:
        """The response object for a documented status and the pointer where it lives, else None."""
        responses = self.operations[operation_id].definition["responses"]
        node = responses.get(str(status))
        if node is None:
            return None
        resolved, where = self.refs.follow(node)
        operation = self.operations[operation_id]
        return resolved, where or pointer(["paths", operation.path, operation.method.lower(), "responses", str(status)])

    def response_schema_pointer(self, operation_id: str, status: int, media_type: str = "application/json") -> str:
        """Where in the spec the schema of this response body lives (a JSON pointer)."""
        found = self.response(operation_id, status)
        if found is None:
            raise KeyError(f"{operation_id} documents no {status}")
        _, where = found
        return spec_doc.join(where, "content", media_type, "schema")

    def request_schema_pointer(self, operation_id: str, media_type: str = "application/json") -> str:
        operation = self.operations[operation_id]
        return pointer(
            ["paths", operation.path, operation.method.lower(), "requestBody", "content", media_type, "schema"]
        )

    def has_body(self, operation_id: str, status: int, media_type: str = "application/json") -> bool:
        """Whether the documented response has a body of ``media_type`` (a 204 has none)."""
        found = self.response(operation_id, status)
        return found is not None and "schema" in found[0].get("content", {}).get(media_type, {})

    def body_statuses(self, operation_id: str) -> tuple[int, ...]:
        """The documented statuses of ``operation_id`` whose response is a JSON body."""
        return tuple(s for s in self.operations[operation_id].statuses if self.has_body(operation_id, s))

    def parameters(self, operation_id: str) -> list[Mapping[str, Any]]:
        """The operation's parameters, path-level ones included, their ``$ref``s followed."""
        return [parameter for parameter, _ in self._parameters(operation_id)]

    def _parameters(self, operation_id: str) -> list[tuple[Mapping[str, Any], str]]:
        """Each parameter (``$ref`` followed) and the pointer where it lives; an operation's own shadow the path's."""
        operation = self.operations[operation_id]
        item = ["paths", operation.path]
        found: dict[tuple[str, str], tuple[Mapping[str, Any], str]] = {}
        for base in ([*item, operation.method.lower()], item):  # the operation's own first
            for index, node in enumerate(spec_doc.at(self.document, pointer(base)).get("parameters", [])):
                followed, where = self.refs.follow(node)
                found.setdefault(
                    (followed["in"], followed["name"]), (followed, where or pointer([*base, "parameters", index]))
                )
        return list(found.values())

    def parameter(self, operation_id: str, location: str, name: str) -> tuple[Mapping[str, Any], str]:
        """The parameter ``name`` in ``location`` (a header's name in any case) and the pointer of its schema."""
        for parameter, where in self._parameters(operation_id):
            same = parameter["name"].lower() == name.lower() if location == "header" else parameter["name"] == name
            if parameter["in"] == location and same:
                return parameter, spec_doc.join(where, "schema")
        raise KeyError(f"{operation_id} has no {location} parameter {name!r}")

    # ------------------------------------------------------------------ parameters on the wire
    # OpenAPI's default styles: ``form`` with ``explode`` for a query (an array is the name repeated),
    # ``simple`` for a path or a header (an array is comma-separated). A value is the parameter's
    # JSON value (what its schema validates); the wire carries text.

    def parameter_value(self, operation_id: str, location: str, name: str, raw: Any) -> Any:
        """A parameter's JSON value from what a URL or a header carried (text, a path segment percent-encoded)."""
        _, where = self.parameter(operation_id, location, name)
        if location == "path" and isinstance(raw, str):
            raw = unquote(raw)
        return self._typed(self.schema_at(where), raw)

    def _typed(self, schema: Any, raw: Any) -> Any:
        schema = self.follow(schema)
        if schema.get("type") == "array":
            items = raw if isinstance(raw, list) else raw.split(",") if isinstance(raw, str) and raw else []
            return [self._typed(schema.get("items", {}), item) for item in items]
        if not isinstance(raw, str):
            return raw
        kind = schema.get("type") or ("integer" if all(type(v) is int for v in schema.get("enum", ["?"])) else None)
        with contextlib.suppress(ValueError):
            if kind == "integer" and re.fullmatch(r"-?\d+", raw):
                return int(raw)
            if kind == "number":
                return float(raw) if re.search(r"[.eE]", raw) else int(raw)
        if kind == "boolean" and raw in ("true", "false"):
            return raw == "true"
        return raw

    @staticmethod
    def wire_form(location: str, value: Any) -> list[str]:
        """The text a parameter's ``value`` travels as: one string, or one per item of an exploded query array."""
        if isinstance(value, list):
            texts = [_text(item) for item in value]
            return texts if location == "query" else [",".join(texts)]
        return [_text(value)]

    def parameter_violations(self, operation_id: str, location: str, name: str, value: Any) -> list[Violation]:
        """Where a parameter's JSON ``value`` breaks its schema."""
        _, where = self.parameter(operation_id, location, name)
        return self.violations(where, value)

    def request_example(self, operation_id: str) -> Any:
        """The spec's example request body for an operation; None when it takes none or shows no example."""
        body = self.operations[operation_id].definition.get("requestBody")
        if body is None:
            return None
        media = self.follow(body)["content"].get("application/json", {})
        examples = media.get("examples")
        if examples:
            return copy.deepcopy(self.follow(next(iter(examples.values())))["value"])
        return copy.deepcopy(media.get("example"))

    def schema_at(self, where: str) -> Any:
        """The node of the spec at a JSON pointer."""
        return spec_doc.at(self.document, where)

    @functools.cache  # noqa: B019 -- one Spec per run; validators are costly to build
    def validator(self, where: str) -> OAS30Validator:
        """A validator for the schema at ``where`` (a JSON pointer into the spec)."""
        return OAS30Validator(
            {"$ref": spec_doc.uri(where)},
            registry=self.refs.registry,
            format_checker=FORMATS,
        )

    def violations(self, where: str, document: Any) -> list[Violation]:
        """Every place ``document`` breaks the schema at ``where``, shallowest first."""
        errors: list[ValidationError] = sorted(
            self.validator(where).iter_errors(document), key=lambda error: (len(error.absolute_path), error.message)
        )
        return [Violation(pointer(error.absolute_path), error.message) for error in errors]

    def response_violations(
        self, operation_id: str, status: int, headers: Mapping[str, str], body: bytes
    ) -> list[Violation]:
        """What is wrong with a response for this operation: status, Content-Type, headers, body."""
        found = self.response(operation_id, status)
        if found is None:
            documented = ", ".join(str(code) for code in self.operations[operation_id].statuses)
            return [Violation("", f"status {status} is not documented (the spec documents {documented})")]
        response, _ = found
        lowered = {name.lower(): value for name, value in headers.items()}
        problems: list[Violation] = []
        for name, header in response.get("headers", {}).items():
            value = lowered.get(name.lower())
            schema = self.follow(header)
            if value is not None and schema["schema"].get("type") == "integer" and not value.strip().isdigit():
                problems.append(Violation("", f"header {name}: {value!r} is not an integer"))
        content = response.get("content", {})
        if not content:
            return problems
        media_type = lowered.get("content-type", "").partition(";")[0].strip().lower()
        if media_type not in content:
            return [*problems, Violation("", f"Content-Type {media_type or 'none'!r} is not one of {sorted(content)}")]
        try:
            document = json.loads(body)
        except ValueError as exc:
            return [*problems, Violation("", f"the body is not JSON ({exc})")]
        return problems + self.violations(self.response_schema_pointer(operation_id, status, media_type), document)


def _text(value: Any) -> str:
    """A scalar as a parameter carries it: JSON's spelling for booleans and numbers, strings as they are."""
    return value if isinstance(value, str) else json.dumps(value)


@functools.cache
def load(path: Path = SPEC_FILE, dialect: str = REFERENCE) -> Spec:
    """The spec in ``dialect`` (the reference's by default), parsed once per process."""
    return Spec(path, dialect)
