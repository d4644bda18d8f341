from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_response import APIErrorResponse
from ...models.hamr_org_connection_request import HamrOrgConnectionRequest
from ...models.hamr_org_connection_response import HamrOrgConnectionResponse
from ...models.jsonapi_error_response import JSONAPIErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: HamrOrgConnectionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v2/hamr",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse | None:
    if response.status_code == 200:
        response_200 = HamrOrgConnectionResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = JSONAPIErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = JSONAPIErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = APIErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = JSONAPIErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: HamrOrgConnectionRequest,
) -> Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]:
    """Create or update HAMR organization connection

     Create or update the High Availability Multi-Region (HAMR) organization
    connection. This endpoint allows you to configure the HAMR connection between
    the authenticated organization and a target organization, including setting the
    connection status (ONBOARDING, PASSIVE, FAILOVER, ACTIVE, RECOVERY).

    Args:
        body (HamrOrgConnectionRequest): Request payload for creating or updating a HAMR
            organization connection.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: HamrOrgConnectionRequest,
) -> APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse | None:
    """Create or update HAMR organization connection

     Create or update the High Availability Multi-Region (HAMR) organization
    connection. This endpoint allows you to configure the HAMR connection between
    the authenticated organization and a target organization, including setting the
    connection status (ONBOARDING, PASSIVE, FAILOVER, ACTIVE, RECOVERY).

    Args:
        body (HamrOrgConnectionRequest): Request payload for creating or updating a HAMR
            organization connection.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: HamrOrgConnectionRequest,
) -> Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]:
    """Create or update HAMR organization connection

     Create or update the High Availability Multi-Region (HAMR) organization
    connection. This endpoint allows you to configure the HAMR connection between
    the authenticated organization and a target organization, including setting the
    connection status (ONBOARDING, PASSIVE, FAILOVER, ACTIVE, RECOVERY).

    Args:
        body (HamrOrgConnectionRequest): Request payload for creating or updating a HAMR
            organization connection.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: HamrOrgConnectionRequest,
) -> APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse | None:
    """Create or update HAMR organization connection

     Create or update the High Availability Multi-Region (HAMR) organization
    connection. This endpoint allows you to configure the HAMR connection between
    the authenticated organization and a target organization, including setting the
    connection status (ONBOARDING, PASSIVE, FAILOVER, ACTIVE, RECOVERY).

    Args:
        body (HamrOrgConnectionRequest): Request payload for creating or updating a HAMR
            organization connection.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
