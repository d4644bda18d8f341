"""The checks of a number a client is configured with, shared by :func:`~hamr_client.client.client_settings` and
:class:`~hamr_client.retrying.RetryPolicy`: each names what it checked in the ConfigurationError it raises."""

from __future__ import annotations

import math
from typing import Any

from .errors import ConfigurationError


def count(name: str, value: Any) -> int:
    """``value`` if it is an integer, 0 or more (not a bool); else a ConfigurationError naming ``name``."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigurationError(f"{name} must be an integer, 0 or more; got {value!r}")
    return value


def seconds(name: str, value: Any, *, allow_none: bool = False) -> float | None:
    """``value`` as a finite number of seconds above 0 (None if ``allow_none``); else a ConfigurationError."""
    if value is None and allow_none:
        return None
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0
    if not ok:
        raise ConfigurationError(f"{name} must be a finite number of seconds above 0, got {value!r}")
    return float(value)
