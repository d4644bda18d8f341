"""Property-based evidence: hypothesis cases run across the change, both ways.

- Requests: generated valid under the OLD spec (per operation: headers, query, body), then
  validated against the NEW spec. One that fails is a caller the change breaks.
- Responses: generated valid under the NEW spec (per operation and documented status), then
  parsed by the OLD generated client and, as a control, by the NEW one. A response the new
  client parses and the old one does not tolerate is a server answer the change breaks.

"Tolerate" is what the old client does, found out rather than assumed: it returns a model, or
(for a 4xx/5xx it does not document) raises ``errors.UnexpectedStatus``, the same error it already
raises for every undocumented status. An ``InvalidResponse``, any other exception, or an
``UnexpectedStatus`` on a 2xx success is not tolerated.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tooling import spec_doc
from tooling.spec_diff_kit.openapi import (
    json_schema,
    on_side,
    request_envelope,
    security_alternatives,
    security_schema,
    without_prose,
)
from tooling.spec_doc import Doc, operations

WORKER = Path(__file__).with_name("parse_worker.py")


@dataclass
class Trial:
    """The cases of one operation (and status): how many ran, which broke where, the smallest that broke.

    ``broken_at`` counts broken cases by the JSON pointer blamed ("?" when nothing was blamed), so
    each change can be credited only with the cases that broke at or below its own field.
    """

    where: str
    cases: int = 0
    broken: int = 0
    example: str = ""  # the smallest broken case, printable and bounded (``printable``)
    smallest: Any = None  # that case as data, whole (shrunk by hypothesis where it could be)
    smallest_at: str = ""  # where it broke (the blamed pointer, "?" for nowhere in particular)
    outcomes: dict[str, int] = field(default_factory=dict)
    broken_at: dict[str, int] = field(default_factory=dict)
    carried: dict[str, int] = field(default_factory=dict)  # pointer -> cases whose document has it
    noise: int = 0  # responses the NEW client rejects too: a client limit, not this change

    def record(self, outcome: str, broke: bool, example: Any, blamed: str | None = None) -> None:
        self.cases += 1
        label = f"{outcome} at {blamed}" if blamed else outcome
        self.outcomes[label] = self.outcomes.get(label, 0) + 1
        for pointer in _pointers(example):
            self.carried[pointer] = self.carried.get(pointer, 0) + 1
        if broke:
            self.broken += 1
            # Array indexes as "items", the way the rules name the place of an array's members.
            key = spec_doc.pointer("items" if p.isdigit() else p for p in spec_doc.parts(blamed)) if blamed else "?"
            self.broken_at[key] = self.broken_at.get(key, 0) + 1
            if not self.example or _size(example) < _size(self.smallest):
                self.keep(example, key)

    def keep(self, example: Any, at: str) -> None:
        """``example`` as the smallest broken case, broken at ``at``."""
        self.smallest, self.smallest_at, self.example = example, at, printable(example, focus=at)

    def broken_under(self, pointer: str) -> int:
        """Broken cases blamed on ``pointer`` or below it (or on nothing in particular)."""
        if not pointer:
            return self.broken
        return sum(n for at, n in self.broken_at.items() if at == "?" or spec_doc.within(at, pointer))


EXAMPLE_LIMIT = 320  # characters of a rendered example (a report's table cell)


def _size(value: Any) -> int:
    return len(json.dumps(value, sort_keys=True, ensure_ascii=True))


def printable(value: Any, limit: int = EXAMPLE_LIMIT, focus: str = "") -> str:
    """``value`` as JSON a reader can read: ASCII only (other characters as ``\\uXXXX``), at most ``limit`` characters.

    A longer value is shortened as data, never as text, so no escape is ever cut in half and what is
    shown is still JSON: long strings keep their first characters and ``...``, long arrays their first
    items and ``"..."``; then only the branch down to ``focus`` (where the case broke) is kept, each
    object on it saying how many other keys it had (``"...": "3 more"``).
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=True)
    for shape in _shapes(value, spec_doc.parts(focus) if focus and focus != "?" else []):
        if len(text) <= limit:
            return text
        text = json.dumps(shape, sort_keys=True, ensure_ascii=True)
    return text if len(text) <= limit else json.dumps(f"({len(text)} chars of JSON)")


def _shapes(value: Any, parts: list[str]) -> Iterator[Any]:
    """``value`` ever shorter: its strings and arrays cut, then only its branch down to ``parts``."""
    for keep in (48, 16, 4):
        yield _shortened(value, keep)
    for keep in (16, 4):
        yield _shortened(_branch(value, parts), keep)


def _branch(value: Any, parts: list[str]) -> Any:
    """Only the keys on the way down ``parts``; the others counted."""
    if not isinstance(value, dict) or not parts or parts[0] not in value:
        return value
    others = len(value) - 1
    return {parts[0]: _branch(value[parts[0]], parts[1:]), **({"...": f"{others} more"} if others else {})}


def _shortened(value: Any, keep: int) -> Any:
    if isinstance(value, str) and len(value) > keep + 3:
        return value[:keep] + "..."
    if isinstance(value, list):
        items = [_shortened(item, keep) for item in value[: max(keep // 8, 1)]]
        return [*items, "..."] if len(value) > len(items) else items
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            short = _shortened(key, max(keep, 4))
            while short in out:  # two keys cut to the same text: told apart by a mark
                short += "'"
            out[short] = _shortened(item, keep)
        return out
    return value


def _pointers(document: Any, prefix: str = "") -> set[str]:
    """Every JSON pointer in ``document`` (array items as ``/items``, to match rules' pointers)."""
    found = {prefix} if prefix else set()
    if isinstance(document, dict):
        for key, value in document.items():
            found |= _pointers(value, spec_doc.join(prefix, key))
    elif isinstance(document, list):
        for value in document:
            found |= _pointers(value, spec_doc.join(prefix, "items"))
    return found


@dataclass
class Evidence:
    requests: list[Trial]
    responses: list[Trial]
    note: str = ""

    @property
    def request_cases(self) -> int:
        return sum(t.cases for t in self.requests)

    @property
    def response_cases(self) -> int:
        return sum(t.cases for t in self.responses)


def sample(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """Up to ``count`` examples, reproducibly (derandomized), unshrunk: these are data, not failures."""
    found: list[Any] = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


def validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    # OpenAPI 3.0 schemas are (an extended subset of) JSON Schema draft 4.
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def _strategy(doc: Doc, path: str, method: str) -> st.SearchStrategy[Any]:
    """schemathesis' positive-mode cases for one operation (it reads OpenAPI 3.0 natively)."""
    import schemathesis  # noqa: PLC0415 - a second of import time, needed only when evidence runs

    operation = schemathesis.openapi.from_dict(doc)[path][method]
    strategy: st.SearchStrategy[Any] = operation.as_strategy()
    return strategy


def _request(case: Any) -> dict[str, Any]:
    """A schemathesis case as the envelope openapi.request_envelope validates."""

    def section(value: Any) -> dict[str, Any]:
        return dict(value) if isinstance(value, dict) else {}

    request = {
        "headers": {name.lower(): value for name, value in section(case.headers).items()},
        "query": section(case.query),
        "path": section(case.path_parameters),
        "cookie": section(case.cookies),
    }
    if type(case.body).__name__ != "NotSet":  # schemathesis' marker for "no body"
        request["body"] = case.body
    return request


def requests(old: Doc, new: Doc, count: int, *, everything: bool = False) -> list[Trial]:
    """Requests valid under ``old``, with the credentials of one of its security alternatives, checked against ``new``.

    The cases take the old alternatives in turn, so each is tried. A request the new schema refuses
    is blamed on the field; one whose credentials meet no new alternative, on ``/security``. Only
    operations whose request changed, unless ``everything`` (the others cannot break).
    """
    new_ops = dict(operations(new))
    trials = []
    for key, operation in operations(old):
        target, guard = request_envelope(new_ops.get(key)), security_schema(new, new_ops.get(key))
        if not everything and (target, guard) == (request_envelope(operation), security_schema(old, operation)):
            continue
        trial = Trial(key)
        judge = _request_judge(validator(target), validator(guard))
        held = security_alternatives(old, operation)
        method, path = key.split(" ", 1)
        for index, case in enumerate(sample(_strategy(old, path, method), count)):
            trial.record(*judge(_with_credentials(case, held[index % len(held)])))
        if trial.broken:
            _shrink_request(old, operation, judge, trial)
        trials.append(trial)
    return trials


def _shrink_request(old: Doc, operation: dict[str, Any], judge: RequestJudge, trial: Trial) -> None:
    """Shrink the trial's smallest broken request: still one the old spec allows (credentials included),
    still broken at the same place."""
    allowed, admitted = validator(request_envelope(operation)), validator(security_schema(old, operation))

    def keeps(request: Any) -> bool:
        return (
            allowed.is_valid(request) and admitted.is_valid(request) and _blamed_at(judge(request)) == trial.smallest_at
        )

    trial.keep(shrink(trial.smallest, keeps), trial.smallest_at)


RequestJudge = Callable[[dict[str, Any]], tuple[str, bool, dict[str, Any], str | None]]


def _request_judge(check: jsonschema.protocols.Validator, admit: jsonschema.protocols.Validator) -> RequestJudge:
    """What the new spec makes of a request: (outcome, broke, the request, the pointer blamed)."""

    def judge(request: dict[str, Any]) -> tuple[str, bool, dict[str, Any], str | None]:
        error = jsonschema.exceptions.best_match(check.iter_errors(request))
        if error is not None:
            return f"invalid ({error.validator})", True, request, _blame(error)
        if not admit.is_valid(request):
            return "refused credentials", True, request, "/security"
        return "valid", False, request, None

    return judge


def _blamed_at(verdict: tuple[str, bool, dict[str, Any], str | None]) -> str | None:
    """The trial's key for a broken case's blame (as ``Trial.record`` files it), None if it did not break."""
    _, broke, _, blamed = verdict
    if not broke:
        return None
    return spec_doc.pointer("items" if p.isdigit() else p for p in spec_doc.parts(blamed)) if blamed else "?"


def _with_credentials(case: Any, sent: dict[str, dict[str, str]]) -> dict[str, Any]:
    request = _request(case)
    for section, values in sent.items():
        request[section] = {**request.get(section, {}), **values}
    return request


def _credentials_of(request: dict[str, Any], sent: dict[str, dict[str, str]]) -> bool:
    return all(
        request.get(section, {}).get(name) == value for section, names in sent.items() for name, value in names.items()
    )


SHRINK_CHECKS = 2000  # candidates tried at most per case: each a validation and, for a response, two parses


def shrink(value: Any, keeps: Callable[[Any], bool], checks: int = SHRINK_CHECKS) -> Any:
    """``value`` made as small as ``keeps`` allows: one simplification at a time, kept while it still holds.

    hypothesis' sampling found the case, and its own shrinker would draw every candidate through
    schemathesis (about 1,100 draws, 100 s under load, for one response): this shrinks the case
    itself, each candidate checked as the case was (valid on its side, broken at the same place).
    """
    current = value
    while checks > 0:
        for candidate in _simpler(current):
            checks -= 1
            if _size(candidate) < _size(current) and keeps(candidate):
                current = candidate
                break
            if checks <= 0:
                break
        else:
            return current
    return current


def _simpler(value: Any) -> Iterator[Any]:
    """Each ``value`` with one thing simpler: a key or an item dropped, a string emptied or halved, a number 0."""
    if isinstance(value, dict):
        for key in value:
            yield {k: v for k, v in value.items() if k != key}
        for key, item in value.items():
            for simpler in _simpler(item):
                yield {**value, key: simpler}
    elif isinstance(value, list):
        for index in range(len(value)):
            yield value[:index] + value[index + 1 :]
        for index, item in enumerate(value):
            for simpler in _simpler(item):
                yield [*value[:index], simpler, *value[index + 1 :]]
    elif isinstance(value, str) and value:
        yield ""
        yield value[: len(value) // 2]
    elif isinstance(value, int | float) and not isinstance(value, bool) and value != 0:
        yield 0
        yield int(value / 2) if isinstance(value, int) else value / 2


def _blame(error: jsonschema.ValidationError) -> str:
    """The pointer of the offending value; for a missing property, the property itself."""
    parts: list[str | int] = list(error.absolute_path)
    required = error.validator_value
    if error.validator == "required" and isinstance(error.instance, dict) and isinstance(required, list):
        missing = [name for name in required if name not in error.instance]
        parts += missing[:1]
    return spec_doc.pointer(parts)


def bodies(schema: dict[str, Any], count: int) -> list[Any]:
    """Response documents valid under an OpenAPI 3.0 ``schema`` (``count`` of them, reproducibly)."""
    return sample(body_strategy(schema), count)


def body_strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Response documents valid under ``schema``, via a one-operation document whose body it is.

    The schema is first seen as a response sees it (writeOnly properties gone, readOnly ones kept),
    since schemathesis generates a request body by request rules.
    """
    schema = on_side(schema, "response")
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "one schema", "version": "0"},
        "paths": {
            "/body": {
                "post": {
                    "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
                    "responses": {"200": {"description": "unused"}},
                }
            }
        },
    }
    return _strategy(doc, "/body", "POST").map(_body)


def _body(case: Any) -> Any:
    return case.body


def changed_responses(old: Doc, new: Doc, *, everything: bool = False) -> list[tuple[str, dict[str, Any], str, Any]]:
    """``(key, operation, status, response)`` of ``new`` for each status whose response changed (or is new).

    Changed apart from prose (descriptions, summaries, examples): the generated parsers never read
    it, so a response that differs only there parses in the old client as in the new, case for case.
    Every status, with ``everything``.
    """
    old_ops = dict(operations(old))
    found = []
    for key, operation in operations(new):
        before = (old_ops.get(key) or {}).get("responses", {})
        for status, response in sorted(operation.get("responses", {}).items(), key=str):
            if not str(status).isdigit():
                continue  # "default" and "4XX" ranges: the client does not document them either
            if everything or status not in before or without_prose(before[status]) != without_prose(response):
                found.append((key, operation, str(status), response))
    return found


def response_cases(old: Doc, new: Doc, count: int, *, everything: bool = False) -> list[dict[str, Any]]:
    """Responses valid under ``new``: one dict per case, as parse_worker.py reads them.

    Only statuses whose response changed apart from prose (or is new), unless ``everything``.
    """
    changed = changed_responses(old, new, everything=everything)
    if not changed:
        return []
    # The generator's own naming, so the worker finds the module it wrote for each operationId.
    from openapi_python_client.strings import snake_case  # noqa: PLC0415 - as heavy as schemathesis

    cases = []
    for key, operation, status, response in changed:
        method = key.split(" ", 1)[0]
        module = snake_case(operation.get("operationId", ""))
        media = (response.get("content") or {}).get("application/json")
        examples: list[Any] = [None] if media is None else bodies(media.get("schema", {}), count)
        cases += [
            {"where": f"{key} {status}", "module": module, "method": method, "status": int(status), "body": body}
            for body in examples
        ]
    return cases


def parse_with(package_root: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run parse_worker.py with ``package_root`` (a generated/ directory) first on the path."""
    return parse_both([package_root], cases)[0]


def parse_both(package_roots: list[Path], cases: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """parse_worker.py's outcomes for ``cases`` with each package, the workers running side by side."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(cases, handle)
    try:
        workers = []
        for root in package_roots:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
            command = [sys.executable, str(WORKER), handle.name]
            workers.append(
                subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            )
        answers = [
            (root, *worker.communicate(), worker.returncode)
            for root, worker in zip(package_roots, workers, strict=True)
        ]
    finally:
        os.unlink(handle.name)
    outcomes: list[list[dict[str, Any]]] = []
    for root, stdout, stderr, code in answers:
        if code != 0:
            raise RuntimeError(f"parsing with {root} failed:\n{stderr[-2000:]}")
        outcomes.append(json.loads(stdout))
    return outcomes


def tolerated(outcome: str, status: int) -> bool:
    if outcome in {"parsed", "no-operation"}:
        return True
    return outcome == "unexpected-status" and status >= 400


def responses(
    old: Doc, new: Doc, old_package: Path, new_package: Path, count: int, *, everything: bool = False
) -> list[Trial]:
    cases = response_cases(old, new, count, everything=everything)
    return judge_responses(new, cases, old_package, new_package, count)


def judge_responses(
    new: Doc, cases: list[dict[str, Any]], old_package: Path, new_package: Path, count: int
) -> list[Trial]:
    """``cases`` parsed by the old client, and by the new one as the control; each smallest broken one shrunk."""
    if not cases:
        return []
    old_outcomes, new_outcomes = parse_both([old_package, new_package], cases)
    trials: dict[str, Trial] = {}
    models: dict[str, dict[str, Any]] = {}
    for case, old_outcome, new_outcome in zip(cases, old_outcomes, new_outcomes, strict=True):
        trial = trials.setdefault(case["where"], Trial(case["where"]))
        models.setdefault(case["where"], case)
        if not tolerated(new_outcome["outcome"], case["status"]):
            trial.noise += 1
            continue
        broke = not tolerated(old_outcome["outcome"], case["status"])
        trial.record(old_outcome["outcome"], broke, case["body"], old_outcome["path"])
    broken = [trial for trial in trials.values() if trial.broken and trial.smallest is not None]
    if broken:
        with Parser(old_package) as old_client, Parser(new_package) as new_client:
            for trial in broken:
                _shrink_response(new, trial, models[trial.where], (old_client, new_client))
    return list(trials.values())


def _shrink_response(new: Doc, trial: Trial, model: dict[str, Any], clients: tuple[Parser, Parser]) -> None:
    """Shrink the trial's smallest broken response: still valid under the new spec, parsed by the new
    client, and refused by the old one at the same place."""
    key, status = trial.where.rsplit(" ", 1)
    response = dict(operations(new))[key]["responses"][status]
    schema = ((response.get("content") or {}).get("application/json") or {}).get("schema")
    if schema is None:
        return
    valid = validator(json_schema(on_side(schema, "response")))
    old_client, new_client = clients

    def keeps(body: Any) -> bool:
        if not valid.is_valid(body):
            return False
        case = {**model, "body": body}
        if not tolerated(new_client(case)["outcome"], case["status"]):
            return False
        answer = old_client(case)
        return not tolerated(answer["outcome"], case["status"]) and _blamed_at(("", True, {}, answer["path"])) == (
            trial.smallest_at
        )

    trial.keep(shrink(trial.smallest, keeps), trial.smallest_at)


class Parser:
    """parse_worker.py serving one package, a case a line: for the shrinker's many small questions."""

    def __init__(self, package_root: Path) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(package_root), os.environ.get("PYTHONPATH", "")])}
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), "--serve"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
        )  # fmt: skip

    def __call__(self, case: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps(case) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the parse worker stopped (exit {self.process.wait()})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def __enter__(self) -> Parser:
        return self

    def __exit__(self, *_: object) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.process.wait()


def gather(
    old: Doc, new: Doc, packages: tuple[Path, Path] | None, count: int, note: str = "", *, everything: bool = False
) -> Evidence:
    """Both directions; ``packages``: the old and new generated/ roots.

    Requests only for operations whose request (or security) changed, responses only for statuses
    whose response changed, prose aside, unless ``everything``: where nothing a validator or a parser
    reads changed, every case passes by construction (spec_diff says so instead of running them).
    """
    request_trials = requests(old, new, count, everything=everything)
    if packages is None:
        return Evidence(request_trials, [], note or "responses not checked: no generated packages")
    return Evidence(request_trials, responses(old, new, *packages, count, everything=everything), note)
