"""The one entry point for every job of hamr-contract: ``nox -l`` lists them.

A bare ``nox`` runs the gate CI runs: lint, drift, typecheck, tests, bounds, contract
and spec-diff. Every tool is pinned in ``requirements/`` (direct dependencies per session,
``constraints.txt`` for the whole tree) and ``package-lock.json`` (Spectral).
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

ROOT = Path(__file__).parent
REQUIREMENTS = ROOT / "requirements"
PYTHON_SOURCES = ["noxfile.py", "openapi/runtime", "scripts", "tests", "contract_tests"]

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["lint", "drift", "typecheck", "tests", "bounds", "contract", "spec-diff"]


def install(session: nox.Session, *names: str, client: bool = False) -> None:
    """Install ``requirements/<name>.txt`` under the shared constraints, and the client if asked."""
    args = [arg for name in names for arg in ("-r", str(REQUIREMENTS / f"{name}.txt"))]
    if client:
        args.append(str(ROOT / "generated"))
    session.install("-c", str(REQUIREMENTS / "constraints.txt"), *args)


def npm_tools(session: nox.Session) -> None:
    """The Node tools package-lock.json pins (Spectral, openapi-diff), into node_modules/."""
    session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=True)


def hypothesis_profile() -> str:
    """``ci`` (thorough) on CI, ``dev`` (fast) elsewhere; HYPOTHESIS_PROFILE overrides both."""
    return os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")


@nox.session
def lint(session: nox.Session) -> None:
    """Validate the spec (openapi-spec-validator, Spectral spectral:oas) and ruff our Python."""
    install(session, "lint")
    session.run("python", "scripts/validate_spec.py")
    npm_tools(session)
    session.run("npx", "--no-install", "spectral", "lint", "openapi/hamr.yaml", "--fail-severity=warn", external=True)
    session.run("ruff", "check", *PYTHON_SOURCES)
    session.run("ruff", "format", "--check", *PYTHON_SOURCES)
    # The generated package is linted with the generator's own ruff settings (its pyproject).
    # --no-cache: a .ruff_cache inside generated/ would make it differ from a fresh generation.
    session.run("ruff", "check", "--no-cache", "generated")


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from openapi/ (``-- --check`` only compares, for CI)."""
    install(session, "generate")
    session.run("python", "scripts/generate.py", *session.posargs)


@nox.session
def drift(session: nox.Session) -> None:
    """Fail, listing the files, when generated/ is not what the spec and templates produce."""
    install(session, "generate")
    session.run("python", "scripts/generate.py", "--check")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on our code and on the generated package."""
    install(session, "typecheck", client=True)
    session.run("mypy", *PYTHON_SOURCES)
    session.run("mypy", "generated/hamr_client")


@nox.session
def tests(session: nox.Session) -> None:
    """Generation golden records and the client's behaviour (``-- ARGS`` go to pytest)."""
    # "bench" too: tests/bench smoke-runs the benchmark, which needs the clients it compares.
    install(session, "tests", "bench", client=True)
    # tests/spec_diff needs griffe and node: the spec-diff session runs it.
    session.run("pytest", "tests", "--ignore=tests/spec_diff", *session.posargs)


@nox.session
@nox.parametrize("end", ["lowest", "newest"], ids=["lowest", "newest"])
def bounds(session: nox.Session, end: str) -> None:
    """The client's tests with its direct dependencies at the lowest, then the newest, their ranges allow.

    The ranges are ``[project].dependencies`` of generated/pyproject.toml (set in
    openapi/templates/pyproject_pdm.toml.jinja). scripts/dependency_bounds.py writes a copy of
    requirements/constraints.txt, in the session's tmp/, with those packages re-pinned to one end:
    ``lowest`` their lower bounds, ``newest`` what the registry serves now. The test kit stays as the tests session pins
    it, so a range wider than what passes fails here. ``-- ARGS`` go to pytest. (That a plain
    ``pip install`` keeps a user's httpx 0.27.0: tests/generation/test_install.py, in ``tests``.)
    """
    install(session, "bounds")
    pins = Path(session.create_tmp()) / f"constraints-{end}.txt"
    session.run("python", "scripts/dependency_bounds.py", end, "--output", str(pins))
    session.install("-c", str(pins), "-r", str(REQUIREMENTS / "tests.txt"), str(ROOT / "generated"))
    session.run("pytest", "tests/client", *session.posargs)


@nox.session
def contract(session: nox.Session) -> None:
    """The contract gate: recordings, spec and client fuzzed against each other (``-- --live``: a real site)."""
    install(session, "tests", client=True)
    session.run(
        "pytest",
        "contract_tests",
        "--junitxml=reports/contract-junit.xml",
        # The properties are CPU-bound and uneven: one worker per core, idle ones steal work.
        "--numprocesses=auto",
        "--dist=worksteal",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": hypothesis_profile()},
    )


@nox.session
def record(session: nox.Session) -> None:
    """Re-record contract_tests/recordings/ from DD_SITE with DD_API_KEY/DD_APP_KEY (``-- --allow-write``)."""
    install(session, "tests", client=True)  # record.py scrubs with the package's own scrubber
    session.run("python", "scripts/record.py", *session.posargs)


@nox.session
def faults(session: nox.Session) -> None:
    """Inject server, spec and client faults into a copy and show the contract gate kills each (slow)."""
    install(session, "tests", client=True)
    session.run("python", "scripts/inject_faults.py", *session.posargs)


@nox.session(name="spec-diff")
def spec_diff(session: nox.Session) -> None:
    """Breaking-change gate: the spec at ``-- BASE_REF`` (default HEAD~1 on main) vs the working tree."""
    install(session, "spec_diff", client=True)
    npm_tools(session)
    session.run("pytest", "tests/spec_diff")
    session.run(
        "python",
        "scripts/spec_diff.py",
        "--markdown-out=reports/spec-diff.md",
        "--json-out=reports/spec-diff.json",
        *session.posargs,
    )


@nox.session
def bench(session: nox.Session) -> None:
    """What the client and the gate cost, beside raw httpx/urllib3 and Datadog's client (not in the default set)."""
    install(session, "bench", client=True)
    session.run("python", "scripts/bench.py", *session.posargs)


@nox.session
def lock(session: nox.Session) -> None:
    """Re-pin requirements/constraints.txt: every package any session installs, exactly."""
    files = sorted(REQUIREMENTS.glob("*.txt"))
    session.install(*[arg for f in files if f.name != "constraints.txt" for arg in ("-r", str(f))], "./generated")
    frozen = session.run("python", "-m", "pip", "freeze", "--exclude-editable", silent=True)
    assert isinstance(frozen, str)
    pins = sorted(
        (line for line in frozen.splitlines() if line and not line.lower().startswith("hamr-client")),
        key=str.lower,
    )
    header = "# Generated by `nox -s lock` from requirements/*.txt: do not edit by hand.\n"
    (REQUIREMENTS / "constraints.txt").write_text(header + "\n".join(pins) + "\n")
