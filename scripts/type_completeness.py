"""Fail unless the installed hamr_client is 100 % type-complete for Pyright: ``nox -s typecheck``.

The job is :mod:`tooling.type_completeness` (``python -m scripts.type_completeness --help`` for its options).
"""

import sys

from tooling.type_completeness import main

if __name__ == "__main__":
    sys.exit(main())
