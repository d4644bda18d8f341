"""Classify the spec's changes since a git ref as breaking or not, and gate the version on them.

Compares openapi/hamr.yaml at BASE_REF (read with `git show`, no checkout; default: the merge
base with main, on main HEAD~1, or HEAD while the spec has uncommitted edits) with the working
tree. Rules name every change for callers (requests) and for the old client (responses);
hypothesis cases back them both ways; griffe diffs the
generated package's public API. Prints Markdown or JSON; exits 1 on a breaking change without a
major bump (or the beta override), or a version that moved without a CHANGELOG.md entry.
See docs/changing-the-spec.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import spec_doc
from cli import positive
from spec_diff_kit import apidiff, combine, evidence, gitrefs, policy, rules
from spec_diff_kit.evidence import Evidence
from spec_diff_kit.report import Result, dumps, markdown

ROOT = Path(__file__).resolve().parent.parent
SPEC = "openapi/hamr.yaml"
CHANGELOG = "CHANGELOG.md"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("base_ref", nargs="?", metavar="BASE_REF", help="git ref of the old spec (default: see above)")
    p.add_argument("--repo", type=Path, default=ROOT, help="git work tree holding the spec (default: this one)")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown", help="what to print on stdout")
    p.add_argument("--json-out", type=Path, help="also write the JSON report here")
    p.add_argument("--markdown-out", type=Path, help="also write the Markdown report here")
    p.add_argument("--examples", type=positive, default=300, help="hypothesis cases per operation and status")
    p.add_argument("--no-evidence", action="store_true", help="skip the hypothesis cases and the generation")
    return p


def generate(text: str, workdir: Path, name: str) -> Path:
    """Generate the package for spec ``text`` with this tree's generator config and templates."""
    spec = workdir / f"{name}.yaml"
    spec.write_text(text)
    output = workdir / name
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate.py"), "--spec", str(spec), "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"generating the {name} spec failed:\n{result.stderr.strip()[-1500:]}")
    return output


def unstable(*docs: spec_doc.Doc) -> set[str]:
    return {key for doc in docs for key, op in spec_doc.operations(doc) if op.get("x-unstable")}


def compare(
    old_text: str, new_text: str, result: Result, *, examples: int, with_evidence: bool,
    changelogs: tuple[str, str],
) -> Result:  # fmt: skip
    """Fill ``result`` from the two spec texts and the two changelog texts."""
    old_doc, new_doc = spec_doc.parse(old_text, f"{SPEC} at {result.base}"), spec_doc.parse(new_text, SPEC)
    old, new = spec_doc.inline(old_doc), spec_doc.inline(new_doc)
    changes = rules.defined_at(rules.compare(old, new), old_doc, new_doc)
    if old_text != new_text:
        if with_evidence:
            with tempfile.TemporaryDirectory(prefix="spec-diff-") as scratch:
                packages: tuple[Path, Path] | None = None
                note = ""
                try:
                    packages = (generate(old_text, Path(scratch), "old"), generate(new_text, Path(scratch), "new"))
                except RuntimeError as exc:
                    note = f"responses not checked: {exc}"
                try:
                    result.evidence = evidence.gather(old, new, packages, examples, note)
                except Exception as exc:  # a generator limit must not hide the rest of the report
                    result.evidence = Evidence([], [], f"evidence failed: {type(exc).__name__}: {exc}")
                if packages is not None:
                    result.api = apidiff.compare(*packages)
        changes = combine.resolve(changes, result.evidence)
    result.changes = changes
    result.verdict = policy.judge(changes, old_doc, new_doc, *changelogs, unstable(old, new))
    return result


def main(argv: Sequence[str] | None = None) -> int:
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
                )
            except spec_doc.SpecError as exc:
                print(f"spec-diff: {exc}", file=sys.stderr)
                return 2
    text = {"markdown": markdown, "json": dumps}[args.format](result)
    sys.stdout.write(text)
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(dumps(result))
    if args.markdown_out:
        args.markdown_out.parent.mkdir(parents=True, exist_ok=True)
        args.markdown_out.write_text(markdown(result))
    return result.exit_code


def _read(path: Path) -> str:
    return path.read_text() if path.is_file() else ""


if __name__ == "__main__":
    sys.exit(main())
