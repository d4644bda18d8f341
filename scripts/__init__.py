"""The jobs, one entry point a file: ``python -m scripts.<job> ARGS`` from the repository root (nox does).

Each runs ``main`` of its module in :mod:`tooling`, where the job's code and everything the jobs,
the contract gate and the tests share live.
"""
