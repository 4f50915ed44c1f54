"""Showing what the library found: issues grouped by sheet on a terminal, or JSON for programs; what saving did."""
from __future__ import annotations

import json
import re
from collections import Counter
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from rosterxl import Issue, Severity, plural

if TYPE_CHECKING:
    from rosterxl import SheetSaved

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}
# control characters (an ESC sequence in a cell could recolour or clear the terminal), shown as \xNN
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CONTROL_AND_LINES = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: object, lines: bool = True) -> str:
    """Text from a file (a value, a sheet or file name) as a terminal may print it; `lines=False` for a
    one-line sentence, where a line break in a file name is shown too."""
    return (CONTROL if lines else CONTROL_AND_LINES).sub(lambda m: f"\\x{ord(m.group(0)):02x}", str(text))


class PlainConsole(Console):
    """A console that prints text as text: no markup read into file names or values ('Students [final].csv'
    stays whole), control characters made visible. Colour comes from Text styles only."""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, highlight=False, soft_wrap=True, emoji=False, **kwargs)

    def print(self, *objects, **kwargs) -> None:
        super().print(*[Text(printable(o)) if isinstance(o, str) else o for o in objects], **kwargs)


def say(*parts: str | tuple[str, str]) -> Text:
    """A line from plain pieces and (text, style) pieces, each shown as text on one line."""
    return Text.assemble(*[(printable(p[0], False), p[1]) if isinstance(p, tuple) else printable(p, False)
                           for p in parts])


def as_json(issues: list[Issue], summary_: dict) -> str:
    return json.dumps({"issues": [i.as_dict() for i in issues], "summary": summary_},
                      ensure_ascii=False, indent=2)


def print_issues(console: Console, issues: list[Issue], summary_: dict, max_per_sheet: int = 200,
                 blocked: str = "") -> None:
    """Each sheet's issues and the verdict; `blocked`: why the sheets are not ready even without errors of their
    own (from-sis: errors in the SIS files)."""
    for sheet in summary_["sheets"]:
        mine = [i for i in issues if i.sheet == sheet["sheet"] and i.file in (sheet["file"], None)]
        samples = (f" (the template's {plural(sheet['sample_rows'], 'sample row')} left out)"
                   if sheet.get("sample_rows") else "")
        title = say((sheet["sheet"], "bold"), f"  ({sheet['file']}, {sheet['entity']}): ",
                              f"{plural(sheet['records'], 'record')}{samples}, ",
                              (plural(sheet["errors"], "error"), "red" if sheet["errors"] else "green"), ", ",
                              (plural(sheet["warnings"], "warning"), "yellow" if sheet["warnings"] else ""))
        console.print()
        console.print(title)
        if not mine:
            console.print("  Nothing to fix.", style="green")
            continue
        mine.sort(key=lambda i: i.severity is not Severity.ERROR)          # errors first, each in cell order
        shown, folded = _fold(mine, max_per_sheet)
        grid = RichTable(show_header=True, header_style="bold", box=None, pad_edge=False, expand=False)
        for name, kw in (("Cell", {"no_wrap": True}), ("", {"no_wrap": True}), ("Column", {"max_width": 18}),
                         ("What is wrong", {"ratio": 1})):
            grid.add_column(name, **kw)
        for issue in shown:
            if isinstance(issue, str):              # the line that stands for many issues of one kind
                grid.add_row("", "", "", Text(issue, style="dim"))
                continue
            message = Text(printable(issue.message))
            if issue.suggestion:
                message.append(f"\n→ {printable(issue.suggestion)}", style="cyan")
            grid.add_row(issue.cell, Text(issue.severity.value, style=STYLE[issue.severity]),
                         Text(printable(issue.column)), message)
        console.print(grid)
        if folded:
            console.print(f"  … and {folded:,} more. See them all with --max-issues 0 "
                          "or --format json.", style="dim")
    console.print()
    errors, warnings = summary_["errors"], summary_["warnings"]
    verdict = (("Ready to upload.", "green"),) if not errors and not blocked else (
        ("Not ready to upload", "red"), f": {blocked}") if not errors else (
        ("Fix the errors before uploading", "red"), ": the portal would reject these records.")
    console.print(say(f"{plural(errors, 'error')} and {plural(warnings, 'warning')} in "
                      f"{plural(len(summary_['sheets']), 'sheet')}. ", *verdict))


MANY = 10          # issues of one kind in one column from which the text shows a few and a line for the rest
SHOWN_OF_MANY = 3


def _fold(issues: list[Issue], limit: int) -> tuple[list[Issue | str], int]:
    """What the text shows of a sheet's issues: a column with many issues of one kind shows the first few and
    one line for the rest (the JSON keeps every cell); at most `limit` issues (0: all). Returns the rows and
    how many issues the limit left out."""
    kinds = Counter((i.column, i.code) for i in issues)
    seen: Counter = Counter()
    rows: list[Issue | str] = []
    shown = 0
    for issue in issues:
        key = (issue.column, issue.code)
        seen[key] += 1
        if kinds[key] >= MANY and seen[key] > SHOWN_OF_MANY:
            if seen[key] == SHOWN_OF_MANY + 1:
                rest = kinds[key] - SHOWN_OF_MANY
                rows.append(f"… {plural(rest, 'more cell')} of {printable(issue.column)} with this "
                            f"{issue.severity.value} ({issue.code})")
            continue
        if limit > 0 and shown >= limit:
            continue
        rows.append(issue)
        shown += 1
    folded = sum(n if n < MANY else SHOWN_OF_MANY for n in kinds.values()) - shown    # the limit's, not the kinds'
    return rows, folded


def print_saved(console: Console, saved: list[SheetSaved]) -> None:
    """One line per sheet: where its records went, or why they did not."""
    for sheet in saved:
        if sheet.changes is not None:
            found = sheet.changes
            console.print(f"{sheet.sheet}: {plural(found.count('added'), 'row')} added and "
                          f"{plural(found.count('changed'), 'row')} changed since the export; "
                          f"{plural(found.count('unchanged'), 'row')} left out.")
        console.print(_saved_line(sheet))
        if len(sheet.from_files) > 1:
            _print_from_files(console, sheet)
        for text in sheet.notes:
            console.print(say(("  Note: ", "yellow"), text))


def _saved_line(sheet: SheetSaved) -> Text:
    """Where a sheet's records went, or why they did not."""
    if sheet.status == "empty":
        return Text(printable(f"{sheet.sheet}: no records, no file written."))
    if sheet.formulas:
        cells = ", ".join(sheet.formulas[:5]) + (f" and {len(sheet.formulas) - 5} more" if len(sheet.formulas) > 5
                                                 else "")
        return say((f"{sheet.sheet}: not saved", "red"), f": {cells} would run as "
                   f"{'a formula' if len(sheet.formulas) == 1 else 'formulas'} in a spreadsheet, and no "
                   "CSV holds one, even with --force (see rosterxl check).")
    if sheet.status == "refused":
        return say((f"{sheet.sheet}: not saved", "red"), f": {plural(sheet.errors, 'error')} to fix first "
                   "(see them with rosterxl check, or save anyway with --force).")
    note = f" ({plural(sheet.samples_left_out, 'sample row')} left out)" if sheet.samples_left_out else ""
    forced = (f" with {plural(sheet.errors, 'error')}, as asked", "red") if sheet.errors else ""
    return say(f"{sheet.sheet}: {plural(sheet.records, 'record')} → " + ", ".join(str(p) for p in sheet.files) + note,
               forced)


def _print_from_files(console: Console, sheet: SheetSaved) -> None:
    """A sheet saved from several files (the schools' returns): how many records each gave, and its errors."""
    combined = (f" ({plural(sheet.combined, 'record')} given in several files, as one educator at several "
                "schools is, written once)") if sheet.combined else ""
    console.print(say("  from " + ", ".join(f"{name}: {n:,}" for name, n, _, _ in sheet.from_files) + combined))
    if sheet.status == "refused":
        console.print(say("  errors in " + ", ".join(f"{name}: {n:,}" for name, _, n, _ in sheet.from_files if n)))


def collected_json(result) -> str:
    """A collect for programs: the District summary, every issue (with its file), the upload set."""
    saved = [{"sheet": s.sheet, "status": s.status, "records": s.records, "errors": s.errors,
              "files": [str(p) for p in s.files], "from_files": {name: n for name, n, _, _ in s.from_files},
              "written_once": s.combined} for s in result.saved]
    return json.dumps({"district": result.summary.as_dict(), "issues": [i.as_dict() for i in result.roster.check()],
                       "summary": result.roster.summary(), "upload": saved,
                       "summary_workbook": str(result.summary_book) if result.summary_book else None},
                      ensure_ascii=False, indent=2)


def _summary_grid(rows: list[list]) -> RichTable:
    """The District summary's rows as a terminal table, each school's state coloured."""
    grid = RichTable(show_header=True, header_style="bold", box=None, pad_edge=False, expand=False)
    shown = [i for i, name in enumerate(rows[0]) if name not in ("File used", "Saved", "Note")]
    for i in shown:
        grid.add_column(rows[0][i], no_wrap=i == 0, max_width=40 if i == 0 else None)
    for row in rows[1:]:
        style = {"not returned": "red", "errors to fix": "red", "ready": "green"}.get(str(row[2]), "yellow")
        grid.add_row(*[Text(printable(row[i]), style=style if i == 2 else "") for i in shown])
    return grid


def print_collected(console: Console, result, max_per_sheet: int) -> None:
    """The District summary first (whom to call), then the issues of each returned file, then the upload set."""
    summary = result.summary
    missing = summary.missing()
    console.print(say((f"{result.district or 'The district'}", "bold"), f": {plural(len(summary.schools), 'school')} "
                      f"({summary.list_from}); {len(summary.schools) - len(missing):,} returned, ",
                      (f"{len(missing):,} not returned", "red" if missing else "green"), "."))
    console.print(_summary_grid(summary.rows()))
    for school in summary.schools:
        for old, when in school.replaced:
            console.print(say(f"{school.school}: used {school.file} ({school.saved}); its earlier return {old} "
                              f"({when}) is left out."))
    for u in summary.unrecognised:
        console.print(say((f"{u.file}: ", "yellow"), u.why))
    if missing:
        console.print(say(("Not returned: ", "bold red"), "; ".join(s.school for s in missing)))
    print_issues(console, result.roster.check(), result.roster.summary(), max_per_sheet)
    console.print()
    print_saved(console, result.saved)
    if result.summary_book:
        console.print(f"Wrote the District summary: {result.summary_book}")
        if result.kept:
            console.print(f"The file that was there is kept as {result.kept.name}.")


def diff_report(changes) -> list[dict]:
    """What changed since the portal's export, sheet by sheet, as `rosterxl diff --format json` gives it."""
    return [{"sheet": table.sheet, "added": [c.row.number for c in found.rows if c.status == "added"],
             "changed": [{"row": c.row.number, "database_id": c.database_id, "columns": [h.text for h in c.columns],
                          "cells": [_was_now(h, c) for h in c.columns]}
                         for c in found.rows if c.status == "changed"],
             "unchanged": found.count("unchanged"), "not_in_sheet": found.gone} for table, found in changes]


def print_diff(console: Console, report: list[dict], shown: int = 200) -> None:
    """Each sheet's counts, then its changed rows cell by cell (the first `shown`), then the rows added."""
    for sheet in report:
        console.print(say((sheet["sheet"], "bold"), f": {plural(len(sheet['added']), 'row')} added, "
                          f"{plural(len(sheet['changed']), 'row')} changed, {plural(sheet['unchanged'], 'row')} "
                          f"unchanged, {plural(len(sheet['not_in_sheet']), 'exported record')} no longer in the "
                          "sheet."))
        for change in sheet["changed"][:shown]:
            _print_change(console, change)
        if len(sheet["changed"]) > shown:
            console.print(f"  ... and {len(sheet['changed']) - shown:,} more changed rows: see them all with "
                          "--format json.")
        if sheet["added"]:
            console.print(f"  added: rows {', '.join(map(str, sheet['added'][:50]))}"
                          + (" ..." if len(sheet["added"]) > 50 else ""))


def _print_change(console: Console, change: dict) -> None:
    console.print(f"  row {change['row']} (Database ID {change['database_id']}):")
    for cell in change["cells"]:
        if cell["was"] is None:
            console.print(f"    {cell['column']}: a new password")
        else:
            console.print(f"    {cell['column']}: {_shown(cell['was'])} -> {_shown(cell['now'])}")


def _was_now(header, change) -> dict:
    """One changed cell of a diff: its column, what the export had, what the sheet has (a password: neither)."""
    if header.secret:
        return {"column": header.text, "cell": f"{header.letter}{change.row.number}", "was": None, "now": None}
    return {"column": header.text, "cell": f"{header.letter}{change.row.number}",
            "was": change.before.get(header.index, ""), "now": change.row.values[header.index]}


def _shown(value: str) -> str:
    return f"'{value}'" if value else "(empty)"


def sis_json(result) -> str:
    """from-sis for programs: the files, what they held and what became of it, the merge, the issues."""
    roster = result.roster
    return json.dumps({
        "format": result.format, "files": result.files, "workbook": str(result.workbook),
        "records": result.records(), "problems": [p.as_dict() for p in result.problems],
        "left_out": [{"file": x.where.file, "row": x.where.row, "record": x.kind, "name": x.name, "why": x.why}
                     for x in result.left_out],
        "decisions_applied": result.applied,
        "merged": [{"sheet": m.plan.entity.sheet, "export": m.export or None, "in_both": m.matched, "new": m.new,
                    "portal_only": [{"file": x.where.file, "row": x.where.row, "name": x.name}
                                    for x in m.portal_only]} for m in result.merged],
        "changes": {t.sheet: {"added": c.count("added"), "changed": c.count("changed"),
                              "unchanged": c.count("unchanged")} for t, c in roster.changes()},
        "issues": [i.as_dict() for i in roster.check()],
        "summary": roster.summary()}, ensure_ascii=False, indent=2)


def schools_json(result) -> str:
    """The school workbooks for programs: each school's file and counts, and the records of no school."""
    return json.dumps({
        "schools": [{"school": w.school, "file": str(w.path), "records": w.records, "shared": w.shared,
                     "kept_as": str(w.backup) if w.backup else None} for w in result.written],
        "not_placed": [{"file": u.table.source, "sheet": u.table.sheet, "row": u.row.number, "why": u.why}
                       for u in result.unplaced]}, ensure_ascii=False, indent=2)


def print_schools(console: Console, result, out_dir) -> None:
    """Each school's workbook with its counts, then the records no school's workbook holds, and why."""
    for written in result.written:
        counts = ", ".join(f"{plural(n, 'record')} on {sheet}" for sheet, n in written.records.items())
        shared = f" ({plural(written.shared, 'record')} also in another school's workbook)" if written.shared else ""
        console.print(f"{written.school}: {written.path}: {counts}{shared}")
        if written.backup:
            console.print(f"  the file that was there is kept as {written.backup.name}")
    if result.unplaced:
        console.print(say((f"Not in any school's workbook: {plural(len(result.unplaced), 'record')}", "bold"),
                          " (correct their school in the district's file and make the workbooks again)"))
        for item in result.unplaced:
            column = item.table.header_for("organization") or item.table.header_for("organizations")
            console.print(f"  {item.table.source}, {item.table.sheet} row {item.row.number}, column {column.text}: "
                          f"{item.why}")
    console.print(f"Wrote {plural(len(result.written), 'school workbook')} in {out_dir}. Email each school its "
                  "workbook; they send it back filled in.")


def print_fixed(console: Console, results, before: str) -> None:
    """Each workbook's changes, cell by cell (`before`: what the kept copy is, "the original" with --in-place)."""
    if not any(r.fixed for r in results):
        console.print(f"Nothing to fix that rosterxl is sure of: the workbook{'s are' if len(results) > 1 else ' is'} "
                      "unchanged. rosterxl check --mark marks what needs a person.")
    for result in results:
        if not result.fixed:
            continue
        kept = f" ({before} is kept as {result.backup.name})" if result.backup else ""
        console.print(say(("Fixed ", "bold"), f"{plural(len(result.fixed), 'cell')} in {result.target}{kept}:"))
        for f in result.fixed:
            console.print(f"  {f.line()}{' (accepted)' if f.accepted else ''}")


def print_answers(console: Console, results) -> None:
    """The Yes answers not written (their cell changed since), and the likely fixes that wait for a yes."""
    stale = [f"{sheet}!{cell}" for r in results for sheet, cell in r.not_applied]
    if stale:
        console.print(f"Not written, though answered Yes on the Issues sheet: {', '.join(stale[:10])}"
                      f"{f' and {len(stale) - 10:,} more' if len(stale) > 10 else ''}. The cell or its suggested fix "
                      "has changed since the sheet was made; check the workbook again (check --mark) and answer "
                      "anew.")
    offered = sum(len(r.waiting) for r in results)
    if offered:
        written = [r.target.name for r in results if r.target]
        where = ("choose Yes in their Apply? cells on the Issues sheet (check --mark writes one) and fix again"
                 if not written else f"choose Yes in their Apply? cells on the Issues sheet of {', '.join(written)} "
                 "and fix it again")
        console.print(f"{offered:,} likely fix{' waits' if offered == 1 else 'es wait'} for a yes: {where}, or fix "
                      "with --accept all (or --accept CODE).")
