"""How the kit is installed: an extra that brings its own dependencies, a pytest11 plugin, a lean plain install."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

import pytest

from tests.testing.conftest import DOC_TESTS, ROOT, doc_modules

CONSTRAINTS = ROOT / "requirements" / "constraints.txt"


def requirements() -> dict[str, str]:
    """Each Requires-Dist of the installed hamr-client: its name, and its marker ("" when none)."""
    found = {}
    for text in metadata.requires("hamr-client") or []:
        requirement, _, marker = text.partition(";")
        name = re.match(r"[A-Za-z0-9._-]+", requirement.strip())
        assert name, text
        found[name[0].lower()] = marker.strip()
    return found


def test_a_plain_install_needs_only_the_clients_own_dependencies() -> None:
    assert {name for name, marker in requirements().items() if not marker} == {
        "httpx",
        "httpx-retries",
        "anyio",
    }


def test_the_testing_extra_brings_pytest() -> None:
    extra = {name for name, marker in requirements().items() if re.fullmatch(r"""extra == ["']testing["']""", marker)}
    assert extra == {"pytest"}
    assert "testing" in (metadata.metadata("hamr-client").get_all("Provides-Extra") or [])


def test_the_plugin_is_registered_for_pytest() -> None:
    (entry_point,) = metadata.entry_points(group="pytest11", name="hamr_client")
    assert entry_point.value == "hamr_client.testing.plugin"
    assert hasattr(entry_point.load(), "hamr_fake")


def test_the_client_does_not_import_the_kit() -> None:
    code = "import sys, hamr_client; assert not [m for m in sys.modules if m.startswith('hamr_client.testing')]"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


@pytest.mark.slow
def test_a_fresh_venv_with_the_extra_runs_the_docs_examples(tmp_path: Path) -> None:
    """``pip install "./generated[testing]"`` in an empty venv, then a user's test files with only ``hamr_fake``."""
    venv.create(tmp_path / "venv", with_pip=True)
    python = str(tmp_path / "venv" / "bin" / "python")
    install = [python, "-m", "pip", "install", "-q", "-c", str(CONSTRAINTS), f"{ROOT / 'generated'}[testing]"]
    subprocess.run(install, check=True, capture_output=True, timeout=600)
    installed = subprocess.run([python, "-m", "pip", "freeze"], check=True, capture_output=True, text=True).stdout
    assert "starlette" not in installed.lower()  # the kit has no web framework to bring
    project = tmp_path / "user-project"
    project.mkdir()
    for index, source in enumerate(doc_modules()):
        (project / f"test_doc_{index}.py").write_text(source)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "PYTHON"))}
    result = subprocess.run(
        [python, "-m", "pytest", "-W", "error", "--strict-markers", "-p", "no:cacheprovider", "-q"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(rf"^{len(DOC_TESTS)} passed", result.stdout, flags=re.MULTILINE), result.stdout
