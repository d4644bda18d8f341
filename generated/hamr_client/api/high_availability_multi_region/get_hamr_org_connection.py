from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient
from ...models.api_error_response import APIErrorResponse
from ...models.hamr_org_connection_response import HamrOrgConnectionResponse
from ...models.jsonapi_error_response import JSONAPIErrorResponse
from ...parsing import parse_json_body
from ...types import Response, http_status

# The operationId, named in every error this module raises.
OPERATION = "GetHamrOrgConnection"


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v2/hamr",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient, response: httpx.Response
) -> APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse | None:
    if response.status_code == 200:
        return parse_json_body(response, OPERATION, HamrOrgConnectionResponse.from_dict, strict=client.strict)
    if response.status_code == 400:
        return parse_json_body(response, OPERATION, JSONAPIErrorResponse.from_dict, strict=client.strict)
    if response.status_code == 403:
        return parse_json_body(response, OPERATION, JSONAPIErrorResponse.from_dict, strict=client.strict)
    if response.status_code == 404:
        return parse_json_body(response, OPERATION, JSONAPIErrorResponse.from_dict, strict=client.strict)
    if response.status_code == 429:
        return parse_json_body(response, OPERATION, APIErrorResponse.from_dict, strict=client.strict)
    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, operation=OPERATION, headers=response.headers
        )
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient, response: httpx.Response
) -> Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]:
    parsed = _parse_response(client=client, response=response)
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]:
    """Get HAMR organization connection

     Retrieve the High Availability Multi-Region (HAMR) organization connection
    details for the authenticated organization. This endpoint returns information
    about the HAMR connection configuration, including the target organization,
    datacenter, status, and whether this is the primary or secondary organization
    in the HAMR relationship.

    Responses (from the API reference):
        200: OK -- parsed into the operation's response model.
        400: Bad Request -- the request was malformed; the JSONAPIErrorResponse says which field.
        403: Forbidden -- the API or application key is missing, invalid or lacks the permission.
        404: Not Found -- no HAMR connection is configured for this organization.
        429: Too many requests -- rate limited; retried after X-RateLimit-Reset seconds, then returned as
            APIErrorResponse.

    Raises:
        errors.UnexpectedStatus: The server returned a status the spec does not document (after any retries).
        errors.InvalidResponse: A documented status whose body does not match the spec (not JSON, wrong
            Content-Type, missing or mistyped field, unknown enum value); carries status_code, content and path.
        errors.SchemaViolation: The request body is not a valid model; nothing was sent.
        errors.APITimeoutError: An attempt passed the client's timeout, or the call its deadline (after any retries).
        errors.APIConnectionError: The connection failed (after any retries); never carries a key.
        errors.ClientClosedError: The client was closed.

    Returns:
        Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]
    """

    kwargs = _get_kwargs()

    response = client.send_request(**kwargs)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse | None:
    """Get HAMR organization connection

     Retrieve the High Availability Multi-Region (HAMR) organization connection
    details for the authenticated organization. This endpoint returns information
    about the HAMR connection configuration, including the target organization,
    datacenter, status, and whether this is the primary or secondary organization
    in the HAMR relationship.

    Responses (from the API reference):
        200: OK -- parsed into the operation's response model.
        400: Bad Request -- the request was malformed; the JSONAPIErrorResponse says which field.
        403: Forbidden -- the API or application key is missing, invalid or lacks the permission.
        404: Not Found -- no HAMR connection is configured for this organization.
        429: Too many requests -- rate limited; retried after X-RateLimit-Reset seconds, then returned as
            APIErrorResponse.

    Raises:
        errors.UnexpectedStatus: The server returned a status the spec does not document (after any retries).
        errors.InvalidResponse: A documented status whose body does not match the spec (not JSON, wrong
            Content-Type, missing or mistyped field, unknown enum value); carries status_code, content and path.
        errors.SchemaViolation: The request body is not a valid model; nothing was sent.
        errors.APITimeoutError: An attempt passed the client's timeout, or the call its deadline (after any retries).
        errors.APIConnectionError: The connection failed (after any retries); never carries a key.
        errors.ClientClosedError: The client was closed.

    Returns:
        APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]:
    """Get HAMR organization connection

     Retrieve the High Availability Multi-Region (HAMR) organization connection
    details for the authenticated organization. This endpoint returns information
    about the HAMR connection configuration, including the target organization,
    datacenter, status, and whether this is the primary or secondary organization
    in the HAMR relationship.

    Responses (from the API reference):
        200: OK -- parsed into the operation's response model.
        400: Bad Request -- the request was malformed; the JSONAPIErrorResponse says which field.
        403: Forbidden -- the API or application key is missing, invalid or lacks the permission.
        404: Not Found -- no HAMR connection is configured for this organization.
        429: Too many requests -- rate limited; retried after X-RateLimit-Reset seconds, then returned as
            APIErrorResponse.

    Raises:
        errors.UnexpectedStatus: The server returned a status the spec does not document (after any retries).
        errors.InvalidResponse: A documented status whose body does not match the spec (not JSON, wrong
            Content-Type, missing or mistyped field, unknown enum value); carries status_code, content and path.
        errors.SchemaViolation: The request body is not a valid model; nothing was sent.
        errors.APITimeoutError: An attempt passed the client's timeout, or the call its deadline (after any retries).
        errors.APIConnectionError: The connection failed (after any retries); never carries a key.
        errors.ClientClosedError: The client was closed.

    Returns:
        Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]
    """

    kwargs = _get_kwargs()

    response = await client.asend_request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse | None:
    """Get HAMR organization connection

     Retrieve the High Availability Multi-Region (HAMR) organization connection
    details for the authenticated organization. This endpoint returns information
    about the HAMR connection configuration, including the target organization,
    datacenter, status, and whether this is the primary or secondary organization
    in the HAMR relationship.

    Responses (from the API reference):
        200: OK -- parsed into the operation's response model.
        400: Bad Request -- the request was malformed; the JSONAPIErrorResponse says which field.
        403: Forbidden -- the API or application key is missing, invalid or lacks the permission.
        404: Not Found -- no HAMR connection is configured for this organization.
        429: Too many requests -- rate limited; retried after X-RateLimit-Reset seconds, then returned as
            APIErrorResponse.

    Raises:
        errors.UnexpectedStatus: The server returned a status the spec does not document (after any retries).
        errors.InvalidResponse: A documented status whose body does not match the spec (not JSON, wrong
            Content-Type, missing or mistyped field, unknown enum value); carries status_code, content and path.
        errors.SchemaViolation: The request body is not a valid model; nothing was sent.
        errors.APITimeoutError: An attempt passed the client's timeout, or the call its deadline (after any retries).
        errors.APIConnectionError: The connection failed (after any retries); never carries a key.
        errors.ClientClosedError: The client was closed.

    Returns:
        APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
