"""``python -m hamr_client``: the ``hamr`` command line (see :mod:`hamr_client.cli`)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
