"""Many workbooks are one district: the rule by which the copies of one educator in several schools' workbooks are
one record, the district's upload set made of every file's records, and the District summary of a collect (per
school: returned or not, the file used, records per type, errors, warnings)."""
from __future__ import annotations

from dataclasses import dataclass, field

from rosterxl.core.catalog.columns import normalise_value
from rosterxl.core.tables import Row, Table
from rosterxl.core.text import SEPARATOR, split_items

SCHOOL_KEYS = ("organization", "organizations", "classes")   # what differs between the copies of one educator
NOT_COMPARED = (*SCHOOL_KEYS, "password")


def _person(table: Table, row: Row) -> dict[str, str]:
    return {h.column.key: row.values[h.index].strip().casefold() for h in table.headers
            if h.column is not None and h.column.key not in NOT_COMPARED and h.index < len(row.values)}


def same_person(table: Table, row: Row, other_table: Table, other: Row) -> bool:
    """Two records (in two schools' workbooks) are one educator: every column they both fill agrees, apart from
    the school and the classes (a school's workbook names that school alone)."""
    mine, theirs = _person(table, row), _person(other_table, other)
    return all(mine[k] == theirs[k] for k in mine.keys() & theirs.keys() if mine[k] and theirs[k])


def copy_key(entity_key: str, table: Table, row: Row) -> str | None:
    """The key by which copies of one educator are found: the Database ID, else the username (capitals do not
    count). Students and classes are never copies (a student has one school; a class belongs to its school)."""
    if entity_key != "educators":
        return None
    for key, prefix in (("database_id", "db:"), ("username", "user:")):
        header = table.header_for(key)
        if header is not None and row.values[header.index].strip():
            return prefix + row.values[header.index].strip().casefold()
    return None


@dataclass
class UploadSet:
    """One record type's upload across every file: the header (the portal's names, in the first file's order,
    then any other file's further columns), the records, and how many came from each file."""

    entity_key: str
    header: list[str]
    records: list[list[str]] = field(default_factory=list)
    from_files: dict[str, int] = field(default_factory=dict)
    combined: int = 0                 # records given in several files (an educator at two schools), written once


def merge_uploads(entity_key: str, parts: list[tuple[Table, list[str], list[list[str]], list[Row]]]) -> UploadSet:
    """The upload records of several tables of one record type as one set. `parts`: each table with its upload
    header, its upload records and the rows they came from. Columns are matched by their header text (the portal's
    names); the copies of one educator become one record with all their schools and classes."""
    header: list[str] = []
    for _, names, _, _ in parts:
        header += [n for n in names if n not in header]
    merged = UploadSet(entity_key, header)
    school_columns = _school_columns(header, parts)
    seen: dict[str, tuple[int, Table, Row]] = {}
    for table, names, records, rows in parts:
        at = [header.index(n) for n in names]
        merged.from_files[table.source] = merged.from_files.get(table.source, 0) + len(records)
        for record, row in zip(records, rows):
            values = [""] * len(header)
            for i, value in zip(at, record):
                values[i] = value
            key = copy_key(entity_key, table, row)
            first = seen.get(key) if key is not None else None
            if first is not None and first[1] is not table and same_person(first[1], first[2], table, row):
                _combine(merged.records[first[0]], values, school_columns)
                merged.combined += 1
                continue
            if key is not None and first is None:
                seen[key] = (len(merged.records), table, row)
            merged.records.append(values)
    return merged


def _school_columns(header: list[str], parts) -> set[int]:
    found = set()
    for table, names, _, _ in parts:
        for h in table.headers:
            if h.column is not None and h.column.key in SCHOOL_KEYS:
                name = h.column.csv_header(h.text)
                if name in header:
                    found.add(header.index(name))
                elif h.text in header:
                    found.add(header.index(h.text))
    return found


def _combine(first: list[str], copy: list[str], school_columns: set[int]) -> None:
    """A copy folded into the first: each school and class once, in order; an empty cell takes the copy's."""
    for i, value in enumerate(copy):
        if i in school_columns:
            items: dict[str, str] = {}
            for item in [*split_items(first[i]), *split_items(value)]:
                items.setdefault(normalise_value(item), item)
            first[i] = SEPARATOR.join(items.values())
        elif not first[i] and value:
            first[i] = value


# ---- the District summary of a collect ---------------------------------------------------------------------

@dataclass
class SchoolReturn:
    """One school of the district in a collect: the file used (None: not returned), the files it replaced, how
    it was recognised, and per record type its records, errors and warnings."""

    school: str
    file: str | None = None
    recognised: str = ""               # "the workbook's RosterxlSchool name" or "its records' one Organization"
    saved: str = ""                    # when the workbook used was saved (its own date, else the file's)
    replaced: list[tuple[str, str]] = field(default_factory=list)   # (file, saved) returns left out for a later one
    records: dict[str, int] = field(default_factory=dict)           # sheet name -> records
    errors: int = 0
    warnings: int = 0
    in_district: bool = True           # False: a school the district's list does not have

    @property
    def returned(self) -> bool:
        return self.file is not None

    @property
    def state(self) -> str:
        if not self.returned:
            return "not returned"
        if self.errors:
            return "errors to fix"
        return "warnings only" if self.warnings else "ready"


@dataclass
class Unrecognised:
    """A returned file whose school cannot be told (or that cannot be read), and why."""

    file: str
    why: str
    records: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0


@dataclass
class DistrictSummary:
    schools: list[SchoolReturn]
    unrecognised: list[Unrecognised] = field(default_factory=list)
    list_from: str = ""                # where the district's list of schools came from
    sheets: tuple[str, ...] = ()       # the record types, in order

    def missing(self) -> list[SchoolReturn]:
        return [s for s in self.schools if not s.returned]

    def rows(self) -> list[list[object]]:
        """The District summary sheet's table: a header, then one row per school (the missing ones first, so
        the coordinator sees whom to call), then the files of no school."""
        header = ["School", "Returned", "State", *self.sheets, "Errors", "Warnings", "File used", "Saved", "Note"]
        order = sorted(self.schools, key=lambda s: (s.returned, bool(not s.errors), s.school.casefold()))
        rows: list[list[object]] = [header]
        for s in order:
            note = "; ".join([*(f"replaces {f} ({when})" for f, when in s.replaced),
                              *([] if s.in_district else ["not in the district's list of schools"]),
                              *([f"school told by {s.recognised}"] if s.recognised else [])])
            rows.append([s.school, "yes" if s.returned else "no", s.state,
                         *(s.records.get(sheet, 0) if s.returned else "" for sheet in self.sheets),
                         s.errors if s.returned else "", s.warnings if s.returned else "", s.file or "", s.saved,
                         note])
        for u in self.unrecognised:
            state = "cannot be used" if u.why.startswith("cannot be used") else \
                "errors to fix" if u.errors else "cannot tell the school"
            rows.append(["(school not known)", "yes", state,
                         *(u.records.get(sheet, 0) for sheet in self.sheets), u.errors, u.warnings, u.file, "", u.why])
        return rows

    def as_dict(self) -> dict:
        return {"schools": [{"school": s.school, "returned": s.returned, "state": s.state, "file": s.file,
                             "saved": s.saved or None, "recognised_by": s.recognised or None,
                             "replaced": [{"file": f, "saved": when} for f, when in s.replaced],
                             "records": s.records if s.returned else {}, "errors": s.errors, "warnings": s.warnings,
                             "in_district": s.in_district} for s in self.schools],
                "not_returned": [s.school for s in self.missing()],
                "unrecognised": [{"file": u.file, "why": u.why, "records": u.records, "errors": u.errors,
                                  "warnings": u.warnings} for u in self.unrecognised],
                "schools_from": self.list_from}
