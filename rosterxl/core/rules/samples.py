"""The template's sample rows: a row that still equals one is left out of the CSV, with a warning."""
from __future__ import annotations

from collections.abc import Iterator

from rosterxl.core.model import Issue, Severity
from rosterxl.core.rules.base import Code, Context, check
from rosterxl.core.tables import Table

SAMPLE_ROW = Code("sample.row", "a row still equals a template sample row (left out of the CSV)", Severity.WARNING)


@check("sample rows", [SAMPLE_ROW])
def sample_rows(ctx: Context, table: Table) -> Iterator[Issue]:
    first = table.headers[0] if table.headers else None
    for number in sorted(ctx.samples(table)):
        yield ctx.issue(
            table, first, number, "sample.row", Severity.WARNING,
            f"Row {number} is still one of the template's example rows. It is left out of the CSV; "
            "delete it when you no longer need it.", column_name="(whole row)")
