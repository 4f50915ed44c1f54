"""The upload CSV of a checked table: the portal's headers in the sheet's order, records only."""
from __future__ import annotations

from pathlib import Path

from rosterxl import csvio
from rosterxl.model import Row, Table
from rosterxl.rules.base import Context
from rosterxl.values import csv_value


def upload_records(table: Table, ctx: Context, rows: list[Row] | None = None) -> tuple[list[str], list[list[str]]]:
    """The CSV's header and records (all records, or the rows given). An optional column nobody filled in
    (a template offers them all) is left out; a portal export keeps its own header text."""
    headers = [h for h in table.headers if h.text and (
        (h.column is not None and h.column.required) or table.exported is not None
        or any(v.strip() for v in ctx.values(table, h)))]
    names = [h.text if table.exported is not None or h.column is None else h.column.header for h in headers]
    matchers = ctx.matchers()
    records = [[csv_value(h.column, row.values[h.index], matchers) for h in headers]
               for row in (ctx.records(table) if rows is None else rows)]
    return names, records


def file_stem(table: Table, tables: list[Table]) -> str:
    """The entity's file name; a second sheet of the same record type adds its sheet name."""
    same = [t for t in tables if t.entity.key == table.entity.key]
    if same and same[0] is not table:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in table.sheet)
        return f"{table.entity.file_stem}-{safe}"
    return table.entity.file_stem


def write_table(table: Table, ctx: Context, out_dir: str | Path, rows: list[Row] | None = None) -> list[Path]:
    header, records = upload_records(table, ctx, rows)
    return csvio.write_upload_files(out_dir, file_stem(table, ctx.tables), header, records,
                                    per_file=ctx.catalog.records_per_file, bom=ctx.catalog.csv_bom)
