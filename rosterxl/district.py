"""The district's catalog, found and built one way for every workflow, on files and in Excel: the config given
(a rosterxl.toml path, or a Catalog already made), else rosterxl.toml beside the first file (or in the
workbook's folder), else in the current folder, else the built-in catalog; a workbook's own dropdown lists
standing in for every list the config does not give."""
from __future__ import annotations

from pathlib import Path

from rosterxl.core.catalog.catalog import Catalog, builtin_catalog
from rosterxl.core.model import CONFIG_NAME
from rosterxl.media.csvfiles import read_csv_text

Config = str | Path | Catalog | None
__all__ = ["Config", "district_catalog", "find_config", "load_config"]


def district_catalog(config: Config = None, beside: Path | None = None,
                     lists: dict[str, tuple[str, ...]] | None = None) -> Catalog:
    """The catalog of a run. `beside`: the first file, or the folder of the workbook, where a rosterxl.toml is
    looked for when no config is given. `lists`: a workbook's own dropdown values (a template's hidden Lists
    sheet); without a config, the template's schools and products are the district's, and a list the config
    gives wins (a template made before the config changed is brought up to date with Refresh lists)."""
    catalog = config if isinstance(config, Catalog) else load_config(
        config if config is not None else find_config(beside))
    return catalog.with_lists(lists) if lists else catalog


def find_config(beside: Path | None = None) -> Path | None:
    """rosterxl.toml beside a file (or in a folder), else in the current folder; None when there is none."""
    folder = None if beside is None else beside if beside.is_dir() else beside.parent
    for candidate in ([folder / CONFIG_NAME] if folder else []) + [Path(CONFIG_NAME)]:
        if candidate.is_file():
            return candidate
    return None


def load_config(path: str | Path | None = None) -> Catalog:
    """The catalog for a run: the built-in one, shaped by a district config (rosterxl.toml) when one is
    given, with the portal templates it names learned."""
    if path is None:
        return builtin_catalog()
    from rosterxl.core.catalog.config import apply_config, portal_template_paths, read_config  # pydantic's models

    config = read_config(path)
    templates = {key: read_csv_text(p).rows for key, p in portal_template_paths(config, path).items()}
    return apply_config(config, str(path), portal_templates=templates)
