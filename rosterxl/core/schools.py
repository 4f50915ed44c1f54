"""Per-school workbooks: which of the district's records go to which school, and what each one looks like there.

A record goes to every school its Organization(s) names (classes: their one school; educators: each of theirs;
students: theirs). In a school's workbook every record names that school alone, so the school's dropdown and its
red cells hold. A record of several schools (an educator at two schools) is in each of their workbooks, the same
record in each (same names, username, IDs, Database ID), except:

- its Organizations cell is that school alone;
- its Classes/Groups cell keeps the classes of that school and those of no school of the record's (a class the
  district's Classes/Groups sheet does not know stays in every copy, so nothing is lost).

Collecting the workbooks back gives such a record once: the copies with the same key (educators: Username,
without regard to capitals; a portal export's records: the Database ID), each naming its own workbook's school,
are one record whose Organizations are their schools and whose Classes/Groups are all their classes (copy_key and
combine_copies say it in code). Each workbook names its school in the workbook-level name RosterxlSchool.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.catalog.columns import normalise_value
from rosterxl.core.catalog.headers import map_headers
from rosterxl.core.catalog.matching import ListMatcher
from rosterxl.core.model import RosterInputError
from rosterxl.core.tables import Row, Table
from rosterxl.core.template import SheetPlan, export_plan
from rosterxl.core.text import SEPARATOR, split_items

SCHOOL_NAME = "RosterxlSchool"          # the workbook-level defined name: ="Lincoln Elementary School"
ORGANIZATION_KEYS = ("organization", "organizations")
UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10)),
            "COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"}
INVISIBLE = {"Cf", "Co", "Cs", "Zl", "Zp"}         # format (bidi overrides, zero widths), private, unpaired
MAX_STEM = 80                           # with the folder, well under Windows' 260 characters of a path


@dataclass
class SchoolSheet:
    """One record sheet of a school's workbook: its columns, the school's records (values in the columns' order)
    and, for a sheet from the portal's export, the export's copy of the same records (header first)."""

    plan: SheetPlan
    rows: list[list[str]]
    snapshot: list[list[str]] | None = None
    shared: int = 0                      # records also in another school's workbook


@dataclass
class SchoolBook:
    school: str
    file_name: str                       # safe on every system: "Lincoln Elementary School.xlsx"
    sheets: list[SchoolSheet]

    def records(self) -> dict[str, int]:
        return {s.plan.entity.sheet: len(s.rows) for s in self.sheets}


@dataclass
class Unplaced:
    """A record no school's workbook holds: its Organization(s) is empty or names no school of the district."""

    table: Table
    row: Row
    why: str


@dataclass
class SchoolSplit:
    books: list[SchoolBook]
    unplaced: list[Unplaced] = field(default_factory=list)


def safe_file_stem(name: str) -> str:
    """A school's name as a file name every system takes: no / \\ : * ? " < > | or control characters, no
    trailing dot or space, not a name Windows keeps for devices (CON, NUL, COM1...), at most MAX_STEM long."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in INVISIBLE)   # no right-to-left tricks
    text = " ".join(UNSAFE.sub(" - ", text.replace('"', "'")).split())    # The "Oaks" -> The 'Oaks'; A/B -> A - B
    text = re.sub(r"(\s*-\s*){2,}", " - ", text).strip(" -.")
    text = text[:MAX_STEM].rstrip(" -.")         # Windows drops a trailing dot or space; '-' left over from a cut
    if not text:
        return "School"
    if text.split(".")[0].strip().upper() in RESERVED:
        text = f"{text} school"
    return text


def school_file_names(schools: list[str], suffix: str = ".xlsx") -> dict[str, str]:
    """Each school's file name, distinct without regard to capitals (Windows and macOS do not tell them apart)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for school in schools:
        stem = safe_file_stem(school)
        candidate, n = stem, 2
        while candidate.casefold() in taken:
            candidate, n = f"{stem} ({n})", n + 1
        taken.add(candidate.casefold())
        names[school] = candidate + suffix
    return names


def school_catalog(catalog: Catalog, school: str, classes: list[str]) -> Catalog:
    """The catalog of one school's workbook: the school its only organization, its classes the only classes."""
    lists = dict(catalog.lists)
    lists["Organization"] = replace(lists["Organization"], values=(school,), aliases={}, source="config")
    key = normalise_value(school)
    mine = tuple((name, org) for name, org in catalog.classes if normalise_value(org) == key)
    if lists["ClassGroup"].values or mine:
        lists["ClassGroup"] = replace(lists["ClassGroup"], values=tuple(dict.fromkeys([*(n for n, _ in mine),
                                                                                       *classes])), source="config")
    return replace(catalog, lists=lists, classes=mine)


class _Schools:
    """The district's schools, in the district's order, and the school each written spelling stands for."""

    def __init__(self, catalog: Catalog, tables: list[Table], records, doubtful: Collection[str] = ()):
        allowed = catalog.lists["Organization"]
        self.closed = not allowed.is_open
        self.matcher = ListMatcher(allowed) if self.closed else None
        self.order: dict[str, str] = {}             # normalised -> the school's name
        for value in allowed.values:
            self.order.setdefault(normalise_value(value), value)
        if self.closed:
            return
        # no list of schools: those the Classes/Groups sheet names, then the others the records name, in the order
        # they come, but a typing slip of a known one ('Ceder Ridge' for 'Cedar Ridge'), which is no school
        for table in tables:
            if table.entity.key == "classes":
                header = _organization(table)
                for row in records(table):
                    for item in split_items(row.values[header.index]):
                        self.order.setdefault(normalise_value(item), item)
        if self.order:
            self.matcher = ListMatcher(replace(allowed, values=tuple(self.order.values())))
        for table in tables:
            header = _organization(table)
            for row in records(table):
                for item in split_items(row.values[header.index]):
                    key = normalise_value(item)
                    if key not in self.order and key not in doubtful and not (self.matcher and
                                                                              self.matcher.typo_of(item)):
                        self.order[key] = item

    def did_you_mean(self, item: str) -> str:
        nearest = self.matcher.nearest(item) if self.matcher is not None else None
        return f" (did you mean '{nearest}'?)" if nearest else ""

    def of(self, item: str) -> str | None:
        if self.closed:
            return self.matcher.canonical(item)
        return self.order.get(normalise_value(item))


def organization_header(table: Table):
    """The table's Organization (or Organizations) column; None when it has none."""
    return next((table.header_for(k) for k in ORGANIZATION_KEYS if table.header_for(k) is not None), None)


def _organization(table: Table):
    header = organization_header(table)
    if header is None:
        column = next(c for c in table.entity.columns if c.key in ORGANIZATION_KEYS)
        raise RosterInputError(
            "records.no-school",
            f"{table.source}, sheet {table.sheet}: there is no {column.header} column, so rosterxl cannot tell which "
            f"school each {table.entity.noun} belongs to. Add the column with each record's school, then make the "
            "school workbooks again.", file=table.source, sheet=table.sheet)
    return header


def district_schools(catalog: Catalog, tables: list[Table], records=None) -> list[str]:
    """The district's schools as split_by_school makes a workbook for each: the config's, else the workbook's own
    list, else those the Classes/Groups sheet and the records name (a typing slip of one is no school)."""
    return list(_Schools(catalog, tables, records or (lambda t: t.records())).order.values())


def split_by_school(catalog: Catalog, tables: list[Table], records=None,
                    doubtful: Collection[str] = ()) -> SchoolSplit:
    """The district's records as one workbook per school (see the module's text). `records(table)` gives a
    table's records (a template's sample rows left out); by default every row that holds data. Every school of
    the district's list gets a workbook, also one without records yet (the school fills it in). Without a list
    of schools, a name the checks found to be a misspelling of another (`doubtful`, normalised: a short form,
    other capitals, two schools joined by a comma) is no school of its own: its records are not placed."""
    records = records or (lambda t: t.records())
    _one_per_type(tables)
    schools = _Schools(catalog, tables, records, doubtful)
    class_schools = _class_schools(catalog, tables, records, schools)
    names = school_file_names(list(schools.order.values()))
    books = {school: SchoolBook(school, names[school], []) for school in schools.order.values()}
    unplaced: list[Unplaced] = []
    for table in tables:
        header = _organization(table)
        plan = _school_plan(table)
        shown = [h for h in table.headers if h.text]
        keys = [h.column.key if h.column is not None else "" for h in shown]
        snapshot_keys = _snapshot_keys(table)
        sheets = {school: SchoolSheet(plan, [], [[h.text for h in shown]] if _from_export(table) else None)
                  for school in books}
        if table.exported is not None:
            for sheet in sheets.values():
                sheet.snapshot = [list(table.exported.headers)]
        for row in records(table):
            found = [schools.of(item) for item in split_items(row.values[header.index])]
            mine = list(dict.fromkeys(s for s in found if s))
            if not mine:
                unknown = [i for i, s in zip(split_items(row.values[header.index]), found) if s is None]
                why = (f"'{unknown[0]}' is not one of the district's schools{schools.did_you_mean(unknown[0])}"
                       if unknown else f"its {header.text} is empty")
                unplaced.append(Unplaced(table, row, why))
                continue
            values = [row.values[h.index] for h in shown]
            for school in mine:
                sheet = sheets[school]
                sheet.rows.append(_for_school(values, keys, school, mine, class_schools))
                sheet.shared += len(mine) > 1
                if sheet.snapshot is not None:
                    copy = _snapshot_row(table, row, values, shown, snapshot_keys, school, mine, class_schools)
                    if copy:
                        sheet.snapshot.append(copy)
        for school, sheet in sheets.items():
            books[school].sheets.append(sheet)
    return SchoolSplit(list(books.values()), unplaced)


def _one_per_type(tables: list[Table]) -> None:
    """A school's workbook has one sheet per record type, so the district's file must too."""
    for i, table in enumerate(tables):
        other = next((t for t in tables[:i] if t.entity.key == table.entity.key), None)
        if other is not None:
            where = [t.sheet if t.source == t.sheet else f"{t.source}, sheet {t.sheet}" for t in (other, table)]
            raise RosterInputError(
                "records.kind-twice",
                f"{where[0]} and {where[1]} both hold {table.entity.name}: a school's workbook has one sheet per "
                "record type. Put them in one sheet (or give one file per record type), then make the school "
                "workbooks again.")


def _school_plan(table: Table) -> SheetPlan:
    """The sheet's own columns; Organization(s) offers its one school in a dropdown and Classes/Groups the school's
    classes, also where several may go (typed with semicolons)."""
    plan = export_plan(table)
    columns = tuple(replace(c, dropdown=True) if c.key in (*ORGANIZATION_KEYS, "classes") else c for c in plan.columns)
    return replace(plan, columns=columns)


def _from_export(table: Table) -> bool:
    """A sheet of the portal's export read as CSV: its own records are the export."""
    return table.exported is None and table.header_for("database_id") is not None


def _snapshot_keys(table: Table) -> list[str]:
    if table.exported is None:
        return []
    return [h.column.key if h.column is not None else "" for h in map_headers(table.entity, table.exported.headers)]


def _snapshot_row(table: Table, row: Row, values: list[str], shown, keys: list[str], school: str, mine: list[str],
                  class_schools) -> list[str]:
    """The export's copy of a record for one school's workbook, restricted as the record is (passwords never)."""
    if table.exported is None:
        plain = ["" if h.column is not None and h.column.secret else v for h, v in zip(shown, values)]
        return _for_school(plain, [h.column.key if h.column is not None else "" for h in shown], school, mine,
                           class_schools)
    db = table.header_for("database_id")
    exported = table.exported.rows.get(row.values[db.index].strip()) if db is not None else None
    if exported is None:
        return []                                   # a record added since the export: the copy has none
    return _for_school(list(exported), keys, school, mine, class_schools, only_if_named=True)


def _class_schools(catalog: Catalog, tables: list[Table], records, schools: _Schools) -> dict[str, set[str]]:
    """Each class/group name (normalised) and the schools it belongs to, from the Classes/Groups sheets and the
    district config."""
    found: dict[str, set[str]] = {}
    for name, org in catalog.classes:
        school = schools.of(org)
        if school:
            found.setdefault(normalise_value(name), set()).add(school)
    for table in tables:
        name, org = table.header_for("class_name"), table.header_for("organization")
        if table.entity.key != "classes" or name is None or org is None:
            continue
        for row in records(table):
            school = schools.of(row.values[org.index])
            if school:
                found.setdefault(normalise_value(row.values[name.index]), set()).add(school)
    return found


def _for_school(values: list[str], keys: list[str], school: str, mine: list[str], class_schools,
                only_if_named: bool = False) -> list[str]:
    """A record as one school's workbook holds it: that school alone, and of several schools' classes its own."""
    out = list(values)
    for i, key in enumerate(keys):
        if i >= len(out):
            break
        if key in ORGANIZATION_KEYS:
            named = {normalise_value(item) for item in split_items(out[i])}
            if not only_if_named or normalise_value(school) in named:
                out[i] = school
        elif key == "classes" and len(mine) > 1:
            others = {s for s in mine if s != school}
            kept = [c for c in split_items(out[i])
                    if school in class_schools.get(normalise_value(c), ()) or
                    not others & class_schools.get(normalise_value(c), set())]
            out[i] = SEPARATOR.join(kept)
    return out


def school_classes(book: SchoolBook) -> list[str]:
    """The class/group names a school's workbook holds on its Classes/Groups sheet."""
    names: list[str] = []
    for sheet in book.sheets:
        if sheet.plan.entity.key == "classes":
            index = next((i for i, c in enumerate(sheet.plan.columns) if c.key == "class_name"), None)
            names += [r[index] for r in sheet.rows if index is not None and r[index].strip()]
    return list(dict.fromkeys(names))


def copy_key(entity_key: str, values: dict[str, str]) -> str | None:
    """What makes copies in several schools' workbooks one record (`values`: column key -> cell): the portal's
    Database ID where there is one, else an educator's Username (without regard to capitals), else a student's
    External Assigned ID. None: a record that cannot be told the same as another (a class is its school's)."""
    if values.get("database_id", "").strip():
        return "db:" + values["database_id"].strip()
    if entity_key == "educators" and values.get("username", "").strip():
        return "user:" + values["username"].strip().casefold()
    if entity_key == "students" and values.get("student_id", "").strip():
        return "id:" + values["student_id"].strip()
    return None


def combine_copies(keys: list[str], copies: list[list[str]]) -> list[str]:
    """One record from its copies in several schools' workbooks (the same columns, `keys` their column keys), in
    the district's order of schools: Organization(s) all their schools and Classes/Groups all their classes, each
    once, in order; any other cell as the first copy has it (where copies disagree, the caller says so)."""
    combined = list(copies[0])
    for i, key in enumerate(keys):
        if key in (*ORGANIZATION_KEYS, "classes"):
            seen: dict[str, str] = {}
            for copy in copies:
                for item in split_items(copy[i] if i < len(copy) else ""):
                    seen.setdefault(normalise_value(item), item)
            combined[i] = SEPARATOR.join(seen.values())
    return combined


def school_from_name(text: str) -> str | None:
    """The school a RosterxlSchool name's text says ('"Lincoln Elementary School"', with or without the leading
    '=', quotes inside doubled, as Excel writes a text constant); None when it is not a text constant."""
    text = text.strip().removeprefix("=").strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        return None
    inner = text[1:-1]
    if inner.replace('""', "").count('"'):
        return None                                    # a formula joining texts, not one constant
    return inner.replace('""', '"') or None
