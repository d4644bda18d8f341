"""Opt-in live mode (``pytest contract_tests --live``, never in CI): schemathesis against a real Datadog site.

The same checks as the fake's run, on ``https://api.$DD_SITE`` with ``DD_API_KEY``/``DD_APP_KEY``;
GET only unless ``--live-allow-write``. Collected only with ``--live`` (see conftest.py).
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.schemas import BaseSchema

from contract_tests import spec as spec_module
from contract_tests.checks import ALL_CHECKS
from contract_tests.conftest import Cases, live_writes_allowed

SCHEMA: BaseSchema = schemathesis.openapi.from_dict(spec_module.load().document)
if not live_writes_allowed():
    SCHEMA = SCHEMA.include(method="GET")
BASE_URL = f"https://api.{os.environ.get('DD_SITE', '').strip()}"
KEYS = {"DD-API-KEY": os.environ.get("DD_API_KEY", ""), "DD-APPLICATION-KEY": os.environ.get("DD_APP_KEY", "")}


@SCHEMA.parametrize()
# A real organization is rate limited: a handful of requests per operation and mode.
@settings(
    max_examples=5, suppress_health_check=[*settings().suppress_health_check, HealthCheck.function_scoped_fixture]
)
def test_live_site_conforms_to_the_spec(case: schemathesis.Case[Any], cases: Cases, socket_enabled: None) -> None:
    cases.tried()
    case.call_and_validate(base_url=BASE_URL, headers=KEYS, checks=ALL_CHECKS)
