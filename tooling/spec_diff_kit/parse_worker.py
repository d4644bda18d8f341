"""Feed responses to whichever ``hamr_client`` is first on sys.path; print what it made of each.

Run as a subprocess with PYTHONPATH pointing at one generated package (old or new), so two
packages of the same name never share an interpreter. Reads a JSON list of cases
``{"module", "method", "status", "body"}`` from the file named on the command line; prints a JSON
list of ``{"outcome", "path"}``: outcome "parsed", "none", "no-operation", "unexpected-status" or
"rejected: <error>"; path the JSON pointer the client blamed (its errors' ``.path``), or null.
With ``--serve`` instead of a file, it answers one case a line, as long as stdin is open.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from types import ModuleType
from typing import Any

import httpx


def api_modules() -> dict[str, ModuleType]:
    api = importlib.import_module("hamr_client.api")
    found = {}
    for info in pkgutil.walk_packages(api.__path__, "hamr_client.api."):
        if not info.ispkg:
            found[info.name.rsplit(".", 1)[1]] = importlib.import_module(info.name)
    return found


def parsing_client() -> Any:
    """A real client of the package under test: whatever settings its generated parsers read, it has them.

    Strict, and no network: only ``_parse_response`` is called with it.
    """
    client = importlib.import_module("hamr_client.client")
    return client.datadog_client(base_url="http://127.0.0.1", api_key="evidence", app_key="evidence", strict=True)


def outcome(module: ModuleType | None, case: dict[str, Any], client: Any) -> dict[str, str | None]:
    if module is None:
        return {"outcome": "no-operation", "path": None}
    body = case["body"]
    response = httpx.Response(
        case["status"],
        json=body if body is not None else None,
        request=httpx.Request(case["method"], "https://api.datadoghq.com/"),
    )
    try:
        parsed = module._parse_response(client=client, response=response)
    except Exception as exc:  # every way of failing is an outcome to report
        if type(exc).__name__ == "UnexpectedStatus":
            return {"outcome": "unexpected-status", "path": None}
        path = getattr(exc, "path", None)
        return {"outcome": f"rejected: {type(exc).__name__}", "path": path if isinstance(path, str) else None}
    return {"outcome": "none" if parsed is None else "parsed", "path": None}


def main() -> None:
    modules = api_modules()
    client = parsing_client()
    if sys.argv[1] == "--serve":  # one case a line on stdin, one outcome a line on stdout (for shrinking)
        for line in sys.stdin:
            case = json.loads(line)
            print(json.dumps(outcome(modules.get(case["module"]), case, client)), flush=True)
        return
    with open(sys.argv[1]) as handle:
        cases = json.load(handle)
    json.dump([outcome(modules.get(case["module"]), case, client) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
