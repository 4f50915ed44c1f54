"""Opening the files a person gives rosterxl: workbooks and CSV files, each as Tables."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rosterxl import csvio
from rosterxl.catalog.catalog import Catalog
from rosterxl.model import Issue, RosterInputError, Table
from rosterxl.reading import table_from_grid
from rosterxl.rules import check_tables, steps
from rosterxl.rules.base import Context
from rosterxl.speed import without_gc_pauses

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}


def read_csv_table(path: Path, catalog: Catalog, entity_key: str | None = None) -> Table:
    text = csvio.read_csv_text(path)
    entity = catalog.entities[entity_key] if entity_key else catalog.entity_for_name(path.stem)
    table = table_from_grid(catalog, text.rows, source=path.name, sheet=path.name, entity=entity, from_csv=True)
    if table is None:
        raise RosterInputError(
            f"{path.name}: rosterxl cannot tell whether this file holds classes/groups, educators or "
            "students. Its first row should be the header row of a portal template; or say which with "
            "--entity classes, --entity educators or --entity students.")
    return table


def read_inputs(paths: list[Path], catalog: Catalog, entity_key: str | None = None) -> list[Table]:
    """All tables of all files, to be checked together. Raises RosterInputError for a file it cannot use."""
    with without_gc_pauses():
        tables = _read_all(paths, catalog, entity_key)
    if not any(t.records() for t in tables):
        names = ", ".join(sorted({t.source for t in tables}))
        raise RosterInputError(f"{names}: there are header rows but no records to check.")
    return tables


def check_files(paths: list[Path], catalog: Catalog, entity_key: str | None = None,
                on_step: Callable[..., None] | None = None) -> tuple[list[Table], list[Issue], Context]:
    """Read the files and check them together: the tables, every issue, and the context of the check."""
    with without_gc_pauses():
        tables = read_inputs(paths, catalog, entity_key)
        if on_step:
            on_step("Checking", steps(tables))
        issues, ctx = check_tables(tables, catalog, on_step)
    return tables, issues, ctx


def _read_all(paths: list[Path], catalog: Catalog, entity_key: str | None) -> list[Table]:
    from rosterxl.workbook.reader import read_workbook

    tables: list[Table] = []
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in WORKBOOK_SUFFIXES:
            entity = catalog.entities[entity_key] if entity_key else None
            found = read_workbook(path, catalog, entity)
            if not found:
                raise RosterInputError(
                    f"{path.name}: no sheet looks like Classes/Groups, Educators or Students. Name the sheet "
                    "after the record type, or keep the portal's header row in its first row.")
            tables.extend(found)
        elif suffix in {".csv", ".txt", ".tsv"}:
            tables.append(read_csv_table(path, catalog, entity_key))
        elif suffix == ".xls":
            raise RosterInputError(f"{path.name}: the old .xls format is not supported. Open it in Excel "
                                   "and save it as .xlsx (Excel Workbook).")
        else:
            raise RosterInputError(f"{path.name}: rosterxl reads .xlsx workbooks and .csv files only.")
    return tables
