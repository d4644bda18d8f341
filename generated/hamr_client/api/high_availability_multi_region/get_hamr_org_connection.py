from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from ... import errors, models
from ...client import AuthenticatedClient
from ...models.hamr_org_connection_response import HamrOrgConnectionResponse
from ...parsing import parse_json_body
from ...types import Response, http_status

# The operationId, named in every error this module raises.
OPERATION = "GetHamrOrgConnection"
# The response headers the spec documents: what a drift capture keeps of an answer, beside Content-Type.
RESPONSE_HEADERS: tuple[str, ...] = (
    "X-RateLimit-Limit",
    "X-RateLimit-Name",
    "X-RateLimit-Period",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
)


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v2/hamr",
    }

    return _kwargs


T = TypeVar("T")


def _body(client: AuthenticatedClient, response: httpx.Response, parse: Callable[[Any], T]) -> T:
    """A documented JSON body parsed by ``parse``, as strict as the client, its drift kept if the client keeps it."""
    return parse_json_body(
        response,
        OPERATION,
        parse,
        strict=client.strict,
        capture=client.drift_capture,
        documented_headers=RESPONSE_HEADERS,
        on_dialect=client.hear,
    )


def _parse_response(
    *, client: AuthenticatedClient, response: httpx.Response
) -> models.APIErrorResponse | HamrOrgConnectionResponse | models.JSONAPIErrorResponse | None:
    if response.status_code == 200:
        return _body(client, response, HamrOrgConnectionResponse.from_dict)

    if response.status_code == 400:
        return _body(client, response, models.JSONAPIErrorResponse.from_dict)

    if response.status_code == 401:
        return _body(client, response, models.APIErrorResponse.from_dict)

    if response.status_code == 403:
        return _body(client, response, models.JSONAPIErrorResponse.from_dict)

    if response.status_code == 404:
        return _body(client, response, models.JSONAPIErrorResponse.from_dict)

    if response.status_code == 429:
        return _body(client, response, models.APIErrorResponse.from_dict)

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response, operation=OPERATION)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient, response: httpx.Response
) -> Response[models.APIErrorResponse | HamrOrgConnectionResponse | models.JSONAPIErrorResponse]:
    parsed = _parse_response(client=client, response=response)
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def _parse_success(*, client: AuthenticatedClient, response: httpx.Response) -> HamrOrgConnectionResponse:
    """The body of a success (2xx); any other status raises (errors.APIStatusError and subclasses)."""
    if response.status_code == 200:
        return _body(client, response, HamrOrgConnectionResponse.from_dict)

    if response.status_code == 400:
        raise errors.status_error(
            response,
            _parse_response(client=client, response=response),
            operation=OPERATION,
            description="Bad Request",
            advice="Datadog refused the request as malformed; the details name the field. Fix the request: sending it again gives the same answer.",
        )
    if response.status_code == 401:
        raise errors.status_error(
            response,
            _parse_response(client=client, response=response),
            operation=OPERATION,
            description="Unauthorized",
            advice="Datadog did not accept the credentials: check that DD_API_KEY is a valid API key and DD_APP_KEY a valid application key of the same organization (or, with a token, that DD_BEARER_TOKEN is a current OAuth access token of it), and that the site (DD_SITE) is that organization's.",
        )
    if response.status_code == 403:
        raise errors.status_error(
            response,
            _parse_response(client=client, response=response),
            operation=OPERATION,
            description="Forbidden",
            advice="Check that DD_API_KEY and DD_APP_KEY are valid keys of the same organization, that the site (DD_SITE) is that organization's, and that the application key's scopes allow this call.",
        )
    if response.status_code == 404:
        raise errors.status_error(
            response,
            _parse_response(client=client, response=response),
            operation=OPERATION,
            description="Not Found",
            advice="No HAMR connection is configured for this organization: set up Disaster Recovery (CreateHamrOrgConnection) first, or check that the keys and the site are of the organization you mean.",
        )
    if response.status_code == 429:
        raise errors.status_error(
            response,
            _parse_response(client=client, response=response),
            operation=OPERATION,
            description="Too many requests",
            advice="Still rate limited after the client's retries: wait the X-RateLimit-Reset seconds in the headers before trying again.",
        )
    raise errors.UnexpectedStatus(response, operation=OPERATION)


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[models.APIErrorResponse | HamrOrgConnectionResponse | models.JSONAPIErrorResponse]:
    """Get HAMR organization connection

     Retrieve the High Availability Multi-Region (HAMR) organization connection
    details for the authenticated organization. This endpoint returns information
    about the HAMR connection configuration, including the target organization,
    datacenter, status, and whether this is the primary or secondary organization
    in the HAMR relationship.

    Responses (from the API reference):
        200: OK
        400: Bad Request -- Datadog refused the request as malformed; the details name the field. Fix
            the request: sending it again gives the same answer.
        401: Unauthorized -- Datadog did not accept the credentials: check that DD_API_KEY is a valid
            API key and DD_APP_KEY a valid application key of the same organization (or, with a token,
            that DD_BEARER_TOKEN is a current OAuth access token of it), and that the site (DD_SITE)
            is that organization's.
        403: Forbidden -- Check that DD_API_KEY and DD_APP_KEY are valid keys of the same organization,
            that the site (DD_SITE) is that organization's, and that the application key's scopes
            allow this call.
        404: Not Found -- No HAMR connection is configured for this organization: set up Disaster
            Recovery (CreateHamrOrgConnection) first, or check that the keys and the site are of the
            organization you mean.
        429: Too many requests -- Still rate limited after the client's retries: wait the
            X-RateLimit-Reset seconds in the headers before trying again.

    Raises:
        errors.UnexpectedStatus: The server returned a status the spec does not document (after any retries).
        errors.InvalidResponse: A documented status whose body does not match the spec (not JSON, wrong
            Content-Type, missing or mistyped field, unknown enum value); carries status_code, content and path.
        errors.SchemaViolation: The request body is not a valid model; nothing was sent.
        errors.APITimeoutError: An attempt passed the client's timeout, or the call its deadline (after any retries).
        errors.APIConnectionError: The connection failed (after any retries); never carries a key.
        errors.ClientClosedError: The client was closed.

    Returns:
        Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]: every documented status, its body parsed.
    """

    kwargs = _get_kwargs()

    response = client.send_request(**kwargs)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> HamrOrgConnectionResponse:
    """Get HAMR organization connection

     Retrieve the High Availability Multi-Region (HAMR) organization connection
    details for the authenticated organization. This endpoint returns information
    about the HAMR connection configuration, including the target organization,
    datacenter, status, and whether this is the primary or secondary organization
    in the HAMR relationship.

    Responses (from the API reference):
        200: OK
        400: Bad Request -- Datadog refused the request as malformed; the details name the field. Fix
            the request: sending it again gives the same answer.
        401: Unauthorized -- Datadog did not accept the credentials: check that DD_API_KEY is a valid
            API key and DD_APP_KEY a valid application key of the same organization (or, with a token,
            that DD_BEARER_TOKEN is a current OAuth access token of it), and that the site (DD_SITE)
            is that organization's.
        403: Forbidden -- Check that DD_API_KEY and DD_APP_KEY are valid keys of the same organization,
            that the site (DD_SITE) is that organization's, and that the application key's scopes
            allow this call.
        404: Not Found -- No HAMR connection is configured for this organization: set up Disaster
            Recovery (CreateHamrOrgConnection) first, or check that the keys and the site are of the
            organization you mean.
        429: Too many requests -- Still rate limited after the client's retries: wait the
            X-RateLimit-Reset seconds in the headers before trying again.

    Raises:
        errors.APIStatusError: Any status but a success, after any retries, as the subclass for its status
            (errors.STATUS_ERRORS; InternalServerError for another 5xx); UnexpectedStatus for a status the spec
            does not document. It carries status_code, body (the parsed error model), response and operation;
            its message says what to do.
        errors.InvalidResponse: A documented status whose body does not match the spec (not JSON, wrong
            Content-Type, missing or mistyped field, unknown enum value); carries status_code, content and path.
        errors.SchemaViolation: The request body is not a valid model; nothing was sent.
        errors.APITimeoutError: An attempt passed the client's timeout, or the call its deadline (after any retries).
        errors.APIConnectionError: The connection failed (after any retries); never carries a key.
        errors.ClientClosedError: The client was closed.

    Returns:
        HamrOrgConnectionResponse: the body of the success.
    """

    kwargs = _get_kwargs()

    response = client.send_request(**kwargs)

    return _parse_success(client=client, response=response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[models.APIErrorResponse | HamrOrgConnectionResponse | models.JSONAPIErrorResponse]:
    """Get HAMR organization connection

     Retrieve the High Availability Multi-Region (HAMR) organization connection
    details for the authenticated organization. This endpoint returns information
    about the HAMR connection configuration, including the target organization,
    datacenter, status, and whether this is the primary or secondary organization
    in the HAMR relationship.

    Responses (from the API reference):
        200: OK
        400: Bad Request -- Datadog refused the request as malformed; the details name the field. Fix
            the request: sending it again gives the same answer.
        401: Unauthorized -- Datadog did not accept the credentials: check that DD_API_KEY is a valid
            API key and DD_APP_KEY a valid application key of the same organization (or, with a token,
            that DD_BEARER_TOKEN is a current OAuth access token of it), and that the site (DD_SITE)
            is that organization's.
        403: Forbidden -- Check that DD_API_KEY and DD_APP_KEY are valid keys of the same organization,
            that the site (DD_SITE) is that organization's, and that the application key's scopes
            allow this call.
        404: Not Found -- No HAMR connection is configured for this organization: set up Disaster
            Recovery (CreateHamrOrgConnection) first, or check that the keys and the site are of the
            organization you mean.
        429: Too many requests -- Still rate limited after the client's retries: wait the
            X-RateLimit-Reset seconds in the headers before trying again.

    Raises:
        errors.UnexpectedStatus: The server returned a status the spec does not document (after any retries).
        errors.InvalidResponse: A documented status whose body does not match the spec (not JSON, wrong
            Content-Type, missing or mistyped field, unknown enum value); carries status_code, content and path.
        errors.SchemaViolation: The request body is not a valid model; nothing was sent.
        errors.APITimeoutError: An attempt passed the client's timeout, or the call its deadline (after any retries).
        errors.APIConnectionError: The connection failed (after any retries); never carries a key.
        errors.ClientClosedError: The client was closed.

    Returns:
        Response[APIErrorResponse | HamrOrgConnectionResponse | JSONAPIErrorResponse]: every documented status, its body parsed.
    """

    kwargs = _get_kwargs()

    response = await client.asend_request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> HamrOrgConnectionResponse:
    """Get HAMR organization connection

     Retrieve the High Availability Multi-Region (HAMR) organization connection
    details for the authenticated organization. This endpoint returns information
    about the HAMR connection configuration, including the target organization,
    datacenter, status, and whether this is the primary or secondary organization
    in the HAMR relationship.

    Responses (from the API reference):
        200: OK
        400: Bad Request -- Datadog refused the request as malformed; the details name the field. Fix
            the request: sending it again gives the same answer.
        401: Unauthorized -- Datadog did not accept the credentials: check that DD_API_KEY is a valid
            API key and DD_APP_KEY a valid application key of the same organization (or, with a token,
            that DD_BEARER_TOKEN is a current OAuth access token of it), and that the site (DD_SITE)
            is that organization's.
        403: Forbidden -- Check that DD_API_KEY and DD_APP_KEY are valid keys of the same organization,
            that the site (DD_SITE) is that organization's, and that the application key's scopes
            allow this call.
        404: Not Found -- No HAMR connection is configured for this organization: set up Disaster
            Recovery (CreateHamrOrgConnection) first, or check that the keys and the site are of the
            organization you mean.
        429: Too many requests -- Still rate limited after the client's retries: wait the
            X-RateLimit-Reset seconds in the headers before trying again.

    Raises:
        errors.APIStatusError: Any status but a success, after any retries, as the subclass for its status
            (errors.STATUS_ERRORS; InternalServerError for another 5xx); UnexpectedStatus for a status the spec
            does not document. It carries status_code, body (the parsed error model), response and operation;
            its message says what to do.
        errors.InvalidResponse: A documented status whose body does not match the spec (not JSON, wrong
            Content-Type, missing or mistyped field, unknown enum value); carries status_code, content and path.
        errors.SchemaViolation: The request body is not a valid model; nothing was sent.
        errors.APITimeoutError: An attempt passed the client's timeout, or the call its deadline (after any retries).
        errors.APIConnectionError: The connection failed (after any retries); never carries a key.
        errors.ClientClosedError: The client was closed.

    Returns:
        HamrOrgConnectionResponse: the body of the success.
    """

    kwargs = _get_kwargs()

    response = await client.asend_request(**kwargs)

    return _parse_success(client=client, response=response)
