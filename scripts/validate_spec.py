"""Validate an OpenAPI document, each problem as ``file:line:col: path: reason``: ``nox -s lint``.

The job is :mod:`tooling.validate_spec` (``python -m scripts.validate_spec --help`` for its options).
"""

import sys

from tooling.validate_spec import main

if __name__ == "__main__":
    sys.exit(main())
