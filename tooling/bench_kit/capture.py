"""What a drift capture (``drift_dir``) costs a lenient call whose answer drifts: the ``capture`` section.

Five contenders, each a ``strict=False`` client of the generated package doing the same GET
under ``payloads.DRIFT_PREFIX``, where the loopback server answers the 200 example with
``hamr_status`` 6 (the model keeps it; the call reports a SpecDriftWarning):

- no ``drift_dir``: what the others are measured against (it parses, warns and logs the drift too);
- ``drift_dir``, the drift already kept (written before measuring): what every later call pays;
- ``drift_dir``, a new drift on every call, in a row: the writer thread works while the next
  calls run (the worst case: every answer a drift never seen); ``settle`` waits for the last
  candidates, which the round's total counts and the calls' own times do not;
- ``drift_dir``, a new drift, the writer idle: each call captures a drift not kept before, and
  its candidate is waited for after the call, untimed, so the next call starts as a lone new
  drift would: what the call that meets a new drift pays;
- its control, no ``drift_dir`` after the same wait: between calls, untimed, another client
  captures a new drift and it is waited for. A call right after a wait on the disk is slower
  (here 10-25 %: caches and a sleeping core), so the lone new drift is compared with this.

A new drift on every call: before each batch (untimed) one capture per call is made, each the
one ``client.with_options(drift_dir=<a directory of its own>)`` builds, and put on the measured
client (its public ``drift_capture``) just before its call, so the connection and the request
templates stay warm as in the others. Every capture is checked to have written its candidate.

While the section runs the drift's warning is ignored and its log records go to a NullHandler:
both are still made on every call, as in a runbook that handles its logs, without a line each on stderr.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tooling.bench_kit import payloads
from tooling.bench_kit.contenders import Contender, hamr_client_for

if TYPE_CHECKING:
    from hamr_client.capture import DriftCapture

PLAIN = "strict=False, no drift_dir"
KEPT = "drift_dir, the drift already kept"
BURST = "drift_dir, a new drift every call in a row"
NEW = "drift_dir, a new drift, the writer idle"
WAITED = "no drift_dir, after the same wait"
OPERATION = "GET"


def _get(client: Any) -> object:
    from hamr_client.api.high_availability_multi_region import get_hamr_org_connection  # noqa: PLC0415

    return get_hamr_org_connection.sync(client=client)


def _quiet(stack: ExitStack) -> None:
    """Ignore the drift's warning and hand its log records to a NullHandler until ``stack`` closes."""
    from hamr_client.errors import SpecDriftWarning  # noqa: PLC0415

    stack.enter_context(warnings.catch_warnings())
    warnings.filterwarnings("ignore", category=SpecDriftWarning)
    logger, handler = logging.getLogger("hamr_client"), logging.NullHandler()
    logger.addHandler(handler)
    stack.callback(logger.removeHandler, handler)


def _drifts(client: Any) -> None:
    """Fail before measuring unless the answer really drifts (a SpecDriftWarning on the call)."""
    from hamr_client.errors import SpecDriftWarning  # noqa: PLC0415

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        _get(client)
    if not any(issubclass(w.category, SpecDriftWarning) for w in seen):
        raise RuntimeError(f"the server's answer under {payloads.DRIFT_PREFIX} did not drift")


def _kept(capture: DriftCapture | None, what: str) -> DriftCapture:
    """``capture``, once it has written its one candidate; RuntimeError otherwise."""
    if capture is None:
        raise RuntimeError(f"{what}: the client has no drift capture")
    capture.flush()
    if len(capture.written) != 1:
        raise RuntimeError(f"{what}: expected one candidate written, got {capture.written}")
    return capture


class FreshDrifts:
    """Calls that each capture a new drift: a capture of its own per call, made before the batch."""

    def __init__(self, name: str, client: Any, directory: Path) -> None:
        self.name = name
        self.client = client
        self.directory = directory
        self.made = 0
        self.batch: list[DriftCapture | None] = []
        self.queue: Iterator[DriftCapture | None] = iter(())

    def prepare(self, count: int) -> None:
        paths = [self.directory / str(self.made + i) for i in range(count)]
        self.made += count
        self.batch = [self.client.with_options(drift_dir=path).drift_capture for path in paths]
        self.queue = iter(self.batch)

    def call(self) -> object:
        self.client.drift_capture = next(self.queue)
        return _get(self.client)

    def wait(self) -> None:
        """Wait for the last call's candidate (untimed, between calls)."""
        _kept(self.client.drift_capture, self.name)

    def settle(self) -> None:
        for capture in self.batch:
            _kept(capture, self.name)

    def aside(self) -> None:
        """One new drift captured and waited for, untimed: the wait a control call follows."""
        self.prepare(1)
        self.call()
        self.wait()


@contextmanager
def capture_contenders(base_url: str, loop: asyncio.AbstractEventLoop) -> Iterator[list[Contender]]:
    """The five contenders against ``base_url``'s drifting GET; ``loop`` is unused (all sync)."""
    del loop
    url = base_url + payloads.DRIFT_PREFIX
    with ExitStack() as stack:
        _quiet(stack)
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hamr-bench-drift-")))
        names = ("kept", "burst", "new", "aside")
        clients = [hamr_client_for(url, strict=False)]
        clients += [hamr_client_for(url, strict=False, drift_dir=scratch / name) for name in names]
        for client in clients:
            stack.callback(client.close)  # closed before the directory goes: close() waits for pending writes
        plain, kept, *fresh = clients
        _drifts(plain)
        _get(kept)
        capture = _kept(kept.drift_capture, KEPT)
        burst, new, aside = (
            FreshDrifts(name, client, scratch / f"each-{directory}")
            for name, client, directory in zip((BURST, NEW, WAITED), fresh, names[1:], strict=True)
        )
        yield [
            Contender(PLAIN, OPERATION, lambda: _get(plain)),
            Contender(KEPT, OPERATION, lambda: _get(kept)),
            Contender(BURST, OPERATION, burst.call, prepare=burst.prepare, settle=burst.settle),
            Contender(NEW, OPERATION, new.call, prepare=new.prepare, after_call=new.wait, settle=new.settle),
            Contender(WAITED, OPERATION, lambda: _get(plain), after_call=aside.aside),
        ]
        _kept(capture, KEPT)  # still the one: no later call wrote again
