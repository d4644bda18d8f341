"""What the generated client and the contract gate cost, beside the alternatives: ``nox -s bench``.

The job is :mod:`tooling.bench` (``python -m scripts.bench --help`` for its options).
"""

import sys

from tooling.bench import main

if __name__ == "__main__":
    sys.exit(main())
