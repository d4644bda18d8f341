from enum import StrEnum
from typing import Any

from ..parsing import member_or_unknown


class HamrOrgConnectionType(StrEnum):
    """Type of the HAMR organization connection resource."""

    HAMR_ORG_CONNECTIONS = "hamr_org_connections"

    def __str__(self) -> str:
        return str(self.value)

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return member_or_unknown, (type(self), self.value)
