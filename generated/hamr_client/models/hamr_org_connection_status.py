from enum import IntEnum


class HamrOrgConnectionStatus(IntEnum):
    UNSPECIFIED = 0
    ONBOARDING = 1
    PASSIVE = 2
    FAILOVER = 3
    ACTIVE = 4
    RECOVERY = 5

    def __str__(self) -> str:
        return str(self.value)
