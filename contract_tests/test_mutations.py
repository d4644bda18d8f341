"""The mutation registry: every registered mutation can fire on this spec, and a name not registered is an error.

That each one fires (the spec names the symptom it promises) and is caught (the client raises
InvalidResponse) is the rejection property, parametrised over the registry in
test_client_rejects_invalid.py.
"""

from __future__ import annotations

import pytest

from contract_tests import spec as spec_module
from contract_tests.mutations import MUTATIONS, statuses

SPEC = spec_module.load()


@pytest.mark.parametrize("name", MUTATIONS)
def test_every_mutation_can_break_some_documented_response(name: str) -> None:
    # A mutation no status admits would never be drawn: the property would pass without testing it.
    assert any(statuses(operation, name, SPEC) for operation in SPEC.operations), f"{name!r} applies nowhere"


def test_a_misspelled_mutation_is_an_error_not_another_mutation() -> None:
    operation = next(iter(SPEC.operations))
    with pytest.raises(KeyError):
        statuses(operation, "chnage a type", SPEC)


def test_each_mutation_is_its_own_function() -> None:
    assert len({m.breaks for m in MUTATIONS.values()}) == len(MUTATIONS) >= 7
