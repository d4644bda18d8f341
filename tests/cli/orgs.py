"""Two orgs for ``hamr --org``: a HamrFake each, reached in-process through the API root their variables name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hamr_client.cli.fields import Leaf, leaves
from hamr_client.cli.operations import discover
from hamr_client.client import AuthenticatedClient
from hamr_client.testing import HamrFake

from tests.cli.harness import Clock, Result, in_process

# Placeholders, not secrets: distinctive, so that a leak is easy to spot.
ORG_KEYS = {
    "PRIMARY": ("primary-api-key-5d1c9e7a3b", "primary-app-key-8f2e6a4c0d9b7e5f3a1c"),
    "DDR": ("ddr-api-key-2b7f4e9c1a6d", "ddr-app-key-3c8a5f1e7b2d9c4a6e0f"),
}
URLS = {"PRIMARY": "https://api.datadoghq.eu", "DDR": "https://api.us5.datadoghq.com"}
#: Each org's OAuth token, the keys' alternative (NAME_DD_BEARER_TOKEN), which its fake also takes.
ORG_TOKENS = {"PRIMARY": "primary-oauth-token.4e8b1d6a", "DDR": "ddr-oauth-token.7c2f9a5e"}
#: The response's leaves by the role the spec's x-cli gives them (status, primary, org, target...).
ROLES: dict[str, Leaf] = {leaf.role: leaf for leaf in leaves(discover().response) if leaf.role}


def org_env(**extra: str) -> dict[str, str]:
    """Both orgs configured as Datadog's DDR guide names them, and nothing of DD_*."""
    env = {"LOGNAME": "oncall-operator"}
    for org, (api, app) in ORG_KEYS.items():
        env |= {f"{org}_DD_API_KEY": api, f"{org}_DD_APP_KEY": app, f"{org}_DD_API_URL": URLS[org]}
    return env | extra


class Orgs:
    """A fake per org; ``hamr`` in-process, each client sent to the fake of the API root it was given."""

    def __init__(self) -> None:
        self.fakes = {
            org: HamrFake(api_key=api, app_key=app, bearer_token=ORG_TOKENS[org])
            for org, (api, app) in ORG_KEYS.items()
        }
        self.by_url = {URLS[org]: fake for org, fake in self.fakes.items()}
        self.connected: list[dict[str, Any]] = []

    def connect(self, **settings: Any) -> AuthenticatedClient:
        credentials = ("api_key", "app_key", "bearer_token")
        self.connected.append({name: value for name, value in settings.items() if name not in credentials})
        fake = self.by_url[settings.pop("base_url")]
        settings.pop("site", None)
        return fake.client(**settings)

    def __call__(self, *argv: str, env: Mapping[str, str] | None = None, clock: Clock | None = None) -> Result:
        return in_process(
            self.fakes["PRIMARY"],
            *argv,
            env=dict(env if env is not None else org_env()),
            connect=self.connect,
            clock=clock,
        )


def document(values: Mapping[str, Any]) -> dict[str, Any]:
    """A response document holding ``values`` by role, on the spec's example for the rest."""
    from hamr_client.testing import examples  # noqa: PLC0415

    found: dict[str, Any] = {"data": {**examples.CONNECTION_RESPONSE["data"]}}
    found["data"]["attributes"] = dict(found["data"]["attributes"])
    for role, value in values.items():
        leaf = ROLES[role]
        parent = found
        for key in leaf.path[:-1]:
            parent = parent[key]
        if value is None:
            parent.pop(leaf.key, None)
        else:
            parent[leaf.key] = value
    return found
