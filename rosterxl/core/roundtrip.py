"""Export -> edit -> import: what the portal exported (kept in the workbook as a snapshot), and what the
person changed since: rows added, rows changed (and which columns), rows unchanged, rows gone.

The portal matches an imported row to its record by the Database ID; editing it breaks the match."""
from __future__ import annotations

from dataclasses import dataclass, field

from rosterxl.core.catalog.matching import ListMatcher
from rosterxl.core.tables import Header, Row, Table
from rosterxl.core.upload import csv_value


@dataclass
class RowChange:
    row: Row
    database_id: str
    status: str                          # "added", "changed", "unchanged"
    columns: list[Header] = field(default_factory=list)
    before: dict[int, str] = field(default_factory=dict)   # header index -> exported value


@dataclass
class Changes:
    rows: list[RowChange]
    gone: list[str]                      # Database IDs exported but no longer in the sheet

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def rows_to_import(self) -> list[Row]:
        return [r.row for r in self.rows if r.status in ("added", "changed")]


def snapshot_rows(table: Table) -> list[list[str]]:
    """What open-export keeps of an export: header and records, passwords left out."""
    headers = [h for h in table.headers if h.text]
    return [[h.text for h in headers]] + [
        ["" if h.secret else row.values[h.index] for h in headers]
        for row in table.records()]


def database_id_header(table: Table) -> Header | None:
    return table.header_for("database_id")


def changes(table: Table, records: list[Row], matchers: dict[str, ListMatcher]) -> Changes | None:
    """Each record compared with the export, value by value as the upload CSV would write it."""
    exported = table.exported
    db = database_id_header(table)
    if exported is None or db is None:
        return None
    found: list[RowChange] = []
    seen: set[str] = set()
    for row in records:
        database_id = row.values[db.index].strip()
        if not database_id or database_id not in exported.rows:
            found.append(RowChange(row, database_id, "added"))
            continue
        seen.add(database_id)
        change = RowChange(row, database_id, "unchanged")
        for header in table.headers:
            if header is db or not header.text:
                continue
            before = exported.value(database_id, header.text)
            if before == row.values[header.index]:
                continue                                 # the same text: the same in the CSV (the common case)
            now = csv_value(header.column, row.values[header.index], matchers)
            if header.secret:
                if now:                                  # a password typed: a change; empty keeps the current one
                    change.columns.append(header)
                continue
            if before is None and not now:
                continue                                 # a column the export lacks, left empty: nothing to change
            if before is None or csv_value(header.column, before, matchers) != now:
                change.columns.append(header)
                change.before[header.index] = before or ""
        if change.columns:
            change.status = "changed"
        found.append(change)
    gone = [i for i in exported.rows if i not in seen]
    return Changes(found, gone)
