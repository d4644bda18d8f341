from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_response import APIErrorResponse
from ...models.hamr_org_connection_response import HamrOrgConnectionResponse
from ...models.jsonapi_error_response import JSONAPIErrorResponse
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v2/hamr",
    }

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

    if response.status_code == 404:
        response_404 = JSONAPIErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = APIErrorResponse.from_dict(response.json())

        return response_429

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
) -> Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]:
    """Get HAMR organization connection

     Retrieve the High Availability Multi-Region (HAMR) organization connection
    details for the authenticated organization. This endpoint returns information
    about the HAMR connection configuration, including the target organization,
    datacenter, status, and whether this is the primary or secondary organization
    in the HAMR relationship.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

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

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

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

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

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

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
