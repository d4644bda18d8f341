"""The ends of the client's dependency ranges, as scripts/dependency_bounds.py takes them for `nox -s bounds`."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tooling.dependency_bounds import EXTRAS, BoundsError, constraints, direct_requirements, lowest, lowest_pins

GENERATED = Path(__file__).resolve().parents[2] / "generated"


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [("httpx>=0.27.0,<1", "0.27.0"), ("anyio<5,>=4.5.0", "4.5.0"), ("x~=1.4", "1.4"), ("x==2.0.1", "2.0.1")],
)
def test_lowest_is_the_lower_bound_of_the_range(requirement: str, expected: str) -> None:
    assert lowest(Requirement(requirement)) == Version(expected)


@pytest.mark.parametrize("requirement", ["httpx<1", "httpx", "httpx>=0.27,>=0.28"])
def test_a_range_without_one_lower_bound_is_refused(requirement: str) -> None:
    with pytest.raises(BoundsError, match="exactly one lower bound"):
        lowest(Requirement(requirement))


def test_a_range_that_excludes_its_own_lower_bound_is_refused() -> None:
    with pytest.raises(BoundsError, match=r"excludes its lower bound 0\.27\.0"):
        lowest(Requirement("httpx>=0.27.0,!=0.27.0,<1"))


def test_constraints_repin_only_the_moved_packages_whatever_their_spelling() -> None:
    locked = "# header\nattrs==26.1.0\nhttpx==0.28.1\nhttpx_retries==0.6.0\nPyYAML==6.0.3\nrespx==0.23.1\n"
    pins = {canonicalize_name("httpx"): Version("0.27.0"), canonicalize_name("httpx-retries"): Version("0.5.0")}

    lines = constraints(locked, pins).splitlines()

    assert "httpx==0.28.1" not in lines
    assert "httpx_retries==0.6.0" not in lines
    assert {"httpx==0.27.0", "httpx-retries==0.5.0"} <= set(lines)
    assert {"# header", "attrs==26.1.0", "PyYAML==6.0.3", "respx==0.23.1"} <= set(lines)


def test_the_extras_ranges_are_taken_too(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\ndependencies = ["httpx>=0.27.0,<1"]\n'
        '[project.optional-dependencies]\nfast = ["aiohttp>=3.10.0,<4"]\ntesting = ["pytest>=8"]\n'
    )
    assert [str(r) for r in direct_requirements(pyproject, ["fast"])] == ["httpx<1,>=0.27.0", "aiohttp<4,>=3.10.0"]
    with pytest.raises(BoundsError, match="no extra slow"):
        direct_requirements(pyproject, ["slow"])


def test_the_committed_ranges_run_from_a_floor_to_a_major_release() -> None:
    """Each direct dependency, the aiohttp extra's too, has a floor the lowest run can pin and one cap at a major."""
    requirements = direct_requirements(GENERATED / "pyproject.toml", EXTRAS)
    assert {"httpx-aiohttp", "aiohttp"} <= {canonicalize_name(r.name) for r in requirements}
    floors = lowest_pins(requirements)
    for requirement in requirements:
        caps = [Version(spec.version) for spec in requirement.specifier if spec.operator == "<"]
        assert len(caps) == 1, f"{requirement}: one upper bound: the next major may break what the runtime uses"
        assert not any(caps[0].release[1:]), f"{requirement}: cap at a major release, not a minor"
        assert caps[0].major > floors[canonicalize_name(requirement.name)].major
    assert floors[canonicalize_name("httpx")] == Version("0.27.0"), "httpx 0.27 users must be able to install"
