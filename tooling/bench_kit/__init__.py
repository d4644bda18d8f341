"""The pieces of ``scripts/bench.py``: one module per measurement, plus the server and the statistics."""
