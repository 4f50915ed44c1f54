"""from-sis: a student information system's export (OneRoster 1.1 or 1.2, Clever; a folder or a .zip) made into
the portal's three sheets in one call: the files read and checked as their format's validators would, the
records converted by the district's decisions ([sis] in rosterxl.toml), written as a rosterxl workbook
(dropdowns, live red cells, text IDs, the decisions on its Instructions sheet, the SIS's own problems on its
From the SIS sheet), checked, and every cell that needs a person marked.

    result = from_sis("sis-export.zip", "district.xlsx")
    result.roster.save_csvs("upload")       # when the coordinator is happy: the usual CSVs

Given the portal's exports too (`exports=`), the sheets are merged with what the portal has (core.sis.merge):
its records keep their Database ID and take the SIS's changes, and saving with changed_only writes only the new
and changed records, as after open-export.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.catalog.matching import ListMatcher
from rosterxl.core.catalog.sis_decisions import decision_rows
from rosterxl.core.model import Severity
from rosterxl.core.sis.contents import LeftOut, SisDistrict, SisReport, SourceProblem
from rosterxl.core.sis.convert import Converted, convert
from rosterxl.core.sis.detect import read_district
from rosterxl.core.sis.merge import Merged, merge_sheet, portal_students
from rosterxl.core.tables import Table, table_from_grid
from rosterxl.core.template import SheetPlan, template_columns
from rosterxl.core.text import split_items
from rosterxl.media.files import check_output, keep_before_replacing
from rosterxl.media.sisfiles import read_sis_files
from rosterxl.roster import Config, Roster, catalog_for, read_exports, with_lists

COLUMNS = {
    "classes": ("class_name", "external_id", "organization", "product", "educators"),
    "educators": ("first_name", "last_name", "username", "educator_type", "external_id", "organizations", "classes"),
    "students": ("first_name", "last_name", "username", "password", "grade", "student_id", "organizations", "classes",
                 "products", "language_support", "session_time"),
}
WHEN_GIVEN = ("language_support", "session_time")     # columns a decision fills; left out when it does not


@dataclass
class FromSis:
    """What from-sis did: the format and files read, the workbook written and its roster (checked), the
    problems found in the SIS files (and in converting them), the records not brought over, and how many times
    each decision was applied."""

    format: str
    files: list[str]
    workbook: Path
    roster: Roster
    problems: list[SourceProblem]
    left_out: list[LeftOut]
    applied: dict[str, int]
    marked: int = 0
    merged: list[Merged] = field(default_factory=list)     # with the portal's exports: what matched, per sheet
    kept: Path | None = None           # the file that was at the workbook's name, kept under this name
    issues_sheet: str = ""             # in a live workbook: the Issues sheet's name

    def records(self) -> dict[str, int]:
        return {t.sheet: len(self.roster.records(t)) for t in self.roster.tables}

    def source_errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)


@dataclass
class SisSheets:
    """The converted sheets before anything is written: what the file and the live workbook both need."""

    district: SisDistrict
    converted: Converted
    catalog: Catalog
    plans: list[SheetPlan]
    grids: list[list[list[str]]]
    merged: list[Merged] = field(default_factory=list)    # one per plan when the portal's exports were given

    @property
    def problems(self) -> list[SourceProblem]:
        return self.district.problems + self.converted.problems + [p for m in self.merged for p in m.problems]

    def tables(self, source: str, first_row: int = 2) -> list[Table]:
        """The sheets as tables to check, their records from `first_row` (a live workbook's template puts them
        under its two sample rows)."""
        gap: list[list[str]] = [[] for _ in range(first_row - 2)]
        snapshots = [m.snapshot for m in self.merged] or [None] * len(self.plans)
        return [table_from_grid(self.catalog, [[c.header for c in plan.columns], *gap, *grid], source=source,
                                sheet=plan.entity.sheet, entity=plan.entity, snapshot=snapshot)
                for plan, grid, snapshot in zip(self.plans, self.grids, snapshots)]

    def report(self, where: str) -> SisReport:
        """What the From the SIS sheet lists (`where`: the folder or .zip, as the person named it)."""
        return SisReport(f"{self.district.format}: {where} ({', '.join(self.district.files)})",
                         [(p.file, p.row, p.column or "", p.severity.value, p.message) for p in self.problems],
                         [(x.where.file, x.where.row, x.kind, x.name, x.why) for x in self.converted.left_out],
                         sorted(self.converted.applied.items()), [m.summary() for m in self.merged],
                         [(x.where.file, x.where.row, x.kind, x.name, x.why) for m in self.merged
                          for x in m.portal_only])


def sis_sheets(path: str | Path, config: Config = None, exports: Sequence[str | Path] = ()) -> SisSheets:
    """The SIS files at `path` (a folder or .zip) read, checked and converted, and merged with the portal's
    `exports` (its exported CSV files; none given: those [sis] exports names) when there are any; nothing
    written."""
    path = Path(path)
    catalog = catalog_for(config, path)
    if not exports and catalog.sis.exports:            # the ones rosterxl.toml names, beside it
        root = Path(catalog.config_path).parent if catalog.config_path else Path(".")
        exports = [root / name for name in catalog.sis.exports]
    portal = {t.entity.key: t for t in read_exports(exports, catalog, "from-sis --export")}
    district = read_district(read_sis_files(path), path.name)
    converted = convert(district, catalog.sis, catalog.entities["students"].column("password").min_length or 4,
                        portal_students(portal.get("students")))
    schools = [*converted.schools, *_portal_schools(portal.values())]
    if schools:
        catalog = with_lists(catalog, {"Organization": tuple(dict.fromkeys(schools))})
    plans = []
    for key, wanted in COLUMNS.items():
        entity = catalog.entities[key]
        records = converted.records(key)
        keep = {k for k in wanted if k not in WHEN_GIVEN or any(r.get(k) for r in records[:1])}
        plans.append(SheetPlan(entity, template_columns(entity, keep)))
    if not exports:
        grids = [[[r.get(c.key, "") for c in plan.columns] for r in converted.records(plan.entity.key)]
                 for plan in plans]
        return SisSheets(district, converted, catalog, plans, grids)
    matchers = {name: ListMatcher(allowed) for name, allowed in catalog.lists.items()}
    merged = [merge_sheet(plan, converted.records(plan.entity.key), portal.get(plan.entity.key), matchers)
              for plan in plans]
    return SisSheets(district, converted, catalog, [m.plan for m in merged], [m.grid for m in merged], merged)


def _portal_schools(exports) -> list[str]:
    """The schools the portal's records name, so the records the SIS does not bring are not marked for them."""
    found: list[str] = []
    for table in exports:
        for header in (table.header_for("organization"), table.header_for("organizations")):
            if header is not None:
                found += [s for row in table.records() for s in split_items(row.values[header.index])]
    return found


def from_sis(path: str | Path, out: str | Path, config: Config = None,
             on_step: Callable[..., None] | None = None, exports: Sequence[str | Path] = ()) -> FromSis:
    """The SIS export at `path` as a rosterxl workbook at `out`, checked and marked (see the module's text);
    merged with the portal's `exports` when given. Raises RosterInputError (SisInputError, with every problem)
    when the files cannot be converted at all."""
    from rosterxl.media.xlsx.marks_in_file import mark_workbook
    from rosterxl.media.xlsx.sis_workbook import write_sis_workbook

    path, out = Path(path), Path(out)
    check_output(out, [path, *map(Path, exports)], (".xlsx",))
    step = on_step or (lambda *a: None)
    step("Reading the SIS files")
    sheets = sis_sheets(path, config, exports)
    roster = Roster(sheets.catalog, sheets.tables(out.name), [out])
    step("Checking")
    roster.check()
    step("Writing the workbook")
    kept = keep_before_replacing(out)
    write_sis_workbook(out, sheets.catalog, sheets.plans, sheets.grids, sheets.report(path.name),
                       decision_rows(sheets.catalog.sis), [m.snapshot for m in sheets.merged])
    step("Marking")
    plan = roster.marks(out.name)
    if plan.marks:
        mark_workbook(out, out, plan)
    return FromSis(sheets.district.format, sheets.district.files, out, roster, sheets.problems,
                   sheets.converted.left_out, dict(sheets.converted.applied), len(plan.marks), sheets.merged, kept)

