"""Every check schemathesis has registered, for runs that want them all (the fake, the live site)."""

from __future__ import annotations

from typing import Any

from schemathesis.checks import CHECKS

# The defaults and the opt-in ones (ignored_auth, use_after_free, ...); class-based checks run on their own.
ALL_CHECKS: list[Any] = [check for check in CHECKS.get_all() if callable(check) and not isinstance(check, type)]
