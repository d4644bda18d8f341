"""``hamr set``: read, change only the given fields, show each change (old → new), write, show what was written."""

from __future__ import annotations

import pytest
from hamr_client.testing import examples

from tests.cli.conftest import Hamr
from tests.cli.harness import LINK, OPERATOR, environment

REQUEST = examples.CONNECTION_REQUEST


def test_linking_needs_every_required_field_and_names_the_missing_ones(hamr: Hamr) -> None:
    refused = hamr("set", "--hamr-status", "passive", "--yes")
    assert refused.code == 2
    for option in ("--is-primary", "--target-org-uuid", "--id"):
        assert option in refused.stderr
    for option in ("--target-org-name", "--target-org-datacenter"):  # the guide links without them
        assert option not in refused.stderr
    assert "--hamr-status" not in refused.stderr.split("needs", 1)[1]  # given
    assert "--modified-by" not in refused.stderr  # defaults to the login name
    if hamr.fake is not None:
        assert hamr.fake.writes == []


def test_linking_writes_the_whole_request_with_the_login_as_operator(injectable: Hamr) -> None:
    linked = injectable("set", *LINK, "--yes")
    assert linked.code == 0, linked.stderr
    assert injectable.fake is not None
    (written,) = injectable.fake.writes
    expected = {**REQUEST["data"]["attributes"], "modified_by": OPERATOR}
    assert written == {"data": {**REQUEST["data"], "attributes": expected}}
    assert "- → ACTIVE (4)" in linked.stdout  # each field from nothing to its value


def test_one_field_changes_and_every_other_is_kept(hamr: Hamr) -> None:
    assert hamr("set", *LINK, "--yes").code == 0
    before = hamr("get", "--json").document()["data"]
    changed = hamr("set", "--target-org-name", "DR org", "--modified-by", "alice", "--yes", "--json")
    assert changed.code == 0, changed.stderr
    after = changed.document()["data"]  # what was written, as the server answered it
    assert after["attributes"].pop("target_org_name") == "DR org"
    assert after["attributes"].pop("modified_by") == "alice"
    for attributes in (before["attributes"],):
        del attributes["target_org_name"], attributes["modified_by"]
    assert after["attributes"].pop("modified_at") >= before["attributes"].pop("modified_at")
    assert after == before
    assert hamr("get", "--json").document()["data"]["attributes"]["target_org_name"] == "DR org"


def test_the_change_is_shown_field_by_field_old_to_new(hamr: Hamr) -> None:
    assert hamr("set", *LINK, "--yes").code == 0
    changed = hamr("set", "--hamr-status", "FAILOVER", "--is-primary", "true", "--yes")
    assert changed.code == 0, changed.stderr
    lines = changed.stdout.splitlines()
    assert any(line.split() == ["hamr_status", "ACTIVE", "(4)", "→", "FAILOVER", "(3)"] for line in lines)
    assert any(line.split() == ["is_primary", "true", "(unchanged)"] for line in lines)
    assert not any(line.startswith("target_org_name ") and "→" in line for line in lines)
    # then what was written, as the server answered it
    written = lines[lines.index("written; the connection now:") + 1 :]
    assert ["hamr_status", "FAILOVER", "(3)"] in [line.split() for line in written]


@pytest.mark.parametrize("status", ["failover", "FAILOVER", "Failover", "3"])
def test_a_status_is_a_name_in_any_case_or_its_number(injectable: Hamr, status: str) -> None:
    assert injectable("set", *LINK, "--yes").code == 0
    assert injectable("set", "--hamr-status", status, "--yes").code == 0
    assert injectable.fake is not None
    assert injectable.fake.writes[-1]["data"]["attributes"]["hamr_status"] == 3


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--hamr-status", "FAILING", "is not one of UNSPECIFIED (0)"),
        ("--hamr-status", "9", "is not one of"),
        ("--is-primary", "yes", "is not true or false"),
    ],
)
def test_a_value_the_field_cannot_take_is_a_usage_error_before_any_request(
    injectable: Hamr, option: str, value: str, said: str
) -> None:
    refused = injectable("set", option, value, "--yes")
    assert refused.code == 2
    assert said in refused.stderr
    assert option in refused.stderr
    assert injectable.fake is not None
    assert injectable.fake.requests == 0


def test_nothing_to_change_is_a_usage_error(hamr: Hamr) -> None:
    refused = hamr("set", "--yes")
    assert refused.code == 2
    assert "nothing to change" in refused.stderr


def test_the_operator_is_the_login_name_as_getpass_finds_it(injectable: Hamr) -> None:
    env = {key: value for key, value in environment().items() if key != "LOGNAME"}
    assert injectable("set", *LINK, "--yes", env={**env, "USER": "from-user"}).code == 0
    assert injectable.fake is not None
    assert injectable.fake.writes[-1]["data"]["attributes"]["modified_by"] == "from-user"
