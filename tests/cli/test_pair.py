"""``hamr pair``: both orgs of a DDR pair side by side; exit 0 when they mirror each other, 13 saying what differs
when they do not, 14 when one cannot be read (the other still shown)."""

from __future__ import annotations

from typing import Any

import pytest
from hamr_client.cli.exits import Exit
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.orgs import ORG_KEYS, ROLES, Orgs, document, org_env

_STATUSES = [member.value for member in ROLES["status"].enum or ()]
uuids = st.uuids().map(str)
datacenters = st.sampled_from(["eu1.prod.dog", "us5.prod.dog", "us1", "ap1.prod.dog"])


@st.composite
def mirrored(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two answers of one connection, as production's two orgs give them: by role, ``None`` for absent."""
    one, other = draw(st.lists(uuids, min_size=2, max_size=2, unique=True))
    here, there = draw(st.lists(datacenters, min_size=2, max_size=2, unique=True))
    with_datacenter = draw(st.booleans())  # newer production answers carry the org's own datacenter
    status, primary = draw(st.sampled_from(_STATUSES)), draw(st.booleans())
    a = {"status": status, "primary": primary, "org": one, "target": other, "target_datacenter": there}
    b = {"status": status, "primary": not primary, "org": other, "target": one, "target_datacenter": here}
    a["datacenter"], b["datacenter"] = (here, there) if with_datacenter else (None, None)
    return a, b


# One mirrored pair, by role (the properties above draw many).
A = {"status": 2, "primary": True, "org": "org-one", "target": "org-two", "target_datacenter": "us5"}
B = {"status": 2, "primary": False, "org": "org-two", "target": "org-one", "target_datacenter": "eu1"}


def answer(orgs: Orgs, a: dict[str, Any], b: dict[str, Any]) -> None:
    orgs.fakes["PRIMARY"].fail_next(200, body=document(a))
    orgs.fakes["DDR"].fail_next(200, body=document(b))


@settings(max_examples=40, deadline=None)
@given(pair=mirrored())
def test_a_mirrored_pair_is_exit_0_and_shown_side_by_side(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    orgs = Orgs()
    answer(orgs, *pair)
    shown = orgs("pair")
    assert shown.code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].split() == ["PRIMARY", "DDR"]
    assert lines[-1] == "mirrored: yes"
    (org_row,) = [line for line in lines if line.startswith(ROLES["org"].key + " ")]
    assert org_row.split()[1:] == [pair[0]["org"], pair[1]["org"]]
    assert [c["base_url"] for c in orgs.connected] == ["https://api.datadoghq.eu", "https://api.us5.datadoghq.com"]


def _broken(data: st.DataObject, a: dict[str, Any], b: dict[str, Any]) -> tuple[str, str]:
    """Break one mirrored value of ``a`` or ``b`` in place; (the role broken, the key a message must name)."""
    role = data.draw(st.sampled_from(["status", "primary", "org", "target", "datacenter", "target_datacenter"]))
    side = data.draw(st.sampled_from([a, b]))
    if role == "status":
        side["status"] = data.draw(st.sampled_from([s for s in _STATUSES if s != side["status"]]))
    elif role == "primary":
        side["primary"] = not side["primary"]
    elif role in ("org", "target"):
        side[role] = data.draw(uuids.filter(lambda value: value not in (a[role], b[role])))
    else:
        if a["datacenter"] is None:  # compared only where both are answered
            a["datacenter"], b["datacenter"] = b["target_datacenter"], a["target_datacenter"]
        side[role] = data.draw(datacenters.filter(lambda value: value not in (a[role], b[role])))
    return role, ROLES[role].key


@settings(max_examples=60, deadline=None)
@given(pair=mirrored(), data=st.data())
def test_each_value_that_can_disagree_is_exit_13_naming_it(
    pair: tuple[dict[str, Any], dict[str, Any]], data: st.DataObject
) -> None:
    a, b = pair
    role, key = _broken(data, a, b)
    orgs = Orgs()
    answer(orgs, a, b)
    shown = orgs("pair")
    assert shown.code == Exit.MISMATCH, (role, shown.stdout)
    assert "mirrored: NO" in shown.stdout
    said = shown.stdout.split("mirrored: NO", 1)[1]
    assert key in said, (role, said)
    assert shown.stderr.startswith("hamr: error: PRIMARY and DDR do not mirror each other: ")


@pytest.mark.parametrize("missing", ["PRIMARY", "DDR"])
def test_a_side_without_a_connection_is_a_mismatch(missing: str) -> None:
    orgs = Orgs()
    present = "DDR" if missing == "PRIMARY" else "PRIMARY"
    orgs.fakes[present].fail_next(200, body=document(A))  # the other has none: the fake answers 404
    shown = orgs("pair")
    assert shown.code == Exit.MISMATCH
    assert "(no connection)" in shown.stdout
    assert f"no connection is configured in {missing}" in shown.stdout


@pytest.mark.parametrize(("status", "code"), [(403, Exit.UNREAD), (503, Exit.UNREAD)])
def test_a_side_that_cannot_be_read_is_exit_14_and_the_other_is_still_shown(status: int, code: int) -> None:
    orgs = Orgs()
    orgs.fakes["PRIMARY"].fail_next(200, body=document(A))
    orgs.fakes["DDR"].fail_next(status, times=10)
    shown = orgs("--max-retries", "0", "pair")
    assert shown.code == code, shown.stderr
    assert "(unread)" in shown.stdout
    assert "org-one" in shown.stdout
    (line,) = shown.stderr.splitlines()
    assert line.startswith("hamr: error: could not read DDR: DDR: ")
    if status == 403:  # the spec's advice, in the org's variables
        assert "DDR_DD_API_KEY" in line
        assert " DD_API_KEY" not in line
    assert not any(key in shown.stdout + shown.stderr for keys in ORG_KEYS.values() for key in keys)


def test_json_is_one_document_with_both_orgs_and_what_differs() -> None:
    orgs = Orgs()
    a, b = dict(A), dict(B)
    b["status"] = next(s for s in _STATUSES if s != a["status"])
    answer(orgs, a, b)
    shown = orgs("--json", "pair")
    assert shown.code == Exit.MISMATCH
    found = shown.document()
    assert set(found["orgs"]) == {"PRIMARY", "DDR"}
    assert found["mirrored"] is False
    assert len(found["differences"]) == 1
    assert ROLES["status"].key in found["differences"][0]
    assert shown.error()["type"] == "PairMismatch"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["pair", "--org", "PRIMARY"], "give --org twice"),
        (["pair", "--org", "PRIMARY", "--org", "primary"], "given twice"),
        (["pair", "--org", "A", "--org", "B", "--org", "C"], "give --org twice"),
    ],
)
def test_pair_takes_two_orgs(argv: list[str], said: str) -> None:
    refused = Orgs()(*argv)
    assert refused.code == Exit.USAGE
    assert said in refused.stderr


def test_a_half_configured_org_is_refused_before_either_is_read() -> None:
    orgs = Orgs()
    env = org_env()
    del env["DDR_DD_APP_KEY"]
    refused = orgs("pair", env=env)
    assert refused.code == Exit.USAGE
    assert refused.stderr == (
        "hamr: error: org DDR is half-configured: DDR_DD_API_KEY, DDR_DD_API_URL set, but not DDR_DD_APP_KEY "
        "(or DDR_DD_BEARER_TOKEN instead of the keys)\n"
    )
    assert orgs.connected == []


def test_orgs_before_and_after_the_command_all_count() -> None:
    orgs = Orgs()
    answer(orgs, A, B)
    shown = orgs("--org", "PRIMARY", "pair", "--org", "DDR")
    assert shown.code == 0, shown.stderr
    assert shown.stdout.splitlines()[0].split() == ["PRIMARY", "DDR"]
