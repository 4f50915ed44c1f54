"""Values that must be unique: student IDs, usernames (capital letters do not count), class/group
names within their school. Checked across every sheet or file of the same record type."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from rosterxl.catalog.columns import Column, normalise_value
from rosterxl.model import Issue, Row, Table
from rosterxl.rules.base import Context, check, quote


def _key(table: Table, column: Column, value: str, row) -> str:
    key = value.casefold() if column.unique == "ignore-case" else value
    if table.entity.key == "classes" and column.key == "class_name":
        org = table.header_for("organization")
        key = f"{normalise_value(row.values[org.index]) if org else ''}\x00{key}"
    return key


def _where(table: Table, number: int, here: Table) -> str:
    return f"row {number}" if table is here else f"{table.sheet} row {number}"


@check("unique values")
def unique_values(ctx: Context, table: Table) -> Iterator[Issue]:
    siblings = ctx.tables_of(table.entity.key)
    for header, column in ctx.columns(table, lambda c: c.unique is not None):
        keyed = {id(other): _keys(ctx, other, column) for other in siblings}
        counts = Counter(key for rows in keyed.values() for _, _, key in rows)
        if counts and counts.most_common(1)[0][1] < 2:
            continue
        places: dict[str, list[tuple[Table, int]]] = {}
        for other in siblings:
            for row, _, key in keyed[id(other)]:
                if counts[key] > 1:
                    places.setdefault(key, []).append((other, row.number))
        for row, value, key in keyed[id(table)]:
            if counts[key] < 2:
                continue
            others = [_where(t, n, table) for t, n in places[key] if not (t is table and n == row.number)]
            listed = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            case = " (capital letters do not count)" if column.unique == "ignore-case" else ""
            if table.entity.key == "classes":
                message = (f"{quote(column, value)} is also used in the same school in {listed}{case}. "
                           "Give each class/group its own name within a school.")
            else:
                message = (f"{quote(column, value)} is also used in {listed}{case}. Each {table.entity.noun} "
                           f"needs their own {column.header.lower()}.")
            yield ctx.issue(table, header, row.number, "unique.duplicate", column.unique_severity, message)


def _keys(ctx: Context, table: Table, column: Column) -> list[tuple[Row, str, str]]:
    header = table.header_for(column.key)
    if header is None:
        return []
    return [(row, value.strip(), _key(table, column, value.strip(), row))
            for row, value in ctx.cells(table, header) if value.strip()]
