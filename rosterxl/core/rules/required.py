"""Required values."""
from __future__ import annotations

from collections.abc import Iterator

from rosterxl.core.catalog.columns import Column
from rosterxl.core.model import Issue, Severity
from rosterxl.core.rules.base import Code, Context, LiveCell, check
from rosterxl.core.tables import Table

MISSING = Code("required.missing", "a required value is empty", Severity.ERROR)


def _live(column: Column, at: LiveCell) -> list[str]:
    """Red while a required cell is empty in a row that has data."""
    if not column.required:
        return []
    return [f"AND(LEN(TRIM({at.ref}))=0,COUNTA($A{at.first_row}:${at.last}{at.first_row})>0)"]


@check("required values", [MISSING], live=_live)
def required_values(ctx: Context, table: Table) -> Iterator[Issue]:
    for header, column in ctx.columns(table, lambda c: c.required):
        for row, _ in ctx.blank_rows(table, header):
            yield ctx.issue(
                table, header, row.number, MISSING,
                f"{column.header} is empty, and it is required for every {table.entity.noun}. {column.help}")
