"""What a template holds, whatever writes it (openpyxl for files, xlwings in Excel): the sheets and their
columns, chosen on the command line or learned from portal templates, and the live checks that turn a
cell red (declared with each check in rules/)."""
from __future__ import annotations

from dataclasses import dataclass, replace

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.catalog.columns import Column, Entity, Kind, normalise_header
from rosterxl.core.catalog.headers import guess_entity, map_headers
from rosterxl.core.catalog.learn import learn_entity
from rosterxl.core.layout import FIRST_ROW, LAST_ROW
from rosterxl.core.model import RosterInputError, column_letter
from rosterxl.core.rules import live_checks
from rosterxl.core.rules.base import LiveCell
from rosterxl.core.tables import Table

ALL = "all"


@dataclass(frozen=True)
class SheetPlan:
    entity: Entity
    columns: tuple[Column, ...]

    def live_checks(self, index: int, lists: dict[str, str], first_row: int = FIRST_ROW,
                    last_row: int = LAST_ROW) -> list[str]:
        """The conditional-format formulas of the column at `index` (0-based)."""
        at = LiveCell(column_letter(index), column_letter(len(self.columns) - 1), lists, first_row, last_row)
        return live_checks(self.columns[index], at)


def template_columns(entity: Entity, optional: set[str] | None) -> tuple[Column, ...]:
    """Required columns always; optional ones when asked for (None asks for all); never export-only ones."""
    chosen = []
    for column in entity.columns:
        if column.kind is Kind.EXPORT_ONLY:
            continue
        if column.required or optional is None or column.key in optional or column.header in optional:
            chosen.append(column)
    return tuple(chosen)


def export_plan(table: Table) -> SheetPlan:
    """A portal export's own columns, in its order and with its header text; unknown ones as plain text."""
    columns: list[Column] = []
    for h in table.headers:
        if not h.text:
            continue
        if h.column is not None:
            columns.append(replace(h.column, header=h.text))
        else:
            columns.append(Column(f"portal:{normalise_header(h.text)}", h.text,
                                  help="A column of the portal's export."))
    return SheetPlan(replace(table.entity, sample_rows=()), tuple(columns))


def plans_from_choices(catalog: Catalog, entity_keys: list[str], optional: list[str]) -> list[SheetPlan]:
    """Required columns of each chosen entity, plus the optional columns asked for (by header or 'all')."""
    unknown = [k for k in entity_keys if k not in catalog.entities]
    if unknown:
        raise RosterInputError("choice.unknown", f"there is no record type '{unknown[0]}': choose from "
                               f"{', '.join(catalog.entities)}")
    wanted = None if ALL in (o.strip().casefold() for o in optional) else {o.strip() for o in optional}
    plans = [SheetPlan(catalog.entities[k], template_columns(catalog.entities[k], wanted)) for k in entity_keys]
    if wanted:
        offered = {c.header for k in entity_keys for c in catalog.entities[k].columns
                   if not c.required and c.kind is not Kind.EXPORT_ONLY}
        offered |= {c.key for k in entity_keys for c in catalog.entities[k].columns}
        missing = sorted(wanted - offered)
        if missing:
            raise RosterInputError(
                "choice.unknown",
                f"'{missing[0]}' is not an optional column of {', '.join(entity_keys)}. The optional columns are: "
                + "; ".join(sorted(offered - {c.key for k in entity_keys for c in catalog.entities[k].columns})))
    return plans


def plan_from_portal(catalog: Catalog, name: str, grid: list[list[str]]) -> SheetPlan:
    """Exactly the columns, in the portal's order and spelling, of a portal-generated template (`name` is
    its file name, `grid` its rows)."""
    rows = [r for r in grid if any(c.strip() for c in r)]
    if not rows:
        raise RosterInputError("template.unreadable", f"{name}: the portal template has no header row", file=name)
    header = [h.strip() for h in rows[0]]
    entity = catalog.entity_for_name(name.rsplit(".", 1)[0]) or guess_entity(catalog, header)
    if entity is None:
        raise RosterInputError("template.unreadable",
                               f"{name}: rosterxl cannot tell whether this portal template is for "
                               "classes/groups, educators or students. Keep the record type in its file name.",
                               file=name)
    learned = learn_entity(entity, header, rows[1:3])
    return SheetPlan(learned, tuple(h.column for h in map_headers(learned, header) if h.column is not None))
