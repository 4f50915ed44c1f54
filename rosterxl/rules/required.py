"""Required values."""
from __future__ import annotations

from collections.abc import Iterator

from rosterxl.model import Issue, Severity, Table
from rosterxl.rules.base import Context, check


@check("required values")
def required_values(ctx: Context, table: Table) -> Iterator[Issue]:
    for header, column in ctx.columns(table, lambda c: c.required):
        for row, _ in ctx.rows_where(table, header, lambda v: not v or v.isspace()):
            yield ctx.issue(
                table, header, row.number, "required.missing", Severity.ERROR,
                f"{column.header} is empty, and it is required for every {table.entity.noun}. {column.help}")
