"""A reader that stops early (``hamr get | head -1``) ends ``hamr`` quietly with 141 (128 + SIGPIPE), as ``cat`` or
``yes`` end: no traceback, no "bug" code, nothing on stderr, whatever the run's timing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hamr_client.cli.exits import Exit
from hamr_client.testing import HamrFake, serve

from tests.cli.harness import API_KEY, APP_KEY, LINK, PROCESS_SECONDS, in_process, started

RUNS = 100
# A value longer than a pipe holds (64 KiB on Linux): hamr's write is still going when the reader goes away,
# so every run meets the closed pipe, not only the runs whose timing happens to.
LONG = "x" * (256 * 1024)


@pytest.fixture(scope="module")
def served_long() -> Iterator[str]:
    """A served fake whose connection's target_org_name is longer than a pipe holds."""
    fake = HamrFake(api_key=API_KEY, app_key=APP_KEY)
    assert in_process(fake, "set", *LINK, "--yes").code == 0
    assert in_process(fake, "set", "--target-org-name", LONG, "--yes").code == 0
    with serve(fake) as url:
        yield url


def first_byte_then_close(argv: list[str]) -> tuple[int, bytes, bytes]:
    """``python -m hamr_client ARGV``, its stdout a pipe read for one byte then closed; (code, first byte, stderr)."""
    with started(*argv) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.read(1)
        process.stdout.close()
        stderr = process.stderr.read()
        code = process.wait(PROCESS_SECONDS)
    return code, first, stderr


@pytest.mark.parametrize("mode", [[], ["--json"]], ids=["table", "json"])
def test_a_pipe_closed_after_the_first_byte_ends_hamr_quietly_with_141(served_long: str, mode: list[str]) -> None:
    outcomes = set()
    for _ in range(RUNS // 2):
        code, first, stderr = first_byte_then_close(["--base-url", served_long, *mode, "get"])
        assert first, stderr  # hamr did start writing
        outcomes.add((code, stderr))
    assert outcomes == {(Exit.OUTPUT_CLOSED, b"")}


def test_help_to_a_closed_pipe_is_141_too() -> None:
    # argparse's own print (--help is longer than one byte, shorter than a pipe: the close may come after it)
    code, first, stderr = first_byte_then_close(["--help"])
    assert first == b"u"
    assert (code, stderr) in {(0, b""), (Exit.OUTPUT_CLOSED, b"")}
