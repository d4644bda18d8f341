"""Which org a client talks to, from the environment: :func:`org_environment`, the one place that reads an org's
variables, and :func:`org_options`, the same as ``datadog_client`` keywords.

Datadog Disaster Recovery is two orgs on two sites. Datadog's DDR guide keeps each org's keys and site in
variables named after it (``PRIMARY_DD_API_KEY``, ``PRIMARY_DD_APP_KEY``, ``PRIMARY_DD_API_URL``); without a
name, the variables are Datadog's usual ``DD_*``. :func:`org_environment` shows a named org's variables under
the ``DD_*`` names, so that the one resolver of a client's configuration (``client_settings(options, env)``)
reads an org as it reads the default one: ``hamr --org NAME`` hands it that view.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._constants import API_URL_VARIABLE, BEARER_VARIABLE, KEY_VARIABLES, SITE_VARIABLE
from .errors import ConfigurationError

if TYPE_CHECKING:
    from ._config import ClientOptions

#: What an org's name may be: the start of an environment variable's name (``PRIMARY``, ``DDR``, ``eu_org``).
ORG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: An org's variables, after its prefix (``PRIMARY_``): the keys or the OAuth token, and where the org is (a site or
#: an API root).
VARIABLES = (*KEY_VARIABLES, BEARER_VARIABLE, SITE_VARIABLE, API_URL_VARIABLE)


def org_prefix(org: str | None) -> str:
    """The prefix of ``org``'s variables: ``PRIMARY_`` for ``primary``, ``""`` for no org (``DD_*``)."""
    if org is None:
        return ""
    if not isinstance(org, str) or not ORG_NAME.fullmatch(org):
        raise ConfigurationError(
            f"an org's name is letters, digits and _, starting with a letter (PRIMARY, DDR); got {org!r}"
        )
    return f"{org.upper()}_"


def org_environment(org: str | None, env: Mapping[str, str]) -> Mapping[str, str]:
    """``env`` as the resolver should read it for ``org``: ``env`` itself for no org; else only the org's
    variables, under the ``DD_*`` names (``PRIMARY_DD_API_KEY`` as ``DD_API_KEY``...).

    A named org needs ``NAME_DD_API_KEY`` and ``NAME_DD_APP_KEY`` (or ``NAME_DD_BEARER_TOKEN``, the spec's
    alternative) and ``NAME_DD_SITE`` or ``NAME_DD_API_URL`` (the name upper-cased): the two orgs of a pair live
    on two sites, and a site left to its default could silently be the other org's. Raises ConfigurationError for
    an org that is not in ``env`` or is half-configured, naming the variables set and those missing (never a value).
    """
    if org is None:
        return env
    prefix = org_prefix(org)
    found = {name: env.get(prefix + name, "").strip() for name in VARIABLES}
    given = [prefix + name for name, value in found.items() if value]
    site, url = prefix + SITE_VARIABLE, prefix + API_URL_VARIABLE
    missing = [prefix + name for name in KEY_VARIABLES if not found[name] and not found[BEARER_VARIABLE]]
    if not (found[SITE_VARIABLE] or found[API_URL_VARIABLE]):
        missing.append(f"{site} (or {url})")
    if missing and not given:
        keys = " and ".join(prefix + name for name in KEY_VARIABLES)
        raise ConfigurationError(
            f"no org {org.upper()} in the environment: set {keys} (or {prefix}{BEARER_VARIABLE}) and {site} (or {url})"
        )
    if missing:
        lacks_keys = any(name.endswith(KEY_VARIABLES) for name in missing)
        instead = f" (or {prefix}{BEARER_VARIABLE} instead of the keys)" if lacks_keys else ""
        raise ConfigurationError(
            f"org {org.upper()} is half-configured: {', '.join(given)} set, but not {', '.join(missing)}{instead}"
        )
    if found[SITE_VARIABLE] and found[API_URL_VARIABLE]:
        raise ConfigurationError(f"set {site} or {url}, not both: both say where the org is")
    return {name: value for name, value in found.items() if value}


def org_options(org: str | None = None, env: Mapping[str, str] | None = None) -> ClientOptions:
    """The credentials and the site of ``org`` in ``env`` (default: ``os.environ``), as ``datadog_client`` keywords.

    With a name: ``NAME_DD_API_KEY`` and ``NAME_DD_APP_KEY`` (or ``NAME_DD_BEARER_TOKEN``) and ``NAME_DD_SITE`` or
    ``NAME_DD_API_URL`` (the API root, as Datadog's DDR guide writes it: ``https://api.datadoghq.eu``), all needed
    (:func:`org_environment`).
    Without: the ``DD_*`` variables that are set.

        from hamr_client import datadog_client, org_options
        primary = datadog_client(**org_options("PRIMARY"), max_retries=5)

    Raises:
        errors.ConfigurationError: an org not in ``env`` or half-configured (naming the variables set and those
            missing), ``..._DD_SITE`` and ``..._DD_API_URL`` both set, an unknown site (naming its variable).
            It never contains a key.
    """
    from ._config import site_url  # noqa: PLC0415 -- httpx only once a client is wanted

    found = org_environment(org, os.environ if env is None else env)
    prefix = org_prefix(org)
    value = {name: found.get(name, "").strip() for name in VARIABLES}
    if value[SITE_VARIABLE] and value[API_URL_VARIABLE]:
        raise ConfigurationError(f"set {prefix}{SITE_VARIABLE} or {prefix}{API_URL_VARIABLE}, not both")
    options: ClientOptions = {}
    if value[KEY_VARIABLES[0]]:
        options["api_key"] = value[KEY_VARIABLES[0]]
    if value[KEY_VARIABLES[1]]:
        options["app_key"] = value[KEY_VARIABLES[1]]
    if value[BEARER_VARIABLE]:
        options["bearer_token"] = value[BEARER_VARIABLE]
    if value[SITE_VARIABLE]:
        try:
            site_url(value[SITE_VARIABLE])
        except ConfigurationError as exc:
            raise ConfigurationError(f"{prefix}{SITE_VARIABLE}: {exc}") from None
        options["site"] = value[SITE_VARIABLE]
    if value[API_URL_VARIABLE]:
        options["base_url"] = value[API_URL_VARIABLE]
    return options


__all__ = ["ORG_NAME", "VARIABLES", "org_environment", "org_options", "org_prefix"]
