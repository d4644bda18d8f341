"""The red-gate benchmark's injected crash: the copy's first request builder raises, the original does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tooling.bench_kit.gate import crash_first_request_builder
from tooling.gate_tree import copy_tree, gate_environment

CALL = """
import importlib, inspect, pkgutil, hamr_client.api as api
for package in pkgutil.iter_modules(api.__path__):
    for info in pkgutil.iter_modules(importlib.import_module(f"hamr_client.api.{package.name}").__path__):
        if info.name == MODULE:
            module = importlib.import_module(f"hamr_client.api.{package.name}.{info.name}")
            arguments = {name: None for name in inspect.signature(module._get_kwargs).parameters}
            try:
                module._get_kwargs(**arguments)
            except AttributeError as exc:
                print("raised", exc)
            except Exception as exc:
                print("not injected:", type(exc).__name__)
            else:
                print("not injected")
"""


def _call(tree: Path, module: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", CALL.replace("MODULE", repr(module))],
        cwd=tree, env=gate_environment(tree, "dev"), capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def test_the_injected_crash_is_in_the_copy_only(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "tree")
    module = crash_first_request_builder(tree)
    assert _call(tree, module) == "raised injected: the request builder crashes"
    pristine = copy_tree(tmp_path / "pristine")
    assert _call(pristine, module).startswith("not injected")
