"""Writing VCR cassettes into ``contract_tests/recordings/``: what scripts/record.py's two sources share.

Both a live site (``record.py``) and a lenient client's drift candidates (``drift_import.py``) end
here: each cassette is built, written aside, read back as the gate reads it and checked -- no key
in any form (those given; any key-shaped string), no UUID or e-mail address but a placeholder --
and only then are they all moved into place: a run writes all of its cassettes or none.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from hamr_client.scrub import UUID, Scrubber, leftovers

from tooling import spec_doc

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "hamr.yaml"
DEFAULT_OUTPUT = ROOT / "contract_tests" / "recordings"


T = TypeVar("T")


class RecordError(Exception):
    """What stops a run before anything is written, said in one line; its text is scrubbed before it is shown."""


@dataclass(frozen=True)
class SpecFacts:
    """What recording needs from the spec: each operation's route, the response headers it documents, examples,
    and each response's body schema (to read an answer's names in either dialect, ``spec_doc.translate``)."""

    routes: Mapping[str, tuple[str, str]]  # operationId -> ("GET", "/api/v2/hamr")
    headers: Mapping[str, frozenset[str]]  # operationId -> the response headers it documents, Content-Type too
    examples: Mapping[str, Any]  # operationId -> the docs' example of its 200 body (None without one)
    schemas: Mapping[tuple[str, int], Any] = field(default_factory=dict)  # (operationId, status) -> body schema
    document: Mapping[str, Any] = field(default_factory=dict)  # the spec, $refs inlined
    requests: Mapping[str, Any] = field(default_factory=dict)  # operationId -> its request body's schema

    @classmethod
    def read(cls, spec: Path = SPEC) -> SpecFacts:
        document = spec_doc.inline(spec_doc.read(spec))
        routes, headers, examples, schemas, requests = {}, {}, {}, {}, {}
        for key, operation in spec_doc.operations(document):
            method, path = key.split(" ", 1)
            name = operation["operationId"]
            routes[name] = (method, path)
            responses = operation["responses"].values()
            headers[name] = frozenset(
                {"Content-Type", *(h for response in responses for h in response.get("headers", {}))}
            )
            media = operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
            found = [example["value"] for example in media.get("examples", {}).values()]
            examples[name] = found[0] if found else media.get("example")
            for status, response in operation["responses"].items():
                body = response.get("content", {}).get("application/json", {})
                if "schema" in body:
                    schemas[(name, int(status))] = body["schema"]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            if "schema" in body:
                requests[name] = body["schema"]
        return cls(routes, headers, examples, schemas, document, requests)

    def dialect(self, operation: str, status: int, body: bytes) -> str:
        """The dialect an answer spells its names in (``spec_doc.dialect_of``); the reference's without a schema."""
        schema = self.schemas.get((operation, status))
        try:
            answer = json.loads(body)
        except ValueError:
            return spec_doc.REFERENCE
        return spec_doc.REFERENCE if schema is None else spec_doc.dialect_of(self.document, schema, answer)

    def operation(self, method: str, path: str) -> str | None:
        """The operationId of ``method path``, or None."""
        return next((name for name, route in self.routes.items() if route == (method.upper(), path)), None)


def aligned_uuids(example: Any, answer: Any) -> Iterator[tuple[str, str]]:
    """``(answer's UUID, example's UUID)`` wherever the docs' example and an answer (same names) both hold a UUID."""
    if isinstance(example, str) and isinstance(answer, str):
        if UUID.fullmatch(example) and UUID.fullmatch(answer):
            yield answer, example
    elif isinstance(example, Mapping) and isinstance(answer, Mapping):
        for key in example.keys() & answer.keys():
            yield from aligned_uuids(example[key], answer[key])
    elif isinstance(example, list) and isinstance(answer, list):
        for pair in zip(example, answer, strict=False):
            yield from aligned_uuids(*pair)


def pin_docs_ids(scrubber: Scrubber, facts: SpecFacts, operation: str, status: int, body: bytes) -> None:
    """Map an answer's UUIDs onto the docs' example ones at the same places (the org's, its target's).

    The answer's names are read in either dialect (the spec's ``x-production``), so production's
    PascalCase answer lines up with the docs' snake_case example as the reference's does.
    """
    example, schema = facts.examples.get(operation), facts.schemas.get((operation, status))
    try:
        answer = json.loads(body)
    except ValueError:
        return
    if example is None or schema is None:
        return
    reference = spec_doc.translate(facts.document, schema, answer, spec_doc.REFERENCE)
    for value, placeholder in aligned_uuids(example, reference):
        scrubber.placeholders.pin(value, placeholder)


class _LiteralDumper(yaml.SafeDumper):
    """Multi-line strings (the JSON bodies) as YAML literal blocks, so a cassette reads like the wire."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_LiteralDumper.add_representer(str, _represent_str)


def cassette(metadata: Mapping[str, Any], interaction: Mapping[str, Any]) -> str:
    """A VCR cassette (vcrpy's YAML format, version 1) of one interaction, with the gate's ``metadata``."""
    document = {"metadata": dict(metadata), "interactions": [dict(interaction)], "version": 1}
    return yaml.dump(document, Dumper=_LiteralDumper, sort_keys=False, allow_unicode=True, width=100)


def check(name: str, staged: Path, scrubber: Scrubber) -> None:
    """RecordError unless the cassette, read back as the gate reads it, holds no key and no identifier."""
    problems = leftovers(spec_doc.load_yaml(staged), scrubber)
    if problems:
        raise RecordError(f"{name}: {' and '.join(problems)} survived scrubbing")


def write_all(cassettes: Mapping[Path, str], output: Path, scrubber: Scrubber) -> list[Path]:
    """Write every cassette aside in ``output`` and check it there, then move each into place: all of them or none."""
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".record-", dir=output) as staging:
        staged = []
        for index, (target, text) in enumerate(cassettes.items()):
            aside = Path(staging) / f"{index}.yaml"
            aside.write_text(text, encoding="utf-8")
            check(target.relative_to(output).as_posix(), aside, scrubber)
            staged.append((aside, target))
        for _, target in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
        for aside, target in staged:
            aside.replace(target)
    return list(cassettes)


def file_offline(what: str, importer: Callable[[Scrubber], T]) -> T | None:
    """What ``importer`` filed (each source and its cassette), or None once a refusal is said on stderr.

    For the imports that send nothing (``--from-drift``, ``--from-exchanges``): the scrubber knows
    DD_API_KEY/DD_APP_KEY/DD_BEARER_TOKEN if set, so no refusal quotes a credential; ``what`` names the source.
    """
    keys = [os.environ.get(name, "").strip() for name in ("DD_API_KEY", "DD_APP_KEY", "DD_BEARER_TOKEN")]
    scrubber = Scrubber(key for key in keys if key)
    try:
        return importer(scrubber)
    except RecordError as error:
        sys.stderr.write(f"record.py: {scrubber.text(str(error))}; nothing was written\n")
    except OSError as error:
        sys.stderr.write(f"record.py: cannot import {what}: {scrubber.error(error)}\n")
    return None
