"""The pieces of ``scripts/spec_diff.py``: one job a module.

gitrefs (read the spec at a ref), openapi (schemas as JSON Schema, the request envelope), changes
(the rule table), rules (classify changes), schema_rules and access_rules (schemas; servers and
security), evidence (hypothesis cases both ways), apidiff
(griffe's breaking-change check), policy (semver and changelog gate), report (Markdown and JSON).
The spec itself is read by ../spec_doc.py, the one spec reader.
"""
