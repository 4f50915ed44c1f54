"""A school's own workbook, to email: the template's Instructions (saying whom it is for), hidden Lists, dropdowns,
live red cells and text IDs, with the school's records under each header, its name as the only organization and
its classes as the only classes, and the workbook-level name RosterxlSchool (="Lincoln Elementary School") by which
a returned workbook is known. A sheet from the portal's export keeps its Database ID locked and the export's
hidden copy of the school's records, as an open-export workbook does, so the round trip still works."""
from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName

from rosterxl.core.catalog.catalog import CATALOG_VERSION, Catalog
from rosterxl.core.model import RosterInputError
from rosterxl.core.schools import SCHOOL_NAME, SchoolBook, school_from_name
from rosterxl.media.xlsx.instructions_sheet import write_instructions
from rosterxl.media.xlsx.package import defined_names, workbook_in
from rosterxl.media.xlsx.portal_export import export_cells, save_with_copies
from rosterxl.media.xlsx.template_file import record_sheets


def school_name_formula(school: str) -> str:
    """The RosterxlSchool name's value: the school's name as a text constant (quotes doubled, as Excel writes)."""
    return '="' + school.replace('"', '""') + '"'


def write_school_workbook(out: Path, catalog: Catalog, book: SchoolBook) -> Path:
    """`catalog`: the school's own (core.schools.school_catalog): its school and classes are the dropdowns."""
    plans = [replace(s.plan, entity=replace(s.plan.entity, sample_rows=())) for s in book.sheets]
    wb = Workbook()
    write_instructions(wb.active, catalog, plans, school=book.school)
    sheets = record_sheets(wb, catalog, plans, max((len(s.rows) for s in book.sheets), default=0))
    for sheet, plan in zip(sheets, plans):
        if any(c.key == "database_id" for c in plan.columns):
            export_cells(sheet, plan)
    wb.defined_names[SCHOOL_NAME] = DefinedName(SCHOOL_NAME, attr_text=school_name_formula(book.school)[1:])
    props = wb.properties
    props.title = f"Imagine Learning rostering workbook: {book.school}"[:250]
    props.creator, props.keywords = "rosterxl", "rosterxl school"
    wb.custom_doc_props.append(StringProperty(name="rosterxl.school", value=book.school[:200]))
    wb.custom_doc_props.append(StringProperty(name="rosterxl.catalog", value=CATALOG_VERSION))
    copies = [(p.entity.sheet, s.snapshot) for p, s in zip(plans, book.sheets) if s.snapshot is not None]
    return save_with_copies(wb, out, copies, [(sheet.title, s.rows) for sheet, s in zip(sheets, book.sheets)])


def school_of_workbook(path: str | Path) -> str | None:
    """The school a workbook says it is for (its RosterxlSchool name), or None: a workbook rosterxl schools did not
    make, or one whose package cannot be read (reading it says why)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = defined_names(z.read(workbook_in(z)))
    except (OSError, KeyError, zipfile.BadZipFile, RosterInputError):
        return None
    return school_from_name(names[SCHOOL_NAME]) if SCHOOL_NAME in names else None
