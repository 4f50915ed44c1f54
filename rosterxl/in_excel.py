"""The library on a workbook open in Excel (an xlwings Book, through media.live): every workflow of the ribbon,
to the end, so a button only parses, makes one call here and tells the person what it returns.

    excel = ExcelBook(book)                 # the calling book when None
    done = excel.check()                    # marks drawn, the Issues sheet written
    print(done.roster.errors(), done.issues_sheet)

Input problems raise RosterInputError with its code; the buttons word it for Excel (excel.button_advice)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rosterxl.core.fixing import Accept, Fixed, fix_summary, not_applied, waiting
from rosterxl.core.layout import FIRST_ROW, SIS_SHEET
from rosterxl.core.model import RosterInputError
from rosterxl.core.template import plans_from_choices
from rosterxl.district import district_catalog, find_config
from rosterxl.media.live import marks_in_book as marker
from rosterxl.media.live.book import LiveBook, book_folder, caller, find_sheet, is_remote, own_lists, put_text
from rosterxl.media.live.template_sheets import add_export_sheet, add_filled_sheets, add_template_sheets
from rosterxl.media.live.template_sheets import refresh_lists as rewrite_lists
from rosterxl.roster import (
    FromSis,
    Roster,
    SchoolWorkbooks,
    SheetSaved,
    read_export,
    sis_sheets,
)

if TYPE_CHECKING:
    from rosterxl.collecting import Collected

NO_SHEETS = ("No sheet here looks like Classes/Groups, Educators or Students: their header row should be in row 1. "
             "Use 'New template' to add the sheets.")
NO_FILES = "This Excel cannot {what} from Python (Excel on the web, xlwings Lite or Server)."
__all__ = ["BookMarked", "BookSaved", "ExcelBook"]


@dataclass
class BookMarked:
    """What Check or Fix did on the open workbook: the roster as checked (after the fixes), the Issues sheet's
    name, the cells whose problems are on the Issues sheet only (they had a note of their own, or this Excel
    cannot add notes), and the cells fixed."""

    roster: Roster
    issues_sheet: str
    without_note: int = 0
    fixed: list[Fixed] = field(default_factory=list)
    not_applied: list[tuple[str, str]] = field(default_factory=list)   # (sheet, cell) answered Yes, not written
    offered: int = 0                     # likely fixes waiting for a person's Yes in the Apply? column

    def warnings(self) -> int:
        return len(self.roster.check()) - self.roster.errors()


@dataclass
class BookSaved:
    """What Save CSVs did: the folder, and what saving did with each sheet."""

    folder: Path
    saved: list[SheetSaved]

    def written(self) -> list[Path]:
        return [p for s in self.saved for p in s.files]

    def with_formulas(self) -> list[str]:
        return [s.sheet for s in self.saved if s.formulas]

    def refused(self) -> list[str]:
        """The sheets not saved because of their errors (not those refused for formulas)."""
        return [s.sheet for s in self.saved if s.status == "refused" and not s.formulas]


class ExcelBook:
    """A workbook open in Excel (`book`: an xw.Book; the calling one when None). `config`: a rosterxl.toml;
    by default the one beside the workbook, else in the current folder (where xlwings Server runs, for a
    workbook whose folder it cannot see): the command line's rule."""

    def __init__(self, book: Any = None, config: str | Path | None = None):
        self.book = caller(book)
        self.folder = book_folder(self.book)       # where it is saved, when this machine can see it (desktop)
        self.remote = is_remote(self.book)
        self.config = Path(config) if config else find_config(self.folder)

    def roster(self) -> Roster:
        """The workbook's rostering sheets, read in one call each, its own dropdown lists winning over the
        config's (they are what the person picks from)."""
        return Roster.from_book(LiveBook(self.book), self.config, lists=own_lists(self.book))

    def _sheets(self) -> Roster:
        roster = self.roster()
        if not roster.tables:
            raise RosterInputError("workbook.no-roster-sheet", NO_SHEETS)
        return roster

    # ---- Check, Fix, Clear marks
    def check(self) -> BookMarked:
        """Every sheet checked, the marks of an earlier check cleared, each bad cell filled with a note, the
        Issues sheet written."""
        roster = self._sheets()
        plan = roster.marks()
        earlier = marker.record_of(self.book)
        plan.answers = marker.answers(self.book, earlier)   # a person's Apply? answers stay on the rows still there
        marker.clear(self.book, earlier)
        drawn = marker.draw(self.book, plan)
        return BookMarked(roster, drawn.issues_sheet, len(drawn.without_note))

    def fix(self) -> BookMarked:
        """What rosterxl is sure of fixed in its cell (core.fixing), each change listed first on the Issues
        sheet, and what is left marked for a person; the likely fixes a person answered Yes to in the Issues
        sheet's Apply? column are written too."""
        roster = self._sheets()
        earlier = marker.record_of(self.book)
        answers = marker.answers(self.book, earlier)
        fixed, after = roster.fixes(Accept.answered(answers))
        marker.clear(self.book, earlier)
        for f in fixed:
            put_text(self.book.sheets[f.sheet], f.cell, f.now)
        plan = after.marks()
        plan.answers = answers
        plan.summary[:0] = fix_summary(fixed)
        drawn = marker.draw(self.book, plan)
        return BookMarked(after, drawn.issues_sheet, len(drawn.without_note), fixed, list(not_applied(answers, fixed)),
                          len(waiting(plan.issues, answers)))

    def clear_marks(self) -> int | None:
        """Exactly the marks rosterxl made (by Check or by the command line) removed, the cells' own fills and
        notes given back. Returns the cells cleared; None when the workbook has no marks."""
        return marker.clear(self.book)

    # ---- Save CSVs
    def save_csvs(self, folder: str | Path | None = None, force: bool = False, changed_only: bool = False,
                  confirm: Callable[[list[str]], bool] | None = None) -> BookSaved:
        """The upload CSV files in `folder` (by default beside the workbook), with the library's one policy.
        Where sheets have errors and `force` is not given, `confirm(sheets)` is asked whether to save them
        anyway (desktop Excel only, which can ask)."""
        where = Path(folder) if folder else self.folder
        if where is None:
            raise RosterInputError("excel.no-files", NO_FILES.format(what="save files"),
                                   button="Save changes" if changed_only else "Save CSVs")
        roster = self.roster()
        bad = [t.sheet for t in roster.tables if roster.errors(t.sheet)]
        if bad and not force and not self.remote and confirm is not None:
            force = confirm(bad)
        return BookSaved(where, roster.save_csvs(where, force=force, changed_only=changed_only))

    # ---- Open export, From SIS
    def open_export(self, path: str | Path) -> tuple[str, int]:
        """A portal export CSV loaded into a new sheet (its ID columns as text), with the hidden copy of the
        export by which Check tells what changed. Returns the sheet's name and its records."""
        table = read_export(path, district_catalog(self.config))
        return add_export_sheet(self.book, table), len(table.records())

    def from_sis(self, path: str | Path | None = None, exports: Sequence[str | Path] = ()) -> FromSis:
        """The SIS export (a folder or .zip; one file of it stands for its folder; None: the [sis] source of the
        config) as the Classes-Groups, Educators and Students sheets and the From the SIS sheet, checked, what
        needs a person marked; merged with the portal's `exports` (or those [sis] exports names)."""
        source = self._sis_source(path)
        sheets = sis_sheets(source, self.config, exports)
        self._free([p.entity.sheet for p in sheets.plans] + [SIS_SHEET], "Start from an empty workbook, or rename "
                   "or delete it first.")
        added = add_filled_sheets(self.book, sheets.catalog, sheets.plans, sheets.grids, sheets.report(source.name),
                                  [m.snapshot for m in sheets.merged])
        roster = Roster(sheets.catalog, sheets.tables(self.book.name, FIRST_ROW))    # what was just written
        plan = roster.marks()
        drawn = marker.draw(self.book, plan, added)
        return FromSis.of(sheets, Path(self.book.name), roster, len(plan.marks), issues_sheet=drawn.issues_sheet)

    def _sis_source(self, path: str | Path | None) -> Path:
        if not path:
            settings = district_catalog(self.config).sis if self.config else None
            if not settings or not settings.source:
                raise RosterInputError("choice.missing",
                                       "Choose the SIS export (a folder or .zip), or name it in rosterxl.toml: "
                                       "[sis] source = ...")
            path = self.config.parent / settings.source
        path = Path(path)
        return path.parent if path.suffix.lower() == ".csv" else path     # one file of the export picked

    def _free(self, names: list[str], advice: str) -> None:
        taken = [name for name in names if find_sheet(self.book, name) is not None]
        if taken:
            raise RosterInputError("workbook.sheet-taken",
                                   f"The workbook already has a sheet called {', '.join(taken)}. {advice}")

    # ---- School workbooks, Collect
    def school_workbooks(self, folder: str | Path | None = None) -> SchoolWorkbooks:
        """One workbook per school, to email, made from this workbook, in `folder` (by default a schools folder
        beside it)."""
        where = self._files_folder(folder, "schools", "save files", "School workbooks")
        own = [Path(self.book.fullname)] if self.folder is not None else []
        return self._sheets().school_workbooks(where, inputs=own)

    def collect(self, folder: str | Path | None = None) -> Collected:
        """The workbooks the schools sent back, in `folder` (by default a returned folder beside this workbook),
        collected into an upload folder inside it. This workbook, when it is the district's (saved, with
        records), gives the district's list of schools when rosterxl.toml has none."""
        where = self._files_folder(folder, "returned", "read files", "Collect")
        own = Path(self.book.fullname) if self.folder is not None else None
        district = [own] if own is not None and own.is_file() and own.parent != where and \
            own.suffix.lower() in (".xlsx", ".xlsm") else []
        from rosterxl.collecting import collect

        return collect([where], where / "upload", self.config, district=district)

    def _files_folder(self, folder: str | Path | None, default: str, what: str, button: str) -> Path:
        if folder:
            return Path(folder)
        if self.folder is None:
            raise RosterInputError("excel.no-files", NO_FILES.format(what=what), button=button)
        return self.folder / default

    # ---- New template, Refresh lists
    def add_template(self, entities: Sequence[str] = ("classes", "educators", "students"),
                     optional: Sequence[str] = ("all",)) -> list[str]:
        """The template sheets added (headers, sample rows, dropdowns from a Lists sheet, live red cells,
        text-formatted IDs; input messages as notes on the headers). Returns the sheets added."""
        catalog = district_catalog(self.config, self.folder, own_lists(self.book))
        plans = plans_from_choices(catalog, list(entities), list(optional))
        self._free([p.entity.sheet for p in plans], "Rename or delete it first.")
        add_template_sheets(self.book, catalog, plans)
        return [p.entity.sheet for p in plans]

    def refresh_lists(self) -> list[str]:
        """The Lists sheet rewritten from the district config, so the dropdowns and red cells follow it.
        Returns the lists refreshed."""
        if self.config is None:
            raise RosterInputError("excel.no-config",
                                   "No district config (rosterxl.toml) was found beside the workbook: the lists "
                                   "stay as they are.")
        refreshed = rewrite_lists(self.book, district_catalog(self.config))
        if refreshed is None:
            raise RosterInputError("workbook.no-lists",
                                   "This workbook has no template lists to refresh. Use 'New template' first.")
        return refreshed
