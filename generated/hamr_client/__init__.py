"""A client library for accessing Datadog HAMR API, generated from the spec by openapi-python-client.

Configure::

    from hamr_client import datadog_client
    client = datadog_client()  # DD_SITE, DD_API_KEY and DD_APP_KEY from the environment
    client = datadog_client(site="datadoghq.eu", api_key="...", app_key="...", max_retries=5)

Call (``sync``/``asyncio`` return the parsed model; ``*_detailed`` the status and headers too)::

    from hamr_client.api.high_availability_multi_region import get_hamr_org_connection
    connection = get_hamr_org_connection.sync(client=client)

Handle errors: every documented status comes back as its model (HamrOrgConnectionResponse,
JSONAPIErrorResponse for 400/403/404/500, APIErrorResponse for 429); an undocumented status
raises ``errors.UnexpectedStatus``; a body that does not match the spec raises
``errors.InvalidResponse`` (``.status_code``, ``.content``, ``.operation``, ``.path``); no answer
raises ``errors.APIConnectionError`` (``APITimeoutError`` for a timeout or the deadline); a wrong
configuration raises ``errors.ConfigurationError``. All derive from ``errors.HamrClientError``.

Retries (``RetryPolicy``): 429 waits ``X-RateLimit-Reset`` seconds (capped); GET also retries
502/503/504 and connection errors with jittered exponential backoff; POST only 429 unless
``retry_unsafe=True``; ``max_retries=0`` disables retrying. See docs/client.md.

Strictness: by default an unknown ``hamr_status`` (say 6) or a ``modified_at`` that is not RFC 3339
is an ``InvalidResponse``. ``datadog_client(strict=False)`` (for unattended runbooks) keeps such
values -- ``HamrOrgConnectionStatus.UNKNOWN_6``, the text as received -- and reports each as an
``errors.SpecDriftWarning`` and a WARNING on the ``hamr_client`` logger.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import SITES, AuthenticatedClient, datadog_client
    from .errors import (
        APIConnectionError,
        APITimeoutError,
        ClientClosedError,
        ConfigurationError,
        HamrClientError,
        InvalidResponse,
        SchemaViolation,
        SpecDriftWarning,
        UnexpectedStatus,
    )
    from .retrying import RetryPolicy

# Imported on first use (PEP 562), so that `hamr --help` does not pay for httpx: which module
# holds each name the package exports.
_EXPORTS = {
    "SITES": "client",
    "AuthenticatedClient": "client",
    "datadog_client": "client",
    "APIConnectionError": "errors",
    "APITimeoutError": "errors",
    "ClientClosedError": "errors",
    "ConfigurationError": "errors",
    "HamrClientError": "errors",
    "InvalidResponse": "errors",
    "SchemaViolation": "errors",
    "SpecDriftWarning": "errors",
    "UnexpectedStatus": "errors",
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
__version__ = "2.0.0"

__all__ = (
    "SITES",
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticatedClient",
    "ClientClosedError",
    "ConfigurationError",
    "HamrClientError",
    "InvalidResponse",
    "RetryPolicy",
    "SchemaViolation",
    "SpecDriftWarning",
    "UnexpectedStatus",
    "__version__",
    "datadog_client",
)
