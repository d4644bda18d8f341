from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import TYPE_CHECKING, Any, TypeVar

from ..parsing import Check, Expect, as_object, set_checked, wrong_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="JSONAPIErrorItemSource")


# The check of each field that has one (the JSON key it names, what the spec allows), built once.
_CHECKS: dict[str, Check] = {
    "header": Expect("header", "a string", str, optional=True),
    "parameter": Expect("parameter", "a string", str, optional=True),
    "pointer": Expect("pointer", "a string", str, optional=True),
}


@_dataclass(slots=True, weakref_slot=True)
class JSONAPIErrorItemSource:
    """References to the source of the error.

    Attributes:
        header (str | Unset): A string indicating the name of a single request header which caused the error. Example:
            Authorization.
        parameter (str | Unset): A string indicating which URI query parameter caused the error. Example: limit.
        pointer (str | Unset): A JSON pointer to the value in the request document that caused the error. Example:
            /data/attributes/title.
    """

    header: str | Unset = _field(
        default=UNSET,
        metadata={
            "key": "header",
            "description": "A string indicating the name of a single request header which caused the error.",
        },
    )
    parameter: str | Unset = _field(
        default=UNSET,
        metadata={"key": "parameter", "description": "A string indicating which URI query parameter caused the error."},
    )
    pointer: str | Unset = _field(
        default=UNSET,
        metadata={
            "key": "pointer",
            "description": "A JSON pointer to the value in the request document that caused the error.",
        },
    )
    # No check: from_dict sets this once per object, and the values are free-form.
    additional_properties: dict[str, Any] = _field(init=False, default_factory=dict)

    if not TYPE_CHECKING:  # hidden from type checkers, which would then let any attribute name be assigned

        def __setattr__(self, name: str, value: Any) -> None:
            set_checked(self, _CHECKS, name, value)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this model, as the spec writes it (extra properties included)."""
        header = self.header

        parameter = self.parameter

        pointer = self.pointer

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if header is not UNSET:
            field_dict["header"] = header
        if parameter is not UNSET:
            field_dict["parameter"] = parameter
        if pointer is not UNSET:
            field_dict["pointer"] = pointer

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a JSON document, every property checked; SchemaViolation (with a JSON pointer) if off the spec."""
        d = as_object(src_dict)
        header = d.pop("header", UNSET)
        if header is not UNSET:
            if not isinstance(header, str):
                raise wrong_type("header", "a string", header)

        parameter = d.pop("parameter", UNSET)
        if parameter is not UNSET:
            if not isinstance(parameter, str):
                raise wrong_type("parameter", "a string", parameter)

        pointer = d.pop("pointer", UNSET)
        if pointer is not UNSET:
            if not isinstance(pointer, str):
                raise wrong_type("pointer", "a string", pointer)

        # Every value was checked above: build without re-running the field checks, which guard
        # construction and assignment by users.
        jsonapi_error_item_source = cls.__new__(cls)
        object.__setattr__(jsonapi_error_item_source, "header", header)
        object.__setattr__(jsonapi_error_item_source, "parameter", parameter)
        object.__setattr__(jsonapi_error_item_source, "pointer", pointer)

        object.__setattr__(jsonapi_error_item_source, "additional_properties", d)
        return jsonapi_error_item_source

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
