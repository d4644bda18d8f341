"""The packages generated from a spec text, each generated once per input: kept under the hash of what made it.

A package is what ``scripts/generate.py --spec TEXT --output DIR`` writes, and that depends only on
the spec text, this tree's generator config, templates and runtime, the generation scripts, and the
installed tools; the hash covers all of them, so a package whose inputs did not change is taken from
the cache (the base ref's, every run after the first) and any change makes a new one. Entries are
written beside the cache and renamed into place, so two runs never see half a package; the oldest
go past ``KEEP``. Generations start at once and run in the background while the cases are drawn.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Everything besides the spec text that the generated package depends on.
INPUTS = (
    "openapi/generator.yaml",
    "openapi/templates",
    "openapi/runtime",
    "scripts/generate.py",
    "tooling/__init__.py",
    "tooling/generate.py",
    "tooling/validate_spec.py",
    "tooling/spec_rules.py",
    "tooling/spec_doc.py",
)
KEEP = 64  # entries kept (about 0.5 MB each): the bases, the tests' pairs and grown copies of each worktree sharing it
IDLE = 3600  # seconds: an entry or a staging directory untouched this long is no run's
FORMAT = b"hamr-contract generated package v1"


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/hamr-contract/packages`` (``~/.cache/...``): shared by every tree of the machine.

    Not ``spec-diff/``, where trees of before the idle guard prune to 8 entries, in use or not.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hamr-contract" / "packages"


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@functools.cache
def _tools() -> bytes:
    """Every installed distribution and the interpreter: the generator, its ruff post-hooks and theirs.

    Not hamr-client, which is what is generated (the spec-diff session installs the tree's generated/).
    """
    found = ((d.metadata["Name"], d.version) for d in importlib.metadata.distributions())
    names = sorted(f"{name}=={version}" for name, version in found if name != "hamr-client")
    return "\n".join([sys.version, *names]).encode()


def key(text: str, root: Path = ROOT) -> str:
    """The hash of every input of the package generated from spec ``text`` by the tree at ``root``."""
    digest = hashlib.sha256(FORMAT + b"\0" + _tools() + b"\0" + text.encode() + b"\0")
    for name in INPUTS:
        for path in _files(root / name):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class Generation:
    """One package on its way: taken from the cache, or a generator process writing it."""

    name: str
    path: Path  # where the package is once finished
    cached: bool
    process: subprocess.Popen[str] | None = None
    staging: Path | None = None  # where the process writes, renamed to ``path`` when it succeeds
    seconds: float = 0.0
    started: float = field(default_factory=time.perf_counter)

    def finish(self) -> Path:
        """The package's directory; RuntimeError (with the generator's complaint) if it could not be made."""
        if self.process is not None:
            _, stderr = self.process.communicate()
            self.seconds = time.perf_counter() - self.started
            if self.process.returncode != 0:
                raise RuntimeError(f"generating the {self.name} spec failed:\n{stderr.strip()[-1500:]}")
            self.process = None
            if self.staging is not None:
                _settle(self.staging, self.path)
        return self.path


def start(text: str, name: str, scratch: Path, cache: Path | None, root: Path = ROOT) -> Generation:
    """Begin generating the package for spec ``text`` (``name``: "old" or "new", for messages and files).

    With ``cache`` the package is looked up (and, once made, kept) there under its inputs' hash;
    without, it is made in ``scratch``. ``root``: the tree whose generator, templates and runtime make it
    (a copy of this one: tooling.gate_tree).
    """
    spec = scratch / f"{name}.yaml"
    spec.write_text(text)
    if cache is None:
        output = scratch / name
        return Generation(name, output, False, _run(spec, output, root))
    entry = cache / key(text, root)
    if (entry / "hamr_client" / "__init__.py").is_file():
        os.utime(entry)  # recently used: pruned last
        return Generation(name, entry, True)
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{entry.name[:12]}-", dir=cache)) / "package"
    return Generation(name, entry, False, _run(spec, staging, root), staging)


def _run(spec: Path, output: Path, root: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "scripts.generate", "--spec", str(spec), "--output", str(output)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=root)


def _settle(staging: Path, entry: Path) -> None:
    """Rename the finished package into the cache (another run may have got there first), then prune."""
    try:
        staging.rename(entry)
    except OSError:
        if not (entry / "hamr_client" / "__init__.py").is_file():
            raise
    finally:
        shutil.rmtree(staging.parent, ignore_errors=True)
    entries = sorted(
        (p for p in entry.parent.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    # A staging directory an hour old belongs to a run that was killed. An entry used within the hour
    # (taken touches it) may be in use by a run of another tree sharing the cache: it stays, past KEEP or not.
    idle = [p for p in entries[KEEP:] if time.time() - p.stat().st_mtime > IDLE]
    abandoned = [p for p in entry.parent.glob(".*") if p.is_dir() and time.time() - p.stat().st_mtime > IDLE]
    for old in [*idle, *abandoned]:
        shutil.rmtree(old, ignore_errors=True)
