"""The template's sample rows: a row that still equals one is left out of the CSV. Left where the template put
them (right under the header), as its Instructions allow, they are not a problem and nothing is said; a copy
of one further down is pointed out."""
from __future__ import annotations

from collections.abc import Iterator

from rosterxl.core.model import Issue, Severity
from rosterxl.core.rules.base import Code, Context, check
from rosterxl.core.tables import Table

SAMPLE_ROW = Code("sample.row", "a sample row copied among the records (left out of the CSV); samples under the "
                  "header are not said", Severity.WARNING)


@check("sample rows", [SAMPLE_ROW])
def sample_rows(ctx: Context, table: Table) -> Iterator[Issue]:
    first = table.headers[0] if table.headers else None
    in_place = range(table.header_row + 1, table.header_row + 1 + len(ctx.samples(table)))
    for number in sorted(ctx.samples(table)):
        if number in in_place:
            continue
        yield ctx.issue(
            table, first, number, SAMPLE_ROW,
            f"Row {number} is still one of the template's example rows. It is left out of the CSV; "
            "delete it when you no longer need it.", column_name="(whole row)")
