"""Reading a filled-in workbook with python-calamine: values only, fast, with their cell types."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from rosterxl.catalog.catalog import Catalog
from rosterxl.catalog.columns import Entity
from rosterxl.csvio import read_file
from rosterxl.model import RosterInputError, Table
from rosterxl.reading import cell_text, table_from_grid
from rosterxl.roundtrip import SNAPSHOT_PREFIX, Exported, exported_from_grid
from rosterxl.workbook.layout import LISTS_SHEET, SAMPLES_TITLE, is_helper_sheet


def _open(path: Path) -> CalamineWorkbook:
    head = read_file(path, 8)
    if not head:
        raise RosterInputError(f"{path.name}: the file is empty")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterInputError(f"{path.name}: this workbook is password-protected or in the old .xls format. "
                               "Open it in Excel, remove the password (File > Info > Protect Workbook), "
                               "and save it as .xlsx.")
    if not head.startswith(b"PK"):
        raise RosterInputError(f"{path.name}: this is not an Excel workbook (.xlsx). If it is a CSV file, "
                               "give it a .csv name.")
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise RosterInputError(f"{path.name}: the workbook is damaged and cannot be read ({exc}). "
                               "Open it in Excel, let Excel repair it, and save it again.") from None


def read_workbook(path: str | Path, catalog: Catalog, entity: Entity | None = None) -> list[Table]:
    """Every entity sheet of the workbook, found by its name or by its header row."""
    path = Path(path)
    book = _open(path)
    samples = _template_samples(book)
    snapshots = [n for n in book.sheet_names if n.startswith(SNAPSHOT_PREFIX)]
    tables: list[Table] = []
    for name in book.sheet_names:
        if is_helper_sheet(name):
            continue
        try:
            grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except (CalamineError, ValueError) as exc:
            raise RosterInputError(f"{path.name}: sheet '{name}' cannot be read ({exc})") from None
        by_name = entity or catalog.entity_for_name(name)
        table = table_from_grid(catalog, grid, source=path.name, sheet=name, entity=by_name)
        if table is not None and table.headers:
            if name in samples:
                table.entity = _with_samples(table, samples[name])
            snapshot = f"{SNAPSHOT_PREFIX}{name}"[:31]
            if snapshot in snapshots:
                table.exported = _exported(book, snapshot, table)
            tables.append(table)
    return tables


def _template_samples(book: CalamineWorkbook) -> dict[str, list[dict[str, str]]]:
    """The sample rows a rosterxl template keeps on its Lists sheet, by sheet name, as header -> value."""
    name = next((n for n in book.sheet_names if n.casefold() == LISTS_SHEET.casefold()), None)
    if name is None:
        return {}
    grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    found: dict[str, list[dict[str, str]]] = {}
    for col, title in enumerate(grid[0] if grid else []):
        if isinstance(title, str) and title.startswith(SAMPLES_TITLE):
            rows = [r for r in grid[1:] if col + 2 < len(r) and isinstance(r[col], str) and r[col]]
            found[title[len(SAMPLES_TITLE):]] = [{r[col]: cell_text(r[col + n]) for r in rows} for n in (1, 2)]
    return found


def _with_samples(table: Table, samples: list[dict[str, str]]) -> Entity:
    keyed = [{h.column.key: sample.get(h.text, "") for h in table.headers if h.column is not None}
             for sample in samples]
    return replace(table.entity, sample_rows=(*keyed, *table.entity.sample_rows))


def _exported(book: CalamineWorkbook, name: str, table: Table) -> Exported | None:
    """The snapshot open-export kept of the portal's export, by Database ID."""
    return exported_from_grid(book.get_sheet_by_name(name).to_python(skip_empty_area=False), table.entity)
