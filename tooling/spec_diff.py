"""Classify the spec's changes since a git ref as breaking or not, and gate the version on them.

Compares openapi/hamr.yaml at BASE_REF (read with `git show`, no checkout; default: the merge
base with main, on main HEAD~1, or HEAD while the spec has uncommitted edits) with the working
tree. Rules name every change for callers (requests) and for the old client (responses);
hypothesis cases back them both ways; griffe diffs the public API of the package users had
(generated/ as committed at BASE_REF) with the one in the working tree, so a template or runtime
change that breaks callers counts too. Prints Markdown or JSON; exits 1 on a breaking change (of the
spec or of the package's API) without a major bump (or the beta override), or a version that moved
without a CHANGELOG.md entry.
See docs/changing-the-spec.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tooling import spec_doc
from tooling.arguments import positive
from tooling.spec_diff_kit import apidiff, combine, evidence, gitrefs, packages, policy, rules
from tooling.spec_diff_kit.evidence import Evidence
from tooling.spec_diff_kit.report import Result, dumps, markdown, stale_warning

ROOT = Path(__file__).resolve().parent.parent
SPEC = "openapi/hamr.yaml"
CHANGELOG = "CHANGELOG.md"
GENERATED = "generated"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("base_ref", nargs="?", metavar="BASE_REF", help="git ref of the old spec (default: see above)")
    p.add_argument("--repo", type=Path, default=ROOT, help="git work tree holding the spec (default: this one)")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown", help="what to print on stdout")
    p.add_argument("--json-out", type=Path, help="also write the JSON report here")
    p.add_argument("--markdown-out", type=Path, help="also write the Markdown report here")
    p.add_argument("--examples", type=positive, default=300, help="hypothesis cases per operation and status")
    p.add_argument("--no-evidence", action="store_true", help="skip the hypothesis cases and the generation")
    p.add_argument(
        "--cache-dir", type=Path, default=packages.default_cache(),
        help="generated packages, kept by the hash of their inputs (default: %(default)s)",
    )  # fmt: skip
    p.add_argument("--no-cache", action="store_true", help="generate both packages afresh, keep neither")
    p.add_argument("--timings", action="store_true", help="print how long each phase took on stderr")
    return p


class Clock:
    """How long each phase of a run took (``--timings``)."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases.append((phase, now - self._last))
        self._last = now

    def __str__(self) -> str:
        total = sum(seconds for _, seconds in self.phases)
        return "; ".join([*(f"{phase} {seconds:.1f} s" for phase, seconds in self.phases), f"total {total:.1f} s"])


def generate(text: str, workdir: Path, name: str) -> Path:
    """Generate the package for spec ``text`` with this tree's generator config and templates (no cache)."""
    return packages.start(text, name, workdir, None).finish()


def unstable(*docs: spec_doc.Doc) -> set[str]:
    return {key for doc in docs for key, op in spec_doc.operations(doc) if op.get("x-unstable")}


@dataclass(frozen=True)
class Tree:
    """The working tree's side: its generated/ (checked against the spec) and the base's, for the API diff."""

    repo: Path
    commit: str
    cache: Path | None


def compare(
    old_text: str, new_text: str, result: Result, *, examples: int, with_evidence: bool,
    changelogs: tuple[str, str], tree: Tree | None = None, clock: Clock | None = None,
) -> Result:  # fmt: skip
    """Fill ``result`` from the two spec texts and the two changelog texts.

    With evidence (and a ``tree``), also check the tree's generated/ against a fresh generation and
    diff the package's public API: generated/ as committed at the base against the tree's, or, when
    the tree's is stale, against what the spec and templates produce.
    """
    clock = clock or Clock()
    old_doc, new_doc = spec_doc.parse(old_text, f"{SPEC} at {result.base}"), spec_doc.parse(new_text, SPEC)
    old, new = spec_doc.inline(old_doc), spec_doc.inline(new_doc)
    changes = rules.defined_at(rules.compare(old, new), old_doc, new_doc)
    clock.lap("rules")
    if with_evidence:
        with tempfile.TemporaryDirectory(prefix="spec-diff-") as scratch:
            _evidence_and_api(old_text, new_text, (old, new), result, examples, Path(scratch), tree, clock)
    if old_text != new_text:
        changes = combine.resolve(changes, result.evidence)
    result.changes = changes
    result.verdict = policy.judge(changes, old_doc, new_doc, *changelogs, unstable(old, new))
    if result.api is not None and result.api_judged:
        policy.judge_api(result.verdict, result.api)
    return result


def _evidence_and_api(
    old_text: str, new_text: str, docs: tuple[spec_doc.Doc, spec_doc.Doc], result: Result, examples: int,
    scratch: Path, tree: Tree | None, clock: Clock,
) -> None:  # fmt: skip
    """The hypothesis cases, the drift check and the API diff, generating only what they need, in the background."""
    old, new = docs
    changed = old_text != new_text
    statuses = evidence.changed_responses(old, new) if changed else []
    committed = _committed(tree, scratch)
    cache = tree.cache if tree is not None else None
    checks_tree = tree is not None and (tree.repo / GENERATED).is_dir()
    # The API users get is judged from generated/ as committed at the base and the tree's (or a fresh one).
    judged = committed is not None and tree is not None and (tree.repo / GENERATED / apidiff.PACKAGE).is_dir()
    # Otherwise the old and new packages are diffed for a reviewer, when the spec changed.
    both = bool(statuses) or (changed and not judged)
    generations = [
        packages.start(text, name, scratch, cache)
        for text, name, needed in ((old_text, "old", both), (new_text, "new", both or checks_tree))
        if needed
    ]
    clock.lap(
        "generation started (from the cache: " + (", ".join(g.name for g in generations if g.cached) or "none") + ")"
    )
    request_trials, cases = _draw(old, new, examples, result, clock) if changed else ([], [])
    roots, failed = _finish(generations, clock)
    if changed and result.evidence is None:
        if "old" in roots and "new" in roots:
            try:
                result.evidence = Evidence(
                    request_trials, evidence.judge_responses(new, cases, roots["old"], roots["new"], examples)
                )
            except Exception as exc:  # as above: the rest of the report still comes
                result.evidence = Evidence([], [], f"evidence failed: {type(exc).__name__}: {exc}")
        else:
            result.evidence = Evidence(request_trials, [], f"responses not checked: {failed}" if statuses else "")
        clock.lap("responses parsed")
    if tree is not None and checks_tree:
        if "new" in roots:
            result.stale = _stale(roots["new"], tree.repo / GENERATED)
        else:
            result.stale_unknown = f"generated/ not compared with the spec: {failed}"
    if judged and committed is not None and tree is not None:
        if result.stale and "new" in roots:
            # What generated/ will be once regenerated (CI's drift check insists), not what it is now.
            result.api, result.api_against = apidiff.compare(committed, roots["new"]), "fresh"
        elif not result.stale_unknown:
            result.api = apidiff.compare(committed, tree.repo / GENERATED)
        result.api_judged = result.api is not None
    elif "old" in roots and "new" in roots:
        result.api = apidiff.compare(roots["old"], roots["new"])  # for a reviewer: no committed package to judge
    clock.lap("API diff")


def _draw(
    old: spec_doc.Doc, new: spec_doc.Doc, examples: int, result: Result, clock: Clock
) -> tuple[list[evidence.Trial], list[dict[str, Any]]]:
    """The request trials and the response cases (the packages are being generated meanwhile)."""
    try:
        request_trials = evidence.requests(old, new, examples)
        clock.lap(f"request cases ({sum(t.cases for t in request_trials)})")
        cases = evidence.response_cases(old, new, examples)
        clock.lap(f"response cases ({len(cases)})")
    except Exception as exc:  # a generator limit must not hide the rest of the report
        result.evidence = Evidence([], [], f"evidence failed: {type(exc).__name__}: {exc}")
        return [], []
    return request_trials, cases


def _finish(generations: list[packages.Generation], clock: Clock) -> tuple[dict[str, Path], str]:
    """Each package's root by name ("old", "new"), and why the first that failed did."""
    roots: dict[str, Path] = {}
    failed = ""
    for generation in generations:
        try:
            roots[generation.name] = generation.finish()
        except RuntimeError as exc:
            failed = failed or str(exc)
    clock.lap("generation finished")
    return roots, failed


def _committed(tree: Tree | None, scratch: Path) -> Path | None:
    """generated/ as committed at the base, unpacked in ``scratch``; None if the base has no package."""
    if tree is None:
        return None
    command = ["git", "-C", str(tree.repo), "archive", tree.commit, GENERATED]
    archive = subprocess.run(command, capture_output=True, check=False)
    if archive.returncode != 0:
        return None
    target = scratch / "committed"
    target.mkdir()
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    root = target / GENERATED
    return root if (root / apidiff.PACKAGE).is_dir() else None


def _stale(fresh: Path, generated: Path) -> list[str]:
    """The files of ``generated`` that differ from a fresh generation: generate.py --check's comparison."""
    from tooling import generate as generation  # noqa: PLC0415 - scripts/generate.py; its name is this module's function's

    return generation.differences(fresh, generated)


def main(argv: Sequence[str] | None = None) -> int:
    clock = Clock()
    args = parser().parse_args(argv)
    repo: Path = args.repo.resolve()
    try:
        base = (
            gitrefs.named_base(repo, args.base_ref) if args.base_ref else gitrefs.default_base(repo, (SPEC, CHANGELOG))
        )
    except gitrefs.BadRef as exc:
        parser().error(str(exc))
    except gitrefs.NoBase as exc:
        result = Result(SPEC, "(no base)", str(exc), "working tree", skipped=str(exc))
    else:
        result = Result(SPEC, f"{base.ref} ({base.commit[:7]})", base.why, "working tree")
        old_text = gitrefs.show(repo, base.commit, SPEC)
        if not (repo / SPEC).is_file():
            parser().error(f"no spec in the working tree: {repo / SPEC}")
        if old_text is None:
            result.skipped = f"{SPEC} did not exist at {base.ref}: there is no earlier spec to compare against"
        else:
            try:
                compare(
                    old_text,
                    (repo / SPEC).read_text(),
                    result,
                    examples=args.examples,
                    with_evidence=not args.no_evidence,
                    changelogs=(gitrefs.show(repo, base.commit, CHANGELOG) or "", _read(repo / CHANGELOG)),
                    tree=Tree(repo, base.commit, None if args.no_cache else args.cache_dir),
                    clock=clock,
                )
            except spec_doc.SpecError as exc:
                print(f"spec-diff: {exc}", file=sys.stderr)
                return 2
    if result.stale:
        print(f"spec-diff: WARNING: {stale_warning(result.stale)}", file=sys.stderr)
    elif result.stale_unknown:
        print(f"spec-diff: WARNING: {result.stale_unknown}", file=sys.stderr)
    text = {"markdown": markdown, "json": dumps}[args.format](result)
    sys.stdout.write(text)
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(dumps(result))
    if args.markdown_out:
        args.markdown_out.parent.mkdir(parents=True, exist_ok=True)
        args.markdown_out.write_text(markdown(result))
    clock.lap("report")
    if args.timings:
        print(f"spec-diff timings: {clock}", file=sys.stderr)
    return result.exit_code


def _read(path: Path) -> str:
    return path.read_text() if path.is_file() else ""
