from enum import IntEnum
from typing import Any

from ..parsing import member_or_unknown


class HamrOrgConnectionStatus(IntEnum):
    UNSPECIFIED = 0
    ONBOARDING = 1
    PASSIVE = 2
    FAILOVER = 3
    ACTIVE = 4
    RECOVERY = 5

    def __str__(self) -> str:
        return str(self.value)

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return member_or_unknown, (type(self), self.value)
