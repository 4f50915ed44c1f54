"""The district's catalog and files, found and opened one way for every workflow. The catalog, on files and in
Excel: the config given (a rosterxl.toml path, or a Catalog already made), else rosterxl.toml beside the first
file (or in the workbook's folder), else in the current folder, else the built-in catalog; a workbook's own
dropdown lists standing in for every list the config does not give. The files: a folder stands for the workbooks
and CSV files in it, each file given once, each read into its tables or refused with a sentence."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rosterxl.core.catalog.catalog import Catalog, builtin_catalog
from rosterxl.core.model import CONFIG_NAME, RosterInputError
from rosterxl.core.tables import Table, table_from_csv, tables_from_book
from rosterxl.media.csvfiles import read_csv_text
from rosterxl.media.files import same_file

Config = str | Path | Catalog | None
Step = Callable[..., None]              # on_step(label, total) and on_step(label): progress
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
OWN_COPIES = (".checked", ".fixed", ".before-rosterxl")
__all__ = ["CSV_SUFFIXES", "WORKBOOK_SUFFIXES", "Config", "Step", "all_lists", "distinct_files", "district_catalog",
           "district_files", "find_config", "is_returned_file", "load_config", "open_workbook", "read_file_tables"]


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


def district_files(paths: Sequence[str | Path]) -> list[Path]:
    """The files given, a folder standing for the workbooks and CSV files in it (by name; not a lock file Excel
    keeps while a workbook is open, not a hidden file, not rosterxl's own marked, fixed or backup copies)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append(path)
            continue
        from rosterxl.core.sis.detect import only_sis_files  # the SIS formats' import: only for a folder

        inside = sorted((p for p in path.iterdir() if p.is_file() and is_returned_file(p)), key=lambda p: p.name)
        if only_sis_files() & {p.name.lower() for p in inside}:
            raise RosterInputError("folder.sis-export", f"{path}: this folder holds a student information system's "
                                   "export (OneRoster or Clever files), not the portal's templates.", file=path)
        if not inside:
            raise RosterInputError("folder.empty",
                                   f"{path}: this folder has no workbooks (.xlsx, .xlsm) or CSV files.", file=path)
        found += inside
    return found


def is_returned_file(path: Path) -> bool:
    """A file of a folder that is a school's workbook or CSV file, not something else kept there."""
    name = path.name
    if name.startswith(("~$", ".")) or path.suffix.lower() not in (*WORKBOOK_SUFFIXES, *CSV_SUFFIXES):
        return False
    return not any(mark in path.stem for mark in OWN_COPIES)


def all_lists(books) -> dict[str, tuple[str, ...]]:
    """Every workbook's own dropdown values together: each school's workbook offers its own school, and the
    district is all of them."""
    found: dict[str, dict[str, None]] = {}
    for book in books:
        for key, values in book.lists().items():
            found.setdefault(key, {}).update(dict.fromkeys(values))
    return {key: tuple(values) for key, values in found.items()}


def distinct_files(paths: list[Path]) -> None:
    """Each file once, and no two with the same name: the issues name files by their names."""
    for i, path in enumerate(paths):
        for other in paths[:i]:
            if same_file(path, other) or path == other:
                raise RosterInputError("file.given-twice",
                                       f"{path}: this file is given twice (also as {other}); give it once.", file=path)
            if path.name == other.name:
                raise RosterInputError("file.given-twice",
                                       f"{other} and {path} have the same name, so the issues could not tell them "
                                       "apart. Check them one at a time, or rename one.", file=path)


def open_workbook(path: Path):
    from rosterxl.media.xlsx.reader import WorkbookFile

    return WorkbookFile(path)


def read_file_tables(path: Path, catalog: Catalog, entity: str | None, book=None) -> list[Table]:
    """The tables of one file (`book`: the workbook file already open), or a message that says why rosterxl
    cannot use it."""
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        found = tables_from_book(catalog, book or open_workbook(path), catalog.entities[entity] if entity else None)
        if not found:
            raise RosterInputError(
                "workbook.no-roster-sheet",
                f"{path.name}: no sheet looks like Classes/Groups, Educators or Students (a sheet named after "
                "one that is empty does not count). Name the sheet after the record type, or keep the portal's "
                "header row in its first row.", file=path.name)
        return found
    if suffix in CSV_SUFFIXES:
        return [table_from_csv(catalog, read_csv_text(path).rows, path.name, entity)]
    if suffix == ".xls":
        raise RosterInputError("file.unsupported",
                               f"{path.name}: the old .xls format is not supported. Open it in Excel "
                               "and save it as .xlsx (Excel Workbook).", file=path.name)
    raise RosterInputError("file.unsupported",
                           f"{path.name}: rosterxl reads .xlsx workbooks and .csv files only.", file=path.name)
