"""``hamr`` is a console script of the plain install and ``python -m hamr_client``; its help starts without httpx."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import typing
from importlib import metadata
from pathlib import Path
from types import ModuleType

from hamr_client.cli.operations import discover
from hamr_client.testing import HamrFake, serve

from tests.cli.harness import API_KEY, APP_KEY, LINK, PROCESS_SECONDS, as_process, environment, in_process

# What `hamr --help` must not import: the HTTP stack and the generated models (the command's own parser only).
HEAVY = ("httpx", "anyio", "attrs", "hamr_client.client", "hamr_client.models", "hamr_client.api")
# What a `hamr get` answered at once needs none of: an event loop, a retry state, the aiohttp transport, the DDR
# pair's commands, the quoting of a kept drift file's directory; attrs (the models are dataclasses).
UNNEEDED_BY_A_GET = ("asyncio", "httpx_retries", "aiohttp", "httpx_aiohttp", "hamr_client.cli.ddr", "shlex", "attrs")


def test_the_console_script_is_declared_and_installed() -> None:
    (script,) = metadata.entry_points(group="console_scripts", name="hamr")
    assert script.value == "hamr_client.cli:main"
    installed = Path(sys.executable).parent / "hamr"
    shown = subprocess.run(
        [str(installed), "--help"], capture_output=True, text=True, timeout=PROCESS_SECONDS, check=False
    )
    assert shown.returncode == 0
    assert shown.stdout == as_process("--help").stdout
    assert shown.stdout.startswith("usage: hamr ")


def test_help_imports_neither_httpx_nor_a_model() -> None:
    code = (
        "import sys\n"
        "from hamr_client.cli import run\n"
        "assert run(['--help']) == 0\n"
        f"print('loaded:', [name for name in {HEAVY!r} if name in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stderr.strip() == "loaded: []"


def test_a_get_answered_at_once_imports_only_what_it_needs() -> None:
    """`hamr get`'s start (docs/benchmarks.md): httpx-retries' state, which imports asyncio, waits for a failure; the
    modules of other commands wait for those commands; an error's model waits for an error."""
    pair = discover()  # and the write, with the models only it carries: the request's
    erring = _error_models(pair.read)
    assert erring, "the read documents no error body: nothing to keep out"
    models = _models(pair.request) | erring
    unneeded = (*UNNEEDED_BY_A_GET, pair.write.__name__, *(model.__module__ for model in models))
    fake = HamrFake(api_key=API_KEY, app_key=APP_KEY)
    assert in_process(fake, "set", *LINK, "--yes").code == 0
    with serve(fake) as url:
        code = (
            "import sys\n"
            "from hamr_client.cli import run\n"
            f"assert run(['--base-url', {url!r}, 'get']) == 0\n"
            f"print('loaded:', [name for name in {unneeded!r} if name in sys.modules], file=sys.stderr)\n"
        )
        env = {"PATH": os.environ.get("PATH", ""), **environment()}
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=PROCESS_SECONDS, check=True, env=env
        )
    assert result.stderr.strip().splitlines()[-1] == "loaded: []"


def _models(model: type) -> set[type]:
    """``model`` and the models its fields hold, nested."""
    found = {model}
    for hint in typing.get_type_hints(model).values():
        for member in (hint, *typing.get_args(hint)):
            if isinstance(member, type) and dataclasses.is_dataclass(member) and member not in found:
                found |= _models(member)
    return found


def _error_models(operation: ModuleType) -> set[type]:
    """The models only ``operation``'s error statuses carry: those of ``sync_detailed``, less the success's."""
    (answered,) = typing.get_args(typing.get_type_hints(operation.sync_detailed)["return"])
    every = set().union(*(_models(model) for model in typing.get_args(answered) if isinstance(model, type)))
    return every - _models(typing.get_type_hints(operation.sync)["return"])


def test_a_command_still_finds_everything_it_imports_lazily() -> None:
    listed = as_process("statuses", env={})
    assert listed.code == 0, listed.stderr
    assert as_process("set", "--help", env={}).code == 0


def test_the_process_keeps_collecting_and_the_in_process_api_leaves_the_collector_alone() -> None:
    """``main`` (a process of its own) collects less often and freezes what it built as it ends; the collector stays
    on for a long ``hamr wait``. ``run`` (in another program's process) changes nothing of that program's collector."""
    code = (
        "import gc, json, sys\n"
        "from hamr_client.cli import main, run\n"
        "before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())\n"
        "assert run(['statuses']) == 0\n"
        "in_process = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())\n"
        "sys.argv = ['hamr', 'statuses']\n"
        "assert main() == 0\n"
        "print(json.dumps([before, in_process, [gc.isenabled(), gc.get_threshold()[0], gc.get_freeze_count()]]),"
        " file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    before, in_process, process = json.loads(result.stderr)
    assert in_process == before
    enabled, young, frozen = process
    assert enabled, "the collector is off: a long hamr wait would keep every cycle its polls leave"
    assert young > before[1][0]
    assert frozen > 0
