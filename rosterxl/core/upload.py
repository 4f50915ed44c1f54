"""The upload CSV of a checked table: the portal's headers in the sheet's order, records only, each value
as the portal wants it (trimmed, list values in the portal's spelling, several values joined with ';')."""
from __future__ import annotations

from rosterxl.core.catalog.columns import Column, Kind
from rosterxl.core.catalog.matching import ListMatcher
from rosterxl.core.tables import Row, Table
from rosterxl.core.text import INVISIBLE, SEPARATOR, clean_text, split_items


def csv_value(column: Column | None, value: str, matchers: dict[str, ListMatcher]) -> str:
    """The text written to the upload CSV for one cell."""
    if column is None or column.secret:
        return value.translate(INVISIBLE)
    if column.kind is Kind.MULTI_LIST:
        matcher = matchers.get(column.list_name or "")
        items = [(matcher.canonical(i) if matcher else None) or i for i in split_items(value)]
        return SEPARATOR.join(dict.fromkeys(items))
    text = clean_text(value)
    if column.kind is Kind.LIST and column.list_name in matchers:
        return matchers[column.list_name].canonical(text) or text
    return text


def upload_records(table: Table, records: list[Row], matchers: dict[str, ListMatcher]
                   ) -> tuple[list[str], list[list[str]]]:
    """The CSV's header and records. An optional column nobody filled in (a template offers them all) is
    left out; a portal export keeps its own header text, and a header the portal is known to use stays as
    the sheet wrote it."""
    headers = [h for h in table.headers if h.text and (
        (h.column is not None and h.column.required) or table.exported is not None
        or any(row.values[h.index].strip() for row in records))]
    names = [h.text if table.exported is not None or h.column is None else h.column.csv_header(h.text)
             for h in headers]
    return names, [[csv_value(h.column, row.values[h.index], matchers) for h in headers] for row in records]

