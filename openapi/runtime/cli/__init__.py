"""``hamr``: the command line for Datadog Disaster Recovery runbooks (``python -m hamr_client`` too).

``hamr get`` shows the HAMR connection, ``hamr set`` changes some of its fields (read, modify,
write; guarded by ``--expect-status``, ``--dry-run`` and a confirmation), ``hamr wait`` polls until a
status is reached, ``hamr statuses`` lists the status values. One exit code per outcome
(:mod:`.exits`). The operations, options and statuses come from the generated package, so a
field the spec gains is an option after ``nox -s generate``. See docs/cli.md.

Standard library only (argparse), beside what the client needs; ``hamr --help`` imports no httpx.
"""

from __future__ import annotations

from .app import main, run

__all__ = ["main", "run"]
