from enum import StrEnum
from typing import Any

from ..parsing import member_or_unknown


class HamrOrgConnectionType(StrEnum):
    """Type of the HAMR organization connection resource.

    A ``strict=False`` client keeps a value the spec does not list as an ``UNKNOWN_<value>`` member.
    """

    HAMR_ORG_CONNECTIONS = "hamr_org_connections"

    def __str__(self) -> str:
        return str(self.value)

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return member_or_unknown, (type(self), self.value)
