from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.hamr_org_connection_type import HamrOrgConnectionType

if TYPE_CHECKING:
    from ..models.hamr_org_connection_attributes_response import HamrOrgConnectionAttributesResponse


T = TypeVar("T", bound="HamrOrgConnectionDataResponse")


@_attrs_define
class HamrOrgConnectionDataResponse:
    """Data object for a HAMR organization connection response.

    Attributes:
        attributes (HamrOrgConnectionAttributesResponse): Attributes of a HAMR organization connection response.
        id (str): The organization UUID for this HAMR connection. Example: 550e8400-e29b-41d4-a716-446655440000.
        type_ (HamrOrgConnectionType): Type of the HAMR organization connection resource. Example: hamr_org_connections.
    """

    attributes: HamrOrgConnectionAttributesResponse
    id: str
    type_: HamrOrgConnectionType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
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
        from ..models.hamr_org_connection_attributes_response import HamrOrgConnectionAttributesResponse  # noqa: PLC0415

        d = dict(src_dict)
        attributes = HamrOrgConnectionAttributesResponse.from_dict(d.pop("attributes"))

        id = d.pop("id")

        type_ = HamrOrgConnectionType(d.pop("type"))

        hamr_org_connection_data_response = cls(
            attributes=attributes,
            id=id,
            type_=type_,
        )

        hamr_org_connection_data_response.additional_properties = d
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
