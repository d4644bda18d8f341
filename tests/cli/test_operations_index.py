"""The generated index of operations (``_ARGUMENTS`` of each tag's package) says what each operation takes, and the
read ``hamr get`` finds through it, importing only that operation, is the read of the read/write pair."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys

import hamr_client.api
from hamr_client.cli import _read, operations


def test_the_index_lists_every_operation_with_the_arguments_of_its_functions() -> None:
    api = hamr_client.api
    for tag in pkgutil.iter_modules(api.__path__, api.__name__ + "."):
        package = importlib.import_module(tag.name)
        found = {
            info.name.rpartition(".")[2]: importlib.import_module(info.name)
            for info in pkgutil.iter_modules(package.__path__, package.__name__ + ".")
        }
        assert set(package._ARGUMENTS) == set(found)
        for name, module in found.items():
            for function in (module.sync, module.sync_detailed, module.asyncio, module.asyncio_detailed):
                taken = tuple(p for p in inspect.signature(function).parameters if p != "client")
                assert sorted(package._ARGUMENTS[name]) == sorted(taken), f"{name}.{function.__name__}"


def test_the_read_hamr_get_finds_is_the_read_of_the_pair() -> None:
    pair = operations.discover()
    assert _read.read() == (pair.read, pair.response)


def test_finding_the_read_imports_no_other_operation_and_no_model_only_the_write_carries() -> None:
    code = (
        "import sys\n"
        "from hamr_client.cli import _read\n"
        "_read.read()\n"
        "print(sorted(name for name in sys.modules if name.startswith('hamr_client.')))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout
    pair = operations.discover()
    assert pair.read.__name__ in loaded
    assert pair.write.__name__ not in loaded
    assert pair.request.__module__ not in loaded
