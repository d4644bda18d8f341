from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import TYPE_CHECKING, Any, TypeVar

from ..models.hamr_org_connection_status import HamrOrgConnectionStatus
from ..parsing import Check, Expect, as_object, enum_member, heard, required, set_checked, wrong_type
from ..types import UNSET, Unset

# The JSON key of each property in the reference's spelling and in production's (x-production).
_KEYS = {
    "hamr_status": "hamr_status",
    "is_primary": "is_primary",
    "modified_by": "modified_by",
    "target_org_uuid": "target_org_uuid",
    "target_org_datacenter": "target_org_datacenter",
    "target_org_name": "target_org_name",
}
_PRODUCTION_KEYS = {
    "hamr_status": "HamrStatus",
    "is_primary": "IsPrimary",
    "modified_by": "ModifiedBy",
    "target_org_uuid": "TargetOrgUuid",
    "target_org_datacenter": "TargetOrgDatacenter",
    "target_org_name": "TargetOrgName",
}

T = TypeVar("T", bound="HamrOrgConnectionAttributesRequest")


# The check of each field that has one (the JSON key it names, what the spec allows), built once.
_CHECKS: dict[str, Check] = {
    "hamr_status": Expect("hamr_status", "a HamrOrgConnectionStatus", HamrOrgConnectionStatus),
    "is_primary": Expect("is_primary", "a boolean", bool, exact=True),
    "modified_by": Expect("modified_by", "a string", str),
    "target_org_uuid": Expect("target_org_uuid", "a string", str),
    "target_org_datacenter": Expect("target_org_datacenter", "a string", str, optional=True),
    "target_org_name": Expect("target_org_name", "a string", str, optional=True),
}


@_dataclass(slots=True, weakref_slot=True)
class HamrOrgConnectionAttributesRequest:
    """Attributes for a HAMR organization connection request.

    Attributes:
        hamr_status (HamrOrgConnectionStatus): Status of the HAMR connection:
            - 0: UNSPECIFIED - Connection status not specified
            - 1: ONBOARDING - Initial setup of HAMR connection
            - 2: PASSIVE - Secondary organization in passive standby mode
            - 3: FAILOVER - Liminal status between PASSIVE and ACTIVE
            - 4: ACTIVE - Organization is an active failover
            - 5: RECOVERY - Recovery operation in progress
             Example: 4.
        is_primary (bool): Indicates whether this organization is the primary organization in the HAMR
            relationship. If true, this is the primary organization. If false, this is the
            secondary/backup organization.
             Example: True.
        modified_by (str): Username or identifier of the user who last modified this HAMR connection. Example:
            admin@example.com.
        target_org_uuid (str): UUID of the target organization in the HAMR relationship. Example:
            660f9511-f3ac-52e5-b827-557766551111.
        target_org_datacenter (str | Unset): Datacenter location of the target organization (e.g., us1, eu1, us5).
            Example: us1.
        target_org_name (str | Unset): Name of the target organization in the HAMR relationship. Example: Production
            Backup Org.
    """

    hamr_status: HamrOrgConnectionStatus = _field(
        metadata={
            "key": "hamr_status",
            "description": "Status of the HAMR connection: - 0: UNSPECIFIED - Connection status not specified - 1: ONBOARDING - Initial setup of HAMR connection - 2: PASSIVE - Secondary organization in passive standby mode - 3: FAILOVER - Liminal status between PASSIVE and ACTIVE - 4: ACTIVE - Organization is an active failover - 5: RECOVERY - Recovery operation in progress",
            "cli": "status",
            "check": (
                "FAILOVER",
                "ACTIVE",
            ),
            "production": "HamrStatus",
        }
    )
    is_primary: bool = _field(
        metadata={
            "key": "is_primary",
            "description": "Indicates whether this organization is the primary organization in the HAMR relationship. If true, this is the primary organization. If false, this is the secondary/backup organization.",
            "production": "IsPrimary",
        }
    )
    modified_by: str = _field(
        metadata={
            "key": "modified_by",
            "description": "Username or identifier of the user who last modified this HAMR connection.",
            "cli": "operator",
            "production": "ModifiedBy",
        }
    )
    target_org_uuid: str = _field(
        metadata={
            "key": "target_org_uuid",
            "description": "UUID of the target organization in the HAMR relationship.",
            "production": "TargetOrgUuid",
        }
    )
    target_org_datacenter: str | Unset = _field(
        default=UNSET,
        metadata={
            "key": "target_org_datacenter",
            "description": "Datacenter location of the target organization (e.g., us1, eu1, us5).",
            "production": "TargetOrgDatacenter",
        },
    )
    target_org_name: str | Unset = _field(
        default=UNSET,
        metadata={
            "key": "target_org_name",
            "description": "Name of the target organization in the HAMR relationship.",
            "production": "TargetOrgName",
        },
    )
    # No check: from_dict sets this once per object, and the values are free-form.
    additional_properties: dict[str, Any] = _field(init=False, default_factory=dict)

    if not TYPE_CHECKING:  # hidden from type checkers, which would then let any attribute name be assigned

        def __setattr__(self, name: str, value: Any) -> None:
            set_checked(self, _CHECKS, name, value)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this model, as the spec writes it (extra properties included)."""
        hamr_status = self.hamr_status.value

        is_primary = self.is_primary

        modified_by = self.modified_by

        target_org_uuid = self.target_org_uuid

        target_org_datacenter = self.target_org_datacenter

        target_org_name = self.target_org_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hamr_status": hamr_status,
                "is_primary": is_primary,
                "modified_by": modified_by,
                "target_org_uuid": target_org_uuid,
            }
        )
        if target_org_datacenter is not UNSET:
            field_dict["target_org_datacenter"] = target_org_datacenter
        if target_org_name is not UNSET:
            field_dict["target_org_name"] = target_org_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a JSON document, every property checked; SchemaViolation (with a JSON pointer) if off the spec."""
        d = as_object(src_dict)
        # Production's spelling (x-production) when its name of a required property is there instead.
        k = _PRODUCTION_KEYS if "hamr_status" not in d and "HamrStatus" in d else _KEYS
        heard("production" if k is _PRODUCTION_KEYS else "reference")
        hamr_status = enum_member(HamrOrgConnectionStatus, required(d, k["hamr_status"]), k["hamr_status"])
        is_primary = required(d, k["is_primary"])
        if type(is_primary) is not bool:
            raise wrong_type(k["is_primary"], "a boolean", is_primary)

        modified_by = required(d, k["modified_by"])
        if not isinstance(modified_by, str):
            raise wrong_type(k["modified_by"], "a string", modified_by)

        target_org_uuid = required(d, k["target_org_uuid"])
        if not isinstance(target_org_uuid, str):
            raise wrong_type(k["target_org_uuid"], "a string", target_org_uuid)

        target_org_datacenter = d.pop(k["target_org_datacenter"], UNSET)
        if target_org_datacenter is not UNSET:
            if not isinstance(target_org_datacenter, str):
                raise wrong_type(k["target_org_datacenter"], "a string", target_org_datacenter)

        target_org_name = d.pop(k["target_org_name"], UNSET)
        if target_org_name is not UNSET:
            if not isinstance(target_org_name, str):
                raise wrong_type(k["target_org_name"], "a string", target_org_name)

        # Every value was checked above: build without re-running the field checks, which guard
        # construction and assignment by users.
        hamr_org_connection_attributes_request = cls.__new__(cls)
        object.__setattr__(hamr_org_connection_attributes_request, "hamr_status", hamr_status)
        object.__setattr__(hamr_org_connection_attributes_request, "is_primary", is_primary)
        object.__setattr__(hamr_org_connection_attributes_request, "modified_by", modified_by)
        object.__setattr__(hamr_org_connection_attributes_request, "target_org_uuid", target_org_uuid)
        object.__setattr__(hamr_org_connection_attributes_request, "target_org_datacenter", target_org_datacenter)
        object.__setattr__(hamr_org_connection_attributes_request, "target_org_name", target_org_name)

        object.__setattr__(hamr_org_connection_attributes_request, "additional_properties", d)
        return hamr_org_connection_attributes_request

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
