"""The gate fails on a production recording edited to break the spec, naming the recording, the dialect and the place.

Each production recording (``metadata.dialect`` production) is copied with one value broken where
the production view of the spec constrains it -- an enum value it does not list, a required
property dropped, a zone-less date-time that is no date -- and the gate's own check
(contract_tests/verdicts.py, as test_recordings_obey_spec.py runs it) must then say
``recording <name> violates the spec (production dialect) at <pointer in production's names>: ...``.
Every edit is found from the spec (its enums, ``required``, ``x-production.zoneless``), none written here.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from contract_tests import spec as spec_module
from contract_tests.cassettes import Recording, all_recordings, load
from contract_tests.mutations import Slot, slots
from contract_tests.verdicts import judge, response_problems
from contract_tests.wire import response_schema
from tooling import spec_doc
from tooling.cassette_writer import cassette

PRODUCTION = [r for r in all_recordings() if r.dialect == spec_doc.PRODUCTION]


@dataclass(frozen=True)
class Edit:
    """One value of a recording broken: what was done, where the gate must point, what it must say."""

    what: str
    parts: tuple[str | int, ...]
    document: Any
    pointer: str
    says: str


def _set(document: Any, parts: tuple[str | int, ...], value: Any) -> Any:
    edited = copy.deepcopy(document)
    node = edited
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value
    return edited


def _drop(document: Any, parts: tuple[str | int, ...]) -> Any:
    edited = copy.deepcopy(document)
    node = edited
    for part in parts[:-1]:
        node = node[part]
    del node[parts[-1]]
    return edited


def _is_zoneless(slot: Slot) -> bool:
    return any(alternative.get("format") == spec_doc.ZONELESS_FORMAT for alternative in slot.schema.get("anyOf", []))


def _unlisted(values: list[Any]) -> Any:
    return max(values) + 4 if all(type(v) is int for v in values) else "".join(map(str, values)) + "-unlisted"


def edits(recording: Recording) -> Iterator[Edit]:
    """Every way of breaking one value of the recording the spec (production view) forbids."""
    spec = judge(recording)
    schema = response_schema(spec, recording.operation, recording.status)
    if schema is None:
        return
    document = recording.json()
    for slot in slots(spec, schema, document):
        where = spec_doc.pointer(slot.parts)
        if "enum" in slot.schema:
            value = _unlisted(list(slot.schema["enum"]))
            yield Edit("an unlisted enum value", slot.parts, _set(document, slot.parts, value), where, "is not one of")
        if slot.required and isinstance(slot.parts[-1], str):
            parent = spec_doc.pointer(slot.parts[:-1])
            yield Edit("a required property dropped", slot.parts, _drop(document, slot.parts), parent, "is a required")
        if _is_zoneless(slot):
            for text in ("2026-02-30 16:34:21.636477", "28/05/2026 16:34:21"):
                yield Edit(f"the date-time {text!r}", slot.parts, _set(document, slot.parts, text), where, text)


def edited_copy(recording: Recording, document: Any, root: Path) -> Recording:
    """The recording written under ``root`` (same name) with ``document`` as its body, loaded as the gate loads it."""
    loaded = spec_doc.load_yaml(recording.file)
    interaction = copy.deepcopy(loaded["interactions"][0])
    interaction["response"]["body"]["string"] = json.dumps(document, indent=2) + "\n"
    target = root / recording.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(cassette(loaded["metadata"], interaction), encoding="utf-8")
    return load(target, root)


CASES = [
    pytest.param(recording, edit, id=f"{recording.name}-{edit.what}-{spec_doc.pointer(edit.parts)}")
    for recording in PRODUCTION
    for edit in edits(recording)
]
KINDS: dict[str, Callable[[Edit], bool]] = {
    "an unlisted enum value": lambda edit: edit.what == "an unlisted enum value",
    "a required property dropped": lambda edit: edit.what == "a required property dropped",
    "a zone-less date-time that is no date": lambda edit: edit.what.startswith("the date-time"),
}


@pytest.mark.parametrize(("recording", "edit"), CASES)
def test_an_edited_production_recording_fails_the_gate_naming_it(
    recording: Recording, edit: Edit, tmp_path: Path
) -> None:
    assert not response_problems(recording), f"{recording.name} fails before any edit: nothing would be shown"
    broken = edited_copy(recording, edit.document, tmp_path)
    problems = response_problems(broken)
    where = edit.pointer or "/"
    expected = f"recording {recording.name} violates the spec ({spec_doc.PRODUCTION} dialect) at {where}: "
    assert any(p.startswith(expected) and edit.says in p for p in problems), (
        f"{edit.what} at {spec_doc.pointer(edit.parts)}: the gate said {problems}, not {expected}...{edit.says}"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_edit_applies_to_some_production_recording(kind: str) -> None:
    assert PRODUCTION, "no recording in production's dialect: run nox -s record -- --from-exchanges FILE"
    assert any(KINDS[kind](edit) for recording in PRODUCTION for edit in edits(recording)), f"{kind} applies nowhere"


def test_a_production_pointer_is_spelled_as_production_spells_it() -> None:
    # The gate points where production's body is: at its names, never the reference's it does not have.
    document = spec_module.load().document
    renamed = {
        production
        for schema in spec_doc.inline(document)["components"]["schemas"].values()
        for name, production in spec_doc.production_names(schema).items()
        if production != name
    }
    pointed = {spec_doc.parts(e.pointer)[-1] for recording in PRODUCTION for e in edits(recording) if e.pointer}
    assert renamed & pointed, f"no edit points at a name production spells otherwise ({sorted(renamed)})"
