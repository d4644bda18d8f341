from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from attrs import setters as _attrs_setters

from ..parsing import (
    as_object,
)

T = TypeVar("T", bound="JSONAPIErrorItemMeta")


@_attrs_define
class JSONAPIErrorItemMeta:
    """Non-standard meta-information about the error"""

    # No on_setattr hook: from_dict sets this once per object, and the values are free-form.
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, on_setattr=_attrs_setters.NO_OP)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this model, as the spec writes it (extra properties included)."""

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a JSON document, every property checked; SchemaViolation (with a JSON pointer) if off the spec."""
        d = as_object(src_dict)
        # Every value was checked above: build without re-running the attrs validators, which
        # guard construction and assignment by users.
        jsonapi_error_item_meta = cls.__new__(cls)

        object.__setattr__(jsonapi_error_item_meta, "additional_properties", d)
        return jsonapi_error_item_meta

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
