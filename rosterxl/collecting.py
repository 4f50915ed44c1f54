"""Collecting the schools' returned workbooks: which school each is, which schools have not returned one, all of
them checked together as one district, the one upload set, and the District summary.

    result = collect(["returned"], "upload", "rosterxl.toml")
    print([s.school for s in result.summary.missing()])

A returned workbook's school is, first, its workbook-level name RosterxlSchool (="Lincoln Elementary School"),
which the school workbooks rosterxl makes carry; else the one school its records name in Organization(s); else
it cannot be told (the file is still checked and saved, and the summary says so). A school's later return
replaces its earlier one (by the workbook's own saved date, else the file's time), never both.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.catalog.columns import normalise_value
from rosterxl.core.catalog.matching import ListMatcher
from rosterxl.core.model import RosterInputError, Severity, plural
from rosterxl.core.one_district import DistrictSummary, SchoolReturn, Unrecognised
from rosterxl.core.schools import district_schools, organization_header
from rosterxl.core.tables import Table
from rosterxl.core.text import split_items
from rosterxl.district import (
    WORKBOOK_SUFFIXES,
    Config,
    Step,
    all_lists,
    distinct_files,
    district_catalog,
    district_files,
    open_workbook,
    read_file_tables,
)
from rosterxl.media.files import check_output, keep_before_replacing, same_file
from rosterxl.roster import Roster, SheetSaved

SUMMARY_NAME = "District summary.xlsx"
BY_NAME = "the workbook's RosterxlSchool name"
BY_RECORDS = "its records' one Organization"
__all__ = ["SUMMARY_NAME", "Collected", "collect"]


@dataclass
class Collected:
    """What a collect found and wrote: the returns checked together, the District summary, the upload set's
    sheets (as save_csvs gives them) and the summary workbook."""

    roster: Roster
    summary: DistrictSummary
    saved: list[SheetSaved] = field(default_factory=list)
    summary_book: Path | None = None
    district: str = ""
    kept: Path | None = None           # the summary workbook that was there, kept under this name

    def problems(self) -> bool:
        """Something for the coordinator to act on: a school missing, a file not usable, errors, a set refused."""
        return bool(self.summary.missing() or self.summary.unrecognised or self.roster.errors()
                    or any(s.status == "refused" for s in self.saved))


@dataclass
class _Return:
    path: Path
    tables: list[Table]
    school: str | None
    recognised: str
    saved: datetime
    saved_how: str

    def when(self) -> str:
        return f"{self.saved_how} {self.saved.strftime('%Y-%m-%d %H:%M:%S')} UTC"


def collect(sources: Sequence[str | Path], out_dir: str | Path, config: Config = None, *,
            district: Sequence[str | Path] = (), schools: Sequence[str] = (), force: bool = False,
            summary_path: str | Path | None = None, on_step: Step | None = None) -> Collected:
    """The returned workbooks (and CSV files; a folder stands for those in it), collected: each one's school
    recognised, a school's later return used in place of an earlier one, all checked together as one district
    (a username or student ID of two schools is an error on both, naming the other file), the upload set written
    in `out_dir` (one file per record type; a type with errors only with `force`), and the District summary
    written (`summary_path`, by default District summary.xlsx in `out_dir`).

    The district's list of schools, to tell who has not returned a workbook: `schools` when given, else the
    config's organizations, else the schools of the `district` files (the district's workbook or the portal's
    exports), else the schools seen in the returns."""
    from rosterxl.media.xlsx.district_summary import write_summary_workbook

    out_dir = Path(out_dir)
    summary_path = Path(summary_path) if summary_path else out_dir / SUMMARY_NAME
    paths = [p for p in district_files(sources) if p.name != SUMMARY_NAME and not same_file(p, summary_path)]
    if not paths:
        raise RosterInputError("folder.empty", f"{', '.join(map(str, sources))}: no returned workbook to collect.")
    distinct_files(paths)
    if out_dir.exists() and not out_dir.is_dir():
        raise RosterInputError("output.is-file",
                               f"{out_dir}: this is a file; give a folder for the upload set and the District summary.",
                               file=out_dir)
    if summary_path.parent == out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    check_output(summary_path, [*paths, *map(Path, district)], (".xlsx",))
    base = district_catalog(config, paths[0])
    returns, unusable, catalog = _read_returns(paths, base)
    names, list_from = _district_list(base, district, schools)   # not the returns' lists: each has its own school
    matcher = ListMatcher(replace(catalog.lists["Organization"], values=tuple(names))) if names else None
    used, replaced = _choose(returns, matcher)
    tables = [t for r in used for t in r.tables]
    if not tables or not any(t.records() for t in tables):
        raise RosterInputError("records.none",
                               f"{', '.join(p.name for p in paths)}: none of the returned files holds records to "
                               "collect." + (f" {unusable[0].file}: {unusable[0].why}" if unusable else ""))
    roster = Roster(catalog, tables, [r.path for r in used])
    roster.check(on_step)
    summary = _summary(roster, used, replaced, unusable, names, list_from)
    saved = roster.save_csvs(out_dir, force)
    title = f"{catalog.district or 'District'}: {len(summary.schools)} schools, " \
            f"{len(summary.schools) - len(summary.missing())} returned"
    kept = keep_before_replacing(summary_path)
    book = write_summary_workbook(summary_path, summary, roster.check(), title)
    return Collected(roster, summary, saved, book, catalog.district or "", kept)


def _read_returns(paths: list[Path], catalog: Catalog) -> tuple[list[_Return], list[Unrecognised], Catalog]:
    """Each file read on its own: one that cannot be used is said in the summary, and the others are collected."""
    from rosterxl.media.xlsx.returned import saved_at
    from rosterxl.media.xlsx.school_workbook import school_of_workbook

    books, unusable = {}, []
    for path in paths:
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            try:
                books[path] = open_workbook(path)
            except RosterInputError as exc:
                unusable.append(Unrecognised(path.name, _unusable(path, exc)))
    catalog = catalog.with_lists(all_lists(books.values()))     # each school's workbook offers its own school
    returns = []
    for path in paths:
        if path.suffix.lower() in WORKBOOK_SUFFIXES and path not in books:
            continue
        try:
            tables = read_file_tables(path, catalog, None, books.get(path))
        except RosterInputError as exc:
            unusable.append(Unrecognised(path.name, _unusable(path, exc)))
            continue
        school = school_of_workbook(path) if path in books else None
        recognised = BY_NAME if school else ""
        if school is None:
            school, recognised = _one_school(catalog, tables), BY_RECORDS
        when, how = saved_at(path)
        returns.append(_Return(path, tables, school, recognised if school else "", when, how))
    return returns, unusable, catalog


def _one_school(catalog: Catalog, tables: list[Table]) -> str | None:
    """The one school a file's records name (each written the same way, as the district's list spells it)."""
    matcher = ListMatcher(catalog.lists["Organization"])
    found: dict[str, str] = {}
    for table in tables:
        header = organization_header(table)
        if header is None:
            continue
        for row in table.records():
            for item in split_items(row.values[header.index]):
                name = matcher.canonical(item) or item
                found.setdefault(normalise_value(name), name)
    return next(iter(found.values())) if len(found) == 1 else None


def _district_list(catalog: Catalog, district: Sequence[str | Path], schools: Sequence[str]) -> tuple[list[str], str]:
    """The district's schools and where the list comes from; empty when only the returns can say."""
    if schools:
        return list(dict.fromkeys(s.strip() for s in schools if s.strip())), "the schools given"
    allowed = catalog.lists["Organization"]
    if allowed.source == "config" and allowed.values:
        return list(allowed.values), "the district config's organizations"
    if district:
        roster = Roster.open(district, catalog)          # a sheet without schools (no Organization column) names none
        named = [t for t in roster.tables if organization_header(t) is not None]
        return (district_schools(roster.catalog, named, roster.records),
                "the schools in " + ", ".join(Path(p).name for p in district))
    return [], "only those of the returned files: no list of the district's schools was given"


def _choose(returns: list[_Return], matcher: ListMatcher | None) -> tuple[list[_Return], dict[str, list[_Return]]]:
    """One return per school, the latest saved; the earlier ones by school. Files of no known school all stay."""
    by_school: dict[str, list[_Return]] = {}
    used: list[_Return] = []
    for r in returns:
        if r.school is None:
            used.append(r)
            continue
        if matcher is not None:
            r.school = matcher.canonical(r.school) or r.school
        by_school.setdefault(normalise_value(r.school), []).append(r)
    replaced = {}
    for group in by_school.values():
        group.sort(key=lambda r: (r.saved, r.path.stat().st_mtime, r.path.name))
        used.append(group[-1])
        if len(group) > 1:
            replaced[normalise_value(group[-1].school)] = group[:-1]
    order = {r.path: i for i, r in enumerate(returns)}
    used.sort(key=lambda r: order[r.path])
    return used, replaced


def _summary(roster: Roster, used: list[_Return], replaced: dict[str, list[_Return]], unusable: list[Unrecognised],
             names: list[str], list_from: str) -> DistrictSummary:
    present = {t.entity.key for t in roster.tables}
    sheets = tuple(e.sheet for e in roster.catalog.entities.values() if e.key in present)
    counts: dict[str, list[int]] = {}
    for issue in roster.check():
        counts.setdefault(issue.file or "", [0, 0])[issue.severity is not Severity.ERROR] += 1
    schools = {normalise_value(n): SchoolReturn(n) for n in names}
    unknown = list(unusable)
    for r in used:
        records: dict[str, int] = {}
        for t in r.tables:
            records[t.entity.sheet] = records.get(t.entity.sheet, 0) + len(roster.records(t))
        errors, warnings = counts.get(r.path.name, [0, 0])
        if r.school is None:
            unknown.append(Unrecognised(r.path.name, _why_unknown(r.tables), records, errors, warnings))
            continue
        key = normalise_value(r.school)
        school = schools.setdefault(key, SchoolReturn(r.school, in_district=not names))
        school.file, school.recognised, school.saved = r.path.name, r.recognised, r.when()
        school.records, school.errors, school.warnings = records, errors, warnings
        school.replaced = [(old.path.name, old.when()) for old in replaced.get(key, [])]
    return DistrictSummary(list(schools.values()), unknown, list_from, sheets)


def _why_unknown(tables: list[Table]) -> str:
    named: dict[str, str] = {}
    for table in tables:
        header = organization_header(table)
        for row in table.records() if header is not None else ():
            for item in split_items(row.values[header.index]):
                named.setdefault(normalise_value(item), item)
    if not named:
        return ("rosterxl cannot tell its school: it has no RosterxlSchool name (it was not made by rosterxl as a "
                "school's workbook) and no record names a school")
    listed = ", ".join(list(named.values())[:3]) + (" ..." if len(named) > 3 else "")
    return (f"rosterxl cannot tell its school: it has no RosterxlSchool name (it was not made by rosterxl as a "
            f"school's workbook) and its records name {plural(len(named), 'school')} ({listed})")


def _unusable(path: Path, exc: RosterInputError) -> str:
    """Why a returned file cannot be used, without its name twice (the summary's row names it)."""
    why = str(exc)
    for name in (f"{path}: ", f"{path.name}: "):
        why = why.removeprefix(name)
    return "cannot be used: " + why
