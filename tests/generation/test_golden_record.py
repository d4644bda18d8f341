"""generated/ is exactly what the pinned generator makes of the spec: the drift gate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

Generate = Callable[..., CompletedProcess[str]]
Digest = Callable[[Path], dict[str, str]]


def test_committed_package_is_a_fresh_generation(fresh_generation: Path, committed: Path, digest: Digest) -> None:
    fresh, ours = digest(fresh_generation), digest(committed)
    differing = sorted(name for name in fresh.keys() | ours.keys() if fresh.get(name) != ours.get(name))
    assert not differing, f"generated/ drifted from the spec; run `nox -s generate`. Differing: {differing}"


def test_generation_is_deterministic(
    fresh_generation: Path, tmp_path: Path, generate: Generate, digest: Digest
) -> None:
    again = tmp_path / "again"
    assert generate("--output", again).returncode == 0
    assert digest(again) == digest(fresh_generation)


def test_check_passes_on_a_fresh_generation(fresh_generation: Path, generate: Generate) -> None:
    result = generate("--check", "--output", fresh_generation)
    assert result.returncode == 0, result.stderr


def test_check_lists_each_drifted_file(
    fresh_generation: Path, tmp_path: Path, generate: Generate, digest: Digest
) -> None:
    drifted = tmp_path / "generated"
    drifted.mkdir()
    for name in digest(fresh_generation):
        target = drifted / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((fresh_generation / name).read_bytes())
    (drifted / "hamr_client" / "types.py").write_text("# edited by hand\n")
    (drifted / "hamr_client" / "stray.py").write_text("")
    (drifted / "hamr_client" / "errors.py").unlink()

    result = generate("--check", "--output", drifted)

    assert result.returncode == 1
    assert "hamr_client/types.py" in result.stderr
    assert "hamr_client/stray.py (not produced by the generator)" in result.stderr
    assert "hamr_client/errors.py (missing from generated/)" in result.stderr
    assert "nox -s generate" in result.stderr
