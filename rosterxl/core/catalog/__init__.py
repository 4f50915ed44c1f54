"""The entities and their columns, the built-in catalog, and the district config."""
from rosterxl.core.catalog.catalog import Catalog, builtin_catalog
from rosterxl.core.catalog.columns import AllowedList, Column, Entity, Kind
from rosterxl.core.catalog.config import DistrictConfig, apply_config, example_district, read_config

__all__ = ["AllowedList", "Catalog", "Column", "DistrictConfig", "Entity", "Kind", "apply_config", "builtin_catalog",
           "example_district", "read_config"]
