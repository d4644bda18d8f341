from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import TYPE_CHECKING, Any, TypeVar

from ..models.hamr_org_connection_type import HamrOrgConnectionType
from ..parsing import Check, Expect, as_object, enum_member, nested, required, set_checked, wrong_type

T = TypeVar("T", bound="HamrOrgConnectionDataResponse")


# The check of each field that has one (the JSON key it names, what the spec allows), built once.
_CHECKS: dict[str, Check] = {
    "attributes": Expect(
        "attributes",
        "a HamrOrgConnectionAttributesResponse",
        lazy=("hamr_client.models.hamr_org_connection_attributes_response", "HamrOrgConnectionAttributesResponse"),
    ),
    "id": Expect("id", "a string", str),
    "type_": Expect("type", "a HamrOrgConnectionType", HamrOrgConnectionType),
}


@_dataclass(slots=True, weakref_slot=True)
class HamrOrgConnectionDataResponse:
    """Data object for a HAMR organization connection response.

    Attributes:
        attributes (HamrOrgConnectionAttributesResponse): Attributes of a HAMR organization connection response.
        id (str): The organization UUID for this HAMR connection. Example: 550e8400-e29b-41d4-a716-446655440000.
        type_ (HamrOrgConnectionType): Type of the HAMR organization connection resource. Example: hamr_org_connections.
    """

    attributes: HamrOrgConnectionAttributesResponse = _field(
        metadata={"key": "attributes", "description": "Attributes of a HAMR organization connection response."}
    )
    id: str = _field(
        metadata={"key": "id", "description": "The organization UUID for this HAMR connection.", "cli": "org"}
    )
    type_: HamrOrgConnectionType = _field(
        metadata={"key": "type", "description": "Type of the HAMR organization connection resource."}
    )
    # No check: from_dict sets this once per object, and the values are free-form.
    additional_properties: dict[str, Any] = _field(init=False, default_factory=dict)

    if not TYPE_CHECKING:  # hidden from type checkers, which would then let any attribute name be assigned

        def __setattr__(self, name: str, value: Any) -> None:
            set_checked(self, _CHECKS, name, value)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this model, as the spec writes it (extra properties included)."""
        attributes = self.attributes.to_dict()

        id = self.id

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attributes": attributes,
                "id": id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a JSON document, every property checked; SchemaViolation (with a JSON pointer) if off the spec."""
        d = as_object(src_dict)
        attributes = nested(HamrOrgConnectionAttributesResponse.from_dict, required(d, "attributes"), "attributes")
        id = required(d, "id")
        if not isinstance(id, str):
            raise wrong_type("id", "a string", id)

        type_ = enum_member(HamrOrgConnectionType, required(d, "type"), "type")
        # Every value was checked above: build without re-running the field checks, which guard
        # construction and assignment by users.
        hamr_org_connection_data_response = cls.__new__(cls)
        object.__setattr__(hamr_org_connection_data_response, "attributes", attributes)
        object.__setattr__(hamr_org_connection_data_response, "id", id)
        object.__setattr__(hamr_org_connection_data_response, "type_", type_)

        object.__setattr__(hamr_org_connection_data_response, "additional_properties", d)
        return hamr_org_connection_data_response

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
from ..models.hamr_org_connection_attributes_response import HamrOrgConnectionAttributesResponse  # noqa: E402
