from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from ... import errors, models
from ...client import AuthenticatedClient
from ...dialects import Dialect, spelled
from ...models.hamr_org_connection_request import HamrOrgConnectionRequest
from ...models.hamr_org_connection_response import HamrOrgConnectionResponse
from ...parsing import encode_json_body, parse_json_body, unapplied
from ...types import Response, http_status

# The operationId, named in every error this module raises.
OPERATION = "CreateHamrOrgConnection"
# The response headers the spec documents: what a drift capture keeps of an answer, beside Content-Type.
RESPONSE_HEADERS: tuple[str, ...] = (
    "X-RateLimit-Limit",
    "X-RateLimit-Name",
    "X-RateLimit-Period",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
)


def _get_kwargs(
    *,
    body: HamrOrgConnectionRequest,
    dialect: Dialect = "reference",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v2/hamr",
    }

    if not isinstance(body, HamrOrgConnectionRequest):
        raise errors.SchemaViolation(
            (), f"{OPERATION}: body must be a HamrOrgConnectionRequest, got {type(body).__name__}"
        )
    _json_body = body.to_dict()
    _json_body = spelled(body, _json_body, dialect)
    _kwargs["content"] = encode_json_body(_json_body, OPERATION)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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

    if response.status_code == 429:
        return _body(client, response, models.APIErrorResponse.from_dict)

    if response.status_code == 500:
        return _body(client, response, models.JSONAPIErrorResponse.from_dict)

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


# Where a success must hold what was sent (the spec's x-applied), or the write was not applied.
APPLIED: tuple[str, ...] = (
    "/data/attributes/hamr_status",
    "/data/attributes/is_primary",
    "/data/attributes/target_org_uuid",
)


def _applied(
    body: HamrOrgConnectionRequest, answer: HamrOrgConnectionResponse, response: httpx.Response
) -> HamrOrgConnectionResponse:
    """``answer``, once it shows the write applied; WriteNotAppliedError when the server took it and changed nothing."""
    differences = unapplied(body, answer, APPLIED)
    if differences:
        raise errors.WriteNotAppliedError(operation=OPERATION, response=response, body=answer, differences=differences)
    return answer


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
            advice="The connection was not changed. Check that DD_API_KEY and DD_APP_KEY are valid keys of the same organization, that the site (DD_SITE) is that organization's, and that the application key has the scope to write it (Datadog's Disaster Recovery guide names disaster_recovery_status_write).",
        )
    if response.status_code == 429:
        raise errors.status_error(
            response,
            _parse_response(client=client, response=response),
            operation=OPERATION,
            description="Too many requests",
            advice="Still rate limited after the client's retries: wait the X-RateLimit-Reset seconds in the headers before trying again.",
        )
    if response.status_code == 500:
        raise errors.status_error(
            response,
            _parse_response(client=client, response=response),
            operation=OPERATION,
            description="Internal Server Error",
            advice="Datadog failed to handle the request, which may or may not have taken effect: read the state back before trying again.",
        )
    raise errors.UnexpectedStatus(response, operation=OPERATION)


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: HamrOrgConnectionRequest,
) -> Response[models.APIErrorResponse | HamrOrgConnectionResponse | models.JSONAPIErrorResponse]:
    """Create or update HAMR organization connection

     Create or update the High Availability Multi-Region (HAMR) organization
    connection. This endpoint allows you to configure the HAMR connection between
    the authenticated organization and a target organization, including setting the
    connection status (ONBOARDING, PASSIVE, FAILOVER, ACTIVE, RECOVERY).

    Args:
        body (HamrOrgConnectionRequest): Request payload for creating or updating a HAMR
            organization connection.

    Responses (from the API reference):
        200: OK
        400: Bad Request -- Datadog refused the request as malformed; the details name the field. Fix
            the request: sending it again gives the same answer.
        401: Unauthorized -- Datadog did not accept the credentials: check that DD_API_KEY is a valid
            API key and DD_APP_KEY a valid application key of the same organization (or, with a token,
            that DD_BEARER_TOKEN is a current OAuth access token of it), and that the site (DD_SITE)
            is that organization's.
        403: Forbidden -- The connection was not changed. Check that DD_API_KEY and DD_APP_KEY are
            valid keys of the same organization, that the site (DD_SITE) is that organization's, and
            that the application key has the scope to write it (Datadog's Disaster Recovery guide
            names disaster_recovery_status_write).
        429: Too many requests -- Still rate limited after the client's retries: wait the
            X-RateLimit-Reset seconds in the headers before trying again.
        500: Internal Server Error -- Datadog failed to handle the request, which may or may not have
            taken effect: read the state back before trying again.

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

    kwargs = _get_kwargs(
        body=body,
        dialect=client.dialect,
    )

    response = client.send_request(**kwargs)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: HamrOrgConnectionRequest,
) -> HamrOrgConnectionResponse:
    """Create or update HAMR organization connection

     Create or update the High Availability Multi-Region (HAMR) organization
    connection. This endpoint allows you to configure the HAMR connection between
    the authenticated organization and a target organization, including setting the
    connection status (ONBOARDING, PASSIVE, FAILOVER, ACTIVE, RECOVERY).

    Args:
        body (HamrOrgConnectionRequest): Request payload for creating or updating a HAMR
            organization connection.

    Responses (from the API reference):
        200: OK
        400: Bad Request -- Datadog refused the request as malformed; the details name the field. Fix
            the request: sending it again gives the same answer.
        401: Unauthorized -- Datadog did not accept the credentials: check that DD_API_KEY is a valid
            API key and DD_APP_KEY a valid application key of the same organization (or, with a token,
            that DD_BEARER_TOKEN is a current OAuth access token of it), and that the site (DD_SITE)
            is that organization's.
        403: Forbidden -- The connection was not changed. Check that DD_API_KEY and DD_APP_KEY are
            valid keys of the same organization, that the site (DD_SITE) is that organization's, and
            that the application key has the scope to write it (Datadog's Disaster Recovery guide
            names disaster_recovery_status_write).
        429: Too many requests -- Still rate limited after the client's retries: wait the
            X-RateLimit-Reset seconds in the headers before trying again.
        500: Internal Server Error -- Datadog failed to handle the request, which may or may not have
            taken effect: read the state back before trying again.

    Raises:
        errors.APIStatusError: Any status but a success, after any retries, as the subclass for its status
            (errors.STATUS_ERRORS; InternalServerError for another 5xx); UnexpectedStatus for a status the spec
            does not document. It carries status_code, body (the parsed error model), response and operation;
            its message says what to do.
        errors.WriteNotAppliedError: The 200 answer does not hold what was sent at /data/attributes/hamr_status, /data/attributes/is_primary, /data/attributes/target_org_uuid:
            the server accepted the request and did not apply it; carries differences and body (the answer).
        errors.InvalidResponse: A documented status whose body does not match the spec (not JSON, wrong
            Content-Type, missing or mistyped field, unknown enum value); carries status_code, content and path.
        errors.SchemaViolation: The request body is not a valid model; nothing was sent.
        errors.APITimeoutError: An attempt passed the client's timeout, or the call its deadline (after any retries).
        errors.APIConnectionError: The connection failed (after any retries); never carries a key.
        errors.ClientClosedError: The client was closed.

    Returns:
        HamrOrgConnectionResponse: the body of the success.
    """

    kwargs = _get_kwargs(
        body=body,
        dialect=client.dialect,
    )

    response = client.send_request(**kwargs)

    return _applied(body, _parse_success(client=client, response=response), response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: HamrOrgConnectionRequest,
) -> Response[models.APIErrorResponse | HamrOrgConnectionResponse | models.JSONAPIErrorResponse]:
    """Create or update HAMR organization connection

     Create or update the High Availability Multi-Region (HAMR) organization
    connection. This endpoint allows you to configure the HAMR connection between
    the authenticated organization and a target organization, including setting the
    connection status (ONBOARDING, PASSIVE, FAILOVER, ACTIVE, RECOVERY).

    Args:
        body (HamrOrgConnectionRequest): Request payload for creating or updating a HAMR
            organization connection.

    Responses (from the API reference):
        200: OK
        400: Bad Request -- Datadog refused the request as malformed; the details name the field. Fix
            the request: sending it again gives the same answer.
        401: Unauthorized -- Datadog did not accept the credentials: check that DD_API_KEY is a valid
            API key and DD_APP_KEY a valid application key of the same organization (or, with a token,
            that DD_BEARER_TOKEN is a current OAuth access token of it), and that the site (DD_SITE)
            is that organization's.
        403: Forbidden -- The connection was not changed. Check that DD_API_KEY and DD_APP_KEY are
            valid keys of the same organization, that the site (DD_SITE) is that organization's, and
            that the application key has the scope to write it (Datadog's Disaster Recovery guide
            names disaster_recovery_status_write).
        429: Too many requests -- Still rate limited after the client's retries: wait the
            X-RateLimit-Reset seconds in the headers before trying again.
        500: Internal Server Error -- Datadog failed to handle the request, which may or may not have
            taken effect: read the state back before trying again.

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

    kwargs = _get_kwargs(
        body=body,
        dialect=client.dialect,
    )

    response = await client.asend_request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: HamrOrgConnectionRequest,
) -> HamrOrgConnectionResponse:
    """Create or update HAMR organization connection

     Create or update the High Availability Multi-Region (HAMR) organization
    connection. This endpoint allows you to configure the HAMR connection between
    the authenticated organization and a target organization, including setting the
    connection status (ONBOARDING, PASSIVE, FAILOVER, ACTIVE, RECOVERY).

    Args:
        body (HamrOrgConnectionRequest): Request payload for creating or updating a HAMR
            organization connection.

    Responses (from the API reference):
        200: OK
        400: Bad Request -- Datadog refused the request as malformed; the details name the field. Fix
            the request: sending it again gives the same answer.
        401: Unauthorized -- Datadog did not accept the credentials: check that DD_API_KEY is a valid
            API key and DD_APP_KEY a valid application key of the same organization (or, with a token,
            that DD_BEARER_TOKEN is a current OAuth access token of it), and that the site (DD_SITE)
            is that organization's.
        403: Forbidden -- The connection was not changed. Check that DD_API_KEY and DD_APP_KEY are
            valid keys of the same organization, that the site (DD_SITE) is that organization's, and
            that the application key has the scope to write it (Datadog's Disaster Recovery guide
            names disaster_recovery_status_write).
        429: Too many requests -- Still rate limited after the client's retries: wait the
            X-RateLimit-Reset seconds in the headers before trying again.
        500: Internal Server Error -- Datadog failed to handle the request, which may or may not have
            taken effect: read the state back before trying again.

    Raises:
        errors.APIStatusError: Any status but a success, after any retries, as the subclass for its status
            (errors.STATUS_ERRORS; InternalServerError for another 5xx); UnexpectedStatus for a status the spec
            does not document. It carries status_code, body (the parsed error model), response and operation;
            its message says what to do.
        errors.WriteNotAppliedError: The 200 answer does not hold what was sent at /data/attributes/hamr_status, /data/attributes/is_primary, /data/attributes/target_org_uuid:
            the server accepted the request and did not apply it; carries differences and body (the answer).
        errors.InvalidResponse: A documented status whose body does not match the spec (not JSON, wrong
            Content-Type, missing or mistyped field, unknown enum value); carries status_code, content and path.
        errors.SchemaViolation: The request body is not a valid model; nothing was sent.
        errors.APITimeoutError: An attempt passed the client's timeout, or the call its deadline (after any retries).
        errors.APIConnectionError: The connection failed (after any retries); never carries a key.
        errors.ClientClosedError: The client was closed.

    Returns:
        HamrOrgConnectionResponse: the body of the success.
    """

    kwargs = _get_kwargs(
        body=body,
        dialect=client.dialect,
    )

    response = await client.asend_request(**kwargs)

    return _applied(body, _parse_success(client=client, response=response), response)
