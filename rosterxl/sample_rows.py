"""The template's sample rows: which rows of a sheet still equal one of them."""
from __future__ import annotations

from rosterxl.catalog.columns import normalise_value
from rosterxl.model import Table


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
