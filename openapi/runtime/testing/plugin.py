"""The pytest plugin (entry point ``pytest11``): the ``hamr_fake`` fixture, with no conftest to write."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .fake import HamrFake


@pytest.fixture
def hamr_fake() -> HamrFake:
    """A fresh :class:`~hamr_client.testing.HamrFake` (any key, no rate limit) for each test.

    ``hamr_fake.client(**kwargs)`` is a ``datadog_client`` wired to it in-process; its retries
    record their waits in ``hamr_fake.waits`` instead of sleeping, so tests of retrying code stay fast.
    """
    # Imported here, not at the top: pytest loads this plugin in every session of an environment
    # that has hamr-client, and only tests that ask for the fixture should pay for the import.
    from .fake import HamrFake  # noqa: PLC0415

    return HamrFake()
