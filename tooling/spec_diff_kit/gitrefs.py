"""Read a file as it was at a git ref (``git show REF:path``, never a checkout) and pick the base ref."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


class NoBase(Exception):
    """There is nothing to compare against; the message says why and what to do."""


class BadRef(Exception):
    """The ref the user named does not exist here."""


@dataclass(frozen=True)
class Base:
    ref: str  # what the user or the default named, e.g. "HEAD~1"
    commit: str  # the full hash it resolved to
    why: str  # how it was chosen, for the report


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)


def commit_of(repo: Path, ref: str) -> str | None:
    result = git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return result.stdout.strip() if result.returncode == 0 else None


def is_shallow(repo: Path) -> bool:
    return git(repo, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"


def default_base(repo: Path, watched: tuple[str, ...], main: str = "main") -> Base:
    """The merge base with ``main``; on main itself HEAD~1, or HEAD while ``watched`` files have edits.

    A developer on main who has edited the spec but not committed wants it compared with HEAD;
    CI on a clean checkout of main wants the last commit judged against the one before.
    """
    head = commit_of(repo, "HEAD")
    if head is None:
        raise NoBase("this repository has no commits yet: nothing to compare against")
    main_commit = commit_of(repo, main) or commit_of(repo, f"origin/{main}")
    if main_commit is not None and main_commit != head:
        merge_base = git(repo, "merge-base", "HEAD", main_commit)
        if merge_base.returncode == 0:
            return Base(f"merge-base(HEAD, {main})", merge_base.stdout.strip(), f"merge base of HEAD and {main}")
    if git(repo, "diff", "--quiet", "HEAD", "--", *watched).returncode == 1:
        return Base("HEAD", head, "HEAD, since the working tree has uncommitted edits to the spec or changelog")
    parent = commit_of(repo, "HEAD~1")
    if parent is None:
        if is_shallow(repo):
            raise NoBase(
                "this is a shallow clone and HEAD's parent was not fetched: "
                "run `git fetch --deepen=1` (or clone without --depth) to compare against it"
            )
        raise NoBase("HEAD is the repository's first commit: there is no earlier spec to compare against")
    return Base("HEAD~1", parent, "HEAD~1, the commit before HEAD on main")


def named_base(repo: Path, ref: str) -> Base:
    commit = commit_of(repo, ref)
    if commit is None:
        hint = " (this is a shallow clone: fetch more history)" if is_shallow(repo) else ""
        raise BadRef(f"no such commit: {ref!r}{hint}")
    return Base(ref, commit, f"{ref}, given on the command line")


def show(repo: Path, commit: str, path: str) -> str | None:
    """The file's text at ``commit``, or None when it did not exist there."""
    result = git(repo, "show", f"{commit}:{path}")
    return result.stdout if result.returncode == 0 else None
