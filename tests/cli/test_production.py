"""``hamr`` against production's dialect: reads it, writes in it, names a refusal of the keys and a write not applied.

The fake of each dialect in this process and served by ``python -m hamr_client.testing --dialect``
in another; a raw loopback server for the write that comes back 200 with nothing changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hamr_client.cli.exits import Exit
from hamr_client.dialects import DIALECTS, Dialect, spelled
from hamr_client.models import HamrOrgConnectionResponse
from hamr_client.testing import HamrFake, examples

from tests.cli.harness import API_KEY, APP_KEY, LINK, as_process, environment, in_process
from tests.client.loopback import Exchange, RawServer, Script, response
from tests.testing.served import serving

ATTRIBUTES = examples.CONNECTION_REQUEST["data"]["attributes"]


@pytest.fixture
def production(tmp_path: Path) -> Iterator[str]:
    """The served fake in production's dialect, linked; its URL."""
    keys = ("--api-key", API_KEY, "--app-key", APP_KEY)
    with serving(tmp_path / "stderr.txt", *keys, "--dialect", "production") as served:
        # A fresh org answers 404 in no spelling: a base_url writes the reference's unless told.
        linked = as_process("--base-url", served.url, "--dialect", "production", "set", *LINK, "--yes")
        assert linked.code == 0, linked.stderr
        yield served.url


def test_get_and_wait_read_production(production: str) -> None:
    got = as_process("--base-url", production, "get", "--json")
    assert got.code == 0, got.stderr
    assert got.document()["data"]["attributes"]["hamr_status"] == ATTRIBUTES["hamr_status"]
    status = str(ATTRIBUTES["hamr_status"])
    waited = as_process("--base-url", production, "wait", "--status", status, "--timeout", "5")
    assert waited.code == 0, waited.stderr
    assert got.stderr == waited.stderr == ""  # no drift line: production's spelling is the spec's


def test_set_changes_production_and_shows_it(production: str) -> None:
    changed = as_process("--base-url", production, "set", "--hamr-status", "FAILOVER", "--yes")
    assert changed.code == 0, changed.stderr
    assert "FAILOVER" in changed.stdout
    assert as_process("--base-url", production, "get", "--json").document()["data"]["attributes"]["hamr_status"] == 3


def test_wrong_keys_exit_4_with_advice_about_the_keys(production: str) -> None:
    refused = as_process("--base-url", production, "get", env=environment(DD_API_KEY="not-the-key"))
    assert refused.code == Exit.REFUSED
    assert "401" in refused.stderr
    assert "DD_API_KEY" in refused.stderr
    assert "not-the-key" not in refused.stderr


def test_the_guides_link_works_without_the_targets_name_and_datacenter() -> None:
    fake = HamrFake(api_key=API_KEY, app_key=APP_KEY, dialect="production")
    guide = [arg for arg in LINK if not arg.startswith(("--target-org-name", "--target-org-datacenter"))]
    linked = in_process(fake, "--dialect", "production", "set", *guide, "--hamr-status", "ONBOARDING", "--yes")
    assert linked.code == 0, linked.stderr
    assert fake.connection is not None
    assert fake.connection["data"]["attributes"]["hamr_status"] == 1


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_write_not_applied_exits_11_and_never_says_written(dialect: Dialect) -> None:
    model = HamrOrgConnectionResponse.from_dict(examples.CONNECTION_RESPONSE)
    answer = spelled(model, model.to_dict(), dialect)  # PASSIVE or ACTIVE, whatever is asked

    def unchanged(exchange: Exchange) -> Script:
        return [response(200, answer)]

    with RawServer(unchanged) as server:
        result = as_process("--base-url", server.url, "set", "--hamr-status", "FAILOVER", "--yes")
    assert result.code == Exit.NOT_APPLIED, result.stderr
    assert "did not apply" in result.stderr
    assert "written" not in result.stdout
    assert [exchange.method for exchange in server.exchanges] == ["GET", "POST"]  # read first, then the write
