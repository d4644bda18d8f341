"""The spec's documented example bodies, as data: the installed package does not ship openapi/hamr.yaml.

tests/testing/test_examples.py checks each one equals its place in the spec, so they cannot drift.
"""

from __future__ import annotations

from typing import Any, Final

#: ``paths./api/v2/hamr.post.requestBody...examples.default``: the docs' example request.
CONNECTION_REQUEST: Final[dict[str, Any]] = {
    "data": {
        "attributes": {
            "hamr_status": 4,
            "is_primary": True,
            "modified_by": "admin@example.com",
            "target_org_datacenter": "us1",
            "target_org_name": "Production Backup Org",
            "target_org_uuid": "660f9511-f3ac-52e5-b827-557766551111",
        },
        "id": "550e8400-e29b-41d4-a716-446655440000",
        "type": "hamr_org_connections",
    }
}

#: ``components.examples.HamrOrgConnectionResponseExample``: the docs' example 200 body.
CONNECTION_RESPONSE: Final[dict[str, Any]] = {
    "data": {
        "attributes": {
            "hamr_status": 4,
            "is_primary": True,
            "modified_at": "2026-01-13T17:26:48.830968Z",
            "modified_by": "admin@example.com",
            "target_org_datacenter": "us1",
            "target_org_name": "Production Backup Org",
            "target_org_uuid": "660f9511-f3ac-52e5-b827-557766551111",
        },
        "id": "550e8400-e29b-41d4-a716-446655440000",
        "type": "hamr_org_connections",
    }
}

#: ``components.examples.JSONAPIErrorResponseExample``: the example of every 400, 403, 404 and 500.
JSONAPI_ERROR: Final[dict[str, Any]] = {
    "errors": [
        {
            "detail": "Missing required attribute in body",
            "meta": {},
            "source": {"header": "Authorization", "parameter": "limit", "pointer": "/data/attributes/title"},
            "status": "400",
            "title": "Bad Request",
        }
    ]
}

#: ``components.responses.TooManyRequestsResponse...examples.default``: the docs' example 429 body.
TOO_MANY_REQUESTS: Final[dict[str, Any]] = {"errors": ["Bad Request"]}

#: ``components.responses.UnauthorizedResponse...examples.default``: production's 401 to wrong keys (recorded).
UNAUTHORIZED: Final[dict[str, Any]] = {"errors": ["Unauthorized"]}

#: The example body of each status the spec documents (for either operation).
BY_STATUS: Final[dict[int, dict[str, Any]]] = {
    200: CONNECTION_RESPONSE,
    400: JSONAPI_ERROR,
    401: UNAUTHORIZED,
    403: JSONAPI_ERROR,
    404: JSONAPI_ERROR,
    429: TOO_MANY_REQUESTS,
    500: JSONAPI_ERROR,
}

__all__ = [
    "BY_STATUS",
    "CONNECTION_REQUEST",
    "CONNECTION_RESPONSE",
    "JSONAPI_ERROR",
    "TOO_MANY_REQUESTS",
    "UNAUTHORIZED",
]
