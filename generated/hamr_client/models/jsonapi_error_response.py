from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from attrs import setters as _attrs_setters

from ..parsing import (
    Expect,
    array,
    as_object,
    nested,
    required,
)

T = TypeVar("T", bound="JSONAPIErrorResponse")


@_attrs_define
class JSONAPIErrorResponse:
    """API error response.

    Attributes:
        errors (list[JSONAPIErrorItem]): A list of errors.
    """

    errors: list[JSONAPIErrorItem] = _attrs_field(
        validator=Expect(
            "errors",
            "a JSONAPIErrorItem",
            lazy=("hamr_client.models.jsonapi_error_item", "JSONAPIErrorItem"),
            items=True,
        ),
        metadata={"key": "errors", "description": "A list of errors."},
    )
    # No on_setattr hook: from_dict sets this once per object, and the values are free-form.
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, on_setattr=_attrs_setters.NO_OP)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this model, as the spec writes it (extra properties included)."""
        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errors": errors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a JSON document, every property checked; SchemaViolation (with a JSON pointer) if off the spec."""
        d = as_object(src_dict)
        errors = array(
            lambda item, index: nested(JSONAPIErrorItem.from_dict, item, index), required(d, "errors"), "errors"
        )
        # Every value was checked above: build without re-running the attrs validators, which
        # guard construction and assignment by users.
        jsonapi_error_response = cls.__new__(cls)
        object.__setattr__(jsonapi_error_response, "errors", errors)

        object.__setattr__(jsonapi_error_response, "additional_properties", d)
        return jsonapi_error_response

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


# Imported last, once: models may refer to each other, and an import inside from_dict/to_dict
# would cost more than the rest of parsing a small object.
from ..models.jsonapi_error_item import JSONAPIErrorItem  # noqa: E402
