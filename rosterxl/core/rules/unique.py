"""Values that must be unique: student IDs, usernames (capital letters do not count), class/group
names within their school. Checked across every sheet or file of the same record type."""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from itertools import chain, compress

from rosterxl.core.catalog.columns import Column, normalise_value
from rosterxl.core.model import Issue, Severity
from rosterxl.core.one_district import same_person
from rosterxl.core.rules.base import Code, Context, LiveCell, casefolded, check, quote
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
    """Where the other use is: a row of this sheet, another sheet, or another file (with its sheet)."""
    if table is here:
        return f"row {number}"
    if table.source != here.source:
        return f"{table.source} row {number}" if table.from_csv else f"{table.source}, {table.sheet} row {number}"
    return f"{table.sheet} row {number}"


Places = dict[str, list[tuple[Table, int]]]


def _places(ctx: Context, entity_key: str, column: Column) -> tuple[dict[int, list[str]], Places]:
    """Every sheet's keys of one column, and where each key used more than once is (sheet, row number): worked
    out once for all the sheets of the record type (a district's fifty schools are not compared fifty times).
    An educator in several schools' workbooks (the same person, each copy naming its school) is one educator
    there, not a duplicate."""
    siblings = ctx.tables_of(entity_key)
    keys = {id(other): _keys(ctx, other, column) for other in siblings}
    counts = Counter(chain.from_iterable(keys.values()))          # counted in C
    counts.pop("", None)                                          # an empty cell is no key
    repeated = set(compress(counts, map((1).__lt__, counts.values())))
    places: Places = {}
    if repeated:
        for other in siblings:
            records, other_keys = ctx.records(other), keys[id(other)]
            for i in _where_in(other_keys, repeated):
                places.setdefault(other_keys[i], []).append((other, records[i].number))
    if entity_key == "educators":
        rows = {(id(t), r.number): r for t in siblings for r in ctx.records(t)}
        for key, found in list(places.items()):
            kept = [p for p in found if not _a_copy(p, found, rows)]
            if len(kept) > 1:
                places[key] = kept
            else:
                del places[key]
    return keys, places


def _a_copy(place: tuple[Table, int], found: list[tuple[Table, int]], rows) -> bool:
    """The record is the same educator as every other use of its key, each in another school's file."""
    table, number = place
    files = [t.source for t, _ in found]
    if len(set(files)) < len(files):
        return False                   # used twice within one file: a duplicate there
    me = rows[(id(table), number)]
    return all(same_person(table, me, other, rows[(id(other), n)]) for other, n in found if other is not table)


@check("unique values", [DUPLICATE], live=_live)
def unique_values(ctx: Context, table: Table) -> Iterator[Issue]:
    for header, column in ctx.columns(table, lambda c: c.unique is not None):
        keys, places = ctx.once(f"unique:{table.entity.key}:{column.key}",
                                lambda: _places(ctx, table.entity.key, column))
        if not places:
            continue
        records, table_keys = ctx.records(table), keys[id(table)]
        for i in _where_in(table_keys, places):
            key = table_keys[i]
            row, value = records[i], records[i].values[header.index].strip()
            elsewhere = [(t, n) for t, n in places[key] if not (t is table and n == row.number)]
            if len(elsewhere) == len(places[key]):
                continue               # this row is a copy of an educator in another school's file
            others = [_where(t, n, table) for t, n in elsewhere]
            listed = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            case = " (capital letters do not count)" if column.unique == "ignore-case" else ""
            if table.entity.key == "classes":
                message = (f"{quote(column, value)} is also used in the same school in {listed}{case}. "
                           "Give each class/group its own name within a school.")
            else:
                message = (f"{quote(column, value)} is also used in {listed}{case}. Each {table.entity.noun} "
                           f"needs their own {_words(column.csv_header(header.text))}.")
                if table.entity.key == "students" and column.key == "student_id" and any(
                        t.source != table.source for t, _ in elsewhere):
                    message += " If it is the same student at two schools, the portal takes one school: keep one."
            yield ctx.issue(table, header, row.number, DUPLICATE.at(column.unique_severity), message)


def _where_in(keys: list[str], wanted: Collection[str]) -> Iterator[int]:
    """The indexes of the keys that are in `wanted`, in order (found in C)."""
    return compress(range(len(keys)), map(wanted.__contains__, keys))


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
        joined = ctx.text(table, header)
        if joined is not None and casefolded(joined) == joined:     # nothing to fold (usernames in lower case)
            return list(map(str.strip, values))
        return list(map(str.casefold, map(str.strip, values)))
    return list(map(str.strip, values))


def _words(header: str) -> str:
    """A header inside a sentence: 'Username' -> 'username'; 'External Assigned ID' and 'Student ID' keep
    their capitals, as the portal writes them."""
    return header if "ID" in header.split() else header.lower()
