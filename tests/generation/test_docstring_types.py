"""Every generated model's docstring states each attribute's real type: the one it is declared with."""

from __future__ import annotations

import dataclasses
import inspect
import re

import hamr_client.models
import pytest

CLASSES = [model for _, model in inspect.getmembers(hamr_client.models, inspect.isclass)]
MODELS = [model for model in CLASSES if dataclasses.is_dataclass(model)]
# "    name (type): description", as the docstring's Attributes section lists them.
ATTRIBUTE = re.compile(r"^\s{8}(\w+) \((.+?)\):", re.MULTILINE)


def _declared(model: type) -> dict[str, str]:
    fields = dataclasses.fields(model)
    return {field.name: str(field.type) for field in fields if field.name != "additional_properties"}


@pytest.mark.parametrize("model", MODELS, ids=[model.__name__ for model in MODELS])
def test_the_docstring_states_the_declared_types(model: type) -> None:
    stated = dict(ATTRIBUTE.findall(model.__doc__ or ""))
    assert stated == _declared(model)


def test_a_date_time_is_stated_as_datetime_or_str() -> None:
    stated = [typ for model in MODELS for _, typ in ATTRIBUTE.findall(model.__doc__ or "") if "datetime" in typ]
    assert stated, "no model states a date-time"
    assert set(stated) == {"datetime.datetime | str"}
