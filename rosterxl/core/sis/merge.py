"""Merge with what the portal has: the SIS's records matched with the portal's export of the same record type
(students by their External Assigned ID, educators by theirs or by username, classes by theirs or by name and
school). Each sheet then holds the portal's records, with their Database ID, brought up to date from the SIS;
the SIS's new records, without one; and the portal's records the SIS does not bring, as the portal has them.
The export goes with the sheet as its hidden copy, so saving only what changed (the round trip's path) writes
the new and changed records and nothing else.

What the SIS leaves empty never empties a value the portal has, a student the portal knows gets no new
password (an empty Password keeps the current one), and a value the SIS spells another way (capitals, the
order of a list, 'Kindergarten' for K) stays as the portal has it: only real changes count."""
from __future__ import annotations

from dataclasses import dataclass, field

from rosterxl.core.catalog.columns import Column, Kind, normalise_value
from rosterxl.core.catalog.matching import ListMatcher
from rosterxl.core.model import Severity, plural
from rosterxl.core.roundtrip import snapshot_rows
from rosterxl.core.sis.contents import LeftOut, SourceProblem, Where
from rosterxl.core.tables import Row, Table
from rosterxl.core.template import SheetPlan, export_plan
from rosterxl.core.text import split_items
from rosterxl.core.upload import csv_value

Record = dict[str, str]
MATCH_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {      # tried in this order; ids compared as they are
    "students": (("student_id",),),
    "educators": (("external_id",), ("username",)),
    "classes": (("external_id",), ("class_name", "organization")),
}
IDS = ("student_id", "external_id")
KINDS = {"students": "student", "educators": "educator", "classes": "class/group"}
SAME_SPELLED = (Kind.LIST, Kind.MULTI_LIST, Kind.EMAIL)     # compared without capitals, lists without order
PORTAL_ONLY = ("in the portal, not in the SIS files (or not brought over): kept as the portal has it, so it is "
               "not in the upload; remove it in the portal if it has left")


@dataclass
class Merged:
    """One sheet after the merge: its columns (the export's, then any the SIS fills that the export lacks), the
    records in that order, the export's copy (header first, passwords left out), and what matched."""

    plan: SheetPlan
    grid: list[list[str]]
    snapshot: list[list[str]]
    export: str = ""                  # the export's file name; "" when none was given for this record type
    matched: int = 0
    new: int = 0
    portal_only: list[LeftOut] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)

    def summary(self) -> tuple[str, int, str, int, str]:
        """(sheet, new, export, in both, what it means) for the From the SIS sheet."""
        sheet = self.plan.entity.sheet
        if not self.export:
            return (sheet, self.new, "none given", 0,
                    f"Every record is written as new. If they are in the portal already, give its {sheet} export "
                    "too, so only new and changed records are written.")
        return (sheet, self.new, self.export, self.matched,
                f"{plural(len(self.portal_only), 'record')} only in the portal (listed below, kept as they are). "
                "A record in both carries the portal's Database ID; saving only what changed writes the new records "
                "and those the SIS changed.")


def match_key(column_key: str, value: str) -> str:
    return value.strip() if column_key in IDS else normalise_value(value)


def portal_students(export: Table | None) -> dict[str, str]:
    """The students the portal has, by External Assigned ID: their usernames. Such a student keeps the portal's
    username unless the SIS gives one, and gets no new password."""
    if export is None:
        return {}
    ids, names = export.header_for("student_id"), export.header_for("username")
    if ids is None:
        return {}
    found: dict[str, str] = {}
    for row in export.records():
        key = match_key("student_id", row.values[ids.index])
        if key:
            found.setdefault(key, row.values[names.index].strip() if names else "")
    return found


def same(column: Column, sis: str, portal: str, matchers: dict[str, ListMatcher]) -> bool:
    """Whether the SIS's value is the portal's as the upload would write it (lists in any order, list values and
    usernames in any capitals)."""
    if sis == portal:
        return True
    a, b = csv_value(column, sis, matchers), csv_value(column, portal, matchers)
    if a == b:
        return True
    if column.kind in SAME_SPELLED or column.key == "username":
        return {normalise_value(i) for i in split_items(a)} == {normalise_value(i) for i in split_items(b)}
    return False


def merge_sheet(plan: SheetPlan, records: list[Record], export: Table | None,
                matchers: dict[str, ListMatcher]) -> Merged:
    """The SIS's records of one sheet (`plan`: its columns) merged with the portal's export of them. Without an
    export every record is new: the sheet still gets an empty Database ID column and an empty copy, so saving
    only what changed writes them all."""
    entity = plan.entity
    if export is None:
        columns = (*plan.columns, entity.column("database_id"))
        grid = [[r.get(c.key, "") for c in columns] for r in records]
        return Merged(SheetPlan(entity, columns), grid, [[c.header for c in columns]], new=len(records))
    base = export_plan(export)
    have = {c.key for c in base.columns}
    extra = tuple(c for c in plan.columns if c.key not in have and any(r.get(c.key) for r in records))
    merged = SheetPlan(base.entity, (*base.columns, *extra))
    at = [h.index for h in export.headers if h.text] + [None] * len(extra)     # each column's place in the export
    result = Merged(merged, [], snapshot_rows(export), export.source)
    portal = _index(export, result)
    claimed: set[int] = set()
    for record in records:
        row = _match(record, entity.key, portal, claimed)
        if row is None:
            result.new += 1
            result.grid.append([record.get(c.key, "") for c in merged.columns])
            continue
        claimed.add(row.number)
        result.matched += 1
        result.grid.append([_value(c, record, None if i is None else row.values[i], matchers)
                            for c, i in zip(merged.columns, at)])
    for row in export.records():
        if row.number not in claimed:
            result.grid.append(["" if i is None else row.values[i] for i in at])
            result.portal_only.append(LeftOut(Where(export.source, row.number), KINDS[entity.key],
                                              _name(export, row), PORTAL_ONLY))
    return result


def _value(column: Column, record: Record, portal: str | None, matchers: dict[str, ListMatcher]) -> str:
    """A matched record's cell: the SIS's value where it has one that differs, else the portal's."""
    if column.secret:
        return ""                                         # empty keeps the student's current password
    sis = record.get(column.key, "")                      # the SIS has no Database ID: the portal's is kept
    if not sis.strip():
        return portal or ""
    if portal is not None and same(column, sis, portal, matchers):
        return portal
    return sis


def _index(export: Table, result: Merged) -> dict[tuple[str, ...], dict[tuple[str, ...], Row]]:
    """The export's records by each way of matching them; a key two records share is reported, the first kept."""
    kind = KINDS[export.entity.key]
    found: dict[tuple[str, ...], dict[tuple[str, ...], Row]] = {}
    ways = MATCH_KEYS[export.entity.key]
    if not any(all(export.header_for(k) for k in keys) for keys in ways):
        result.problems.append(SourceProblem(
            export.source, 1, None,
            f"the export has no {' or '.join(_headers(export.entity, keys) for keys in ways)} column, so no {kind} "
            f"can be matched and every one would be added again as new: export again with that column"))
    for keys in ways:
        headers = [export.header_for(k) for k in keys]
        by_value: dict[tuple[str, ...], Row] = found.setdefault(keys, {})
        if None in headers:
            continue
        for row in export.records():
            value = tuple(match_key(k, row.values[h.index]) for k, h in zip(keys, headers))
            if not all(value):
                continue
            first = by_value.setdefault(value, row)
            if first is not row:
                result.problems.append(SourceProblem(
                    export.source, row.number, headers[0].text,
                    f"the portal's export has a second {kind} with {_said(headers, row)} (also row {first.number}): "
                    f"the SIS's {kind} is matched with the first; check in the portal which one is right",
                    Severity.WARNING))
    return found


def _match(record: Record, entity: str, portal: dict, claimed: set[int]) -> Row | None:
    for keys in MATCH_KEYS[entity]:
        value = tuple(match_key(k, record.get(k, "")) for k in keys)
        if all(value):
            row = portal[keys].get(value)
            if row is not None and row.number not in claimed:
                return row
    return None


def _headers(entity, keys: tuple[str, ...]) -> str:
    return " and ".join(entity.column(k).header for k in keys)


def _said(headers, row: Row) -> str:
    return " and ".join(f"{h.text} '{row.values[h.index].strip()}'" for h in headers)


def _name(export: Table, row: Row) -> str:
    """'Ana Ruiz'; 'Math 6 (Lincoln Elementary)'."""
    def of(key: str) -> str:
        header = export.header_for(key)
        return row.values[header.index].strip() if header is not None else ""
    if export.entity.key == "classes":
        return f"{of('class_name')} ({of('organization')})" if of("organization") else of("class_name")
    return " ".join(p for p in (of("first_name"), of("last_name")) if p)
