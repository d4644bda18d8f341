"""The pieces of ``scripts/spec_diff.py``: one job a module.

gitrefs (read the spec at a ref), openapi (load, resolve, convert schemas), rules (classify
changes), external (openapi-diff's second opinion), evidence (hypothesis cases both ways),
apidiff (griffe), policy (semver and changelog gate), report (Markdown and JSON).
"""
