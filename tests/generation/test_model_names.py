"""A property may be named like what a model's class body uses (``field``, ``dataclass``): the model still builds,
checks and round-trips it (the templates alias the dataclass helpers, as a class body would shadow them)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

Generate = Callable[..., subprocess.CompletedProcess[str]]

SPEC = (Path(__file__).resolve().parents[2] / "openapi" / "hamr.yaml").read_text()
SOURCE = "    JSONAPIErrorItemSource:\n      type: object\n      description: References to the source of the error.\n"
NAMED = "      properties:\n        field:\n          type: string\n        dataclass:\n          type: boolean\n"
USE = """
from hamr_client.errors import SchemaViolation
from hamr_client.models import JSONAPIErrorItemSource

source = JSONAPIErrorItemSource(field="title", dataclass=True, header="Authorization")
assert (source.field, source.dataclass, source.header) == ("title", True, "Authorization")
document = {"field": "title", "dataclass": True, "header": "Authorization"}
assert source.to_dict() == document and JSONAPIErrorItemSource.from_dict(document) == source
try:
    source.field = 1
except SchemaViolation as refused:
    assert str(refused) == "/field: expected a string, got number", refused
else:
    raise AssertionError("an integer was taken as the string property `field`")
"""


def test_a_property_named_like_a_dataclass_helper_is_a_field(generate: Generate, tmp_path: Path) -> None:
    assert SPEC.count(SOURCE + "      properties:\n") == 1, "fixture out of date with the spec"
    spec = tmp_path / "hamr.yaml"
    spec.write_text(SPEC.replace(SOURCE + "      properties:\n", SOURCE + NAMED))
    output = tmp_path / "generated"
    generated = generate("--spec", spec, "--output", output)
    assert generated.returncode == 0, generated.stderr
    env = {**os.environ, "PYTHONPATH": str(output)}
    used = subprocess.run([sys.executable, "-c", USE], capture_output=True, text=True, env=env, check=False)
    assert used.returncode == 0, used.stderr
