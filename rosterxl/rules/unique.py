"""Values that must be unique: student IDs, usernames (capital letters do not count), class/group
names within their school. Checked across every sheet or file of the same record type."""
from __future__ import annotations

from collections.abc import Iterator

from rosterxl.catalog.columns import normalise_value
from rosterxl.model import Issue, Severity, Table
from rosterxl.rules.base import Context, check, quote


def _key(ctx: Context, table: Table, column_key: str, value: str, row) -> str:
    column = table.entity.column(column_key)
    key = value.casefold() if column.unique == "ignore-case" else value
    if table.entity.key == "classes" and column_key == "class_name":
        org = table.header_for("organization")
        key = f"{normalise_value(row.values[org.index]) if org else ''}\x00{key}"
    return key


def _where(table: Table, number: int, here: Table) -> str:
    return f"row {number}" if table is here else f"{table.sheet} row {number}"


@check("unique values")
def unique_values(ctx: Context, table: Table) -> Iterator[Issue]:
    siblings = ctx.tables_of(table.entity.key)
    for header, column in ctx.columns(table, lambda c: c.unique is not None):
        seen: dict[str, list[tuple[Table, int]]] = {}
        for other in siblings:
            h = other.header_for(column.key)
            if h is None:
                continue
            for row in ctx.records(other):
                value = row.values[h.index].strip()
                if value:
                    seen.setdefault(_key(ctx, other, column.key, value, row), []).append((other, row.number))
        for row in ctx.records(table):
            value = row.values[header.index].strip()
            if not value:
                continue
            places = seen[_key(ctx, table, column.key, value, row)]
            if len(places) < 2:
                continue
            others = [_where(t, n, table) for t, n in places if not (t is table and n == row.number)]
            listed = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            scope = " in the same school" if table.entity.key == "classes" else ""
            case = " (capital letters do not count)" if column.unique == "ignore-case" else ""
            yield ctx.issue(table, header, row.number, "unique.duplicate", column.unique_severity,
                            f"{quote(column, value)} is also used{scope} in {listed}{case}. Each "
                            f"{table.entity.noun} needs their own {column.header.lower()}."
                            if table.entity.key != "classes" else
                            f"{quote(column, value)} is also used{scope} in {listed}{case}. Give each class/group "
                            "its own name within a school.")
