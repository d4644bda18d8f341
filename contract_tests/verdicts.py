"""What the gate says of a recording: where its answer breaks the spec, judged in the dialect it is written in.

A recording in production's dialect is judged by the production view of the spec
(``spec.load(dialect=...)``), so its pointers are spelled as production spells them
(``/data/attributes/<production's name>``) and the message says which view judged it.
"""

from __future__ import annotations

from typing import Any

from contract_tests import spec as spec_module
from contract_tests.cassettes import Recording
from contract_tests.wire import response_schema
from tooling import spec_doc


def judge(recording: Recording) -> spec_module.Spec:
    """The spec in the recording's dialect."""
    return spec_module.load(dialect=recording.dialect)


def dialect_note(recording: Recording) -> str:
    """`` (production dialect)`` for a recording judged by a view other than the spec as written, else nothing."""
    return "" if recording.dialect == spec_doc.REFERENCE else f" ({recording.dialect} dialect)"


def response_problems(recording: Recording) -> list[str]:
    """One line per place the recorded answer breaks the spec (status, Content-Type, headers, body); [] if none."""
    problems = judge(recording).response_violations(
        recording.operation, recording.status, recording.headers, recording.body
    )
    return [
        f"recording {recording.name} violates the spec{dialect_note(recording)} at {problem.pointer or '/'}: "
        f"{problem.reason} ({recording.operation}, status {recording.status})"
        for problem in problems
    ]


def reference_body(recording: Recording) -> Any:
    """The recorded body (JSON) with the reference's names, a zone-less date-time as its RFC 3339 text in UTC."""
    reference = spec_module.load()
    schema = response_schema(reference, recording.operation, recording.status)
    document = recording.json()
    if schema is None or recording.dialect == spec_doc.REFERENCE:
        return document
    return spec_doc.translate(reference.document, schema, document, spec_doc.REFERENCE)
