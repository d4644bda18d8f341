"""The ``hamr_fake`` fixture, as users' test files get it: fresh for each test.

pytester runs them in a fresh pytest process, so the fixture comes from the installed package's
``pytest11`` entry point, not from anything in this repository; warnings are errors there too.
docs/testing.md's own examples run in tests/docs, the same way.
"""

from __future__ import annotations

import pytest

# As strict as this repository's own runs; no cache directory left in the pytester tree.
STRICT = ("-W", "error", "--strict-markers", "--strict-config", "-p", "no:cacheprovider")


def test_the_fixture_is_fresh_for_each_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from hamr_client import models
        from hamr_client.api.high_availability_multi_region import create_hamr_org_connection as create
        from hamr_client.api.high_availability_multi_region import get_hamr_org_connection as get
        from hamr_client.testing import HamrFake, examples

        def test_first_leaves_a_connection_and_a_pending_failure(hamr_fake: HamrFake) -> None:
            body = models.HamrOrgConnectionRequest.from_dict(examples.CONNECTION_REQUEST)
            create.sync(client=hamr_fake.client(), body=body)
            hamr_fake.fail_next(503, times=5)

        def test_second_sees_nothing_of_the_first(hamr_fake: HamrFake) -> None:
            assert get.sync_detailed(client=hamr_fake.client(max_retries=0)).status_code == 404
            assert hamr_fake.connection is None and hamr_fake.writes == []
        """
    )
    result = pytester.runpytest_subprocess(*STRICT, timeout=60)
    result.assert_outcomes(passed=2)
