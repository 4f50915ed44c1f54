"""The functions behind the Roster ribbon buttons. Each takes an xw.Book (the calling book when none is given),
runs one workflow of the library on the live workbook's grids, and tells the person what happened. Where an
engine lacks something they degrade and say so.

Each function is declared with the buttons that call it (`@button`): the VBA Sub its ribbon entry names and
the keyword arguments that Sub passes. The add-in check and the xlwings @script versions come from here."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlwings as xw

from rosterxl import Accept, Roster, RosterInputError, collect, load_config, read_export
from rosterxl.core.catalog.config import CONFIG_NAME
from rosterxl.core.fixing import fix_summary, not_applied, waiting
from rosterxl.core.layout import FIRST_ROW, SIS_SHEET
from rosterxl.core.model import plural
from rosterxl.core.template import plans_from_choices
from rosterxl.from_sis import sis_sheets
from rosterxl.media.live import marks_in_book as marker
from rosterxl.media.live.book import LiveBook, book_folder, caller, find_sheet, is_remote, own_lists, put_text
from rosterxl.media.live.template_sheets import add_export_sheet, add_filled_sheets, add_template_sheets
from rosterxl.media.live.template_sheets import refresh_lists as rewrite_lists
from rosterxl.roster import find_config, workbook_catalog


@dataclass(frozen=True)
class Button:
    """A ribbon button: the VBA Sub its onAction names (None: only an xlwings @script), the function that Sub
    calls and the keyword arguments it passes, and the name of its @script version (None: no script, as
    for a button that needs a file dialog)."""

    sub: str | None
    function: Callable[..., Any]
    kwargs: dict[str, Any] = field(default_factory=dict)
    script: str | None = None


BUTTONS: list[Button] = []


def button(sub: str | None, script: str | None = "", **kwargs: Any) -> Callable:
    """Declare a button that calls the decorated function. `script` names its @script version; by default
    rosterxl_<function>; None for none."""
    def declare(func: Callable) -> Callable:
        name = f"rosterxl_{func.__name__}" if script == "" else script
        at = next((i for i, b in enumerate(BUTTONS) if b.function is func), len(BUTTONS))
        BUTTONS.insert(at, Button(sub, func, kwargs, name))     # stacked decorators keep their written order
        return func
    return declare


NO_SHEETS = ("No sheet here looks like Classes/Groups, Educators or Students: their header row should be in row 1. "
             "Use 'New template' to add the sheets.")


def _tell(book: xw.Book, text: str, title: str = "rosterxl") -> None:
    book.app.alert(text, title=title)


def _config(book: xw.Book, config: str | None = None) -> str | Path | None:
    """The district config given, or rosterxl.toml beside the workbook, else in the current folder (where
    xlwings Server runs, for a workbook whose folder it cannot see): the command line's rule."""
    if config:
        return config
    folder = book_folder(book)
    return find_config(folder / CONFIG_NAME if folder is not None else None)      # find_config looks beside it


def _roster(book: xw.Book) -> Roster:
    return Roster.from_book(LiveBook(book), _config(book), lists=own_lists(book))


# ---- Check and Clear marks ---------------------------------------------------------------------------------

@button("RosterCheck")
def check(book: xw.Book | None = None) -> dict[str, int]:
    """Check every entity sheet, mark each bad cell with a fill and a note, write the Issues sheet."""
    book = caller(book)
    roster = _roster(book)
    if not roster.tables:
        _tell(book, NO_SHEETS)
        return {"errors": 0, "warnings": 0}
    issues = roster.check()
    plan = roster.marks()
    plan.answers = marker.answers(book)          # a person's Apply? answers stay on the rows still there
    marker.clear(book)
    drawn = marker.draw(book, plan)
    errors = roster.errors()
    text = (f"{plural(errors, 'error')} and {plural(len(issues) - errors, 'warning')} "
            f"in {plural(len({(i.sheet, i.cell) for i in issues}), 'cell')}. The {drawn.issues_sheet} sheet lists "
            "them, with a link to each cell.")
    if drawn.without_note:
        text += (f" {plural(len(drawn.without_note), 'cell')} already had a note or this Excel cannot add notes: "
                 f"their problems are on the {drawn.issues_sheet} sheet only.")
    _tell(book, text, "rosterxl: check")
    return {"errors": errors, "warnings": len(issues) - errors}


@button("RosterFix")
def fix(book: xw.Book | None = None) -> int:
    """Fix what rosterxl is sure of (the portal's spellings, semicolons between known values, values given twice,
    stray spaces and invisible characters, a mistyped Database ID whose original is certain) and the likely fixes
    a person chose Yes for in the Issues sheet's Apply? column, list each change on the Issues sheet, and mark
    what is left for a person. Returns how many cells were changed."""
    book = caller(book)
    roster = _roster(book)
    if not roster.tables:
        _tell(book, NO_SHEETS)
        return 0
    answers = marker.answers(book)
    fixed, after = roster.fixes(Accept.answered(answers))
    marker.clear(book)
    for f in fixed:
        put_text(book.sheets[f.sheet], f.cell, f.now)
    plan = after.marks()
    plan.answers = answers
    plan.summary[:0] = fix_summary(fixed)
    drawn = marker.draw(book, plan)
    errors = after.errors()
    left = (f"{plural(errors, 'error')} and {plural(len(plan.issues) - errors, 'warning')} are left for you: "
            f"the {drawn.issues_sheet} sheet lists them, with a link to each cell.")
    stale = [f"{sheet}!{cell}" for sheet, cell in not_applied(answers, fixed)]
    if stale:
        left += (f" Not written, though answered Yes: {', '.join(stale[:10])}{' and more' if len(stale) > 10 else ''}"
                 " (the cell or its suggested fix changed since the Issues sheet was made).")
    offered = len(waiting(plan.issues, answers))
    if offered:
        left += (f" {offered:,} suggested fix{'' if offered == 1 else 'es'} rosterxl is not sure of: choose Yes in "
                 "their Apply? column and click Fix again to have them written.")
    _tell(book, (f"Fixed {plural(len(fixed), 'cell')}; the {drawn.issues_sheet} sheet lists each change. "
                 if fixed else "Nothing to fix that rosterxl is sure of. ") + left, "rosterxl: fix")
    return len(fixed)


@button("RosterClearMarks")
def clear_marks(book: xw.Book | None = None) -> int:
    """Remove exactly the marks rosterxl made (by Check or by the command line) and give the cells back their
    own fills and notes."""
    book = caller(book)
    cleared = marker.clear(book)
    _tell(book, "This workbook has no rosterxl marks." if cleared is None else
          f"Cleared the marks of {plural(cleared, 'cell')}.")
    return cleared or 0


# ---- Save CSVs and Open export -----------------------------------------------------------------------------

@button("RosterSaveCsvs")
@button("RosterSaveChanges", script="rosterxl_save_changes", changed_only=True)
@button(None, script="rosterxl_save_csvs_anyway", force=True)
def save_csvs(book: xw.Book | None = None, force: bool = False, folder: str | None = None,
              changed_only: bool = False) -> list[str]:
    """Write the upload CSV files next to the workbook (split past 10,000 records), with the library's one
    policy: a sheet with errors only when the person says so. `changed_only`: only the rows added or changed
    since the portal's export."""
    book = caller(book)
    where = Path(folder) if folder else book_folder(book)
    if where is None:
        _tell(book, "This Excel cannot save files from Python (Excel on the web, xlwings Lite or Server). Save "
                    "the workbook and use the command line: rosterxl export WORKBOOK --out-dir FOLDER.")
        return []
    roster = _roster(book)
    bad = [t.sheet for t in roster.tables if roster.errors(t.sheet)]
    if bad and not force and not is_remote(book):
        answer = book.app.alert(f"{', '.join(bad)} still have errors, so the portal would reject some records. "
                                "Save them anyway? (No saves only the sheets without errors.)", title="rosterxl",
                                buttons="yes_no")
        force = answer == "yes"
    saved = roster.save_csvs(where, force=force, changed_only=changed_only)
    written = [str(p) for s in saved for p in s.files]
    refused = [s.sheet for s in saved if s.status == "refused"]
    text = ("Saved: " + ", ".join(Path(p).name for p in written) + f" in {where}." if written
            else "There are no records to save." if not refused else "Nothing saved.")
    formulas = [s.sheet for s in saved if s.formulas]
    if formulas:
        text += (f" Not saved: {', '.join(formulas)} have cells a spreadsheet would run as formulas, and no CSV "
                 "holds one, even saved anyway. Check marks them.")
    refused = [s for s in refused if s not in formulas]
    if refused:
        text += (f" Not saved: {', '.join(refused)} still have errors. Fix them, or use 'Save CSVs anyway'.")
    _tell(book, text)
    return written


@button("RosterOpenExport", script=None)
def open_export(path: str, book: xw.Book | None = None) -> str:
    """Load a portal export CSV into a new sheet, its ID columns as text so nothing is lost, with a hidden
    copy of the export so Check can tell what changed (as rosterxl open-export does)."""
    book = caller(book)
    try:
        table = read_export(path, load_config(_config(book)))
    except RosterInputError as exc:
        _tell(book, str(exc))
        raise
    name = add_export_sheet(book, table)
    _tell(book, f"Loaded {plural(len(table.records()), 'record')} of {Path(path).name} into the sheet '{name}'.")
    return name


@button("RosterFromSis")
def from_sis(path: str | None = None, exports: list[str] | None = None,
             book: xw.Book | None = None) -> dict[str, int]:
    """Bring the student information system's export (a OneRoster 1.1 or 1.2, or Clever, folder or .zip) into
    this workbook as the Classes-Groups, Educators and Students sheets, with a From the SIS sheet, then check
    them and mark what needs a person (as rosterxl from-sis does). Without `path`, the [sis] source of the
    rosterxl.toml beside the workbook. With the portal's `exports` (or those [sis] exports names), the records
    the portal has keep their Database ID, and Save changes saves only the new and changed ones."""
    book = caller(book)
    config = _config(book)
    if not path:
        settings = load_config(config).sis if config else None
        if not settings or not settings.source:
            _tell(book, "Choose the SIS export (a folder or .zip), or name it in rosterxl.toml: [sis] source = ...")
            return {}
        path = str(Path(config).parent / settings.source)
    if Path(path).suffix.lower() == ".csv":           # one file of the export picked: its folder is the export
        path = str(Path(path).parent)
    try:
        sheets = sis_sheets(path, config, exports or ())
    except RosterInputError as exc:
        _tell(book, str(exc))
        raise
    taken = [p.entity.sheet for p in sheets.plans if find_sheet(book, p.entity.sheet) is not None]
    if taken or find_sheet(book, SIS_SHEET) is not None:
        _tell(book, f"The workbook already has a sheet called {', '.join(taken or [SIS_SHEET])}. Start from an empty "
                    "workbook, or rename or delete it first.")
        return {}
    added = add_filled_sheets(book, sheets.catalog, sheets.plans, sheets.grids, sheets.report(Path(path).name),
                              [m.snapshot for m in sheets.merged])
    roster = Roster(sheets.catalog, sheets.tables(book.name, FIRST_ROW))     # what was just written, checked
    drawn = marker.draw(book, roster.marks(), added)
    records = {t.sheet: len(roster.records(t)) for t in roster.tables}
    errors = [p for p in sheets.problems if p.severity.value == "error"]
    changes = {t.sheet: c for t, c in roster.changes()} if sheets.merged else {}
    merged = "".join(f" {s}: {c.count('added'):,} new, {c.count('changed'):,} changed." for s, c in changes.items())
    _tell(book, f"{sheets.district.format}: " + ", ".join(f"{plural(n, 'record')} on {s}" for s, n in records.items())
          + f". {plural(roster.errors(), 'error')} to fix (the {drawn.issues_sheet} sheet links to each cell)"
          + (f"; the SIS files themselves have {plural(len(errors), 'error')}, listed on the {SIS_SHEET} sheet."
             if errors else ".")
          + (f" Merged with the portal's exports:{merged} Save changes saves only those." if merged else ""),
          "rosterxl: from the SIS")
    return {**records, "errors": roster.errors(), "source_errors": len(errors),
            **{f"{s} changed": c.count("changed") for s, c in changes.items()},
            **{f"{s} new": c.count("added") for s, c in changes.items()}}


# ---- Per-school workbooks ---------------------------------------------------------------------------------

def _folder(book: xw.Book, folder: str | None, beside: Path | None, default: str, cannot: str) -> Path | None:
    """The folder the person chose, else `default` beside the workbook; None (and the person told why) where this
    Excel cannot reach files from Python."""
    if folder:
        return Path(folder)
    if beside is not None:
        return beside / default
    _tell(book, f"This Excel cannot {cannot}")
    return None


@button("RosterSchoolWorkbooks", script=None)
def school_workbooks(folder: str | None = None, book: xw.Book | None = None) -> list[str]:
    """One workbook per school, to email, made from this workbook (as rosterxl schools does): only that school's
    records, its name the only Organization, its classes in the Classes/Groups dropdowns. Into `folder` (the
    desktop VBA asks for it), else a schools folder beside this workbook; a file already there is kept as
    NAME.before-rosterxl.xlsx first."""
    book = caller(book)
    beside = book_folder(book)
    where = _folder(book, folder, beside, "schools", "save files from Python (Excel on the web, xlwings Lite or "
                    "Server). Save the workbook and use the command line: rosterxl schools WORKBOOK --out-dir FOLDER.")
    if where is None:
        return []
    roster = _roster(book)
    if not roster.tables:
        _tell(book, NO_SHEETS)
        return []
    own = [Path(book.fullname)] if beside is not None else []
    try:
        result = roster.school_workbooks(where, inputs=own)
    except RosterInputError as exc:
        _tell(book, str(exc))
        return []
    text = f"Wrote {plural(len(result.written), 'school workbook')} in {where}: " + "; ".join(
        f"{w.path.name} ({', '.join(f'{n:,} {sheet}' for sheet, n in w.records.items())})" for w in result.written)
    if result.unplaced:
        first = result.unplaced[0]
        text += (f". Not in any school's workbook: {plural(len(result.unplaced), 'record')}, because their school "
                 f"is empty or not one of the district's ({first.table.sheet} row {first.row.number}: {first.why}"
                 + (", and others" if len(result.unplaced) > 1 else "") + "). Correct them and make the workbooks "
                 "again")
    _tell(book, text + ".", "rosterxl: school workbooks")
    return [str(w.path) for w in result.written]


@button("RosterCollect", script=None)
def collect_returns(folder: str | None = None, book: xw.Book | None = None) -> dict[str, int]:
    """The workbooks the schools sent back, in `folder` (the desktop VBA asks for it), collected as rosterxl collect
    does: which schools have not returned one, all checked together, the upload set and the District summary
    written in an upload folder inside it. The open workbook, when it is the district's (saved, with records),
    gives the district's list of schools when rosterxl.toml has none. Without `folder`: a returned folder beside
    the open workbook."""
    book = caller(book)
    beside = book_folder(book)
    where = _folder(book, folder, beside, "returned", "read files from Python (Excel on the web, xlwings Lite or "
                    "Server). Use the command line: rosterxl collect FOLDER --out-dir FOLDER/upload.")
    if where is None:
        return {}
    own = [Path(book.fullname)] if beside is not None and Path(book.fullname).is_file() else []
    district = [p for p in own if p.parent != where and p.suffix.lower() in (".xlsx", ".xlsm")]
    try:
        result = collect([where], where / "upload", _config(book), district=district)
    except RosterInputError as exc:
        _tell(book, str(exc))
        return {}
    summary = result.summary
    missing = summary.missing()
    saved = [s for s in result.saved if s.status == "saved"]
    refused = [s.sheet for s in result.saved if s.status == "refused"]
    text = (f"{plural(len(summary.schools), 'school')}: {len(summary.schools) - len(missing):,} returned"
            + (f"; not returned: {'; '.join(s.school for s in missing)}" if missing else "")
            + f". {plural(result.roster.errors(), 'error')} to fix"
            + "".join(f"; {s.school}: {s.file} used, {', '.join(f for f, _ in s.replaced)} left out"
                      for s in summary.schools if s.replaced)
            + "".join(f"; {u.file}: {u.why}" for u in summary.unrecognised)
            + (f". Saved {', '.join(f'{s.records:,} {s.sheet}' for s in saved)} in {where / 'upload'}" if saved else "")
            + (f". Not saved, because of errors: {', '.join(refused)}" if refused else "")
            + f". The District summary: {result.summary_book}.")
    _tell(book, text, "rosterxl: collect")
    return {"schools": len(summary.schools), "returned": len(summary.schools) - len(missing),
            "not returned": len(missing), "errors": result.roster.errors()}


# ---- New template and Refresh lists ------------------------------------------------------------------------

@button("RosterNewTemplate")
def new_template(book: xw.Book | None = None, entities: str = "classes,educators,students",
                 optional: str = "all", config: str | None = None) -> list[str]:
    """Add the template sheets to the workbook: headers, sample rows, dropdowns from a Lists sheet, live
    red cells, text-formatted IDs. Input messages become notes on the headers (xlwings cannot set them)."""
    book = caller(book)
    catalog = workbook_catalog(_config(book, config), own_lists(book))
    plans = plans_from_choices(catalog, [e.strip() for e in entities.split(",") if e.strip()],
                               [o.strip() for o in optional.split(",") if o.strip()])
    taken = [p.entity.sheet for p in plans if find_sheet(book, p.entity.sheet) is not None]
    if taken:
        _tell(book, f"The workbook already has a sheet called {', '.join(taken)}. Rename or delete it first.")
        return []
    add_template_sheets(book, catalog, plans)
    _tell(book, f"Added {', '.join(p.entity.sheet for p in plans)}. Dropdowns and red cells work in any Excel; "
                "what goes in each column is in the note on its header.")
    return [p.entity.sheet for p in plans]


@button("RosterRefreshLists")
def refresh_lists(book: xw.Book | None = None, config: str | None = None) -> list[str]:
    """Rewrite the Lists sheet from the district config, so the dropdowns and red cells follow it."""
    book = caller(book)
    path = _config(book, config)
    if path is None:
        _tell(book, "No district config (rosterxl.toml) was found beside the workbook: the lists stay as they are.")
        return []
    refreshed = rewrite_lists(book, load_config(path))
    if refreshed is None:
        _tell(book, "This workbook has no template lists to refresh. Use 'New template' first.")
        return []
    _tell(book, f"Refreshed the lists: {', '.join(refreshed) or 'none'}, from {Path(path).name}.")
    return refreshed
