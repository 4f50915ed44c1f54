"""The checks. Each is a declared unit (rules/base.py: its codes, how it judges a table, its live form in a
template); CHECKS below is the registry and sets the order they run in. `check_tables` runs them over
tables checked together."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.catalog.columns import Column
from rosterxl.core.gc_pauses import without_gc_pauses
from rosterxl.core.model import Issue, Severity, cell_position
from rosterxl.core.rules import (
    crossref,
    database_ids,
    excel_damage,
    formats,
    lists,
    pasted_text,
    required,
    samples,
    sheet,
    unique,
)
from rosterxl.core.rules.base import Check, Code, Context, LiveCell
from rosterxl.core.tables import Table

CHECKS: tuple[Check, ...] = (
    crossref.classes_in_school,
    formats.formats,
    formats.blank_passwords,
    lists.lists,
    lists.misspelt_organizations,
    required.required_values,
    database_ids.round_trip,
    samples.sample_rows,
    sheet.header_row,
    sheet.size,
    sheet.hidden,
    pasted_text.text,
    excel_damage.excel_damage,
    unique.unique_values,
)


def all_codes() -> dict[str, Code]:
    """Every code any check raises, by code, in the order of the checks."""
    found: dict[str, Code] = {}
    for check in CHECKS:
        for code in check.codes:
            found.setdefault(code.code, code)
    return found


def check_tables(tables: list[Table], catalog: Catalog, on_step: Callable[[str], None] | None = None,
                 checks: Iterable[Check] | None = None) -> tuple[list[Issue], Context]:
    """Every issue of the tables, in sheet order, then row, then column. `checks` runs some checks alone (all of
    CHECKS when None)."""
    checks = tuple(CHECKS if checks is None else checks)
    ctx = Context(catalog, tables)
    issues: list[Issue] = []
    with without_gc_pauses():
        for table in tables:
            for check in checks:
                issues.extend(check(ctx, table))
                if on_step:
                    on_step(f"{table.sheet}: {check.name}")
    ctx.release()
    issues = one_cause_one_message(issues)
    order = {(t.source, t.sheet): i for i, t in enumerate(tables)}
    issues.sort(key=lambda i: (order.get((i.file, i.sheet), 0), i.row, cell_position(i.cell)[1]))
    return issues, ctx


# What a value's cause explains on the same cell: a date Excel made of '3-Mar' is not also a grade the portal
# does not know; a pasted non-breaking space is not also a stray space; a school not in the list is not also a
# rare spelling. The cause is the one message, with the worst severity of what it explains.
VALUE_CODES = ("list.", "multi.", "cross.", "format.", "text.spaces", "organization.misspelt", "excel.number")
CAUSES: dict[str, tuple[str, ...]] = {
    "excel.date": VALUE_CODES, "excel.scientific": VALUE_CODES, "excel.boolean": VALUE_CODES,
    "text.formula": VALUE_CODES, "text.garbled": VALUE_CODES, "text.too-long": VALUE_CODES,
    "text.invisible": ("text.spaces", "format.line-break"),
    "multi.separator": ("organization.misspelt", "multi.too-many"),
    "list.not-allowed": ("organization.misspelt",),
}


def one_cause_one_message(issues: list[Issue]) -> list[Issue]:
    """On each cell, the issues a cause on that cell explains are folded into it."""
    by_cell: dict[tuple[str | None, str, str], list[Issue]] = {}
    for issue in issues:
        by_cell.setdefault((issue.file, issue.sheet, issue.cell), []).append(issue)
    folded: set[int] = set()
    for found in by_cell.values():
        if len(found) < 2:
            continue
        for cause in found:
            explains = CAUSES.get(cause.code)
            if not explains or id(cause) in folded:
                continue
            for other in found:
                if other is not cause and id(other) not in folded and other.code != cause.code \
                        and other.code.startswith(explains):
                    folded.add(id(other))
                    if other.severity is Severity.ERROR:
                        cause.severity = Severity.ERROR
    return [i for i in issues if id(i) not in folded] if folded else issues


def steps(tables: list[Table]) -> int:
    return len(tables) * len(CHECKS)


def live_checks(column: Column, at: LiveCell) -> list[str]:
    """A template's conditional-format formulas for one column, from the checks that have a live form:
    each is TRUE, and turns the cell red, when the value is wrong."""
    return [formula for check in CHECKS if check.live for formula in check.live(column, at)]


def has_errors(issues: list[Issue], sheet_name: str | None = None) -> bool:
    return any(i.severity is Severity.ERROR and (sheet_name is None or i.sheet == sheet_name) for i in issues)


def codes_table() -> str:
    """The README's table of codes, made from the declarations."""
    lines = ["| code | finds | default |", "|---|---|---|"]
    for code in sorted(all_codes().values(), key=lambda c: c.code):
        lines.append(f"| `{code.code}` | {code.finds.replace('|', chr(92) + '|')} | {code.default_text} |")
    return "\n".join(lines)


def codes_module() -> str:
    """The text of rosterxl/core/codes.py, made from the declarations (the config reads it to name codes)."""
    codes = sorted(all_codes().values(), key=lambda c: c.code)
    body = "".join(f"    {code.code!r}:\n        {code.finds!r},\n" for code in codes)
    return ('"""Every check\'s stable code and what it finds, made from the checks\' declarations by\n'
            "`python -m rosterxl.core.rules` (a test checks it is current). Config keys use these codes.\"\"\"\n\n"
            f"CODES: dict[str, str] = {{\n{body}}}\n")
