"""Makes openapi/runtime a package for mypy; not copied (the package's own __init__ comes from the template)."""
