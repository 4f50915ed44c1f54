"""Checks on the sheet as a whole: its header row and its size."""
from __future__ import annotations

import difflib
from collections.abc import Iterator

from rosterxl.core.catalog.columns import normalise_header
from rosterxl.core.model import Issue, Severity
from rosterxl.core.rules.base import Code, Context, check
from rosterxl.core.tables import Table

MISSING_COLUMN = Code("sheet.missing-column", "a required column is missing", Severity.ERROR)
DUPLICATE_HEADER = Code("sheet.duplicate-header", "two columns for the same thing", Severity.ERROR)
UNKNOWN_HEADER = Code("sheet.unknown-header", "a column rosterxl does not know (copied to the CSV unchanged)",
                      Severity.WARNING)
HEADER_SPELLING = Code("sheet.header-spelling", "a header spelled unlike the portal's", Severity.WARNING)
TOO_MANY = Code("sheet.too-many-records", "more than 10,000 records: the CSV will be split", Severity.WARNING)
BLANK_ROW = Code("sheet.blank-row", "empty rows between records", Severity.WARNING)
HIDDEN = Code("sheet.hidden", "rows or columns hidden in Excel (checked and saved like the others)", Severity.WARNING)


@check("header row", [MISSING_COLUMN, DUPLICATE_HEADER, UNKNOWN_HEADER, HEADER_SPELLING])
def header_row(ctx: Context, table: Table) -> Iterator[Issue]:
    row = table.header_row
    first = table.headers[0] if table.headers else None
    present = {h.column.key for h in table.headers if h.column is not None}
    for column in table.entity.required():
        if column.key not in present:
            yield ctx.issue(
                table, first, row, MISSING_COLUMN,
                f"The sheet has no '{column.header}' column, and every {table.entity.noun} needs one. "
                f"Add a column headed '{column.header}'.", suggestion=column.header, column_name=column.header)
    known = {}
    for column in table.entity.columns:
        for name in column.names():
            known.setdefault(name, column)
    seen: dict[str, str] = {}
    for header in table.headers:
        norm = normalise_header(header.text)
        if not header.text:
            if not any(r.values[header.index].strip() for r in table.records()):
                continue                        # an empty column between others (or before a far value): nothing lost
            yield ctx.issue(
                table, header, row, UNKNOWN_HEADER,
                f"Column {header.letter} has values but no header. Its values are not saved to the CSV; "
                "give it a header or delete the values.", column_name=f"(column {header.letter})")
            continue
        twin = known[norm].key if header.column is None and norm in known else norm
        if twin in seen:
            yield ctx.issue(
                table, header, row, DUPLICATE_HEADER,
                f"Columns {seen[twin]} and {header.letter} both hold '{header.text}'. The portal "
                "cannot tell which one to use: delete or rename one of them.")
            continue
        seen[header.column.key if header.column else norm] = header.letter
        if header.column is None:
            match = difflib.get_close_matches(norm, list(known), n=1, cutoff=0.75)
            hint = f" If you meant '{known[match[0]].header}', rename it." if match else ""
            yield ctx.issue(
                table, header, row, UNKNOWN_HEADER,
                f"rosterxl does not know the column '{header.text}'. It is copied to the CSV unchanged, "
                f"but the portal may reject it.{hint}",
                suggestion=known[match[0]].header if match else None)
        elif table.exported is None and header.column.csv_header(header.text) != header.text:
            spelled = header.column.csv_header(header.text)     # an export's text is the portal's own
            yield ctx.issue(
                table, header, row, HEADER_SPELLING,
                f"The portal's header for this column is '{spelled}'. The CSV uses that "
                f"header instead of '{header.text}'.", suggestion=spelled)


@check("hidden rows and columns", [HIDDEN])
def hidden(ctx: Context, table: Table) -> Iterator[Issue]:
    """Said once per sheet: what is hidden still goes to the portal."""
    rows = sorted(r.number for r in ctx.records(table) if r.number in table.hidden_rows) if table.hidden_rows else []
    if rows:
        listed = ", ".join(map(str, rows[:8])) + (f" and {len(rows) - 8:,} more" if len(rows) > 8 else "")
        yield ctx.issue(
            table, table.headers[0] if table.headers else None, rows[0], HIDDEN,
            f"{'Row' if len(rows) == 1 else 'Rows'} {listed} {'is' if len(rows) == 1 else 'are'} hidden in Excel, "
            f"but checked and saved to the CSV like the others. Unhide {'it' if len(rows) == 1 else 'them'} (select "
            "the rows around, right-click, Unhide) to see everything that goes to the portal.",
            column_name="(whole row)")
    columns = [h for h in table.headers if h.index in table.hidden_columns and h.text]
    if columns:
        names = ", ".join(f"'{h.text}'" for h in columns)
        yield ctx.issue(
            table, columns[0], table.header_row, HIDDEN,
            f"The column{'s' if len(columns) > 1 else ''} {names} {'are' if len(columns) > 1 else 'is'} hidden in "
            "Excel, but saved to the CSV like the others. Unhide (select the columns around, right-click, "
            "Unhide) to see everything that goes to the portal.")


@check("size", [TOO_MANY, BLANK_ROW])
def size(ctx: Context, table: Table) -> Iterator[Issue]:
    records = ctx.records(table)
    limit = ctx.catalog.records_per_file
    first = table.headers[0] if table.headers else None
    if len(records) > limit:
        files = -(-len(records) // limit)
        yield ctx.issue(
            table, first, table.header_row, TOO_MANY,
            f"The sheet has {len(records):,} records; the portal takes at most {limit:,} in one file. "
            f"The CSV is saved as {files} numbered files: upload them one at a time.",
            column_name="(whole sheet)")
    if len(table.records()) == len(table.rows):
        return                  # no empty row: the trailing ones are not kept
    last_data = max((r.number for r in table.records()), default=0)
    run: list[int] = []
    for row in table.rows:
        if row.is_empty() and row.number < last_data:
            run.append(row.number)
            continue
        if run:
            where = f"Row {run[0]} is" if len(run) == 1 else f"Rows {run[0]} to {run[-1]} are"
            yield ctx.issue(
                table, first, run[0], BLANK_ROW,
                f"{where} empty, between records. Empty rows are left out of the CSV.",
                column_name="(whole row)")
            run = []
