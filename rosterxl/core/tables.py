"""From grids of cells to finished Tables, the one way for every medium (CSV files, .xlsx files, live
workbooks): find the header row, map it, keep each row's spreadsheet number; attach the template's sample
rows (kept on the Lists sheet) and the portal export a sheet was made from (kept on a hidden sheet)."""
from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Set
from dataclasses import dataclass, field, replace
from itertools import compress, count, islice, repeat
from operator import and_, attrgetter, is_not, itemgetter, not_, setitem
from typing import Any, Protocol

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.catalog.columns import Entity, normalise_value
from rosterxl.core.catalog.headers import Header, guess_entity, map_headers
from rosterxl.core.layout import LISTS_SHEET, SAMPLES_TITLE, is_helper_sheet, snapshot_name
from rosterxl.core.model import RosterInputError, SheetUnreadable
from rosterxl.core.text import cell_text

HEADER_SEARCH_ROWS = 10
TEXT_ONLY = {str}
Grid = list[list[Any]]


@dataclass(slots=True)
class Row:
    number: int                         # the spreadsheet row (or CSV record line) it came from
    values: list[str]                   # each cell as text, one per header
    raw: dict[int, Any] | None = None   # cells that were not text in the workbook (numbers, dates)

    def is_empty(self) -> bool:
        return not "".join(self.values).strip()


@dataclass
class Exported:
    """The records as the portal exported them, by Database ID (passwords are never kept)."""

    headers: list[str]
    rows: dict[str, list[str]] = field(default_factory=dict)

    def value(self, database_id: str, header: str) -> str | None:
        row = self.rows.get(database_id)
        if row is None or header not in self.headers:
            return None
        i = self.headers.index(header)
        return row[i] if i < len(row) else ""


@dataclass(frozen=True, eq=False)
class Table:
    """One entity's sheet or CSV file, finished: nothing changes it once it is read."""

    entity: Entity
    source: str                 # file name as the person knows it
    sheet: str                  # sheet name, or the CSV file name
    headers: tuple[Header, ...]
    rows: tuple[Row, ...]
    header_row: int = 1
    from_csv: bool = False
    exported: Exported | None = None      # what the portal exported, for a workbook made by open-export
    hidden_rows: frozenset[int] = frozenset()      # sheet row numbers hidden in Excel
    hidden_columns: frozenset[int] = frozenset()   # 0-based column indexes hidden in Excel
    _by_column: dict[str, Header] = field(init=False, repr=False)
    _records: list[Row] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_column: dict[str, Header] = {}
        for h in self.headers:
            if h.column is not None:
                by_column.setdefault(h.column.key, h)
        object.__setattr__(self, "_by_column", by_column)        # derived once: the table does not change
        object.__setattr__(self, "_records", _with_data(self.rows))

    def header_for(self, column_key: str) -> Header | None:
        return self._by_column.get(column_key)

    def records(self) -> list[Row]:
        """Rows that hold data (empty rows are not records)."""
        return self._records


class SheetSource(Protocol):
    """What a medium gives: a workbook's sheet names in order, and each sheet's cells from A1."""

    name: str                                  # the file or workbook name as the person knows it

    def sheet_names(self) -> list[str]: ...

    def grid(self, sheet: str) -> Grid: ...

    def hidden(self, sheet: str) -> tuple[Set[int], Set[int]]:
        """The sheet's hidden row numbers and hidden 0-based column indexes (none where the medium cannot
        tell)."""
        ...


def tables_from_book(catalog: Catalog, book: SheetSource, entity: Entity | None = None) -> list[Table]:
    """Every entity sheet of a workbook, found by its name or by its header row, with its sample rows
    and export snapshot. The same for a file and a live workbook."""
    names = book.sheet_names()
    lists = next((n for n in names if n.casefold() == LISTS_SHEET.casefold()), None)
    samples = template_samples(book.grid(lists)) if lists else {}
    tables = []
    unreadable: list[SheetUnreadable] = []
    for name in names:
        if is_helper_sheet(name):
            continue
        try:
            grid = book.grid(name)
        except SheetUnreadable as exc:
            if _may_hold_roster(catalog, book.name, name, exc.head, entity):
                raise
            unreadable.append(exc)                # a sheet of other things, too large or damaged: not needed
            continue
        snapshot = snapshot_name(name)
        table = table_from_grid(catalog, grid, source=book.name, sheet=name,
                                entity=entity or catalog.entity_for_name(name), samples=samples.get(name, ()),
                                snapshot=book.grid(snapshot) if snapshot in names else None)
        if table is not None and table.headers:
            rows, columns = book.hidden(name)
            if rows or columns:
                table = replace(table, hidden_rows=frozenset(rows), hidden_columns=frozenset(columns))
            tables.append(table)
    if unreadable and not tables:
        raise unreadable[0]                          # no roster anywhere else: say why that sheet was not read
    return tables


def _may_hold_roster(catalog: Catalog, source: str, name: str, head: Grid | None, entity: Entity | None) -> bool:
    """Whether a sheet that cannot be read could be one rosterxl needs: named as a record type, or its first rows
    (when they can be read) holding a header row."""
    if catalog.entity_for_name(name) is not None:
        return True
    if head is None:
        return False
    return table_from_grid(catalog, head, source=source, sheet=name, entity=entity) is not None


def table_from_csv(catalog: Catalog, grid: Grid, name: str, entity_key: str | None = None) -> Table:
    entity = catalog.entities[entity_key] if entity_key else catalog.entity_for_name(name.rsplit(".", 1)[0])
    table = table_from_grid(catalog, grid, source=name, sheet=name, entity=entity, from_csv=True)
    if table is None:
        raise RosterInputError(
            "records.kind-unknown", f"{name}: rosterxl cannot tell whether this file holds classes/groups, educators "
            "or students. Its first row should be the header row of a portal template.", file=name)
    return table


def _texts(row: list[Any]) -> list[str]:
    return [cell_text(v).strip() for v in row]


def _header_row(catalog: Catalog, grid: Grid, entity: Entity | None) -> tuple[int, Entity | None]:
    """The first row (0-based) within the top rows that reads as a header row, and its entity."""
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        texts = _texts(row)
        found = entity or guess_entity(catalog, texts)
        if found and sum(h.column is not None for h in map_headers(found, texts)) >= 2:
            return i, found
    for i, row in enumerate(grid):
        if any(_texts(row)):
            return i, entity
    return 0, entity


def table_from_grid(catalog: Catalog, grid: Grid, *, source: str, sheet: str, entity: Entity | None = None,
                    from_csv: bool = False, samples: tuple[dict[str, str], ...] | list = (),
                    snapshot: Grid | None = None) -> Table | None:
    """The grid as a Table; None when the grid holds no header row this catalog recognises. `samples` are
    a template's sample rows (header text -> value); `snapshot` the portal export the sheet was made from."""
    start, entity = _header_row(catalog, grid, entity)
    if entity is None or start >= len(grid) or not any(_texts(grid[start])):
        return None                                   # an empty sheet, even one named Students, holds no table
    header_texts = _texts(grid[start])
    lengths = set(map(len, islice(grid, start + 1, None)))     # the rows' lengths, in one pass
    width = max(lengths | {len(grid[start])})
    while header_texts and not header_texts[-1] and not _column_has_data(grid, start, len(header_texts) - 1):
        header_texts.pop()
    for index in range(len(header_texts), width):        # data beyond the last header keeps its column
        if _column_has_data(grid, start, index):
            header_texts.extend([""] * (index + 1 - len(header_texts)))
    width = len(header_texts)
    headers = map_headers(entity, [cell_text(v).strip() for v in (grid[start] + [""] * width)[:width]])
    rows = _rows(grid, start, width, from_csv, lengths <= {width})
    if samples:
        keyed = [{h.column.key: sample.get(h.text, "") for h in headers if h.column is not None} for sample in samples]
        entity = replace(entity, sample_rows=(*keyed, *entity.sample_rows))
    exported = exported_from_grid(snapshot, entity) if snapshot else None
    return Table(entity=entity, source=source, sheet=sheet, headers=tuple(headers), rows=tuple(rows),
                 header_row=start + 1, from_csv=from_csv, exported=exported)


def _with_data(rows: tuple[Row, ...] | list[Row]) -> list[Row]:
    """The rows with a value that is more than spaces, found in C: most rows' first value says so alone."""
    values = list(map(VALUES, rows))
    if not all(values):                          # a row without cells
        return list(compress(rows, map(str.strip, map("".join, values))))
    found = list(map(str.strip, map(FIRST, values)))
    for i in compress(range(len(found)), map(not_, found)):     # the rows whose first value is blank
        found[i] = "".join(values[i]).strip()
    return list(compress(rows, found))


VALUES, FIRST = attrgetter("values"), itemgetter(0)


def _rows(grid: Grid, start: int, width: int, from_csv: bool, all_wide: bool = False) -> list[Row]:
    """The rows under the header row, each as wide as it (`all_wide`: rows that already are)."""
    padding = [""] * width
    if all_wide and (from_csv or _all_text(grid, start)):   # as wide as the header and text: a row's own values
        rows = list(map(Row, count(start + 2), islice(grid, start + 1, None), repeat(None)))
        while rows and rows[-1].is_empty():
            rows.pop()
        _share_repeats(rows, width)
        return rows
    values = [cells[:width] if len(cells) >= width else cells + padding[len(cells):] for cells in grid[start + 1:]]
    raws: list[dict[int, Any] | None] = [None] * len(values)
    for index in range(0 if from_csv else width):      # a column at a time, in C: the columns of numbers or dates
        column = list(map(itemgetter(index), values))
        kinds = set(map(type, column))
        if kinds <= TEXT_ONLY:
            continue
        deque(map(setitem, values, repeat(index), _column_texts(column, kinds)), maxlen=0)
        kept = map(and_, map(is_not, map(type, column), repeat(str)), map(is_not, column, repeat(None)))
        for at in compress(range(len(column)), kept):   # what Excel stored, for the checks of typed cells
            if raws[at] is None:
                raws[at] = {}
            raws[at][index] = column[at]
    rows = list(map(Row, count(start + 2), values, raws))
    while rows and rows[-1].is_empty():
        rows.pop()
    _share_repeats(rows, width)
    return rows


NUMBERS = {bool, int, float}
# the kinds of value the readers give, none equal to a value of another kind but among NUMBERS
KNOWN_KINDS = {str, type(None), *NUMBERS, dt.date, dt.datetime, dt.time, dt.timedelta}


def _column_texts(column: list[Any], kinds: set[type]) -> list[str]:
    """Each cell of a column as text (cell_text), each different value turned to text once (a grade typed as a
    number is 5.0 in thousands of rows) and kept as one string; value by value where two values that are equal
    would read differently (1 and 1.0 and True; 10**17 and 1e17; a kind of value no reader gives, which may
    equal a number) or a value cannot be looked up."""
    if len(kinds & NUMBERS) < 2 and kinds <= KNOWN_KINDS:
        try:
            return list(map(_Text().__getitem__, column))
        except TypeError:
            pass
    return list(map(cell_text, column))


class _Text(dict):
    """Each value's text, made on the first look-up of the value: a text gives the first string seen with it."""

    def __missing__(self, value: Any) -> str:
        text = self[value] = cell_text(value)
        return text


# a sheet of this many rows is worth the look for repeated values (a few milliseconds for each column that has
# them); a smaller one holds a few MB in all
SHARED_FROM = 20_000
SAMPLE_ROWS = 2_000                      # the rows looked at first, spread over the sheet
REPEATED = 0.5                           # a column whose sample has at most this share of different values


def _share_repeats(rows: list[Row], width: int) -> None:
    """The same text in many rows of a column (a school, a grade, a first name) made one string, kept once: each
    cell the reader gave is its own string, and 100,000 rows of a school's name hold 7 MB of it. The values stay
    equal, only their copies go. Done in C, for the columns a sample of rows shows repeating (about 13 ms a
    column at 100,000 rows)."""
    if len(rows) < SHARED_FROM:
        return
    values = list(map(VALUES, rows))
    sample = values[::len(values) // SAMPLE_ROWS]
    for index in range(width):
        cell = itemgetter(index)
        if len(set(map(cell, sample))) <= REPEATED * len(sample):
            deque(map(setitem, values, repeat(index), map(_Text().__getitem__, map(cell, values))), maxlen=0)


def _all_text(grid: Grid, start: int) -> bool:
    """Every cell under the header row is text: found in C (joining a row that holds anything else fails)."""
    try:
        deque(map("".join, islice(grid, start + 1, None)), maxlen=0)
    except TypeError:
        return False
    return True


def _column_has_data(grid: Grid, start: int, index: int) -> bool:
    return any(index < len(r) and cell_text(r[index]).strip() for r in grid[start + 1:])


def template_samples(grid: Grid) -> dict[str, list[dict[str, str]]]:
    """The sample rows a rosterxl template keeps on its Lists sheet, by sheet name, as header -> value."""
    found: dict[str, list[dict[str, str]]] = {}
    for col, title in enumerate(grid[0] if grid else []):
        if isinstance(title, str) and title.startswith(SAMPLES_TITLE):
            rows = [r for r in grid[1:] if col + 2 < len(r) and isinstance(r[col], str) and r[col]]
            found[title[len(SAMPLES_TITLE):]] = [{r[col]: cell_text(r[col + n]) for r in rows} for n in (1, 2)]
    return found


def exported_from_grid(grid: Grid, entity: Entity) -> Exported | None:
    """A snapshot sheet's cells (header row first) as the export, by Database ID."""
    if not grid:
        return None
    headers = [cell_text(v).strip() for v in grid[0]]
    mapped = map_headers(entity, headers)
    index = next((h.index for h in mapped if h.column is not None and h.column.key == "database_id"), None)
    if index is None:
        return None
    exported = Exported(headers)
    for row in grid[1:]:
        values = [cell_text(v) for v in row]
        if index < len(values) and values[index].strip():
            exported.rows[values[index].strip()] = values
    return exported


def sample_row_numbers(table: Table) -> set[int]:
    """The rows that still equal one of the template's sample rows."""
    mapped = [h for h in table.headers if h.column is not None]
    samples = []
    for sample in table.entity.sample_rows:
        expected = {h.index: normalise_value(sample.get(h.column.key, "")) for h in mapped}
        if sum(1 for v in expected.values() if v) >= 2:
            samples.append(expected)
    found: set[int] = set()
    if not samples:
        return found
    first = {i for expected in samples for i, v in expected.items() if v}
    key = min(first)         # a quick look at one column first: each of its different values judged once
    starts = {expected[key] for expected in samples}
    records = table.records()
    wanted = {v for v in set(map(itemgetter(key), map(VALUES, records))) if normalise_value(v) in starts}
    for row in compress(records, map(wanted.__contains__, map(itemgetter(key), map(VALUES, records)))) \
            if wanted else ():
        for expected in samples:
            if all(normalise_value(row.values[i]) == v for i, v in expected.items()):
                found.add(row.number)
                break
    return found
