"""``hamr set``'s field options are the spec's request fields: one each, and each one writes its field."""

from __future__ import annotations

import re

import pytest
from hamr_client.testing import HamrFake

from tests.cli.harness import LINK, in_process
from tests.cli.spec import Field, request_fields, status_field

# A single-valued enum (the JSON:API `type`) has nothing to choose: it is filled in, never an option.
SETTABLE = [field for field in request_fields() if len(field.schema.get("enum", [None, None])) > 1]


def option(field: Field) -> str:
    return "--" + field.path[-1].replace("_", "-")


def fields_section(fake: HamrFake) -> str:
    """The help's section of field options."""
    shown = in_process(fake, "set", "--help")
    assert shown.code == 0
    return shown.stdout.split("\nfields (", 1)[1].split("\n\n", 1)[0]


def test_help_has_an_option_for_each_field_and_no_other(hamr_fake: HamrFake) -> None:
    listed = re.findall(r"^  (--[\w-]+)", fields_section(hamr_fake), flags=re.MULTILINE)
    assert sorted(listed) == sorted(option(field) for field in SETTABLE)  # the model's order: required first


def test_help_says_which_fields_linking_needs_and_what_each_means(hamr_fake: HamrFake) -> None:
    text = " ".join(fields_section(hamr_fake).split())
    for field in SETTABLE:
        entry = text.split(option(field) + " ", 1)[1].split(" --", 1)[0]
        assert ("Needed to link" in entry) is field.required, field.path
        assert " ".join(field.schema["description"].split())[:40] in entry or "enum" in field.schema
    for name in status_field().schema["x-enum-varnames"]:
        assert name in text


@pytest.mark.parametrize("field", SETTABLE, ids=lambda field: "/".join(field.path))
def test_each_option_writes_its_field_with_the_specs_example(hamr_fake: HamrFake, field: Field) -> None:
    assert in_process(hamr_fake, "set", *LINK, "--yes").code == 0
    example = field.schema["example"]
    text = str(example).lower() if isinstance(example, bool) else str(example)
    written = in_process(hamr_fake, "set", option(field), text, "--yes")
    assert written.code == 0, written.stderr
    value = hamr_fake.writes[-1]
    for key in field.path:
        value = value[key]
    assert value == example
