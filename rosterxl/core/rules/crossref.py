"""Across sheets: a class/group named on a student or educator exists for that person's school."""
from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

from rosterxl.core.catalog.columns import normalise_value
from rosterxl.core.model import Issue, Severity
from rosterxl.core.rules.base import Code, Context, check, quote
from rosterxl.core.tables import Table
from rosterxl.core.text import split_items

CLASS_UNKNOWN = Code("cross.class-unknown",
                     "a class/group not in the Classes/Groups sheet or config, or at another school", Severity.ERROR)


@check("classes in the right school", [CLASS_UNKNOWN])
def classes_in_school(ctx: Context, table: Table) -> Iterator[Issue]:
    classes, orgs = table.header_for("classes"), table.header_for("organizations")
    if classes is None or orgs is None:
        return
    where, shown = ctx.once("classes by school", lambda: _class_schools(ctx))
    if not where:
        return             # no class is known here: the classes already live in the portal
    matcher = ctx.matcher("Organization")
    pairs = list(zip(ctx.values(table, orgs), ctx.values(table, classes)))    # (schools cell, classes cell)
    # the classes elsewhere of each different pair, worked out once (a school's rows repeat a few)
    found = {cells: wrong for cells in set(pairs) if (wrong := _elsewhere(cells, where, shown, matcher))}
    records = ctx.records(table)
    for i in compress(range(len(pairs)), map(found.__contains__, pairs)) if found else ():
        row = records[i]
        for item, schools in found[pairs[i]]:
            yield ctx.issue(table, classes, row.number, CLASS_UNKNOWN,
                            f"The class/group {quote(classes.column, item)} exists at {schools}, not at this "
                            f"{table.entity.noun}'s school. Check the class or the {orgs.column.header.lower()}.")


def _elsewhere(cells: tuple[str, str], where: dict[str, set[str]], shown: dict[str, str], matcher
               ) -> list[tuple[str, str]]:
    """The classes of a row's classes cell that exist only at other schools than its schools cell's, each with
    those schools (worked out once for each pair of cells: a school's rows repeat a few)."""
    row_orgs = {normalise_value(o) for o in split_items(cells[0])}
    if not row_orgs or not all(matcher.canonical(o) for o in row_orgs):
        return []             # a school that is not known is the one problem to report (the list check does)
    wrong = []
    for item in split_items(cells[1]):
        at = where.get(normalise_value(item))
        if at is None or "" in at or at & row_orgs:
            continue          # unknown classes are reported by the list check
        wrong.append((item, ", ".join(sorted(shown[o] for o in at))))
    return wrong


def _class_schools(ctx: Context) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Each known class/group (normalised) and its schools, and each school as written: once for all sheets."""
    where: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for name, org in ctx.known_classes():
        where.setdefault(normalise_value(name), set()).add(normalise_value(org))
        shown.setdefault(normalise_value(org), org)
    return where, shown
