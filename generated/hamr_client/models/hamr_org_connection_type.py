from enum import StrEnum


class HamrOrgConnectionType(StrEnum):
    HAMR_ORG_CONNECTIONS = "hamr_org_connections"

    def __str__(self) -> str:
        return str(self.value)
