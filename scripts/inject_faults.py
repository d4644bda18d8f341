"""Inject faults into a copy of the tree and show the contract gate kills each: ``nox -s faults``.

The job is :mod:`tooling.inject_faults` (``python -m scripts.inject_faults --help`` for its options).
"""

import sys

from tooling.inject_faults import main

if __name__ == "__main__":
    sys.exit(main())
