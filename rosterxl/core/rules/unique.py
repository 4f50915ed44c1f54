"""Values that must be unique: student IDs, usernames (capital letters do not count), class/group
names within their school. Checked across every sheet or file of the same record type."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from rosterxl.core.catalog.columns import Column, normalise_value
from rosterxl.core.model import Issue, Severity
from rosterxl.core.rules.base import Code, Context, LiveCell, check, quote
from rosterxl.core.tables import Table

DUPLICATE = Code("unique.duplicate", "a student ID or username used twice (usernames ignoring capitals); a class "
                 "name twice in one school", Severity.ERROR, "error (class: warning)")


def _live(column: Column, at: LiveCell) -> list[str]:
    """Red while a value that must be unique is used twice in the column."""
    if not column.unique or column.unique_severity is not Severity.ERROR:
        return []
    c, letter = at.ref, at.letter
    return [f"IF({at.filled},SUMPRODUCT(--({letter}${at.first_row}:{letter}${at.last_row}={c}))>1,FALSE)"]


def _where(table: Table, number: int, here: Table) -> str:
    return f"row {number}" if table is here else f"{table.sheet} row {number}"


@check("unique values", [DUPLICATE], live=_live)
def unique_values(ctx: Context, table: Table) -> Iterator[Issue]:
    siblings = ctx.tables_of(table.entity.key)
    for header, column in ctx.columns(table, lambda c: c.unique is not None):
        keys = {id(other): _keys(ctx, other, column) for other in siblings}
        counts = Counter(key for table_keys in keys.values() for key in table_keys if key)
        repeated = {key for key, n in counts.items() if n > 1}
        if not repeated:
            continue
        places: dict[str, list[tuple[Table, int]]] = {}
        for other in siblings:
            records = ctx.records(other)
            for i, key in enumerate(keys[id(other)]):
                if key in repeated:
                    places.setdefault(key, []).append((other, records[i].number))
        records = ctx.records(table)
        for i, key in enumerate(keys[id(table)]):
            if key not in repeated:
                continue
            row, value = records[i], records[i].values[header.index].strip()
            others = [_where(t, n, table) for t, n in places[key] if not (t is table and n == row.number)]
            listed = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            case = " (capital letters do not count)" if column.unique == "ignore-case" else ""
            if table.entity.key == "classes":
                message = (f"{quote(column, value)} is also used in the same school in {listed}{case}. "
                           "Give each class/group its own name within a school.")
            else:
                message = (f"{quote(column, value)} is also used in {listed}{case}. Each {table.entity.noun} "
                           f"needs their own {_words(column.csv_header(header.text))}.")
            yield ctx.issue(table, header, row.number, "unique.duplicate", column.unique_severity, message)


def _keys(ctx: Context, table: Table, column: Column) -> list[str]:
    """Each record's key for this column, in record order; "" for an empty cell."""
    header = table.header_for(column.key)
    if header is None:
        return []
    values = ctx.values(table, header)
    if table.entity.key == "classes" and column.key == "class_name":
        org = table.header_for("organization")
        orgs = ctx.values(table, org) if org else [""] * len(values)
        return [f"{normalise_value(o)}\x00{v.strip().casefold()}" if v.strip() else ""
                for v, o in zip(values, orgs)]
    if column.unique == "ignore-case":
        return [v.strip().casefold() for v in values]
    return [v.strip() for v in values]


def _words(header: str) -> str:
    """A header inside a sentence: 'Username' -> 'username'; 'External Assigned ID' and 'Student ID' keep
    their capitals, as the portal writes them."""
    return header if "ID" in header.split() else header.lower()
