"""hamr-contract's own tooling: what the jobs in ``scripts/``, the contract gate and the tests share.

One importable package at the repository root (pytest's ``pythonpath = ["."]``, mypy's default
base): ``from tooling import spec_doc``. Each job's code is a module here (``tooling.generate``,
``tooling.record``...); ``scripts/<job>.py`` only runs it, as ``python -m scripts.<job>`` from
the root (what nox does). Nothing is imported here: the client's tests read ``tooling.spec_doc``
with nothing but the client's test kit installed (``nox -s bounds``).
"""
