"""A broken spec stops generation with file, line and reason, and leaves the output untouched."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

Generate = Callable[..., CompletedProcess[str]]
Digest = Callable[[Path], dict[str, str]]

JSON_BODY = 'application/json:\n            schema:\n              $ref: "#/components/schemas/HamrOrgConnectionRequest'
GOOD = (Path(__file__).resolve().parents[2] / "openapi" / "hamr.yaml").read_text()


def _broken(old: str, new: str, count: int = 1) -> str:
    assert old in GOOD, f"fixture out of date with the spec: {old!r} not found"
    return GOOD.replace(old, new, count)


# (name, broken spec text, regex the message must match: file:line:col, JSON path, reason)
BROKEN_SPECS = [
    ("invalid-yaml", _broken("paths:\n", "paths: [\n"), r"broken\.yaml:\d+:\d+: invalid YAML"),
    (
        "dangling-ref",
        _broken('$ref: "#/components/schemas/HamrOrgConnectionType"', '$ref: "#/components/schemas/NoSuchType"'),
        r"broken\.yaml:\d+:\d+: /components/schemas/HamrOrgConnectionDataRequest/properties/type/\$ref: "
        r"unresolvable \$ref '#/components/schemas/NoSuchType'",
    ),
    (
        "unknown-type",
        _broken("type: boolean", "type: bool"),
        r"broken\.yaml:\d+:\d+: /components/schemas/HamrOrgConnectionIsPrimary/type: 'bool' is not one of",
    ),
    (
        "missing-info",
        _broken("\ninfo:\n", "\nx-info:\n"),
        r'broken\.yaml:1:1: "info" is a required property',
    ),
    (
        "generator-rejects-valid-spec",
        _broken(JSON_BODY, JSON_BODY.replace("json", "xml")),
        r"broken\.yaml: openapi-python-client failed .*\n(.*\n)*.*Unsupported content type application/xml",
    ),
]


@pytest.fixture
def output(fresh_generation: Path, tmp_path: Path) -> Path:
    """A copy of a good generation, standing in for generated/."""
    return Path(shutil.copytree(fresh_generation, tmp_path / "generated"))


@pytest.mark.parametrize(("text", "message"), [case[1:] for case in BROKEN_SPECS], ids=[c[0] for c in BROKEN_SPECS])
def test_broken_spec_fails_clearly_and_changes_nothing(
    text: str, message: str, output: Path, tmp_path: Path, generate: Generate, digest: Digest
) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(text)
    before = digest(output)

    result = generate("--spec", spec, "--output", output)

    assert result.returncode == 1
    assert re.search(message, result.stderr), result.stderr
    assert f"{output} was left untouched" in result.stderr
    assert digest(output) == before
    assert not [p for p in output.parent.iterdir() if p.name.startswith(".generate-")], "scratch dir left behind"


def test_the_line_named_is_the_broken_line(output: Path, tmp_path: Path, generate: Generate) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(BROKEN_SPECS[2][1])
    result = generate("--spec", spec, "--output", output)
    line = int(re.search(r"broken\.yaml:(\d+):", result.stderr).group(1))  # type: ignore[union-attr]
    assert spec.read_text().splitlines()[line - 1].strip() == "type: bool"


def test_good_spec_replaces_the_output(output: Path, generate: Generate) -> None:
    (output / "hamr_client" / "stale.py").write_text("")
    result = generate("--output", output)
    assert result.returncode == 0, result.stderr
    assert not (output / "hamr_client" / "stale.py").exists()


@pytest.mark.parametrize("args", [["--no-such-flag"], ["--spec", "/no/such/spec.yaml"]])
def test_bad_arguments_get_a_usage_message(args: list[str], generate: Generate) -> None:
    result = generate(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: generate.py")
