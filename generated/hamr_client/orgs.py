"""Which org a client talks to, from the environment: :func:`org_options`, the one place that reads it.

Datadog Disaster Recovery is two orgs on two sites. Datadog's DDR guide keeps each org's keys and
site in variables named after it (``PRIMARY_DD_API_KEY``, ``PRIMARY_DD_APP_KEY``,
``PRIMARY_DD_API_URL``); without a name, the variables are Datadog's usual ``DD_*``. The result
is a set of :func:`~hamr_client.client.datadog_client` keywords, so that a resolver of the
environment and the caller's options (``client_settings(options, env)``) can start from it and
let the options given win.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .errors import ConfigurationError

if TYPE_CHECKING:
    from .client import ClientOptions

#: What an org's name may be: the start of an environment variable's name (``PRIMARY``, ``DDR``, ``eu_org``).
ORG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: The variables of an org, after its prefix (``PRIMARY_``): the keys, and where the org is (a site or an API root).
VARIABLES = ("DD_API_KEY", "DD_APP_KEY", "DD_SITE", "DD_API_URL")


def org_prefix(org: str | None) -> str:
    """The prefix of ``org``'s variables: ``PRIMARY_`` for ``primary``, ``""`` for no org (``DD_*``)."""
    if org is None:
        return ""
    if not isinstance(org, str) or not ORG_NAME.fullmatch(org):
        raise ConfigurationError(
            f"an org's name is letters, digits and _, starting with a letter (PRIMARY, DDR); got {org!r}"
        )
    return f"{org.upper()}_"


def org_options(org: str | None = None, env: Mapping[str, str] | None = None) -> ClientOptions:
    """The keys and the site of ``org`` in ``env`` (default: ``os.environ``), as ``datadog_client`` keywords.

    With a name, the org is ``NAME_DD_API_KEY``, ``NAME_DD_APP_KEY`` and ``NAME_DD_SITE`` or
    ``NAME_DD_API_URL`` (the API root, as Datadog's DDR guide writes it: ``https://api.datadoghq.eu``),
    the name upper-cased; all of them are needed, since the two orgs of a pair live on two sites
    and a site left to its default could silently be the other org's. Without a name, the
    ``DD_*`` variables that are set (``datadog_client`` reads the others as it always does).

        from hamr_client import datadog_client, org_options
        primary = datadog_client(**org_options("PRIMARY"), max_retries=5)

    Raises:
        errors.ConfigurationError: an org that is not in ``env`` or is half-configured (naming the
            variables set and those missing), ``..._DD_SITE`` and ``..._DD_API_URL`` both set, an
            unknown site (naming its variable). It never contains a key.
    """
    from .client import site_url  # noqa: PLC0415 -- the client module imports this one's callers

    env = os.environ if env is None else env
    prefix = org_prefix(org)
    found = {name: env.get(prefix + name, "").strip() for name in VARIABLES}
    given = [prefix + name for name, value in found.items() if value]
    site, url = prefix + "DD_SITE", prefix + "DD_API_URL"
    if found["DD_SITE"] and found["DD_API_URL"]:
        raise ConfigurationError(f"set {site} or {url}, not both: they both say where the org is")
    if org is not None:
        missing = [prefix + name for name in ("DD_API_KEY", "DD_APP_KEY") if not found[name]]
        if not (found["DD_SITE"] or found["DD_API_URL"]):
            missing.append(f"{site} (or {url})")
        if missing and not given:
            raise ConfigurationError(
                f"no org {org.upper()} in the environment: set {prefix}DD_API_KEY, {prefix}DD_APP_KEY "
                f"and {site} (or {url})"
            )
        if missing:
            raise ConfigurationError(
                f"org {org.upper()} is half-configured: {', '.join(given)} set, but not {', '.join(missing)}"
            )
    if found["DD_SITE"]:
        try:
            site_url(found["DD_SITE"])
        except ConfigurationError as exc:
            raise ConfigurationError(f"{site}: {exc}") from None
    options: ClientOptions = {}
    if found["DD_API_KEY"]:
        options["api_key"] = found["DD_API_KEY"]
    if found["DD_APP_KEY"]:
        options["app_key"] = found["DD_APP_KEY"]
    if found["DD_SITE"]:
        options["site"] = found["DD_SITE"]
    if found["DD_API_URL"]:
        options["base_url"] = found["DD_API_URL"]
    return options


__all__ = ["ORG_NAME", "VARIABLES", "org_options", "org_prefix"]
