"""The spec is consistent and the shipped fake is a faithful double: schemathesis fuzzes it in-process.

The fake is the installed ``hamr_client.testing.HamrFake`` (its ASGI app); the spec is read from
openapi/hamr.yaml, since the fake does not ship it. All of schemathesis's checks, positive and
negative data, and the stateful phase along the spec's POST -> GET link, with a read-your-writes
assertion: what POST stored is what GET returns.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hamr_client.testing import HamrFake
from hypothesis import HealthCheck, settings
from schemathesis.generation.stateful.state_machine import StepOutput

from contract_tests.checks import ALL_CHECKS
from contract_tests.conftest import Cases
from contract_tests.spec import SPEC_FILE, load

# Configured credentials, as Datadog has: any other key must get the documented 403, any other token the
# documented 401 (ignored_auth check).
API_KEY, APP_KEY = "fake-api-key-0123456789abcdef", "fake-application-key-0123456789abcdef0123"
BEARER_TOKEN = "fake-oauth-token.0123456789abcdef"  # noqa: S105 -- a placeholder
FAKE = HamrFake(api_key=API_KEY, app_key=APP_KEY, bearer_token=BEARER_TOKEN)
# Only what the fake models (test_the_fake_models_every_operation names what it does not).
SCHEMA = schemathesis.openapi.from_path(SPEC_FILE).include(operation_id=sorted(HamrFake.OPERATIONS))
SCHEMA.app = FAKE.app  # schemathesis calls an ASGI app in-process when the schema has one
KEYS = {"DD-API-KEY": API_KEY, "DD-APPLICATION-KEY": APP_KEY}


def test_the_fake_models_every_operation() -> None:
    unmodelled = sorted(set(load().operations) - HamrFake.OPERATIONS)
    assert not unmodelled, (
        f"fake does not model: {', '.join(unmodelled)}; give hamr_client.testing.HamrFake their behaviour "
        "(openapi/runtime/testing/fake.py, its OPERATIONS) so the gate can fuzz them (docs/changing-the-spec.md)"
    )


@SCHEMA.parametrize()
# The counter is meant to live across generated inputs: it counts them.
@settings(suppress_health_check=[*settings().suppress_health_check, HealthCheck.function_scoped_fixture])
def test_fake_conforms_to_the_spec(case: schemathesis.Case[Any], cases: Cases) -> None:
    cases.tried()
    case.call_and_validate(headers=KEYS, checks=ALL_CHECKS)


class ReadYourWrites(SCHEMA.as_state_machine()):  # type: ignore[misc]
    """The stateful phase: sequences of POST and GET, each step checked, GET reading the last write."""

    def setup(self) -> None:
        FAKE.reset()
        self.written: dict[str, Any] | None = None

    def get_call_kwargs(self, case: schemathesis.Case[Any]) -> dict[str, Any]:
        return {"headers": KEYS}

    def validate_response(self, response: Any, case: schemathesis.Case[Any], **kwargs: Any) -> None:
        # All checks, with the scenario's recorder so the stateful ones (use_after_free...) see earlier steps.
        case.validate_response(
            response, checks=ALL_CHECKS, transport_kwargs=kwargs or None, recorder=getattr(self, "recorder", None)
        )
        if case.method == "POST" and response.status_code == 200:
            body: Any = case.body
            self.written = body["data"]
        if case.method == "GET" and response.status_code == 200:
            assert self.written is not None, "GET returned a connection before any successful POST"
            read = response.json()["data"]
            # Every attribute written is read back; the server may fill in what was not sent (the
            # target's name and datacenter, as production does: the reading notes), and stamps modified_at.
            sent = self.written["attributes"]
            attributes = {key: read["attributes"].get(key) for key in sent}
            assert attributes == sent, "GET does not return what POST stored"
            assert (read["id"], read["type"]) == (self.written["id"], self.written["type"])


def test_fake_reads_your_writes_statefully(cases: Cases) -> None:
    checked = []

    class Counted(ReadYourWrites):
        def step(self, input: Any) -> StepOutput:
            cases.tried()
            output: StepOutput = super().step(input)
            if input.case.method == "GET" and output.response.status_code == 200:
                checked.append(True)
            return output

    # Sequences are costly (each step is a generated request): a twentieth of the profile's examples, 10 steps each.
    Counted.run(settings=settings(max_examples=max(5, settings().max_examples // 20), stateful_step_count=10))
    assert checked, "no scenario read after a successful write: the read-your-writes assertion never ran"
