"""The client's options on the command line: each flag's value is checked by the library's one resolver, and what
it refuses reaches the user as a usage error (exit 2) naming the flag, or the variable, it came from."""

from __future__ import annotations

import datetime
import email.utils

import pytest
from hamr_client.cli._flags import CLIENT_FLAGS
from hamr_client.client import SITES
from hamr_client.testing import HamrFake
from hypothesis import given
from hypothesis import strategies as st

from tests.cli.harness import LINK, Clock, environment, in_process

#: A value of each flag the library refuses (the parser only turns the text into a number).
REFUSED = {
    "--site": "datadoghq.moon",
    "--base-url": "ftp://example.com",
    "--request-timeout": "0",
    "--deadline": "-1",
    "--max-retries": "-1",
    "--record-drift": "drift",  # without --lenient
}
# --dialect takes its choices from argparse, --lenient takes no value.
UNREFUSABLE = {"--dialect", "--lenient"}


def test_every_flag_that_takes_a_value_has_a_refused_one_here() -> None:
    assert {flag.flag for flag in CLIENT_FLAGS} == REFUSED.keys() | UNREFUSABLE


@pytest.mark.parametrize(("flag", "value"), REFUSED.items())
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_refused_value_is_a_usage_error_naming_its_flag(
    hamr_fake: HamrFake, flag: str, value: str, where: str
) -> None:
    flagged = (flag, value)
    argv = (*flagged, "--json", "get") if where == "before" else ("--json", "get", *flagged)
    refused = in_process(hamr_fake, *argv)
    assert refused.code == 2, refused.stderr
    assert refused.error()["type"] == "ConfigurationError"
    assert flag in refused.error()["message"]
    assert hamr_fake.requests == 0


@given(site=st.text(st.characters(codec="ascii", exclude_categories=["Cc"]), min_size=1, max_size=20))
def test_a_site_from_dd_site_is_checked_and_named_as_coming_from_there(site: str) -> None:
    fake = HamrFake()
    result = in_process(fake, "--json", "get", env=environment(DD_SITE=site))
    if site.strip().lower() in SITES:
        assert result.code != 2 or "DD_SITE" not in result.stderr
        return
    assert result.code == 2
    message = result.error()["message"]
    assert "DD_SITE" in message
    assert "--site" not in message
    assert fake.requests == 0


def test_the_flag_beats_dd_site_and_is_named_when_refused(hamr_fake: HamrFake) -> None:
    refused = in_process(hamr_fake, "--json", "--site", "nowhere", "get", env=environment(DD_SITE="datadoghq.eu"))
    assert refused.code == 2
    assert "--site" in refused.error()["message"]
    assert "DD_SITE" not in refused.error()["message"]


@pytest.mark.parametrize(
    "argv",
    [
        ("--site", "datadoghq.eu", "--base-url", "http://127.0.0.1:9", "get"),
        ("--site", "datadoghq.eu", "get", "--base-url", "http://127.0.0.1:9"),
        ("--base-url", "http://127.0.0.1:9", "get", "--site", "datadoghq.eu"),
    ],
    ids=["together", "site first", "base-url first"],
)
def test_site_and_base_url_exclude_each_other_wherever_given(hamr_fake: HamrFake, argv: tuple[str, ...]) -> None:
    refused = in_process(hamr_fake, *argv)
    assert refused.code == 2
    assert "give --site or --base-url, not both" in refused.stderr
    assert hamr_fake.requests == 0


def _http_date(seconds_from_now: float) -> str:
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=seconds_from_now)
    return email.utils.format_datetime(moment, usegmt=True)


@pytest.mark.parametrize(
    ("headers", "waited"),
    [
        pytest.param({"X-RateLimit-Reset": "", "Retry-After": "12"}, (12, 12), id="retry-after seconds"),
        pytest.param({"X-RateLimit-Reset": " " * 60 + "30" + " " * 10}, (1, 1), id="longer than any wait header"),
        pytest.param({"X-RateLimit-Reset": "1e9"}, (60, 60), id="capped at max_rate_limit_wait"),
        pytest.param({"X-RateLimit-Reset": "soon"}, (1, 1), id="unreadable: the interval"),
    ],
)
def test_wait_reads_a_429s_wait_as_the_client_does(
    hamr_fake: HamrFake, headers: dict[str, str], waited: tuple[float, ...]
) -> None:
    assert in_process(hamr_fake, "set", *LINK, "--hamr-status", "ACTIVE", "--yes").code == 0
    hamr_fake.fail_next(429, headers=headers, times=2)
    clock = Clock()
    result = in_process(hamr_fake, "wait", "--status", "ACTIVE", "--interval", "1", "--max-retries", "0", clock=clock)
    assert result.code == 0, result.stderr
    assert tuple(clock.sleeps) == waited


def test_wait_reads_a_retry_after_date() -> None:
    fake = HamrFake()
    assert in_process(fake, "set", *LINK, "--hamr-status", "ACTIVE", "--yes").code == 0
    fake.fail_next(429, headers={"X-RateLimit-Reset": "", "Retry-After": _http_date(45)}, times=1)
    clock = Clock()
    result = in_process(fake, "wait", "--status", "ACTIVE", "--interval", "1", "--max-retries", "0", clock=clock)
    assert result.code == 0, result.stderr
    assert len(clock.sleeps) == 1
    assert 40 <= clock.sleeps[0] <= 45  # the date, read as seconds from now (the test's own seconds pass too)
