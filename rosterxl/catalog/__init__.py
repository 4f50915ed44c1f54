"""The entities and their columns, the built-in catalog, and the district config."""
from rosterxl.catalog.catalog import Catalog, builtin_catalog
from rosterxl.catalog.columns import AllowedList, Column, Entity, Kind
from rosterxl.catalog.config import example_district, load_catalog

__all__ = ["AllowedList", "Catalog", "Column", "Entity", "Kind", "builtin_catalog", "example_district",
           "load_catalog"]
