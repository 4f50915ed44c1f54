"""The entities and their columns, the built-in catalog, and the district config: catalog.py, columns.py,
builtin.py, config.py (each imported by what needs it; a check does not pay for the config's models)."""
