"""The hypothesis profile means one thing: ``CI`` picks ``ci`` however pytest is started."""

from __future__ import annotations

import pytest
from hypothesis import settings

from contract_tests.conftest import PROFILE, profile


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "dev"),
        ({"CI": "true"}, "ci"),
        ({"CI": "1"}, "ci"),
        ({"CI": "false"}, "dev"),
        ({"CI": "0"}, "dev"),
        ({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}, "dev"),
        ({"HYPOTHESIS_PROFILE": "ci"}, "ci"),
    ],
)
def test_ci_picks_the_ci_profile_unless_one_is_named(
    environment: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CI", "HYPOTHESIS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert profile() == expected


def test_the_loaded_profile_is_the_chosen_one() -> None:
    assert settings.default == settings.get_profile(PROFILE)
    assert profile() == PROFILE
