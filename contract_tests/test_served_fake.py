"""The served fake (``python -m hamr_client.testing``'s server) passes the schemathesis CLI, all checks.

The server runs in this process on a free loopback port; the CLI, a separate process, loads the
spec from openapi/hamr.yaml and runs every phase (examples, coverage, fuzzing, stateful) in
both modes (positive and negative data) against it, as a user of another language would.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hamr_client.testing import HamrFake, serve
from hypothesis import settings

from contract_tests.conftest import Cases
from contract_tests.spec import SPEC_FILE, load

API_KEY, APP_KEY = "served-fake-api-key-0123456789", "served-fake-app-key-0123456789abcdef"
# Configured credentials, as Datadog has: any other key or token must be refused (the ignored_auth check sends
# a made-up bearer token, the spec's other alternative).
BEARER_TOKEN = "served-fake-oauth-token.0123456789"  # noqa: S105 -- a placeholder
# The CLI's own budget: generous for one run, bounded so a hang fails the test rather than the job.
TIMEOUT = 300


def test_served_fake_passes_the_schemathesis_cli(cases: Cases, tmp_path: Path) -> None:
    cli = Path(sys.executable).with_name("schemathesis")
    # A tenth of the profile's examples per operation and mode: the coverage phase adds its own cases.
    examples = max(5, settings().max_examples // 10)
    with serve(HamrFake(api_key=API_KEY, app_key=APP_KEY, bearer_token=BEARER_TOKEN)) as url:
        command = [
            str(cli), "run", str(SPEC_FILE),
            "--url", url,
            "--checks", "all",
            "--mode", "all",
            "--max-examples", str(examples),
            "--header", f"DD-API-KEY: {API_KEY}",
            "--header", f"DD-APPLICATION-KEY: {APP_KEY}",
            *(arg for operation in sorted(HamrFake.OPERATIONS) for arg in ("--include-operation-id", operation)),
            # Its Allow header lists what it models; test_the_fake_models_every_operation names the rest.
            *(["--exclude-checks", "allow_header_conformance"] if set(load().operations) - HamrFake.OPERATIONS else []),
        ]  # fmt: skip
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=tmp_path,  # the CLI keeps a .schemathesis/ cache in its working directory
            timeout=TIMEOUT,
            check=False,
        )
    output = result.stdout + result.stderr
    generated = re.search(r"(\d+) generated", output)
    cases.count += int(generated[1]) if generated else 0
    assert result.returncode == 0, f"schemathesis found the served fake off-spec:\n{output[-6000:]}"
    assert cases.count > 0, f"schemathesis generated no case:\n{output[-2000:]}"
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert re.search(rf"✅ {phase}", output), f"the {phase} phase did not run and pass:\n{output[-2000:]}"
