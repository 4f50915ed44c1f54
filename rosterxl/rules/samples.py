"""The template's sample rows: a row that still equals one is left out of the CSV, with a warning."""
from __future__ import annotations

from collections.abc import Iterator

from rosterxl.catalog.columns import normalise_value
from rosterxl.model import Issue, Severity, Table
from rosterxl.rules.base import Context, check


def sample_row_numbers(table: Table) -> set[int]:
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
    key = min(first)         # a quick look at one column first
    starts = {expected[key] for expected in samples}
    for row in table.records():
        if " ".join(row.values[key].split()).casefold() not in starts:
            continue
        for expected in samples:
            if all(normalise_value(row.values[i]) == v for i, v in expected.items()):
                found.add(row.number)
                break
    return found


@check("sample rows")
def sample_rows(ctx: Context, table: Table) -> Iterator[Issue]:
    first = table.headers[0] if table.headers else None
    for number in sorted(ctx.samples(table)):
        yield ctx.issue(
            table, first, number, "sample.row", Severity.WARNING,
            f"Row {number} is still one of the template's example rows. It is left out of the CSV; "
            "delete it when you no longer need it.", column_name="(whole row)")
