"""Re-record contract_tests/recordings/ from a Datadog site, drift captures or production exchanges: ``nox -s record``.

The job is :mod:`tooling.record` (``python -m scripts.record --help`` for its options).
"""

import sys

from tooling.record import main

if __name__ == "__main__":
    sys.exit(main())
