"""Showing issues to people: grouped by sheet on a terminal, or as JSON for programs."""
from __future__ import annotations

import json
from collections import Counter

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from rosterxl.model import Issue, Severity, Table, plural

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def summary(tables: list[Table], issues: list[Issue], records: dict[int, int]) -> dict:
    counts = Counter((i.sheet, i.severity) for i in issues)
    sheets = [{"sheet": t.sheet, "file": t.source, "entity": t.entity.name, "records": records[id(t)],
               "errors": counts[(t.sheet, Severity.ERROR)], "warnings": counts[(t.sheet, Severity.WARNING)]}
              for t in tables]
    return {"files": sorted({t.source for t in tables}), "sheets": sheets,
            "errors": sum(s["errors"] for s in sheets), "warnings": sum(s["warnings"] for s in sheets)}


def as_json(issues: list[Issue], summary_: dict) -> str:
    return json.dumps({"issues": [i.as_dict() for i in issues], "summary": summary_},
                      ensure_ascii=False, indent=2)


def print_issues(console: Console, issues: list[Issue], summary_: dict, max_per_sheet: int = 200) -> None:
    for sheet in summary_["sheets"]:
        mine = [i for i in issues if i.sheet == sheet["sheet"]]
        title = Text.assemble((sheet["sheet"], "bold"), f"  ({sheet['file']}, {sheet['entity']}): ",
                              f"{plural(sheet['records'], 'record')}, ",
                              (plural(sheet["errors"], "error"), "red" if sheet["errors"] else "green"), ", ",
                              (plural(sheet["warnings"], "warning"), "yellow" if sheet["warnings"] else ""))
        console.print()
        console.print(title)
        if not mine:
            console.print("  Nothing to fix.", style="green")
            continue
        shown = mine if max_per_sheet <= 0 else mine[:max_per_sheet]
        grid = RichTable(show_header=True, header_style="bold", box=None, pad_edge=False, expand=False)
        for name, kw in (("Cell", {"no_wrap": True}), ("", {"no_wrap": True}), ("Column", {"max_width": 18}),
                         ("What is wrong", {"ratio": 1})):
            grid.add_column(name, **kw)
        for issue in shown:
            message = Text(issue.message)
            if issue.suggestion:
                message.append(f"\n→ {issue.suggestion}", style="cyan")
            grid.add_row(issue.cell, Text(issue.severity.value, style=STYLE[issue.severity]), issue.column, message)
        console.print(grid)
        if len(mine) > len(shown):
            console.print(f"  … and {len(mine) - len(shown):,} more. See them all with --max-issues 0 "
                          "or --format json.", style="dim")
    console.print()
    errors, warnings = summary_["errors"], summary_["warnings"]
    verdict = ("[green]Ready to upload.[/]" if not errors else
               "[red]Fix the errors before uploading[/]: the portal would reject these records.")
    console.print(f"{plural(errors, 'error')} and {plural(warnings, 'warning')} in "
                  f"{plural(len(summary_['sheets']), 'sheet')}. {verdict}")
