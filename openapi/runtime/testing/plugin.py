"""The pytest plugin (entry point ``pytest11``): the ``hamr_fake`` fixture, with no conftest to write."""

from __future__ import annotations

import pytest

from .fake import HamrFake


@pytest.fixture
def hamr_fake() -> HamrFake:
    """A fresh :class:`~hamr_client.testing.HamrFake` (any key, no rate limit) for each test.

    ``hamr_fake.client(**kwargs)`` is a ``datadog_client`` wired to it in-process; its retries
    record their waits in ``hamr_fake.waits`` instead of sleeping, so tests of retrying code stay fast.
    """
    return HamrFake()
