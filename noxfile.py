"""The one entry point for every job of hamr-contract: ``nox -l`` lists them.

A bare ``nox`` runs the gate CI runs: lint, drift, typecheck, tests, bounds, contract
and spec-diff. Every tool is pinned in ``requirements/`` (direct dependencies per session,
``constraints.txt`` for the whole tree) and ``package-lock.json`` (Spectral, Pyright). Venvs are made
by uv (``requirements/nox.txt`` pins it beside nox); on a machine without uv nox falls back to
the standard library's venv and pip, which install the same pins, only slower.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import nox
from nox.command import CommandFailed

ROOT = Path(__file__).parent
REQUIREMENTS = ROOT / "requirements"
CONSTRAINTS = REQUIREMENTS / "constraints.txt"
GENERATED = ROOT / "generated"
# The client as the sessions install it: with its optional aiohttp transport, which its tests run on too.
CLIENT = f"{GENERATED}[aiohttp]"
PYTHON_SOURCES = ["noxfile.py", "openapi/runtime", "tooling", "scripts", "tests", "contract_tests"]
# Where a client range is set, for the message of a failing bounds run.
RANGES = "openapi/templates/pyproject_pdm.toml.jinja"
# The Pythons the client, its CLI and its test kit are tested on (``client``); CI adds the newest it has
# (.github/workflows/ci.yml). The package's classifiers name these and no other.
PYTHONS = ["3.11", "3.12", "3.13"]
# The gate and the tools run on one: the oldest the package supports, as mypy's python_version.
TOOLS = "3.11"
# The client's own tests: the ``client`` session's, on each Python; ``tests`` runs everything else.
CLIENT_TESTS = ["tests/client", "tests/cli", "tests/testing"]

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|venv"
nox.options.reuse_venv = "yes"
# A Python that is not installed is an error under CI (nox's default when CI is set) and a skip, named in
# the summary, on a developer's machine; it is never downloaded: what is tested is what the machine has.
nox.options.download_python = "never"
nox.options.sessions = ["lint", "drift", "typecheck", "tests", "client", "bounds", "contract", "spec-diff"]
# Bytecode is a cache, and the gate starts hundreds of Python processes (pytest in copies of the tree,
# hamr, the scripts). A machine that turns it off (PYTHONDONTWRITEBYTECODE, common in container images)
# would have each of them compile every module it imports from source, and pytest rewrite every test
# and plugin module again: over half of a gate run's start. uv installs no .pyc either, so the
# sessions and everything they start write them on first import.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def _pyenv_pythons(versions: list[str]) -> None:
    """Let nox's interpreter discovery see pyenv's installed Python of each of ``versions``, not only the selected one.

    pyenv's shims run only the versions PYENV_VERSION lists (``pyenv exec`` sets it to the selected one), and
    python-discovery follows them: ``python3.12`` is found when 3.12.1 is among them, as after
    ``pyenv shell 3.11.7 3.12.1``. The versions already listed stay first (``python3`` is unchanged).
    Without pyenv nothing changes: discovery searches PATH (and uv's Pythons) as usual.
    """
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return

    def ask(*args: str) -> list[str]:
        done = subprocess.run([pyenv, *args], capture_output=True, text=True, check=False)
        return done.stdout.split() if done.returncode == 0 else []

    listed = os.environ.get("PYENV_VERSION") or ":".join(ask("version-name"))
    selected = listed.split(":")
    found = [name for version in versions for name in ask("latest", version)]
    os.environ["PYENV_VERSION"] = ":".join(dict.fromkeys(name for name in [*selected, *found] if name))


_pyenv_pythons(sorted({*PYTHONS, TOOLS}))


def _digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _user_cache() -> Path:
    """``$XDG_CACHE_HOME/hamr-contract`` (``~/.cache/...``), shared by every tree of the machine, as spec-diff's."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hamr-contract"


class _Stamp:
    """What a reused venv already holds: one file per install step, the hash of the files that step read."""

    def __init__(self, session: nox.Session, step: str, files: list[Path], where: Path | None = None) -> None:
        self.session = session
        self.path = (where or Path(session.virtualenv.location)) / f".hamr-{step}.sha256"
        # The backend is part of it: a venv made by pip after one made by uv holds nothing of it.
        self.value = f"v2:{session.venv_backend}:{_digest(files)}"

    @property
    def current(self) -> bool:
        return self.path.is_file() and self.path.read_text() == self.value

    def write(self) -> None:
        # An install step itself: `nox --no-install` (-R) skips it with the installs it records.
        self.session.run_install(
            "python", "-c", "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])",
            str(self.path), self.value, silent=True,
        )  # fmt: skip


def _client_files() -> list[Path]:
    skipped = {"build", "dist", "__pycache__"}
    return [p for p in sorted(GENERATED.rglob("*")) if p.is_file() and not skipped & set(p.parts)]


def install(session: nox.Session, *names: str, client: bool = False, constraints: Path = CONSTRAINTS) -> None:
    """Install ``requirements/<name>.txt`` under ``constraints``, and the client if asked, each only once.

    Venvs are reused, and a stamp in each records what was installed: a re-run installs nothing
    unless a requirements file or the constraints changed (then everything, as on a new venv),
    or generated/ did (then the client alone).
    """
    pins = _Stamp(
        session, "+".join(names), [constraints, *sorted(REQUIREMENTS.glob("*.txt")), GENERATED / "pyproject.toml"]
    )
    package = _Stamp(session, "client", _client_files())
    # uv keeps an installed local package as it is unless told (pip rebuilds a local path anyway).
    again = ["--reinstall-package", "hamr-client"] if client and session.venv_backend == "uv" else []
    if not pins.current:
        args = [arg for name in names for arg in ("-r", str(REQUIREMENTS / f"{name}.txt"))]
        session.install("-c", str(constraints), *args, *([*again, CLIENT] if client else []))
        pins.write()
    elif client and not package.current:
        session.install("-c", str(constraints), "--no-deps", *again, CLIENT)
    if client and not package.current:
        package.write()


def npm_tools(session: nox.Session) -> None:
    """The Node tools package-lock.json pins (Spectral, Pyright) into node_modules/, once per lock file."""
    # The stamp lives in node_modules/, which every session shares: the first one installs, the others use it.
    stamp = _Stamp(session, "npm", [ROOT / "package-lock.json"], where=ROOT / "node_modules")
    # Sessions side by side (.ci/run): one `npm ci` at a time, the others wait for it.
    with (ROOT / ".nox" / "npm.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not stamp.current:
            session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=True)
            stamp.write()


@nox.session(python=TOOLS)
def lint(session: nox.Session) -> None:
    """Validate the spec (openapi-spec-validator, Spectral spectral:oas), ruff our Python, actionlint the CI."""
    install(session, "lint")
    session.run("python", "-m", "scripts.validate_spec")
    npm_tools(session)
    session.run("npx", "--no-install", "spectral", "lint", "openapi/hamr.yaml", "--fail-severity=warn", external=True)
    session.run("ruff", "check", *PYTHON_SOURCES)
    session.run("ruff", "format", "--check", *PYTHON_SOURCES)
    # The generated package is linted with the generator's own ruff settings (its pyproject).
    # --no-cache: a .ruff_cache inside generated/ would make it differ from a fresh generation.
    session.run("ruff", "check", "--no-cache", "generated")
    session.run("actionlint", "-no-color")


@nox.session(python=TOOLS)
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from openapi/ (``-- --check`` only compares, for CI)."""
    install(session, "generate")
    session.run("python", "-m", "scripts.generate", *session.posargs)


@nox.session(python=TOOLS)
def drift(session: nox.Session) -> None:
    """Fail, listing the files, when generated/ is not what the spec and templates produce."""
    install(session, "generate")
    session.run("python", "-m", "scripts.generate", "--check")


@nox.session(python=TOOLS)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on our code and on the generated package; Pyright's --verifytypes on the installed package."""
    install(session, "typecheck", client=True)
    # mypy's incremental cache outside the tree, one per set of pins: a fresh clone starts warm. mypy checks
    # each cached module against its source's hash, so the cache only saves work, never a finding.
    cache = ["--cache-dir", str(_user_cache() / f"mypy-{_digest([CONSTRAINTS])[:16]}")]
    session.run("mypy", *cache, *PYTHON_SOURCES)
    session.run("mypy", *cache, "generated/hamr_client")
    # What Pyright/VS Code users see: 100 % type-complete, every public symbol documented.
    npm_tools(session)
    session.run("python", "-m", "scripts.type_completeness")


@nox.session(python=TOOLS)
def tests(session: nox.Session) -> None:
    """Golden records, spec fidelity, spec growth, the docs, spec-diff and bench smoke (``-- ARGS``: pytest's).

    The client's, the CLI's and the test kit's tests are ``client``'s, on every Python.
    """
    # "bench" too: tests/bench smoke-runs the benchmark, which needs the clients it compares.
    install(session, "spec_diff", "bench", client=True)
    ignored = [f"--ignore={folder}" for folder in CLIENT_TESTS]
    # A module to a worker (its module fixtures, such as the grown tree, are built once), idle ones steal.
    session.run("pytest", "tests", *ignored, "--numprocesses=auto", "--dist=loadfile", *session.posargs)


@nox.session(python=PYTHONS)
def client(session: nox.Session) -> None:
    """The client's, the CLI's and the test kit's tests on each Python the package claims (``-- ARGS``: pytest's).

    Only the package and its test kit are installed (requirements/client.txt), never the tools.
    """
    install(session, "client", client=True)
    session.run("pytest", *CLIENT_TESTS, "--numprocesses=auto", *session.posargs)


@nox.session(python=TOOLS)
@nox.parametrize("end", ["lowest", "newest"], ids=["lowest", "newest"])
def bounds(session: nox.Session, end: str) -> None:
    """The client's tests with its direct dependencies at the lowest, then the newest, their ranges allow.

    The ranges are ``[project].dependencies`` of generated/pyproject.toml (set in
    openapi/templates/pyproject_pdm.toml.jinja). scripts/dependency_bounds.py writes a copy of
    requirements/constraints.txt, in the session's tmp/, with those packages re-pinned to one end:
    ``lowest`` their lower bounds, ``newest`` what the registry serves now. Only the client and what
    its tests need (requirements/client_tests.txt) are installed, never the generator or the gate's
    tools, so only a release that breaks the client or its test kit turns this red; the failure names
    the versions and where the range is set (docs/dependencies.md). ``-- ARGS`` go to pytest.
    """
    install(session, "bounds")
    pins = Path(session.create_tmp()) / f"constraints-{end}.txt"
    chosen = session.run("python", "-m", "scripts.dependency_bounds", end, "--output", str(pins), silent=True)
    assert isinstance(chosen, str)
    session.log(chosen.strip())
    at = "; ".join(line.split(": ", 1)[-1] for line in chosen.strip().splitlines())
    try:
        install(session, "client_tests", client=True, constraints=pins)
    except CommandFailed:
        session.error(
            f"bounds({end}): the client's test kit (requirements/client_tests.txt) cannot be installed with {at}. "
            "A test tool caps a client dependency: move that tool's pin (nox -s lock), never the client's range "
            "to fit a tool. See docs/dependencies.md."
        )
    try:
        session.run("pytest", "tests/client", "--numprocesses=auto", *session.posargs)
    except CommandFailed:
        session.error(
            f"bounds({end}): the client's tests fail with {at}. Fix the runtime (openapi/runtime/) for that "
            f"release, or narrow the range in {RANGES}, regenerate and note it in CHANGELOG.md. "
            "See docs/dependencies.md."
        )


@nox.session(python=TOOLS)
def contract(session: nox.Session) -> None:
    """The contract gate: recordings, spec and client fuzzed against each other (``-- --live``: a real site).

    The hypothesis profile is contract_tests/conftest.py's choice: ``ci`` when CI is set, else ``dev``.
    """
    install(session, "tests", client=True)
    session.run(
        "pytest",
        "contract_tests",
        "--junitxml=reports/contract-junit.xml",
        # The properties are CPU-bound and uneven: one worker per core, idle ones steal work.
        "--numprocesses=auto",
        "--dist=worksteal",
        *session.posargs,
    )


@nox.session(python=TOOLS)
def record(session: nox.Session) -> None:
    """Re-record contract_tests/recordings/ from DD_SITE with DD_API_KEY/DD_APP_KEY (``-- --allow-write``)."""
    install(session, "tests", client=True)  # record.py scrubs with the package's own scrubber
    session.run("python", "-m", "scripts.record", *session.posargs)


@nox.session(python=TOOLS)
def faults(session: nox.Session) -> None:
    """Inject server, spec and client faults into a copy and show the contract gate kills each (slow)."""
    install(session, "tests", client=True)
    session.run("python", "-m", "scripts.inject_faults", *session.posargs)


@nox.session(name="spec-diff", python=TOOLS)
def spec_diff(session: nox.Session) -> None:
    """Breaking-change gate: the spec at ``-- BASE_REF`` (default HEAD~1 on main) vs the working tree.

    The diff tool's own tests (tests/spec_diff) run in ``tests``: here it only diffs.
    """
    install(session, "spec_diff", client=True)
    session.run(
        "python",
        "-m",
        "scripts.spec_diff",
        "--markdown-out=reports/spec-diff.md",
        "--json-out=reports/spec-diff.json",
        *session.posargs,
    )


@nox.session(python=TOOLS)
def bench(session: nox.Session) -> None:
    """What the client and the gate cost, beside raw httpx/urllib3 and Datadog's client (not in the default set)."""
    install(session, "bench", client=True)
    session.run("python", "-m", "scripts.bench", *session.posargs)


@nox.session(python=TOOLS)
def lock(session: nox.Session) -> None:
    """Re-pin requirements/constraints.txt: every package any session installs, exactly."""
    # nox.txt holds its pins to constraints.txt (-c): its requirements are taken, not that line.
    files = [f for f in sorted(REQUIREMENTS.glob("*.txt")) if f.name not in {"constraints.txt", "nox.txt"}]
    runner = [line for line in (REQUIREMENTS / "nox.txt").read_text().splitlines() if line[:1] not in {"", "#", "-"}]
    session.install(*[arg for f in files for arg in ("-r", str(f))], *runner, "./generated[aiohttp]")
    freeze = ["uv", "pip", "freeze"] if session.venv_backend == "uv" else ["python", "-m", "pip", "freeze"]
    frozen = session.run(*freeze, "--exclude-editable", silent=True)
    assert isinstance(frozen, str)
    # Only "name==version" lines: nox's captured output holds the tool's notes on stderr too.
    pins = sorted(
        (line for line in frozen.splitlines() if "==" in line and not line.lower().startswith(("hamr-client", " "))),
        key=str.lower,
    )
    header = "# Generated by `nox -s lock` from requirements/*.txt: do not edit by hand.\n"
    (REQUIREMENTS / "constraints.txt").write_text(header + "\n".join(pins) + "\n")
