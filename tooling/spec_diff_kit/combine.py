"""Merge the two opinions into one classification: the rules and the evidence.

The rules name each change. Evidence decides the ``client`` rules (does the old client tolerate
it?) and adds a change where cases broke that no rule explains.
"""

from __future__ import annotations

import dataclasses

from tooling import spec_doc
from tooling.spec_diff_kit.changes import Change
from tooling.spec_diff_kit.evidence import Evidence, Trial

SECTIONS = {"header": "headers", "query": "query", "path": "path", "cookie": "cookie"}
CALLER_SIDES = {"request", "security"}  # rule families the request cases exercise


def locate(change: Change) -> tuple[str, str]:
    """The evidence trial a change belongs to and its pointer in that trial's documents.

    ``"POST /x request /data/id"`` -> ``("POST /x", "/body/data/id")``;
    ``"POST /x header parameter dd-foo"`` -> ``("POST /x", "/headers/dd-foo")``;
    ``"GET /x 200 /data/id"`` -> ``("GET /x 200", "/data/id")``; ``"GET /x 409"`` -> ``("GET /x 409", "")``.
    """
    parts = change.where.split(" ")
    operation, rest = " ".join(parts[:2]), parts[2:]
    if not change.operation or not rest:
        return operation, ""
    if rest[0] == "security":
        return operation, "/security"  # what evidence.requests blames refused credentials on
    if rest[0] == "request":
        field = spec_doc.parts(rest[1]) if len(rest) > 1 and rest[1] != "/" else []
        return operation, spec_doc.pointer(["body", *field])
    if len(rest) >= 3 and rest[1] == "parameter":
        return operation, spec_doc.pointer([SECTIONS.get(rest[0], rest[0]), rest[2]])
    pointer = rest[1] if len(rest) > 1 and rest[1].startswith("/") and rest[1] != "/" else ""
    return f"{operation} {rest[0]}", pointer


def _beside_the_body(change: Change) -> bool:
    """A response header or link (``"GET /x 429 header x-y"``): the cases are bodies, so none exercises it."""
    rest = change.where.split(" ")[2:]
    return len(rest) >= 2 and rest[0][:1].isdigit() and rest[1] in {"header", "link"}


def _trial(where: str, trials: list[Trial]) -> Trial | None:
    return next((t for t in trials if t.where == where), None)


def _settle(change: Change, evidence: Evidence | None) -> Change:
    """One change with its evidence noted and, for a ``client`` rule, its severity decided."""
    on_requests = change.side in CALLER_SIDES
    trials = [] if evidence is None else (evidence.requests if on_requests else evidence.responses)
    where, pointer = locate(change)
    trial = None if _beside_the_body(change) else _trial(where, trials)
    if trial is None or trial.cases == 0:
        if change.severity == "client":
            return dataclasses.replace(change, resolved="breaking", basis="not verified: no evidence ran")
        return change
    here = trial.broken_under(pointer)
    # For a field the old client never saw, only the cases that carried it are evidence.
    carried = trial.carried.get(pointer, 0) if change.rule.endswith("field-added") else trial.cases
    basis = f"{here}/{trial.cases} cases broke here"
    if carried != trial.cases:
        basis += f" ({carried} carried it)"
    if change.severity != "client":
        return dataclasses.replace(change, basis=basis)
    if here:
        return dataclasses.replace(change, resolved="breaking", basis=f"old client: {basis}")
    if carried == 0:
        return dataclasses.replace(change, resolved="breaking", basis="not verified: no case carried it")
    return dataclasses.replace(change, resolved="non-breaking", basis=f"old client tolerated: {basis}")


def resolve(changes: list[Change], evidence: Evidence | None) -> list[Change]:
    """Changes with ``client`` rules decided and every change's evidence noted, plus what only cases saw."""
    out = [_settle(change, evidence) for change in changes]
    if evidence is not None:
        for side, trials in (("request", evidence.requests), ("response", evidence.responses)):
            for trial in trials:
                explained = any(
                    c.severity == "breaking"
                    and c.side in ({side, "operation"} | (CALLER_SIDES if side == "request" else set()))
                    and trial.where in {locate(c)[0], c.operation}
                    for c in out
                )
                if trial.broken and not explained:
                    out.append(
                        Change("evidence.breaking", f"{trial.where} {side}", trial.example,
                               basis=f"{trial.broken}/{trial.cases} cases broke")
                    )  # fmt: skip
    return out
