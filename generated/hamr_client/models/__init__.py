"""Contains all the data models used in inputs/outputs"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api_error_response import APIErrorResponse
    from .hamr_org_connection_attributes_request import HamrOrgConnectionAttributesRequest
    from .hamr_org_connection_attributes_response import HamrOrgConnectionAttributesResponse
    from .hamr_org_connection_data_request import HamrOrgConnectionDataRequest
    from .hamr_org_connection_data_response import HamrOrgConnectionDataResponse
    from .hamr_org_connection_request import HamrOrgConnectionRequest
    from .hamr_org_connection_response import HamrOrgConnectionResponse
    from .hamr_org_connection_status import HamrOrgConnectionStatus
    from .hamr_org_connection_type import HamrOrgConnectionType
    from .jsonapi_error_item import JSONAPIErrorItem
    from .jsonapi_error_item_meta import JSONAPIErrorItemMeta
    from .jsonapi_error_item_source import JSONAPIErrorItemSource
    from .jsonapi_error_response import JSONAPIErrorResponse

# Which module holds each model: imported on first use.
_MODULES = {
    "APIErrorResponse": ".api_error_response",
    "HamrOrgConnectionAttributesRequest": ".hamr_org_connection_attributes_request",
    "HamrOrgConnectionAttributesResponse": ".hamr_org_connection_attributes_response",
    "HamrOrgConnectionDataRequest": ".hamr_org_connection_data_request",
    "HamrOrgConnectionDataResponse": ".hamr_org_connection_data_response",
    "HamrOrgConnectionRequest": ".hamr_org_connection_request",
    "HamrOrgConnectionResponse": ".hamr_org_connection_response",
    "HamrOrgConnectionStatus": ".hamr_org_connection_status",
    "HamrOrgConnectionType": ".hamr_org_connection_type",
    "JSONAPIErrorItem": ".jsonapi_error_item",
    "JSONAPIErrorItemMeta": ".jsonapi_error_item_meta",
    "JSONAPIErrorItemSource": ".jsonapi_error_item_source",
    "JSONAPIErrorResponse": ".jsonapi_error_response",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})


__all__ = (
    "APIErrorResponse",
    "HamrOrgConnectionAttributesRequest",
    "HamrOrgConnectionAttributesResponse",
    "HamrOrgConnectionDataRequest",
    "HamrOrgConnectionDataResponse",
    "HamrOrgConnectionRequest",
    "HamrOrgConnectionResponse",
    "HamrOrgConnectionStatus",
    "HamrOrgConnectionType",
    "JSONAPIErrorItem",
    "JSONAPIErrorItemMeta",
    "JSONAPIErrorItemSource",
    "JSONAPIErrorResponse",
)
