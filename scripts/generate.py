"""Generate generated/ from openapi/hamr.yaml (``--check``: compare only): ``nox -s generate``, ``nox -s drift``.

The job is :mod:`tooling.generate` (``python -m scripts.generate --help`` for its options).
"""

import sys

from tooling.generate import main

if __name__ == "__main__":
    sys.exit(main())
