"""Which sheets and columns a template gets: from the command line's choices or from portal templates."""
from __future__ import annotations

from pathlib import Path

from rosterxl.catalog.catalog import Catalog
from rosterxl.catalog.columns import Kind
from rosterxl.catalog.headers import guess_entity, map_headers
from rosterxl.catalog.learn import learn_entity
from rosterxl.csvio import read_csv_text
from rosterxl.model import RosterInputError
from rosterxl.workbook.template import SheetPlan, template_columns

ALL = "all"


def plans_from_choices(catalog: Catalog, entity_keys: list[str], optional: list[str]) -> list[SheetPlan]:
    """Required columns of each chosen entity, plus the optional columns asked for (by header or 'all')."""
    unknown = [k for k in entity_keys if k not in catalog.entities]
    if unknown:
        raise RosterInputError(f"there is no record type '{unknown[0]}': choose from "
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
                f"'{missing[0]}' is not an optional column of {', '.join(entity_keys)}. The optional columns are: "
                + "; ".join(sorted(offered - {c.key for k in entity_keys for c in catalog.entities[k].columns})))
    return plans


def plans_from_portal(catalog: Catalog, paths: list[Path]) -> list[SheetPlan]:
    """Exactly the columns, in the portal's order and spelling, of portal-generated template files."""
    plans = []
    for path in paths:
        rows = [r for r in read_csv_text(path).rows if any(c.strip() for c in r)]
        if not rows:
            raise RosterInputError(f"{path.name}: the portal template has no header row")
        header = [h.strip() for h in rows[0]]
        entity = catalog.entity_for_name(path.stem) or guess_entity(catalog, header)
        if entity is None:
            raise RosterInputError(f"{path.name}: rosterxl cannot tell whether this portal template is for "
                                   "classes/groups, educators or students. Keep the record type in its file name.")
        learned = learn_entity(entity, header, rows[1:3])
        columns = tuple(h.column for h in map_headers(learned, header) if h.column is not None)
        plans.append(SheetPlan(learned, columns))
    return plans
