"""The functions behind the Roster ribbon buttons. Each takes an xw.Book (the calling book when none is given),
makes one call on the library's ExcelBook (rosterxl.in_excel: the workflow, to the end, on the open workbook)
and tells the person what happened, or why nothing could be done. Where an engine lacks something the library
degrades and says so.

Each function is declared with the buttons that call it (`@button`): the VBA Sub its ribbon entry names and
the keyword arguments that Sub passes. The add-in check and the xlwings @script versions come from here."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import xlwings as xw

from rosterxl import SIS_SHEET, ExcelBook, RosterInputError, plural
from rosterxl.excel.button_advice import worded

if TYPE_CHECKING:
    from rosterxl import BookMarked, BookSaved, Collected, FromSis

T = TypeVar("T")


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


def _tell(book: xw.Book, text: str, title: str = "rosterxl") -> None:
    book.app.alert(text, title=title)


def _run(excel: ExcelBook, work: Callable[[], T]) -> T | None:
    """The library's answer, or None when the input cannot be used (the person told why)."""
    try:
        return work()
    except RosterInputError as exc:
        _tell(excel.book, worded(exc))
        return None


def _left(done: BookMarked) -> str:
    return (f"{plural(done.roster.errors(), 'error')} and {plural(done.warnings(), 'warning')}")


# ---- Check and Clear marks ---------------------------------------------------------------------------------

@button("RosterCheck")
def check(book: xw.Book | None = None) -> dict[str, int]:
    """Check every entity sheet, mark each bad cell with a fill and a note, write the Issues sheet."""
    excel = ExcelBook(book)
    done = _run(excel, excel.check)
    if done is None:
        return {"errors": 0, "warnings": 0}
    cells = len({(i.sheet, i.cell) for i in done.roster.check()})
    text = (f"{_left(done)} in {plural(cells, 'cell')}. The {done.issues_sheet} sheet lists them, with a link to "
            "each cell.")
    if done.without_note:
        text += (f" {plural(done.without_note, 'cell')} already had a note or this Excel cannot add notes: "
                 f"their problems are on the {done.issues_sheet} sheet only.")
    _tell(excel.book, text, "rosterxl: check")
    return {"errors": done.roster.errors(), "warnings": done.warnings()}


@button("RosterFix")
def fix(book: xw.Book | None = None) -> int:
    """Fix what rosterxl is sure of (the portal's spellings, semicolons between known values, values given twice,
    stray spaces and invisible characters, a mistyped Database ID whose original is certain) and the likely fixes
    a person chose Yes for in the Issues sheet's Apply? column, list each change on the Issues sheet, and mark
    what is left for a person. Returns how many cells were changed."""
    excel = ExcelBook(book)
    done = _run(excel, excel.fix)
    if done is None:
        return 0
    fixed = (f"Fixed {plural(len(done.fixed), 'cell')}; the {done.issues_sheet} sheet lists each change. "
             if done.fixed else "Nothing to fix that rosterxl is sure of. ")
    _tell(excel.book, fixed + f"{_left(done)} are left for you: the {done.issues_sheet} sheet lists them, with a "
          "link to each cell." + _answers_text(done), "rosterxl: fix")
    return len(done.fixed)


def _answers_text(done: BookMarked) -> str:
    stale = [f"{sheet}!{cell}" for sheet, cell in done.not_applied]
    text = (f" Not written, though answered Yes: {', '.join(stale[:10])}{' and more' if len(stale) > 10 else ''}"
            " (the cell or its suggested fix changed since the Issues sheet was made)." if stale else "")
    if done.offered:
        text += (f" {done.offered:,} suggested fix{'' if done.offered == 1 else 'es'} rosterxl is not sure of: choose "
                 "Yes in their Apply? column and click Fix again to have them written.")
    return text


@button("RosterClearMarks")
def clear_marks(book: xw.Book | None = None) -> int:
    """Remove exactly the marks rosterxl made (by Check or by the command line) and give the cells back their
    own fills and notes."""
    excel = ExcelBook(book)
    cleared = excel.clear_marks()
    _tell(excel.book, "This workbook has no rosterxl marks." if cleared is None else
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
    excel = ExcelBook(book)

    def anyway(bad: list[str]) -> bool:
        return excel.book.app.alert(f"{', '.join(bad)} still have errors, so the portal would reject some records. "
                                    "Save them anyway? (No saves only the sheets without errors.)", title="rosterxl",
                                    buttons="yes_no") == "yes"

    done = _run(excel, lambda: excel.save_csvs(folder, force, changed_only, confirm=anyway))
    if done is None:
        return []
    _tell(excel.book, _saved_text(done))
    return [str(p) for p in done.written()]


def _saved_text(done: BookSaved) -> str:
    written, formulas, refused = done.written(), done.with_formulas(), done.refused()
    text = (f"Saved: {', '.join(p.name for p in written)} in {done.folder}." if written
            else "Nothing saved." if refused or formulas else "There are no records to save.")
    if formulas:
        text += (f" Not saved: {', '.join(formulas)} have cells a spreadsheet would run as formulas, and no CSV "
                 "holds one, even saved anyway. Check marks them.")
    if refused:
        text += f" Not saved: {', '.join(refused)} still have errors. Fix them, or use 'Save CSVs anyway'."
    return text


@button("RosterOpenExport", script=None)
def open_export(path: str, book: xw.Book | None = None) -> str:
    """Load a portal export CSV into a new sheet, its ID columns as text so nothing is lost, with a hidden
    copy of the export so Check can tell what changed (as rosterxl open-export does). Returns the sheet's name
    ("" when the file cannot be used)."""
    excel = ExcelBook(book)
    done = _run(excel, lambda: excel.open_export(path))
    if done is None:
        return ""
    name, records = done
    _tell(excel.book, f"Loaded {plural(records, 'record')} of {Path(path).name} into the sheet '{name}'.")
    return name


@button("RosterFromSis")
def from_sis(path: str | None = None, exports: list[str] | None = None,
             book: xw.Book | None = None) -> dict[str, int]:
    """Bring the student information system's export (a OneRoster 1.1 or 1.2, or Clever, folder or .zip) into
    this workbook as the Classes-Groups, Educators and Students sheets, with a From the SIS sheet, then check
    them and mark what needs a person (as rosterxl from-sis does). Without `path`, the [sis] source of the
    rosterxl.toml beside the workbook. With the portal's `exports` (or those [sis] exports names), the records
    the portal has keep their Database ID, and Save changes saves only the new and changed ones."""
    excel = ExcelBook(book)
    done = _run(excel, lambda: excel.from_sis(path, exports or ()))
    if done is None:
        return {}
    changes = {t.sheet: c for t, c in done.roster.changes()} if done.merged else {}
    _tell(excel.book, _from_sis_text(done, changes), "rosterxl: from the SIS")
    return {**done.records(), "errors": done.roster.errors(), "source_errors": done.source_errors(),
            **{f"{s} changed": c.count("changed") for s, c in changes.items()},
            **{f"{s} new": c.count("added") for s, c in changes.items()}}


def _from_sis_text(done: FromSis, changes: dict) -> str:
    records = ", ".join(f"{plural(n, 'record')} on {s}" for s, n in done.records().items())
    text = (f"{done.format}: {records}. {plural(done.roster.errors(), 'error')} to fix (the {done.issues_sheet} "
            "sheet links to each cell)")
    errors = done.source_errors()
    text += (f"; the SIS files themselves have {plural(errors, 'error')}, listed on the {SIS_SHEET} sheet."
             if errors else ".")
    merged = "".join(f" {s}: {c.count('added'):,} new, {c.count('changed'):,} changed." for s, c in changes.items())
    return text + (f" Merged with the portal's exports:{merged} Save changes saves only those." if merged else "")


# ---- Per-school workbooks ---------------------------------------------------------------------------------

@button("RosterSchoolWorkbooks", script=None)
def school_workbooks(folder: str | None = None, book: xw.Book | None = None) -> list[str]:
    """One workbook per school, to email, made from this workbook (as rosterxl schools does): only that school's
    records, its name the only Organization, its classes in the Classes/Groups dropdowns. Into `folder` (the
    desktop VBA asks for it), else a schools folder beside this workbook; a file already there is kept as
    NAME.before-rosterxl.xlsx first."""
    excel = ExcelBook(book)
    done = _run(excel, lambda: excel.school_workbooks(folder))
    if done is None:
        return []
    text = f"Wrote {plural(len(done.written), 'school workbook')} in {done.written[0].path.parent}: " + "; ".join(
        f"{w.path.name} ({', '.join(f'{n:,} {sheet}' for sheet, n in w.records.items())})" for w in done.written)
    if done.unplaced:
        first = done.unplaced[0]
        text += (f". Not in any school's workbook: {plural(len(done.unplaced), 'record')}, because their school "
                 f"is empty or not one of the district's ({first.table.sheet} row {first.row.number}: {first.why}"
                 + (", and others" if len(done.unplaced) > 1 else "") + "). Correct them and make the workbooks "
                 "again")
    _tell(excel.book, text + ".", "rosterxl: school workbooks")
    return [str(w.path) for w in done.written]


@button("RosterCollect", script=None)
def collect_returns(folder: str | None = None, book: xw.Book | None = None) -> dict[str, int]:
    """The workbooks the schools sent back, in `folder` (the desktop VBA asks for it), collected as rosterxl collect
    does: which schools have not returned one, all checked together, the upload set and the District summary
    written in an upload folder inside it. The open workbook, when it is the district's (saved, with records),
    gives the district's list of schools when rosterxl.toml has none. Without `folder`: a returned folder beside
    the open workbook."""
    excel = ExcelBook(book)
    done = _run(excel, lambda: excel.collect(folder))
    if done is None:
        return {}
    missing = done.summary.missing()
    schools = len(done.summary.schools)
    _tell(excel.book, _collected_text(done), "rosterxl: collect")
    return {"schools": schools, "returned": schools - len(missing), "not returned": len(missing),
            "errors": done.roster.errors()}


def _collected_text(done: Collected) -> str:
    summary, missing = done.summary, done.summary.missing()
    saved = [s for s in done.saved if s.status == "saved"]
    refused = [s.sheet for s in done.saved if s.status == "refused"]
    return (f"{plural(len(summary.schools), 'school')}: {len(summary.schools) - len(missing):,} returned"
            + (f"; not returned: {'; '.join(s.school for s in missing)}" if missing else "")
            + f". {plural(done.roster.errors(), 'error')} to fix"
            + "".join(f"; {s.school}: {s.file} used, {', '.join(f for f, _ in s.replaced)} left out"
                      for s in summary.schools if s.replaced)
            + "".join(f"; {u.file}: {u.why}" for u in summary.unrecognised)
            + (f". Saved {', '.join(f'{s.records:,} {s.sheet}' for s in saved)} in {done.summary_book.parent}"
               if saved else "")
            + (f". Not saved, because of errors: {', '.join(refused)}" if refused else "")
            + f". The District summary: {done.summary_book}.")


# ---- New template and Refresh lists ------------------------------------------------------------------------

def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


@button("RosterNewTemplate")
def new_template(book: xw.Book | None = None, entities: str = "classes,educators,students",
                 optional: str = "all", config: str | None = None) -> list[str]:
    """Add the template sheets to the workbook: headers, sample rows, dropdowns from a Lists sheet, live
    red cells, text-formatted IDs. Input messages become notes on the headers (xlwings cannot set them)."""
    excel = ExcelBook(book, config)
    added = _run(excel, lambda: excel.add_template(_items(entities), _items(optional)))
    if added is None:
        return []
    _tell(excel.book, f"Added {', '.join(added)}. Dropdowns and red cells work in any Excel; what goes in each "
                      "column is in the note on its header.")
    return added


@button("RosterRefreshLists")
def refresh_lists(book: xw.Book | None = None, config: str | None = None) -> list[str]:
    """Rewrite the Lists sheet from the district config, so the dropdowns and red cells follow it."""
    excel = ExcelBook(book, config)
    refreshed = _run(excel, excel.refresh_lists)
    if refreshed is None:
        return []
    _tell(excel.book, f"Refreshed the lists: {', '.join(refreshed) or 'none'}, from {excel.config.name}.")
    return refreshed
