"""How a reason quotes a value from an answer, and the strict reading of JSON: shared by parsing (which quotes
while it parses), the drift capture (which quotes again, scrubbed) and the fake (which reads what it is sent)."""

from __future__ import annotations

import json
from contextvars import ContextVar
from typing import Any

import httpx

from .errors import redaction

#: The response being parsed (parse_json_body sets it): a value quoted from it is redacted with its client's keys.
QUOTING: ContextVar[httpx.Response | None] = ContextVar("hamr_client.quoting", default=None)


def short(value: Any, limit: int = 60) -> str:
    """``value`` quoted in a reason, at most ``limit`` characters: any key in it redacted before it is cut."""
    text = repr(value)
    response = QUOTING.get()
    if response is None:
        return text if len(text) <= limit else text[: limit - 3] + "..."
    # Cut where the plain quote is cut, so the drift capture finds this quote again to requote it scrubbed.
    keys = redaction(response)
    return keys.redact(text) if len(text) <= limit else keys.cut(text, limit - 3)


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


#: JSON as RFC 8259 has it: ``NaN``/``Infinity`` (which Python's json module reads) are a ValueError.
#: Built once: json.loads(..., parse_constant=...) would build a decoder on every call.
STRICT_JSON = json.JSONDecoder(parse_constant=_not_json)
