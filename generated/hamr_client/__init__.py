"""A client library for accessing Datadog HAMR API, generated from the spec by openapi-python-client.

Configure::

    from hamr_client import datadog_client, org_options
    client = datadog_client()  # DD_SITE, DD_API_KEY and DD_APP_KEY from the environment
    client = datadog_client(site="datadoghq.eu", api_key="...", app_key="...", max_retries=5)
    patient = client.with_options(deadline=300)  # a new client: same keys and site, other settings
    ddr = datadog_client(**org_options("DDR"))  # DDR_DD_API_KEY, DDR_DD_APP_KEY, DDR_DD_SITE or DDR_DD_API_URL

Call (``sync``/``asyncio`` return a success's body or raise; ``*_detailed`` return every documented
status, parsed, with the status and headers)::

    from hamr_client.api.high_availability_multi_region import get_hamr_org_connection
    result = get_hamr_org_connection.sync(client=client)

Handle errors: an error status raises ``errors.APIStatusError`` as the subclass for its status (the
table ``errors.STATUS_ERRORS``; ``InternalServerError`` for another 5xx), after the retries, with ``.status_code``,
``.body`` (the parsed error model), ``.response`` and ``.operation``, and a message that says what
to do; an undocumented status is an ``UnexpectedStatus`` (an ``APIStatusError`` too). A body that
does not match the spec raises ``errors.InvalidResponse`` (``.status_code``, ``.content``,
``.operation``, ``.path``); no answer raises ``errors.APIConnectionError`` (``APITimeoutError``
for a timeout or the deadline); a wrong configuration raises ``errors.ConfigurationError``. All
derive from ``errors.HamrClientError``.

Retries (``RetryPolicy``): 429 waits ``X-RateLimit-Reset`` seconds (capped); GET also retries
502/503/504 and connection errors with jittered exponential backoff; other methods only 429 unless
``retry_unsafe=True``; ``max_retries=0`` disables retrying. See docs/client.md.

Strictness: by default an enum value the spec does not list, or a date-time that is not RFC 3339,
is an ``InvalidResponse``. ``datadog_client(strict=False)`` (for unattended runbooks) keeps such
values -- an ``UNKNOWN_<value>`` member of the enum, the text as received -- and reports each as an
``errors.SpecDriftWarning`` and a WARNING on the ``hamr_client`` logger.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import SITES, AuthenticatedClient, datadog_client
    from .errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ClientClosedError,
        ConfigurationError,
        HamrClientError,
        InternalServerError,
        InvalidResponse,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        SchemaViolation,
        SpecDriftWarning,
        UnexpectedStatus,
        WriteNotAppliedError,
    )
    from .orgs import org_options
    from .retrying import RetryPolicy

# Imported on first use (PEP 562), so that `hamr --help` does not pay for httpx: which module
# holds each name the package exports.
_EXPORTS = {
    "SITES": "client",
    "AuthenticatedClient": "client",
    "datadog_client": "client",
    "APIConnectionError": "errors",
    "APIStatusError": "errors",
    "APITimeoutError": "errors",
    "AuthenticationError": "errors",
    "BadRequestError": "errors",
    "ClientClosedError": "errors",
    "ConfigurationError": "errors",
    "HamrClientError": "errors",
    "InternalServerError": "errors",
    "InvalidResponse": "errors",
    "NotFoundError": "errors",
    "PermissionDeniedError": "errors",
    "RateLimitError": "errors",
    "SchemaViolation": "errors",
    "SpecDriftWarning": "errors",
    "UnexpectedStatus": "errors",
    "WriteNotAppliedError": "errors",
    "org_options": "orgs",
    "RetryPolicy": "retrying",
}
# The submodules importing the package used to bind as attributes (`hamr_client.errors` after `import hamr_client`).
_SUBMODULES = frozenset({"bodies", "client", "errors", "retrying"})


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value  # looked up once
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


# The package's one version: the spec's info.version (the pyproject's comes from the same field).
__version__ = "5.0.0"

__all__ = (
    "SITES",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "HamrClientError",
    "InternalServerError",
    "InvalidResponse",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryPolicy",
    "SchemaViolation",
    "SpecDriftWarning",
    "UnexpectedStatus",
    "WriteNotAppliedError",
    "__version__",
    "datadog_client",
    "org_options",
)
