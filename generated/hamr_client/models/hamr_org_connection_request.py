from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import TYPE_CHECKING, Any, TypeVar

from ..parsing import Check, Expect, as_object, nested, required, set_checked

T = TypeVar("T", bound="HamrOrgConnectionRequest")


# The check of each field that has one (the JSON key it names, what the spec allows), built once.
_CHECKS: dict[str, Check] = {
    "data": Expect(
        "data",
        "a HamrOrgConnectionDataRequest",
        lazy=("hamr_client.models.hamr_org_connection_data_request", "HamrOrgConnectionDataRequest"),
    ),
}


@_dataclass(slots=True, weakref_slot=True)
class HamrOrgConnectionRequest:
    """Request payload for creating or updating a HAMR organization connection.

    Attributes:
        data (HamrOrgConnectionDataRequest): Data object for a HAMR organization connection request.
    """

    data: HamrOrgConnectionDataRequest = _field(
        metadata={"key": "data", "description": "Data object for a HAMR organization connection request."}
    )
    # No check: from_dict sets this once per object, and the values are free-form.
    additional_properties: dict[str, Any] = _field(init=False, default_factory=dict)

    if not TYPE_CHECKING:  # hidden from type checkers, which would then let any attribute name be assigned

        def __setattr__(self, name: str, value: Any) -> None:
            set_checked(self, _CHECKS, name, value)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this model, as the spec writes it (extra properties included)."""
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a JSON document, every property checked; SchemaViolation (with a JSON pointer) if off the spec."""
        d = as_object(src_dict)
        data = nested(HamrOrgConnectionDataRequest.from_dict, required(d, "data"), "data")
        # Every value was checked above: build without re-running the field checks, which guard
        # construction and assignment by users.
        hamr_org_connection_request = cls.__new__(cls)
        object.__setattr__(hamr_org_connection_request, "data", data)

        object.__setattr__(hamr_org_connection_request, "additional_properties", d)
        return hamr_org_connection_request

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
from ..models.hamr_org_connection_data_request import HamrOrgConnectionDataRequest  # noqa: E402
