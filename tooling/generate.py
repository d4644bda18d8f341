"""Generate the ``hamr_client`` package in ``generated/`` from ``openapi/hamr.yaml``.

One job, one pinned command: validate the spec, run openapi-python-client (pinned, with
its pinned ruff post-hooks) into a temporary directory, copy the hand-kept runtime
(``openapi/runtime/``: client, retries, errors, parsing; plain modules that ruff, mypy and
the tests check as source) into the package verbatim, and only then swap the result into
``generated/``. A broken spec leaves ``generated/`` untouched.

``--check`` regenerates into a temporary directory and fails, listing the differing
files, when the committed ``generated/`` is not what the spec and templates produce.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tooling import validate_spec

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "hamr.yaml"
CONFIG = ROOT / "openapi" / "generator.yaml"
TEMPLATES = ROOT / "openapi" / "templates"
RUNTIME = ROOT / "openapi" / "runtime"
OUTPUT = ROOT / "generated"
# Files that building or testing the package may leave behind; never the generator's.
IGNORED = ("__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".pdm-build", "build", "dist", "*.egg-info")


class GenerationError(Exception):
    """The spec or the generator failed; the message says where and why."""


def generate(spec: Path, destination: Path) -> None:
    """Write the package generated from ``spec`` to ``destination`` (which must not exist)."""
    found = validate_spec.problems(spec)
    if found:
        raise GenerationError("\n".join(str(p) for p in found))
    command = [
        sys.executable, "-m", "openapi_python_client", "generate",
        "--path", str(spec),
        "--config", str(CONFIG),
        "--output-path", str(destination),
        "--meta", "pdm",
        "--fail-on-warning",
    ]  # fmt: skip
    if TEMPLATES.is_dir():
        command += ["--custom-template-path", str(TEMPLATES)]
    # The post-hooks call `ruff`: make sure it is the one pinned beside this interpreter.
    # RUFF_NO_CACHE: a cache directory inside the output would make it differ run to run.
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "RUFF_NO_CACHE": "true",
    }
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if result.returncode != 0 or not (destination / "hamr_client" / "__init__.py").is_file():
        output = (result.stdout + result.stderr).strip()
        raise GenerationError(f"{spec}: openapi-python-client failed (exit {result.returncode}):\n{output}")
    copy_runtime(RUNTIME, destination / "hamr_client")


def copy_runtime(runtime: Path, package: Path) -> None:
    """Copy every module under ``runtime`` into ``package`` byte for byte, replacing the generator's."""
    for source in sorted(runtime.rglob("*.py")):
        # runtime/__init__.py only makes the folder a package for mypy; the package's is the template's.
        if "__pycache__" in source.parts or source == runtime / "__init__.py":
            continue
        target = package / source.relative_to(runtime)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())


def replace_atomically(spec: Path, output: Path) -> None:
    """Generate next to ``output`` and swap it in only when generation succeeded."""
    with tempfile.TemporaryDirectory(prefix=".generate-", dir=output.parent) as scratch:
        fresh = Path(scratch) / "new"
        generate(spec, fresh)
        old = Path(scratch) / "old"
        if output.exists():
            output.rename(old)
        fresh.rename(output)


def differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths that differ, are missing or are extra in ``actual``."""
    diffs: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        diffs.extend(f"{prefix}{name} (missing from generated/)" for name in cmp.left_only)
        diffs.extend(f"{prefix}{name} (not produced by the generator)" for name in cmp.right_only)
        diffs.extend(f"{prefix}{name}" for name in cmp.diff_files + cmp.funny_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    # Compare contents, not stat signatures: dircmp's shallow check trusts mtimes.
    cmp = filecmp.dircmp(expected, actual, ignore=[*IGNORED, *filecmp.DEFAULT_IGNORES])
    filecmp.clear_cache()
    walk(cmp, "")
    return sorted(name for name in diffs if not _binary_equal(expected, actual, name))


def _binary_equal(expected: Path, actual: Path, name: str) -> bool:
    left, right = expected / name, actual / name
    return left.is_file() and right.is_file() and left.read_bytes() == right.read_bytes()


def check(spec: Path, output: Path) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="hamr-generate-check-") as scratch:
        fresh = Path(scratch) / "generated"
        generate(spec, fresh)
        diffs = differences(fresh, output) if output.is_dir() else ["generated/ (missing)"]
        for name in diffs[:5]:
            left, right = fresh / name.split(" ")[0], output / name.split(" ")[0]
            if left.is_file() and right.is_file():
                sys.stderr.writelines(
                    difflib.unified_diff(
                        right.read_text().splitlines(keepends=True),
                        left.read_text().splitlines(keepends=True),
                        f"committed/{name}",
                        f"regenerated/{name}",
                        n=2,
                    )
                )
        return diffs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if generated/ differs from a fresh generation")
    parser.add_argument("--spec", type=Path, default=SPEC, help="OpenAPI document (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="package directory (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.spec.is_file():
        parser.error(f"no such spec file: {args.spec}")
    spec, output = args.spec.resolve(), args.output.resolve()
    try:
        if args.check:
            diffs = check(spec, output)
            if diffs:
                print(f"{output} is out of date with {spec}; these files differ:", file=sys.stderr)
                print("\n".join(f"  {name}" for name in diffs), file=sys.stderr)
                print("Run `nox -s generate` and commit the result.", file=sys.stderr)
                return 1
            print(f"{output} matches a fresh generation from {spec}")
            return 0
        replace_atomically(spec, output)
    except GenerationError as exc:
        print(exc, file=sys.stderr)
        print(f"generation failed; {output} was left untouched", file=sys.stderr)
        return 1
    print(f"generated {output} from {spec}")
    return 0
