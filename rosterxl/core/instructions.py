"""The Instructions sheet's text: how to fill in each sheet, in plain words, for someone with nothing
installed. Written by the template file writer and by the Excel add-in alike."""
from __future__ import annotations

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.catalog.columns import Column, Kind
from rosterxl.core.template import SheetPlan

GENERAL = [
    "Fill in one row per record, starting under the two grey example rows. The example rows show what "
    "goes in each column; delete them or leave them (rosterxl leaves them out of the upload file).",
    "Dark blue headers are required: every row needs a value there. Light blue headers are optional.",
    "Click a cell to see what goes there. Where a cell has a dropdown arrow, pick from the list.",
    "A cell turns red while its value is wrong: a required value is missing, a value is not in its list, "
    "or a value that must be unique is used twice. Fix the red cells before sending the file back.",
    "Where a column takes several values (products, schools, classes), separate them with a semicolon: "
    "Imagine Reading;Imagine Math",
    "IDs, usernames and passwords are kept as text, so leading zeros stay. Do not change the headers, "
    "and do not add or remove columns.",
    "When you are done, save the workbook as it is (File > Save, keeping the .xlsx format) and send it "
    "back to your district's rostering coordinator. Do not save it as CSV: the coordinator does that.",
]


def _allowed(column: Column, catalog: Catalog) -> str:
    if column.list_name and not catalog.lists[column.list_name].is_open:
        values = catalog.lists[column.list_name].values
        shown = ", ".join(values[:20]) + (" ..." if len(values) > 20 else "")
        several = " (several, separated by ;)" if column.kind is Kind.MULTI_LIST else ""
        return f"{shown}{several}"
    if column.list_name == "ClassGroup":
        return "Names from the Classes-Groups sheet, separated by ;"
    if column.list_name == "Organization":
        return "Your schools, exactly as the portal names them" + (
            ", separated by ;" if column.kind is Kind.MULTI_LIST and column.max_items != 1 else "")
    if column.kind is Kind.EMAIL:
        return "An email address"
    if column.kind is Kind.WHOLE_NUMBER and column.number_range:
        return f"A whole number, usually {column.number_range[0]} to {column.number_range[1]}"
    limits = []
    if column.min_length:
        limits.append(f"at least {column.min_length} characters")
    if column.max_length:
        limits.append(f"at most {column.max_length} characters")
    return ", ".join(limits).capitalize()


FROM_SIS = [
    "rosterxl made this workbook from your student information system's files ({source}). Review it: every cell "
    "marked in red or yellow needs a person, and the Issues sheet links to each one. The From the SIS sheet lists "
    "the problems found in the files themselves and every record not brought over.",
    "The decisions below made what no SIS field says. Change them in rosterxl.toml's [sis] section and make the "
    "workbook from the SIS files again, rather than editing hundreds of cells.",
]


FOR_SCHOOL = [
    "This workbook is for {school} only: it holds the records your district has for {school}. Add the ones that "
    "are missing, correct what is wrong, and delete the rows of people who have left.",
    "Every Organization cell is {school}: its dropdown lists only this school, and any other value turns red. "
    "The Classes/Groups dropdowns list only this school's classes.",
    "An educator who also works at another school is in that school's workbook too, with that school: here, "
    "change only what concerns {school}.",
    "When you are done, save the workbook (File > Save, keeping its name and the .xlsx format) and send it back "
    "to your district's rostering coordinator.",
]


def instruction_rows(catalog: Catalog, plans: list[SheetPlan], made_from: str | None = None,
                     decisions: list[tuple[str, str, str, str]] = (), school: str | None = None
                     ) -> list[tuple[list[str], str]]:
    """(cells, kind) per row; kind is "title", "heading", "columns" (a table header) or "". `made_from` and
    `decisions`: a workbook from-sis made, its source and the decisions used (catalog.sis_decisions). `school`:
    a per-school workbook's school (its records start in row 2, with no example rows)."""
    rows: list[tuple[list[str], str]] = [
        (["Imagine Learning rostering template"], "title"), ([catalog.district or "Made with rosterxl"], ""),
        ([], "")]
    general = GENERAL
    if school:
        rows += [([f"For {school}"], "heading")]
        rows += [([text.format(school=school)], "") for text in FOR_SCHOOL]
        rows += [([], "")]
        general = [t for t in GENERAL if "grey example rows" not in t]
    if made_from:
        rows += [(["Made from your student information system"], "heading")]
        rows += [([text.format(source=made_from)], "") for text in FROM_SIS]
        rows += [(["Decision", "Setting ([sis])", "Used here", "From"], "columns")]
        rows += [([what, key, used, source], "") for what, key, used, source in decisions]
        rows += [([], "")]
        general = [t for t in GENERAL if "grey example rows" not in t]
    rows += [(["How to fill in this workbook"], "heading")]
    rows += [([f"{n}. {text}"], "") for n, text in enumerate(general, start=1)]
    for plan in plans:
        rows += [([], ""), ([f"The {plan.entity.sheet} sheet: one row per {plan.entity.noun}"], "heading"),
                 (["Column", "Required?", "What goes here", "Allowed values"], "columns")]
        rows += [([c.header, "Required" if c.required else "Optional", c.help, _allowed(c, catalog)], "")
                 for c in plan.columns]
    return rows
