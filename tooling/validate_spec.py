"""Validate an OpenAPI document and report each problem as ``file:line:col: path: reason``.

Used on its own by ``nox -s lint`` and as the first step of ``scripts/generate.py``, so a
broken spec is named precisely before any generator runs: first what makes it no OpenAPI document
(YAML, ``$ref``s, openapi-spec-validator), then what would make a valid one generate the wrong
client (tooling/spec_rules.py: a required name without its property, an example its schema
rejects, a ``$ref`` beside another kind).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema.exceptions import best_match
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase
from ruamel.yaml.error import MarkedYAMLError

from tooling import spec_doc, spec_rules

DEFAULT_SPEC = Path(__file__).resolve().parent.parent / "openapi" / "hamr.yaml"


@dataclass(frozen=True)
class SpecProblem:
    file: Path
    line: int
    column: int
    pointer: str
    reason: str

    def __str__(self) -> str:
        where = f" {self.pointer}:" if self.pointer else ""
        return f"{self.file}:{self.line}:{self.column}:{where} {self.reason}"


def _locate(document: Any, path: Sequence[str | int]) -> tuple[int, int]:
    """Line and column (1-based) of the deepest node of ``path`` that exists."""
    line, column = 1, 1
    node: Any = document
    for part in path:
        if not isinstance(node, CommentedBase):
            break
        container: Any = node
        try:
            lines = container.lc
            line, column = lines.key(part) if isinstance(container, dict) else lines.item(part)
            node = container[part]
        except (KeyError, IndexError, TypeError):
            break
        line, column = line + 1, column + 1
    return line, column


def load(spec: Path) -> Any:
    """The document, with line information kept on every mapping and sequence."""
    return YAML(typ="rt").load(spec.read_text(encoding="utf-8"))


def problems(spec: Path) -> list[SpecProblem]:
    """Every problem found in ``spec``; empty when it is a valid OpenAPI 3 document."""
    try:
        document = load(spec)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return [SpecProblem(spec, line, column, "", f"invalid YAML: {exc.problem or exc.context}")]
    if not isinstance(document, dict):
        return [SpecProblem(spec, 1, 1, "", "an OpenAPI document must be a mapping")]

    # openapi-spec-validator stops at the first unresolvable $ref with a bare exception,
    # so every one is named here first, with its place.
    dangling = [
        SpecProblem(spec, *_locate(document, path), spec_doc.pointer(path), f"unresolvable $ref {ref!r}")
        for path, ref in spec_doc.Refs(document).dangling()
    ]
    if dangling:
        return dangling

    version = str(document.get("openapi", ""))
    validator_cls = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    found: list[tuple[list[str | int], SpecProblem]] = []
    for error in validator_cls(_plain(document)).iter_errors():
        path: list[str | int] = list(error.absolute_path)
        if path and path[0] not in document:
            # A keyword-level error has a path relative to the schema that an earlier
            # document-level error named: it refines that one, so it takes its place.
            for index in range(len(found) - 1, -1, -1):
                prefix = found[index][0]
                if prefix and spec_doc.at(document, spec_doc.pointer(prefix + path), None) is not None:
                    path = prefix + path
                    del found[index]
                    break
        found.append((path, SpecProblem(spec, *_locate(document, path), spec_doc.pointer(path), _reason(error))))
    if found:
        return [problem for _, problem in found]
    # A valid document can still generate the wrong client: what Spectral would also say, said here.
    return [
        SpecProblem(spec, *_locate(document, finding.path), spec_doc.pointer(finding.path), finding.reason)
        for finding in spec_rules.findings(_plain(document))
    ]


def _reason(error: Any) -> str:
    if error.context:
        error = best_match(error.context)
    message: str = error.message.splitlines()[0]
    return message if len(message) <= 200 else message[:197] + "..."


def _plain(node: Any) -> Any:
    # The validator's schema types reject ruamel's subclasses of dict/list/str/int/float.
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    for scalar in (bool, str, int, float):
        if isinstance(node, scalar):
            return scalar(node)
    return node


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "spec", nargs="?", type=Path, default=DEFAULT_SPEC, help="OpenAPI document (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    if not args.spec.is_file():
        parser.error(f"no such file: {args.spec}")
    found = problems(args.spec)
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(f"{args.spec}: {len(found)} problem(s); fix the spec and run again", file=sys.stderr)
        return 1
    print(f"{args.spec}: valid OpenAPI {load(args.spec)['openapi']}")
    return 0
