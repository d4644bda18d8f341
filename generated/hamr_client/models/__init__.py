"""Contains all the data models used in inputs/outputs"""

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
