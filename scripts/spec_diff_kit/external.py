"""A second opinion from openapi-diff (npm, pinned in package.json): JSON-Schema-level verdicts.

openapi-diff compares each request and response schema as a set of JSON documents: a request
schema that accepts fewer documents is breaking, a response schema that accepts more is. It
does not name the rule (it reports ``request.body.scope.remove`` for a new required field and a
narrowed enum alike), so rules.py names the change and this confirms or catches what it missed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Run through node so no shell and no temp JS file are involved; diffSpecs is the package's API.
SCRIPT = """
const {diffSpecs} = require('openapi-diff');
const fs = require('fs');
const [a, b] = process.argv.slice(-2);
const spec = (p) => ({content: fs.readFileSync(p, 'utf8'), location: p, format: 'openapi3'});
diffSpecs({sourceSpec: spec(a), destinationSpec: spec(b)})
  .then((r) => process.stdout.write(JSON.stringify(r)))
  .catch((e) => { process.stderr.write(String(e && e.message || e)); process.exit(2); });
"""


@dataclass(frozen=True)
class Finding:
    severity: str  # "breaking" | "non-breaking" | "unclassified"
    code: str  # e.g. "request.body.scope.remove"
    location: str  # e.g. "paths./api/v2/hamr.post.requestBody.content.application/json.schema"

    @property
    def where(self) -> str:
        """``"POST /api/v2/hamr"`` (or the location when it names no operation)."""
        parts = self.location.split(".")
        if len(parts) >= 3 and parts[0] == "paths":
            return f"{parts[2].upper()} {parts[1]}"
        return self.location


@dataclass(frozen=True)
class Opinion:
    available: bool
    note: str
    findings: tuple[Finding, ...] = ()


def run(root: Path, old: dict[str, Any], new: dict[str, Any]) -> Opinion:
    """openapi-diff's findings, or ``available=False`` with the reason (no node, not installed)."""
    node = shutil.which("node")
    if node is None:
        return Opinion(False, "node is not on PATH")
    if not (root / "node_modules" / "openapi-diff").is_dir():
        return Opinion(False, "openapi-diff is not installed: run `npm ci`")
    with tempfile.TemporaryDirectory(prefix="spec-diff-oad-") as scratch:
        paths = []
        for name, doc in (("old", old), ("new", new)):
            path = Path(scratch) / f"{name}.json"
            path.write_text(json.dumps(doc))
            paths.append(str(path))
        result = subprocess.run(
            [node, "-e", SCRIPT, *paths], cwd=root, capture_output=True, text=True, check=False, timeout=300
        )
    if result.returncode != 0:
        return Opinion(False, f"openapi-diff failed: {result.stderr.strip()[:500]}")
    raw = json.loads(result.stdout)
    findings = []
    for key, severity in (
        ("breakingDifferences", "breaking"),
        ("nonBreakingDifferences", "non-breaking"),
        ("unclassifiedDifferences", "unclassified"),
    ):
        for item in raw.get(key) or []:
            details = item.get("sourceSpecEntityDetails") or item.get("destinationSpecEntityDetails") or [{}]
            findings.append(Finding(severity, str(item.get("code")), str(details[0].get("location", ""))))
    return Opinion(True, "openapi-diff 0.24.1", tuple(sorted(set(findings), key=lambda f: (f.location, f.code))))
