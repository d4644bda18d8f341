from enum import IntEnum
from typing import Any

from ..parsing import member_or_unknown


class HamrOrgConnectionStatus(IntEnum):
    """Status of the HAMR connection:
    - 0: UNSPECIFIED - Connection status not specified
    - 1: ONBOARDING - Initial setup of HAMR connection
    - 2: PASSIVE - Secondary organization in passive standby mode
    - 3: FAILOVER - Liminal status between PASSIVE and ACTIVE
    - 4: ACTIVE - Organization is an active failover
    - 5: RECOVERY - Recovery operation in progress

    A ``strict=False`` client keeps a value the spec does not list as an ``UNKNOWN_<value>`` member.
    """

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
