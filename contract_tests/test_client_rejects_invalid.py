"""Property: the generated client rejects every response the spec does not allow, with its typed error only."""

from __future__ import annotations

import httpx
import pytest
from hamr_client.errors import InvalidResponse, UnexpectedStatus
from hypothesis import given, settings

from contract_tests import spec as spec_module
from contract_tests.conftest import Cases
from contract_tests.mutations import MUTATIONS, Mutant, invalid_responses, statuses
from contract_tests.strategies import any_request, undocumented_statuses
from contract_tests.wire import Arguments, call, mocked
from tooling.spec_doc import within

SPEC = spec_module.load()
OPERATIONS = sorted(SPEC.operations)
# Every registered mutation, on every operation with a status it can break.
APPLICABLE = [(operation, kind) for operation in OPERATIONS for kind in MUTATIONS if statuses(operation, kind, SPEC)]


def _related(client_path: str, spec_pointers: list[str]) -> bool:
    """The client's pointer is the spec's, or inside it, or encloses it (a missing field is reported either way)."""
    return any(within(client_path, p) or within(p, client_path) for p in spec_pointers)


@pytest.mark.parametrize(("operation", "kind"), APPLICABLE)
def test_client_rejects_every_spec_invalid_body(operation: str, kind: str, cases: Cases) -> None:
    route, client = mocked(SPEC.operations[operation])

    # Each kind of mutation gets its own budget, so a rare one (an unknown enum) is never crowded out.
    @settings(max_examples=max(10, settings().max_examples // 5))
    @given(mutant=invalid_responses(operation, kind), request=any_request(operation))
    def check(mutant: Mutant, request: Arguments) -> None:
        headers = {"Content-Type": mutant.content_type} if mutant.content_type else {}
        problems = SPEC.response_violations(operation, mutant.status, headers, mutant.content)
        # The oracle is the spec: the mutation fired only if the spec names the symptom it promises.
        assert any(mutant.symptom in problem.reason for problem in problems), (
            f"mutation {kind!r} did not break the {mutant.status} response the way it says ({mutant.mutation}): "
            f"the spec says {[str(p) for p in problems] or 'it is valid'}"
        )
        cases.tried()
        route.mock(return_value=httpx.Response(mutant.status, content=mutant.content, headers=headers))
        try:
            result = call(client, operation, request, use_async=False)
        except InvalidResponse as exc:
            error = exc
        else:
            raise AssertionError(
                f"the client accepted a spec-invalid {mutant.status} response ({mutant.mutation}) as "
                f"{type(result.parsed).__name__}; the spec says: " + "; ".join(str(p) for p in problems)
            )
        assert (error.status_code, error.operation, error.content) == (mutant.status, operation, mutant.content), (
            f"InvalidResponse misreports the response: {error.status_code} {error.operation}"
        )
        pointers = [problem.pointer for problem in problems]
        assert _related(error.path, pointers), (
            f"the client blames {error.path or '/'} for a {mutant.status} body ({mutant.mutation}); "
            f"the spec says {pointers}"
        )

    check()


@pytest.mark.parametrize("operation", OPERATIONS)
def test_client_rejects_undocumented_statuses(operation: str, cases: Cases) -> None:
    route, client = mocked(SPEC.operations[operation])

    @given(status=undocumented_statuses(operation), request=any_request(operation))
    def check(status: int, request: Arguments) -> None:
        cases.tried()
        route.mock(return_value=httpx.Response(status, json={"errors": ["Bad Gateway"]}))
        with pytest.raises(UnexpectedStatus) as raised:
            call(client, operation, request, use_async=False)
        assert raised.value.status_code == status, f"UnexpectedStatus reports {raised.value.status_code}, not {status}"

    check()
