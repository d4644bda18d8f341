"""Classify the spec's changes since a git ref as breaking or not, and gate the version on them: ``nox -s spec-diff``.

The job is :mod:`tooling.spec_diff` (``python -m scripts.spec_diff --help`` for its options).
"""

import sys

from tooling.spec_diff import main

if __name__ == "__main__":
    sys.exit(main())
