"""A SIS district (read and checked by core.sis.detect) converted into the portal's three sheets: the columns each
sheet gets, the records in them, and, given the portal's exports, each sheet merged with what the portal has
(core.sis.merge). Nothing is read or written here: roster.py reads the files and writes the workbook."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.catalog.matching import ListMatcher
from rosterxl.core.sis.contents import SisDistrict, SisReport, SourceProblem
from rosterxl.core.sis.convert import Converted, convert
from rosterxl.core.sis.merge import Merged, merge_sheet, portal_students
from rosterxl.core.tables import Table, table_from_grid
from rosterxl.core.template import SheetPlan, template_columns
from rosterxl.core.text import split_items

COLUMNS = {
    "classes": ("class_name", "external_id", "organization", "product", "educators"),
    "educators": ("first_name", "last_name", "username", "educator_type", "external_id", "organizations", "classes"),
    "students": ("first_name", "last_name", "username", "password", "grade", "student_id", "organizations", "classes",
                 "products", "language_support", "session_time"),
}
WHEN_GIVEN = ("language_support", "session_time")     # columns a decision fills; left out when it does not


@dataclass
class SisSheets:
    """The converted sheets before anything is written: what the file and the live workbook both need. Of the
    district as read, only its format, files and problems are kept: its records are converted, and let go."""

    format: str                          # "OneRoster 1.1", "OneRoster 1.2", "Clever"
    files: list[str]
    read_problems: list[SourceProblem]   # what reading and checking the SIS files found
    converted: Converted
    catalog: Catalog
    plans: list[SheetPlan]
    grids: list[list[list[str]]]
    merged: list[Merged] = field(default_factory=list)    # one per plan when the portal's exports were given

    @property
    def problems(self) -> list[SourceProblem]:
        return self.read_problems + self.converted.problems + [p for m in self.merged for p in m.problems]

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
        return SisReport(f"{self.format}: {where} ({', '.join(self.files)})",
                         [(p.file, p.row, p.column or "", p.severity.value, p.message) for p in self.problems],
                         [(x.where.file, x.where.row, x.kind, x.name, x.why) for x in self.converted.left_out],
                         sorted(self.converted.applied.items()), [m.summary() for m in self.merged],
                         [(x.where.file, x.where.row, x.kind, x.name, x.why) for m in self.merged
                          for x in m.portal_only])


def sis_sheets(district: SisDistrict, catalog: Catalog, portal: dict[str, Table] | None = None) -> SisSheets:
    """The district's records converted by the catalog's decisions ([sis] in rosterxl.toml) into the three
    sheets; merged, sheet by sheet, with the portal's exported tables (by entity key) when there are any."""
    converted = convert(district, catalog.sis, catalog.entities["students"].column("password").min_length or 4,
                        portal_students((portal or {}).get("students")))
    schools = [*converted.schools, *_portal_schools((portal or {}).values())]
    if schools:
        catalog = catalog.with_lists({"Organization": tuple(dict.fromkeys(schools))})
    plans = []
    for key, wanted in COLUMNS.items():
        entity = catalog.entities[key]
        records = converted.records(key)
        keep = {k for k in wanted if k not in WHEN_GIVEN or any(r.get(k) for r in records[:1])}
        plans.append(SheetPlan(entity, template_columns(entity, keep)))
    if not portal:
        grids = [[[r.get(c.key, "") for c in plan.columns] for r in converted.records(plan.entity.key)]
                 for plan in plans]
        return SisSheets(district.format, district.files, district.problems, converted, catalog, plans, grids)
    matchers = {name: ListMatcher(allowed) for name, allowed in catalog.lists.items()}
    merged = [merge_sheet(plan, converted.records(plan.entity.key), portal.get(plan.entity.key), matchers)
              for plan in plans]
    return SisSheets(district.format, district.files, district.problems, converted, catalog, [m.plan for m in merged],
                     [m.grid for m in merged], merged)


def _portal_schools(exports: Iterable[Table]) -> list[str]:
    """The schools the portal's records name, so the records the SIS does not bring are not marked for them."""
    found: list[str] = []
    for table in exports:
        for header in (table.header_for("organization"), table.header_for("organizations")):
            if header is not None:
                found += [s for row in table.records() for s in split_items(row.values[header.index])]
    return found
