"""The test kit's own tests: pytester runs users' test files in a fresh pytest process."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "testing.md"

pytest_plugins = ["pytester"]

# What the examples must keep showing (the acceptance list), by test name.
DOC_TESTS = [
    "test_get_before_any_write_is_a_404",  # GET before POST is 404
    "test_promote_reads_its_writes",  # read-your-writes, sync
    "test_async_code_reads_its_writes",  # read-your-writes, async (with an injected 429)
    "test_a_503_on_get_is_retried",
    "test_a_429_is_retried_after_x_ratelimit_reset",
    "test_without_retries_the_errors_reach_the_caller",
    "test_keys_and_rate_limit",
    "test_a_lenient_client_reads_a_status_the_spec_does_not_know",  # drift=: a server ahead of the spec
    "test_a_strict_client_refuses_it_at_its_pointer",
]


def doc_modules() -> list[str]:
    """Every ```python block of docs/testing.md that is a test module, as Sybil finds it (tests/docs/kit.py)."""
    from tests.docs import kit  # noqa: PLC0415 -- the kit imports the served fake's helpers from here

    return kit.module_blocks(DOCS)
