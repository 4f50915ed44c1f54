"""The checks. Each is a small function over a Table that yields Issues with a stable code;
`check_tables` runs them all over tables checked together."""
from __future__ import annotations

from collections.abc import Callable

from rosterxl.catalog.catalog import Catalog
from rosterxl.model import Issue, Severity, Table, cell_position
from rosterxl.rules import crossref, formats, lists, required, roundtrip, samples, sheet, text, unique  # noqa: F401
from rosterxl.rules.base import CHECKS, Context
from rosterxl.speed import without_gc_pauses


def check_tables(tables: list[Table], catalog: Catalog,
                 on_step: Callable[[str], None] | None = None) -> tuple[list[Issue], Context]:
    """Every issue of the tables, in sheet order, then row, then column."""
    ctx = Context(catalog, tables)
    issues: list[Issue] = []
    with without_gc_pauses():
        for table in tables:
            for name, func in CHECKS:
                issues.extend(func(ctx, table))
                if on_step:
                    on_step(f"{table.sheet}: {name}")
    ctx.release()
    order = {t.sheet: i for i, t in enumerate(tables)}
    issues.sort(key=lambda i: (order.get(i.sheet, 0), i.row, cell_position(i.cell)[1]))
    return issues, ctx


def steps(tables: list[Table]) -> int:
    return len(tables) * len(CHECKS)


def has_errors(issues: list[Issue], sheet_name: str | None = None) -> bool:
    return any(i.severity is Severity.ERROR and (sheet_name is None or i.sheet == sheet_name) for i in issues)
