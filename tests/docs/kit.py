"""How the docs' code blocks are found and run: Sybil's Markdown lexers, this project's evaluators.

- A ```` ```python ```` block runs as written. One that defines ``test_`` functions is a user's test
  module: pytest runs it in a fresh process, where the ``hamr_fake`` fixture comes from the installed
  package's plugin. Any other block is executed against the test kit: ``datadog_client`` answers from a
  fresh ``HamrFake`` per document (whatever site or keys the block names), shared by the document's
  blocks in the order shown. A block starts from nothing but the document's name of a temporary
  directory: one that uses names of an earlier block says so on its first line (``# Continues ...``).
- A ```` ```bash ```` block of the documents in ``SHELL_DOCS`` runs with ``bash`` in a temporary
  directory, ``hamr`` and ``python`` on the path, ``FAKE`` the URL of a served fake (one per
  document) and the keys in ``DD_API_KEY``/``DD_APP_KEY``; ``PORT`` is a free port for a block that
  serves its own.
- A block that is not run is marked, visibly, by the line before it: ``*Not run by the doc tests: <why>.*``
  (Sybil's skip, with a lexer for that line).
"""

from __future__ import annotations

import ast
import os
import re
import socket
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import SkipTest

import hamr_client
import hamr_client.client
import pytest
from hamr_client import AuthenticatedClient
from hamr_client.testing import HamrFake
from sybil import Document, Example, Region, Sybil
from sybil.evaluators.python import PythonEvaluator
from sybil.evaluators.skip import Skipper
from sybil.parsers.abstract import AbstractSkipParser
from sybil.parsers.markdown import CodeBlockParser
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

from tests.cli.harness import KEYS
from tests.testing.served import serving

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "generated" / "README.md"]
# The documents whose shell blocks run too (the others' are build and CI commands).
SHELL_DOCS = [ROOT / "docs" / "cli.md", ROOT / "docs" / "testing.md"]
# Fence languages that are Python or a shell, however spelled: each such block must run or be marked.
PYTHON = r"python3?|py|pycon|ipython"
SHELL = r"bash|sh|shell|console|zsh"
# The visible mark of a block the doc tests do not run, and why.
NOT_RUN = re.compile(r"^\*Not run by the doc tests: (?P<reason>[^*\n]+)\*[ \t]*$\n(?=\n*(?:```|~~~))", re.MULTILINE)
CONTINUES = re.compile(r"\A# Continues\b")
# What an example may name to reach Datadog, and how (async_transport: the fake's own transport
# carries the calls; tests/client proves the aiohttp one): the fake answers instead.
WHERE = ("site", "base_url", "api_key", "app_key", "allow_insecure_http", "async_transport")
# As strict as this repository's own runs; no cache directory left behind.
STRICT = ("-W", "error", "--strict-markers", "--strict-config", "-p", "no:cacheprovider")
TIMEOUT = 60


def not_run_marks(document: Document) -> Iterator[Region]:
    """A Sybil lexer: each visible ``*Not run by the doc tests: ...*`` line, as a ``skip: next`` with its reason."""
    for mark in NOT_RUN.finditer(document.text):
        yield Region(mark.start(), mark.end(), lexemes={"arguments": f"next {mark.group('reason')!r}"})


class NotRunParser(AbstractSkipParser):
    def __init__(self) -> None:
        super().__init__([not_run_marks])


def fences(document: Document, language: str = "") -> list[Region]:
    """Every fenced block of ``document`` whose info string starts with one of ``language``'s names (any: all)."""
    names = rf"(?:{language})\b" if language else ""
    lexer = RawFencedCodeBlockLexer(info_pattern=re.compile(rf"(?P<language>{names}[^\n]*)$\n", re.MULTILINE))
    return list(lexer(document))


@dataclass
class Run:
    """What the blocks of one document did: the fake they shared, the output of each shell block."""

    workdir: Path
    fake: HamrFake = field(default_factory=HamrFake)
    fake_url: str = ""
    outputs: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)  # the test functions of test-module blocks
    skipped: list[str] = field(default_factory=list)


def defines_tests(source: str) -> bool:
    return any(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
        for node in ast.parse(source).body
    )


class PythonBlock:
    """A ```` ```python ```` block: a test module for pytest, or code run against the document's fake."""

    def __init__(self) -> None:
        self.python = PythonEvaluator()

    def __call__(self, example: Example) -> None:
        run: Run = example.namespace["__run__"]
        source = str(example.parsed)
        if defines_tests(source):
            self.pytest(example, run, source)
            return
        if not CONTINUES.match(source):
            example.namespace.clear()
            example.namespace["__run__"] = run
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            self.python(example)

    @staticmethod
    def pytest(example: Example, run: Run, source: str) -> None:
        module = run.workdir / f"test_{Path(example.path).stem.replace('-', '_')}_line_{example.line}.py"
        module.write_text(source)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-v", *STRICT, module.name],
            cwd=run.workdir,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, f"{example.path}:{example.line}: the test module failed:\n{result.stdout}"
        run.passed += re.findall(r"::(test_\w+) PASSED", result.stdout)


def shell_block(example: Example) -> None:
    """A ```` ```bash ```` block, run as a script on the document's served fake; its output is kept."""
    run: Run = example.namespace["__run__"]
    with socket.socket() as probe:  # a free port for a block that serves the fake itself
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(run.workdir),
        "FAKE": run.fake_url,
        "PORT": str(port),
        **KEYS,
    }
    result = subprocess.run(
        ["bash", "-c", str(example.parsed)],
        cwd=run.workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{example.path}:{example.line}: exit {result.returncode}\n{output}"
    run.outputs.append(result.stdout)


def sybil_for(path: Path) -> Sybil:
    """The parsers for ``path``: Python blocks, shell blocks (for SHELL_DOCS) and the visible not-run marks."""
    parsers: list[Any] = [NotRunParser(), CodeBlockParser(language="python", evaluator=PythonBlock())]
    if path in SHELL_DOCS:
        parsers.append(CodeBlockParser(language="bash", evaluator=shell_block))
    return Sybil(parsers=parsers, path=str(path.parent), patterns=[path.name])


def parse(path: Path) -> Document:
    return sybil_for(path).parse(path)


def module_blocks(path: Path) -> list[str]:
    """The ```` ```python ```` blocks of ``path`` that are test modules, as written."""
    python = Sybil(parsers=[CodeBlockParser(language="python")], path=str(path.parent), patterns=[path.name])
    sources = [str(example.parsed) for example in python.parse(path).examples()]
    return [source for source in sources if defines_tests(source)]


def is_mark(example: Example) -> bool:
    """Whether ``example`` is a not-run mark (Sybil's skip), not a block."""
    return isinstance(example.region.evaluator, Skipper)


@contextmanager
def fresh_fake(run: Run, monkeypatch: pytest.MonkeyPatch, served: bool) -> Iterator[Run]:
    """``datadog_client`` answering from ``run.fake``; the fake served too when ``served``."""

    def on_the_fake(**options: Any) -> AuthenticatedClient:
        return run.fake.client(**{name: value for name, value in options.items() if name not in WHERE})

    monkeypatch.setattr(hamr_client, "datadog_client", on_the_fake)
    monkeypatch.setattr(hamr_client.client, "datadog_client", on_the_fake)
    monkeypatch.chdir(run.workdir)
    with ExitStack() as stack:
        if served:
            run.fake_url = stack.enter_context(serving(run.workdir / "fake-stderr.txt")).url
        yield run


def run_all(path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Evaluate every example of ``path`` in order, on a fresh fake; a skipped (marked) one is noted."""
    document = parse(path)
    run = Run(workdir)
    with fresh_fake(run, monkeypatch, served=path in SHELL_DOCS):
        document.namespace["__run__"] = run
        for example in document.examples():
            try:
                example.evaluate()
            except SkipTest as skipped:
                run.skipped.append(f"line {example.line}: {skipped}")
    return run


def unrun(path: Path) -> list[str]:
    """``line:column: why`` for each Python (or, in SHELL_DOCS, shell) block neither run nor marked.

    A block is run when a parser made it an example (a mark makes that example a skip); a mark must
    stand right before a block a parser runs, or Sybil's ``skip: next`` would skip a later one.
    """
    document = parse(path)
    examples = list(document.examples())
    code = {e.start for e in examples if not is_mark(e)}
    every = fences(document, PYTHON if path not in SHELL_DOCS else f"{PYTHON}|{SHELL}")
    found = [
        f"{document.line_column(region.start)}: a ```{region.lexemes['language']} block neither run nor marked"
        for region in every
        if region.start not in code
    ]
    any_fence = sorted(region.start for region in fences(document))
    for mark in (e for e in examples if is_mark(e)):
        after = next((start for start in any_fence if start >= mark.end), None)
        if after not in code:
            found.append(f"{document.line_column(mark.start)}: a not-run mark before no block the doc tests run")
    return found
