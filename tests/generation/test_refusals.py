"""A valid OpenAPI document that would generate the wrong client is refused, at its file, line and column.

The case that made these rules: an unclosed quote in ``modified_at``'s example swallowed the next
property, ``modified_by``, which stayed in ``required``. The YAML stayed valid, openapi-spec-validator
said so, and openapi-python-client generated a model without ``modified_by``, required check included.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from openapi_spec_validator import OpenAPIV30SpecValidator

from tooling import spec_doc

Generate = Callable[..., CompletedProcess[str]]
Digest = Callable[[Path], dict[str, str]]

GOOD = (Path(__file__).resolve().parents[2] / "openapi" / "hamr.yaml").read_text()
RESPONSE_ATTRIBUTES = "/components/schemas/HamrOrgConnectionAttributesResponse"
REQUEST_ATTRIBUTES = "/components/schemas/HamrOrgConnectionAttributesRequest"
QUOTED = 'example: "2026-01-13T17:26:48.830968Z"\n        modified_by:'
MODIFIED_BY = '        modified_by:\n          $ref: "#/components/schemas/HamrOrgConnectionModifiedBy"\n'


def _broken(old: str, new: str) -> str:
    assert GOOD.count(old) >= 1, f"fixture out of date with the spec: {old!r} not found"
    return GOOD.replace(old, new, 1)


# The quote closing modified_at's example, forgotten: exactly the edit the issue describes.
SWALLOWED = _broken(QUOTED, QUOTED.replace('Z"', "Z", 1))


def _line_of(text: str, pattern: str, after: str = "") -> int:
    """The 1-based line of the first line matching ``pattern`` after the first line containing ``after``."""
    lines = text.splitlines()
    start = next(index for index, line in enumerate(lines) if after in line)
    return next(index for index in range(start, len(lines)) if re.search(pattern, lines[index])) + 1


@pytest.fixture
def output(fresh_generation: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(fresh_generation, tmp_path / "generated"))


def test_the_swallowed_property_is_as_the_issue_describes() -> None:
    # Valid YAML, valid OpenAPI 3.0.3, and modified_by gone from the properties but still required.
    document = spec_doc.parse(SWALLOWED)
    assert list(OpenAPIV30SpecValidator(document).iter_errors()) == []
    schema = spec_doc.at(document, RESPONSE_ATTRIBUTES)
    assert "modified_by" in schema["required"]
    assert "modified_by" not in schema["properties"]
    assert "modified_by" in schema["properties"]["modified_at"]["example"]


def test_generation_refuses_the_swallowed_property(
    output: Path, tmp_path: Path, generate: Generate, digest: Digest
) -> None:
    spec = tmp_path / "swallowed.yaml"
    spec.write_text(SWALLOWED)
    before = digest(output)

    result = generate("--spec", spec, "--output", output)

    assert result.returncode == 1
    required_line = _line_of(SWALLOWED, r"^\s+- modified_by$", "HamrOrgConnectionAttributesResponse:")
    example_line = _line_of(SWALLOWED, r"example: \"2026", "HamrOrgConnectionAttributesResponse:")
    assert re.search(
        rf"swallowed\.yaml:{required_line}:\d+: {RESPONSE_ATTRIBUTES}/required/\d: 'modified_by' is required "
        r"but the schema has no property 'modified_by'.*drop it from the model, required check included",
        result.stderr,
    ), result.stderr
    assert re.search(
        rf"swallowed\.yaml:{example_line}:\d+: {RESPONSE_ATTRIBUTES}/properties/modified_at/example: "
        r"the example does not validate .*is not a 'date-time'",
        result.stderr,
    ), result.stderr
    assert "openapi-python-client" not in result.stderr  # refused before anything was generated
    assert f"{output} was left untouched" in result.stderr
    assert digest(output) == before


# (name, broken spec text, the pointer named, a regex of the reason)
REFUSED = [
    (
        "example-off-its-schema",
        _broken("hamr_status: 4\n                      is_primary", "hamr_status: 7\n                      is_primary"),
        "/paths/~1api~1v2~1hamr/post/requestBody/content/application~1json/examples/default/value/data/attributes/"
        "hamr_status",
        r"the example does not validate against its schema .* at /data/attributes/hamr_status: 7 is not one of",
    ),
    (
        "example-format",
        _broken('modified_at: "2026-01-13T17:26:48.830968Z"', 'modified_at: "yesterday"'),
        "/components/examples/HamrOrgConnectionResponseExample/value/data/attributes/modified_at",
        r"'yesterday' is not a 'date-time'",
    ),
    (
        "ref-changes-kind",
        _broken(MODIFIED_BY, MODIFIED_BY + "          type: integer\n"),
        f"{REQUEST_ATTRIBUTES}/properties/modified_by/type",
        r"type: integer beside a \$ref to /components/schemas/HamrOrgConnectionModifiedBy, which is type: string: "
        r"OpenAPI 3\.0 ignores a \$ref's siblings",
    ),
]


@pytest.mark.parametrize(("text", "where", "reason"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_generation_refuses(
    text: str, where: str, reason: str, output: Path, tmp_path: Path, generate: Generate
) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(text)
    result = generate("--spec", spec, "--output", output)
    assert result.returncode == 1
    found = re.search(rf"broken\.yaml:(\d+):(\d+): {re.escape(where)}: (.*)", result.stderr)
    assert found, result.stderr
    assert re.search(reason, found.group(3)), found.group(3)
    line, column = int(found.group(1)), int(found.group(2))
    named = text.splitlines()[line - 1][column - 1 :]
    assert named.startswith(spec_doc.parts(where)[-1]), f"line {line} col {column} is {named!r}, not {where}"
