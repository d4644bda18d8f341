"""Every default of a client, in one place (as openai-python's ``_constants.py``): the numbers, the sites,
the names of the environment variables and of the key headers.

Standard library only, importing nothing: ``hamr --help`` reads the variable names from here without httpx.
"""

from __future__ import annotations

#: The Datadog sites of the spec's ``servers`` (``https://api.<site>``), in the docs' order.
SITES: tuple[str, ...] = (
    "datadoghq.com",
    "us3.datadoghq.com",
    "us5.datadoghq.com",
    "datadoghq.eu",
    "ap1.datadoghq.com",
    "ap2.datadoghq.com",
    "ddog-gov.com",
    "us2.ddog-gov.com",
    "uk1.datadoghq.com",
)
DEFAULT_SITE = "datadoghq.com"
#: Connect quickly or fail; give Datadog 30 s to answer, the whole body included (an ``httpx.Timeout``).
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0
#: The longest a call may take, every retry and wait included.
DEFAULT_DEADLINE = 120.0
#: The largest body read, once decoded (a small gzip body can inflate a thousandfold).
DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024
#: Retries after the first attempt, and the longest wait a 429's headers are honoured for (seconds).
DEFAULT_MAX_RETRIES = 3
DEFAULT_MAX_RATE_LIMIT_WAIT = 60.0

#: Where the site and the keys come from when they are not given (the keys': the spec's ``x-env-name``s, kept equal
#: by tests/client/test_bearer_token.py).
SITE_VARIABLE = "DD_SITE"
#: Or the API root, as Datadog's DDR guide gives it (``https://api.datadoghq.eu``); one of the two, not both.
API_URL_VARIABLE = "DD_API_URL"
KEY_VARIABLES = ("DD_API_KEY", "DD_APP_KEY")
#: The request headers that carry the keys, in the order of :data:`KEY_VARIABLES`.
KEY_HEADERS = ("DD-API-KEY", "DD-APPLICATION-KEY")
#: The OAuth access token, the spec's other security alternative (``bearerAuth``): where it comes from when not
#: given, and how it is sent (``Authorization: Bearer <token>``, as Datadog's clients send ``access_token``).
BEARER_VARIABLE = "DD_BEARER_TOKEN"
BEARER_HEADER = "Authorization"
BEARER_SCHEME = "Bearer"
#: Every request header that carries a credential: sent to the origin only, never kept in what an error holds.
CREDENTIAL_HEADERS = (*KEY_HEADERS, BEARER_HEADER)
#: Every variable a credential is read from: what ``hamr`` redacts from all it prints.
CREDENTIAL_VARIABLES = (*KEY_VARIABLES, BEARER_VARIABLE)
#: The headers a 429 says how long to wait in, the first usable one wins (seconds, or an HTTP date).
RATE_LIMIT_WAIT_HEADERS = ("X-RateLimit-Reset", "Retry-After")
