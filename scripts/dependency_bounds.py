"""Constraints holding the client's direct dependencies at one end of their ranges: ``nox -s bounds``.

The job is :mod:`tooling.dependency_bounds` (``python -m scripts.dependency_bounds --help`` for its options).
"""

import sys

from tooling.dependency_bounds import main

if __name__ == "__main__":
    sys.exit(main())
