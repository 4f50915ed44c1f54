"""The library: every workflow rosterxl offers, as one call. The command line, the ribbon and the xlwings
scripts only parse, call this, and present what it returns.

    roster = Roster.open(["school.xlsx"])          # or Roster.from_book(...) for a live workbook's grids
    issues = roster.check()
    roster.save_csvs("upload")                     # one save policy for every face
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.fixing import (
    MAX_ROUNDS,
    NOTHING,
    Accept,
    Fixed,
    apply_fixes,
    chosen_fixes,
    fix_summary,
    fixed_cells,
    not_applied,
    waiting,
)
from rosterxl.core.gc_pauses import without_gc_pauses
from rosterxl.core.marks import MarkPlan, change_summary, changed_cells, plan_marks
from rosterxl.core.model import Issue, RosterInputError, Severity, cell_position
from rosterxl.core.one_district import merge_uploads
from rosterxl.core.roundtrip import Changes
from rosterxl.core.rules import check_tables, steps
from rosterxl.core.rules.base import Context
from rosterxl.core.tables import Row, SheetSource, Table, table_from_csv, tables_from_book
from rosterxl.core.template import SheetPlan, plan_from_portal, plans_from_choices
from rosterxl.core.upload import upload_table
from rosterxl.district import (
    WORKBOOK_SUFFIXES,
    Config,
    Step,
    all_lists,
    distinct_files,
    district_catalog,
    district_files,
    open_workbook,
    read_file_tables,
)
from rosterxl.media.csvfiles import read_csv_text, upload_parts
from rosterxl.media.files import check_output, keep_before_replacing, read_file, same_file
from rosterxl.media.uploadset import write_upload_set

if TYPE_CHECKING:        # the SIS conversion and the round of schools are imported by the workflows that use them
    from rosterxl.core.schools import SchoolBook, Unplaced
    from rosterxl.core.sis.contents import LeftOut, SourceProblem
    from rosterxl.core.sis.merge import Merged
    from rosterxl.core.sis.sheets import SisSheets

MAX_COLUMNS = 16_384                    # a worksheet's columns (A to XFD)
__all__ = ["Demo", "FixedBook", "FromSis", "Marked", "Roster", "SchoolWorkbooks", "SchoolWritten", "SheetSaved",
           "clear_marks", "demo", "from_sis", "open_export", "read_export", "sis_sheets", "write_demo_workbook",
           "write_template"]


ONE_WORKBOOK = {"mark": ("marking marks", "Check it without marking"),    # what marking or fixing one
                "fix": ("fixing changes", "Check it")}                       # workbook does; instead for a CSV


@dataclass
class SheetSaved:
    """What saving did with one sheet."""

    sheet: str
    status: str                          # "saved", "refused" (errors, not forced; or formulas) or "empty"
    records: int = 0
    errors: int = 0
    files: list[Path] = field(default_factory=list)
    samples_left_out: int = 0
    changes: Changes | None = None       # with changed_only, on a sheet made by open-export
    changed_only: bool = False
    notes: list[str] = field(default_factory=list)   # what the person should know about the files around
    formulas: list[str] = field(default_factory=list)  # cells a spreadsheet would run as formulas: never saved
    # each file's part of the set: (file, or "file, sheet"; its records; its errors; its changes with changed_only)
    from_files: list[tuple[str, int, int, Changes | None]] = field(default_factory=list)
    combined: int = 0                    # records in several files (an educator at two schools), written once


@dataclass
class FixedBook:
    """What fixing a workbook file did: the file written (None when nothing was sure), the cells changed, the
    backup of the workbook (with in_place), and the roster as checked after the fixes."""

    target: Path | None
    fixed: list[Fixed]
    backup: Path | None
    after: Roster
    waiting: list[Issue] = field(default_factory=list)    # the likely fixes left for a person's yes or no
    not_applied: list[tuple[str, str]] = field(default_factory=list)  # answered Yes, but the cell changed since


@dataclass
class Marked:
    """What marking a workbook file did."""

    target: Path
    cells: int
    backup: Path | None = None


@dataclass
class FromSis:
    """What from-sis did: the format and files read, the workbook written and its roster (checked), the
    problems found in the SIS files (and in converting them), the records not brought over, and how many times
    each decision was applied."""

    format: str
    files: list[str]
    workbook: Path
    roster: Roster
    problems: list[SourceProblem]
    left_out: list[LeftOut]
    applied: dict[str, int]
    marked: int = 0
    merged: list[Merged] = field(default_factory=list)     # with the portal's exports: what matched, per sheet
    kept: Path | None = None           # the file that was at the workbook's name, kept under this name
    issues_sheet: str = ""             # in a live workbook: the Issues sheet's name

    @classmethod
    def of(cls, sheets: SisSheets, workbook: Path, roster: Roster, marked: int, **more) -> FromSis:
        return cls(sheets.format, sheets.files, workbook, roster, sheets.problems,
                   sheets.converted.left_out, dict(sheets.converted.applied), marked, sheets.merged, **more)

    def records(self) -> dict[str, int]:
        return {t.sheet: len(self.roster.records(t)) for t in self.roster.tables}

    def source_errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)


class Roster:
    """The rostering tables of one run, checked together: files, or the grids of a live workbook."""

    def __init__(self, catalog: Catalog, tables: list[Table], paths: Sequence[Path] = ()):
        self.catalog = catalog
        self.tables = tables
        self.paths = list(paths)             # the files the tables were read from, when they were files
        self._issues: list[Issue] | None = None
        self._counted: Counter | None = None
        self._ctx = Context(catalog, tables)

    # ---- opening
    @classmethod
    def open(cls, paths: Sequence[str | Path], config: Config = None, *, entity: str | None = None,
             on_step: Step | None = None) -> Roster:
        """The workbooks (.xlsx, .xlsm) and CSV files, read and checked together. `config` is a rosterxl.toml
        path or a Catalog; by default rosterxl.toml beside the first file or in the current folder. `entity`
        ('classes', 'educators', 'students') says the record type of every file. `on_step(label, total)` and
        `on_step(label)` report progress. A folder stands for the workbooks and CSV files in it: many files are one
        district (a student ID or username used in two schools' files is an error on both, naming the other)."""
        paths = district_files(paths)
        distinct_files(paths)
        catalog = district_catalog(config, paths[0] if paths else None)
        if entity is not None and entity not in catalog.entities:
            raise RosterInputError("choice.unknown",
                                   f"there is no record type '{entity}': choose from {', '.join(catalog.entities)}")
        with without_gc_pauses():        # reading and checking in one pause: no collection of what was read
            books = {path: open_workbook(path) for path in paths if path.suffix.lower() in WORKBOOK_SUFFIXES}
            catalog = catalog.with_lists(all_lists(books.values()))   # a template's own lists: evidence
            tables = [t for path in paths for t in read_file_tables(path, catalog, entity, books.get(path))]
            if not any(t.records() for t in tables):
                names = ", ".join(sorted({t.source for t in tables}))
                raise RosterInputError("records.none", f"{names}: there are header rows but no records to check.")
            roster = cls(catalog, tables, paths)
            roster.check(on_step)
        return roster

    @classmethod
    def from_book(cls, book: SheetSource, config: Config = None,
                  lists: dict[str, tuple[str, ...]] | None = None) -> Roster:
        """A workbook given as its grids (a live workbook in Excel, through media.live.LiveBook). `lists` are the
        workbook's own dropdown values, which win over the config's: they are what the person picks from."""
        catalog = district_catalog(config, lists=lists)
        return cls(catalog, tables_from_book(catalog, book))

    @classmethod
    def from_sis(cls, path: str | Path, out: str | Path, config: Config = None,
                 on_step: Step | None = None, exports: Sequence[str | Path] = ()) -> FromSis:
        """A student information system's export (OneRoster 1.1 or 1.2, Clever; a folder or a .zip at `path`)
        made into the portal's three sheets in one call: the files read and checked as their format's validators
        would, the records converted by the district's decisions ([sis] in rosterxl.toml), written as a rosterxl
        workbook at `out` (dropdowns, live red cells, text IDs, the decisions on its Instructions sheet, the SIS's
        own problems on its From the SIS sheet), checked, and every cell that needs a person marked. Given the
        portal's `exports` too, the sheets are merged with what the portal has (core.sis.merge): its records keep
        their Database ID, and saving with changed_only writes only the new and changed records. Raises
        RosterInputError (SisInputError, with every problem) when the files cannot be converted at all.

            result = Roster.from_sis("sis-export.zip", "district.xlsx")
            result.roster.save_csvs("upload")       # when the coordinator is happy: the usual CSVs
        """
        from rosterxl.media.xlsx.marks_in_file import mark_workbook
        from rosterxl.media.xlsx.sis_workbook import write_sis_workbook

        path, out = Path(path), Path(out)
        check_output(out, [path, *map(Path, exports)], (".xlsx",))
        step = on_step or (lambda *a: None)
        step("Reading the SIS files")
        sheets = sis_sheets(path, config, exports)
        roster = cls(sheets.catalog, sheets.tables(out.name), [out])
        step("Checking")
        roster.check()
        step("Writing the workbook")
        from rosterxl.core.catalog.sis_decisions import decision_rows

        kept = keep_before_replacing(out)
        write_sis_workbook(out, sheets.catalog, sheets.plans, sheets.grids, sheets.report(path.name),
                           decision_rows(sheets.catalog.sis), [m.snapshot for m in sheets.merged])
        step("Marking")
        plan = roster.marks(out.name)
        if plan.marks:
            mark_workbook(out, out, plan)
        return FromSis.of(sheets, out, roster, len(plan.marks), kept=kept)

    # ---- checking
    def check(self, on_step: Step | None = None) -> list[Issue]:
        """Every issue of every table, in sheet order, then row, then column (computed once)."""
        if self._issues is None:
            if on_step:
                on_step("Checking", steps(self.tables))
            self._issues, self._ctx = check_tables(self.tables, self.catalog, on_step)
        return self._issues

    def records(self, table: Table) -> list[Row]:
        """The table's rows to check and save: not empty, not one of the template's sample rows."""
        return self._ctx.records(table)

    def errors(self, sheet: str | Table | None = None) -> int:
        """The errors in all, of one table, or of the sheets with this name (in any file)."""
        if isinstance(sheet, Table):
            return self._counts()[(sheet.source, sheet.sheet, Severity.ERROR)]
        return sum(1 for i in self.check() if i.severity is Severity.ERROR and (sheet is None or i.sheet == sheet))

    def issues_of(self, table: Table) -> list[Issue]:
        """The issues of one table (its file and sheet)."""
        return [i for i in self.check() if i.file == table.source and i.sheet == table.sheet]

    def _counts(self) -> Counter:
        if self._counted is None:
            self._counted = Counter((i.file, i.sheet, i.severity) for i in self.check())
        return self._counted

    def summary(self) -> dict:
        """Counts per sheet and in all, as `rosterxl check --format json` gives them."""
        counts = self._counts()
        sheets = [{"sheet": t.sheet, "file": t.source, "entity": t.entity.name, "records": len(self.records(t)),
                   "errors": counts[(t.source, t.sheet, Severity.ERROR)],
                   "warnings": counts[(t.source, t.sheet, Severity.WARNING)],
                   "sample_rows": len(self._ctx.samples(t))}
                  for t in self.tables]
        return {"files": sorted({t.source for t in self.tables}), "sheets": sheets,
                "errors": sum(s["errors"] for s in sheets), "warnings": sum(s["warnings"] for s in sheets)}

    # ---- round trips
    def changes(self) -> list[tuple[Table, Changes]]:
        """What changed since the portal's export, for each sheet made by open-export."""
        found = [(t, self._ctx.changes(t)) for t in self.tables]
        return [(t, c) for t, c in found if c is not None]

    def changes_since_export(self) -> list[tuple[Table, Changes]]:
        """What changed since the portal's export, for a workbook that must have been made by open-export."""
        found = self.changes()
        if not found:
            names = ", ".join(p.name for p in self.paths)
            raise RosterInputError("export.not-opened", f"{names} was not opened from the portal's export: there is "
                                   "no export to compare with.", file=names)
        return found

    # ---- marks
    def marks(self, source: str | None = None) -> MarkPlan:
        """The marks to draw on one workbook (by file name; all tables when None): a fill and a note per bad
        or changed cell, the Issues sheet's rows, and the summary of changes since an export."""
        tables = [t for t in self.tables if source is None or t.source == source]
        sheets = [t.sheet for t in tables]
        issues = [i for i in self.check() if source is None or i.file == source]
        changes = [(t, c) for t, c in self.changes() if source is None or t.source == source]
        return MarkPlan(plan_marks(issues, changed_cells(changes)), issues, sheets, change_summary(changes))

    def mark_workbook(self, out: str | Path | None = None, in_place: bool = False) -> Marked:
        """Mark the one workbook among the inputs: a copy NAME.checked.xlsx beside it (or `out`), or the
        workbook itself with `in_place` (a copy NAME.before-rosterxl.xlsx is kept first). The Apply? answers
        of an earlier marking stay on the Issues sheet's rows that are still there."""
        from rosterxl.media.xlsx.marks_in_file import backup, guard, mark_workbook

        book = self._one_workbook("mark")
        target = self._target(book, out, in_place, "checked", "mark")
        plan = self.marks(book.name)
        self._ctx.release()
        guard(book, writing=in_place)
        kept = backup(book) if in_place else None
        kept = mark_workbook(book, target, plan, keep=not in_place) or kept
        return Marked(target, len(plan.marks), kept)

    def mark_workbooks(self, out: str | Path | None = None, in_place: bool = False) -> list[Marked]:
        """Mark every workbook among the inputs, each with its own issues (those across files name the other
        file): each a copy NAME.checked.xlsx beside it, or itself with `in_place`. `out` names the copy of one
        workbook only."""
        books = self._workbooks("mark")
        if len(books) == 1:
            return [self.mark_workbook(out, in_place)]
        if out:
            raise RosterInputError("output.conflict", f"{', '.join(p.name for p in books)}: one name was given for "
                                   "the marked copy of several workbooks; each gets its own NAME.checked.xlsx beside "
                                   "it (or each is marked in place).", files=", ".join(p.name for p in books),
                                   doing="mark")
        for book in books:                     # every target is checked before any workbook is written
            self._target(book, None, in_place, "checked", "mark")
        self._ctx.release()
        return [self._mark_one(book, in_place) for book in books]

    def _mark_one(self, book: Path, in_place: bool) -> Marked:
        from rosterxl.media.xlsx.marks_in_file import backup, guard, mark_workbook

        target = self._target(book, None, in_place, "checked", "mark")
        plan = self.marks(book.name)
        guard(book, writing=in_place)
        kept = backup(book) if in_place else None
        kept = mark_workbook(book, target, plan, keep=not in_place) or kept
        return Marked(target, len(plan.marks), kept)

    def _workbooks(self, doing: str) -> list[Path]:
        books = {t.source for t in self.tables if Path(t.source).suffix.lower() in WORKBOOK_SUFFIXES}
        paths = [p for p in self.paths if p.name in books]
        if not paths:
            self._one_workbook(doing)                   # says why
        return paths

    def _one_workbook(self, doing: str) -> Path:
        books = sorted({t.source for t in self.tables if Path(t.source).suffix.lower() in WORKBOOK_SUFFIXES})
        paths = [p for p in self.paths if p.name in books]
        if len(paths) != 1:
            given = ", ".join(p.name for p in self.paths)
            verb, instead = ONE_WORKBOOK[doing]
            then = (f"a CSV file has no cells to colour. {instead}, or open it in Excel, save it as a workbook and "
                    "use that." if not paths else "give the workbooks one by one.")
            raise RosterInputError("workbook.expected", f"{given}: {verb} one workbook (.xlsx or .xlsm) at a time; "
                                   f"{then}", given=given, doing=doing, csv=not paths)
        return paths[0]

    def _target(self, book: Path, out: str | Path | None, in_place: bool, suffix: str, verb: str) -> Path:
        if in_place and out:
            raise RosterInputError("output.conflict", f"{book.name}: {verb} either the workbook itself or a copy, "
                                   "not both", file=book.name, doing=verb)
        if in_place:
            return book.resolve()          # through a link: the file itself is changed, the link kept
        target = Path(out) if out else book.with_name(f"{book.stem}.{suffix}{book.suffix}")
        check_output(target, self.paths, WORKBOOK_SUFFIXES, in_place=verb)
        return target

    # ---- fixing
    def fixes(self, accept: Accept = NOTHING) -> tuple[list[Fixed], Roster]:
        """What `fix` would change (the sure suggestions, and the likely ones `accept` takes; see core.fixing)
        and the roster as it would be after (checked): computed, nothing written."""
        tables, reasons, accepted, checked = self.tables, {}, set(), self
        for _ in range(MAX_ROUNDS):
            rows = {(t.sheet, r.number): r for t in tables for r in t.rows}
            chosen = {key: issue for key, issue in chosen_fixes(checked.check(), tables, accept).items()
                      if _value_at(rows, *key) != issue.suggestion}   # already so: not a change, no endless round
            if not chosen:
                break
            for key, issue in chosen.items():
                reasons.setdefault(key, issue.message)
                if not issue.certain:
                    accepted.add(key)
            tables = apply_fixes(tables, chosen)
            checked = Roster(self.catalog, tables, self.paths)      # checked at the next round, or as the result
        checked.check()
        fixed = [replace(f, why=reasons.get((f.sheet, f.cell), ""), accepted=(f.sheet, f.cell) in accepted)
                 for f in fixed_cells(self.tables, tables)]
        return fixed, checked

    def fix_workbook(self, out: str | Path | None = None, in_place: bool = False,
                     accept: Accept = NOTHING) -> FixedBook:
        """Apply every sure fix to the one workbook among the inputs, and the likely ones `accept` takes or a
        person answered Yes to on its Issues sheet, and mark what is left for a person: a copy NAME.fixed.xlsx
        beside it (or `out`), or the workbook itself with `in_place` (a backup copy is kept first). The Issues
        sheet lists every change (cell, was, now). Nothing is written when nothing is to change."""
        from rosterxl.media.xlsx.marks_in_file import answers_of

        book = self._one_workbook("fix")
        target = self._target(book, out, in_place, "fixed", "fix")
        answers = answers_of(book)
        fixed, after = self.fixes(accept | Accept.answered(answers))
        return _write_fixed(book, target, fixed, after, in_place, answers)

    # ---- per-school workbooks
    def school_workbooks(self, out_dir: str | Path, inputs: Sequence[str | Path] = ()) -> SchoolWorkbooks:
        """One workbook to email per school, in `out_dir` (made when missing), with only that school's records
        (core.schools says what a record of several schools looks like in each); a file already at a school's
        name is kept as NAME.before-rosterxl.xlsx (then -2, -3...) first. `inputs`: files never written over."""
        return _write_books(self, Path(out_dir), [*map(Path, inputs), *self.paths])

    def fix_workbooks(self, out: str | Path | None = None, in_place: bool = False,
                      accept: Accept = NOTHING) -> list[FixedBook]:
        """Fix every workbook among the inputs as fix_workbook does one: each to its own NAME.fixed.xlsx (or
        itself with `in_place`), what is left marked with the district's issues (a duplicate in another school's
        file names it). The sure fixes of a cell never depend on another file, so each file is fixed alone and
        the district checked again after."""
        from rosterxl.media.xlsx.marks_in_file import answers_of

        books = self._workbooks("fix")
        if len(books) == 1:
            return [self.fix_workbook(out, in_place, accept)]
        if out:
            raise RosterInputError("output.conflict", f"{', '.join(p.name for p in books)}: one name was given for "
                                   "the fixed copy of several workbooks; each gets its own NAME.fixed.xlsx beside it "
                                   "(or each is fixed in place).", files=", ".join(p.name for p in books), doing="fix")
        targets = [self._target(book, None, in_place, "fixed", "fix") for book in books]
        results, answers, tables = {}, {}, list(self.tables)
        for book in books:
            mine = [t for t in self.tables if t.source == book.name]
            answers[book] = answers_of(book)
            fixed, after = Roster(self.catalog, mine, [book]).fixes(accept | Accept.answered(answers[book]))
            results[book] = fixed
            replaced = {id(old): new for old, new in zip(mine, after.tables)}
            tables = [replaced.get(id(t), t) for t in tables]
        district = Roster(self.catalog, tables, self.paths)
        district.check()
        done = []
        for book, target in zip(books, targets):
            done.append(_write_fixed(book, target, results[book], district, in_place, answers[book]))
        return done

    # ---- saving
    def save_csvs(self, out_dir: str | Path, force: bool = False, changed_only: bool = False,
                  on_wait: Callable[[str], None] | None = None) -> list[SheetSaved]:
        """The upload CSV files, one per sheet (numbered files past the per-file limit), the same policy for
        every face: a sheet with errors is refused unless `force`; a sheet without records writes nothing;
        `changed_only` writes only the rows added or changed since the portal's export. The files are put in
        place as one set, no input is ever replaced, and no file rosterxl did not write is removed. `on_wait(text)`
        is told when another run is saving into the folder (it is waited for, a few minutes at most)."""
        self.check()
        if changed_only:
            plain = [t for t in self.tables if self._ctx.changes(t) is None]
            if plain:
                where = ", ".join(dict.fromkeys(t.source if t.source == t.sheet else f"{t.source} (sheet {t.sheet})"
                                                for t in plain))
                raise RosterInputError(
                    "export.not-opened", f"{where}: only the rows changed since the portal's export were to be saved, "
                    f"and {'this was' if len(plain) == 1 else 'these were'} not opened from one. Nothing was saved.",
                    sources=where, one=len(plain) == 1)
        saved, sets, stems = [], {}, {}
        for entity_key in dict.fromkeys(t.entity.key for t in self.tables):
            tables = [t for t in self.tables if t.entity.key == entity_key]
            result, parts = self._upload_of(tables, force, changed_only)
            if parts:
                merged = merge_uploads(entity_key, parts)
                result.combined = merged.combined
                stem = tables[0].entity.file_stem
                sets[stem] = upload_parts(merged.header, merged.records, self.catalog.records_per_file,
                                          self.catalog.csv_bom)
                stems[stem] = result
            saved.append(result)
        if sets:
            written = write_upload_set(out_dir, sets, self.paths, on_wait)
            for stem, result in stems.items():
                result.files = written.files[stem]
            for stem, note in written.notes:
                (stems[stem] if stem else saved[0]).notes.append(note)
        return saved

    def _upload_of(self, tables: list[Table], force: bool, changed_only: bool):
        """What one record type's upload set holds: the tables of every file that has it, one set (the portal
        takes one file per record type), refused when any of them has errors and it is not forced."""
        found = [self._ctx.changes(t) if changed_only else None for t in tables]
        rows = [f.rows_to_import() if f is not None else self.records(t) for t, f in zip(tables, found)]
        name = tables[0].sheet if len(tables) == 1 else tables[0].entity.sheet
        result = SheetSaved(name, "saved", sum(map(len, rows)), sum(self.errors(t) for t in tables),
                            changes=found[0] if len(tables) == 1 else None, changed_only=changed_only,
                            samples_left_out=sum(len(t.records()) - len(self.records(t)) for t in tables))
        sources = Counter(t.source for t in tables)
        result.from_files = [(t.source if sources[t.source] == 1 else f"{t.source}, {t.sheet}", len(r), self.errors(t),
                              f) for t, r, f in zip(tables, rows, found)]
        if not result.records and all(f is None for f in found):
            result.status = "empty"
            return result, []
        if result.errors and not force:
            result.status = "refused"
            return result, []
        parts, formulas = [], []
        for table, table_rows in zip(tables, rows):
            upload = upload_table(table, table_rows, self._ctx.matchers())
            where = "" if len(tables) == 1 else f"{table.source}, {table.sheet} "
            formulas += [where + cell for cell in upload.formulas]
            parts.append((table, upload.header, upload.records, table_rows))
        if formulas:                                  # never a live formula in a CSV, forced or not
            result.status, result.formulas = "refused", formulas
            return result, []
        return result, parts


def _write_fixed(book: Path, target: Path, fixed: list, checked: Roster, in_place: bool,
                 answers: dict[tuple[str, str, str], str]) -> FixedBook:
    """A fixed workbook written: the fixes in their cells, what is left marked with `checked`'s issues (the
    Issues sheet lists every change first, and keeps the Apply? answers of the rows still there); nothing is
    written when nothing is to change."""
    from rosterxl.media.xlsx.marks_in_file import backup, guard, mark_workbook

    left = [i for i in waiting(checked.check(), answers) if i.file == book.name]
    stale = not_applied(answers, fixed)
    if not fixed:
        return FixedBook(None, [], None, checked, left, stale)
    plan = checked.marks(book.name)
    plan.answers = answers
    plan.summary[:0] = fix_summary(fixed)
    texts: dict[str, dict[tuple[int, int], str]] = {}
    for f in fixed:
        texts.setdefault(f.sheet, {})[f.position] = f.now
    guard(book, writing=in_place)
    kept = backup(book) if in_place else None
    kept = mark_workbook(book, target, plan, texts, keep=not in_place) or kept
    return FixedBook(target, fixed, kept, checked, left, stale)


def _value_at(rows: dict[tuple[str, int], Row], sheet: str, cell: str) -> str | None:
    row, column = cell_position(cell)
    found = rows.get((sheet, row))
    return found.values[column - 1] if found is not None and column - 1 < len(found.values) else None


@dataclass
class SchoolWritten:
    school: str
    path: Path
    records: dict[str, int]              # sheet -> records
    shared: int                          # records also in another school's workbook
    backup: Path | None = None           # the file that was there before, kept under this name


@dataclass
class SchoolWorkbooks:
    written: list[SchoolWritten]
    unplaced: list[Unplaced] = field(default_factory=list)    # records of no school of the district


def misspelt_schools(roster: Roster) -> set[str]:
    """The school names (normalised) that the checks take for misspellings of other schools, or for schools run
    together: the items of a school cell with an organization.misspelt or multi.separator issue that its
    suggestion does not keep (without a suggestion, the items that join names by a comma)."""
    from rosterxl.core.catalog.columns import normalise_value
    from rosterxl.core.schools import organization_header
    from rosterxl.core.text import split_items

    rows = {(t.source, t.sheet, r.number): (t, r) for t in roster.tables for r in t.rows}
    found: set[str] = set()
    for issue in roster.check():
        if issue.code not in ("organization.misspelt", "multi.separator") or \
                (issue.file, issue.sheet, issue.row) not in rows:
            continue
        table, row = rows[(issue.file, issue.sheet, issue.row)]
        header = organization_header(table)
        if header is None or f"{header.letter}{issue.row}" != issue.cell:
            continue
        items = split_items(row.values[header.index])
        kept = {normalise_value(i) for i in split_items(issue.suggestion)} if issue.suggestion is not None else {
            normalise_value(i) for i in items if "," not in i}
        found |= {normalise_value(i) for i in items} - kept
    return found


def school_books(catalog: Catalog, tables: list[Table], records=None, doubtful: Collection[str] = ()
                 ) -> tuple[list[tuple[SchoolBook, Catalog]], list[Unplaced]]:
    """Each school's workbook plan with its own catalog (its school and classes as the dropdowns), and the
    records of no school; nothing written."""
    from rosterxl.core.schools import school_catalog, school_classes, split_by_school

    split = split_by_school(catalog, tables, records, doubtful)
    return [(b, school_catalog(catalog, b.school, school_classes(b))) for b in split.books], split.unplaced


def _write_books(roster: Roster, out_dir: Path, inputs: Sequence[Path] = ()) -> SchoolWorkbooks:
    from rosterxl.media.xlsx.school_workbook import write_school_workbook

    if out_dir.exists() and not out_dir.is_dir():
        raise RosterInputError("output.is-file",
                               f"{out_dir}: this is a file; give a folder for the school workbooks.", file=out_dir)
    for table in roster.tables:
        if len(table.headers) > MAX_COLUMNS:
            raise RosterInputError("workbook.too-wide",
                                   f"{table.source}, sheet {table.sheet}: {len(table.headers):,} columns, more than "
                                   f"the {MAX_COLUMNS:,} a worksheet holds, so no school's workbook could hold them.",
                                   file=table.source, sheet=table.sheet)
    books, unplaced = school_books(roster.catalog, roster.tables, roster.records, misspelt_schools(roster))
    if not books:
        raise RosterInputError("records.no-school",
                               f"{', '.join(sorted({t.source for t in roster.tables}))}: no record names a school "
                               "(the Organization and Organizations columns are empty), so there is no school to "
                               "make a workbook for.")
    targets = [out_dir / b.file_name for b, _ in books]
    for target in targets:
        for source in inputs:
            if target.exists() and same_file(target, source):
                raise RosterInputError("output.is-input", f"{target}: this is the file being read, and a school's "
                                       "workbook would replace it.", file=target, instead="folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for (book, catalog), target in zip(books, targets):
        kept = keep_before_replacing(target)
        write_school_workbook(target, catalog, book)
        written.append(SchoolWritten(book.school, target, book.records(), sum(s.shared for s in book.sheets), kept))
    return SchoolWorkbooks(written, unplaced)


# ---- workflows on files that are not a check ---------------------------------------------------------------

def template_plans(catalog: Catalog, entities: Sequence[str] = ("classes", "educators", "students"),
                   optional: Sequence[str] = (), from_portal: Sequence[str | Path] = ()) -> list[SheetPlan]:
    """The sheets and columns of a template: the entities chosen with their required columns and the optional
    ones asked for (by header, or 'all'), or exactly the columns of portal-generated templates."""
    if from_portal:
        return [plan_from_portal(catalog, Path(p).name, read_csv_text(p).rows) for p in from_portal]
    return plans_from_choices(catalog, list(entities), list(optional))


def write_template(path: str | Path, config: Config = None, *, entities: Sequence[str] = ("classes", "educators",
                   "students"), optional: Sequence[str] = (), from_portal: Sequence[str | Path] = (),
                   on_kept: Callable[[Path], None] | None = None) -> list[SheetPlan]:
    """A template workbook to email to a school: dropdowns, input messages, live red cells, text IDs. A file
    already at `path` is kept first as NAME.before-rosterxl.xlsx, and `on_kept(copy)` told."""
    from rosterxl.media.xlsx.template_file import write_template as write

    check_output(Path(path), [Path(p) for p in from_portal], (".xlsx",))
    catalog = district_catalog(config)
    plans = template_plans(catalog, entities, optional, from_portal)
    _keep(Path(path), on_kept)
    write(path, catalog, plans)
    return plans


def sis_sheets(path: str | Path, config: Config = None, exports: Sequence[str | Path] = ()) -> SisSheets:
    """The SIS files at `path` (a folder or .zip) read, checked and converted, and merged with the portal's
    `exports` (its exported CSV files; none given: those [sis] exports names) when there are any; nothing
    written."""
    from rosterxl.core.sis.detect import read_district
    from rosterxl.core.sis.sheets import sis_sheets as convert_district
    from rosterxl.media.sisfiles import read_sis_files

    path = Path(path)
    catalog = district_catalog(config, path)
    if not exports and catalog.sis.exports:            # the ones rosterxl.toml names, beside it
        root = Path(catalog.config_path).parent if catalog.config_path else Path(".")
        exports = [root / name for name in catalog.sis.exports]
    portal = {t.entity.key: t for t in read_exports(exports, catalog, merging=True)}
    return convert_district(read_district(read_sis_files(path), path.name), catalog, portal)


def read_export(path: str | Path, catalog: Catalog) -> Table:
    """One CSV file the portal exported, as a table (its own columns, order and header text)."""
    path = Path(path)
    return table_from_csv(catalog, read_csv_text(path).rows, path.name)


def read_exports(paths: Sequence[str | Path], catalog: Catalog, merging: bool = False) -> list[Table]:
    """The portal's exported CSV files, at most one per record type, each with its Database ID column."""
    paths = [Path(p) for p in paths]
    for path in paths:
        if path.suffix.lower() in (*WORKBOOK_SUFFIXES, ".ods", ".xls") or (path.is_file() and read_file(path, 4) in (
                b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            raise RosterInputError("export.is-a-workbook", f"{path.name}: {'merging' if merging else 'opening'} the "
                                   "portal's export reads the CSV files it exports (Students, Educators, "
                                   "Classes/Groups), and this is a workbook.", file=path.name, merging=merging)
    tables = [read_export(p, catalog) for p in paths]
    for table in tables:
        if table.header_for("database_id") is None:
            raise RosterInputError(
                "export.no-database-id",
                f"{table.source}: this file has no Database ID column, so it is not an export from the portal (the "
                "portal's export has one, and an import uses it to find each record). Export the records again "
                "from the portal.", file=table.source)
        if len(table.headers) > MAX_COLUMNS:
            raise RosterInputError("workbook.too-wide",
                                   f"{table.source}: the export has {len(table.headers):,} columns, more than the "
                                   f"{MAX_COLUMNS:,} a worksheet holds. Is it the portal's export?", file=table.source)
    entities = [t.entity.key for t in tables]
    if len(set(entities)) < len(entities):
        twice = next(e for e in entities if entities.count(e) > 1)
        raise RosterInputError("records.kind-twice",
                               ", ".join(t.source for t in tables if t.entity.key == twice) + ": give at most one "
                               "export of each record type (classes/groups, educators, students); these are both "
                               f"{catalog.entities[twice].sheet}.")
    return tables


def open_export(paths: Sequence[str | Path], out: str | Path, config: Config = None,
                on_kept: Callable[[Path], None] | None = None) -> list[Table]:
    """The portal's exported CSV files (one per record type) as a workbook to edit in Excel and import back:
    the Database ID locked, dropdowns and red cells, a hidden copy of the export to tell what changed. A file
    already at `out` is kept first as NAME.before-rosterxl.xlsx, and `on_kept(copy)` told."""
    from rosterxl.media.xlsx.portal_export import write_export_workbook

    paths = [Path(p) for p in paths]
    check_output(Path(out), paths, (".xlsx",))
    catalog = district_catalog(config, paths[0] if paths else None)
    tables = read_exports(paths, catalog)
    if not any(t.records() for t in tables):
        raise RosterInputError("records.none", ", ".join(p.name for p in paths) + ": the export has no records")
    _keep(Path(out), on_kept)
    write_export_workbook(tables, catalog, Path(out))
    return tables


def _keep(out: Path, on_kept: Callable[[Path], None] | None) -> Path | None:
    kept = keep_before_replacing(out)
    if kept and on_kept:
        on_kept(kept)
    return kept


def clear_marks(path: str | Path, out: str | Path | None = None) -> int | None:
    """Every mark rosterxl made on a workbook file removed (by the command line or the ribbon), the cells'
    own fills and notes given back. Returns the cells cleared; None when the workbook has no marks."""
    from rosterxl.media.xlsx.marks_in_file import clear_workbook

    path = Path(path)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise RosterInputError("workbook.expected", f"{path.name}: clearing removes the marks rosterxl put in a "
                               "workbook (.xlsx or .xlsm); this is not one, so it has no marks.", file=path.name,
                               doing="clear")
    if out and not same_file(out, path):
        check_output(Path(out), [path], WORKBOOK_SUFFIXES)
    return clear_workbook(path, Path(out).resolve() if out else path.resolve())


from_sis = Roster.from_sis          # the SIS workflow by its own name, as `rosterxl from-sis` calls it


def write_demo_workbook(path: str | Path) -> Path:
    """The built-in example district's workbook, with a few realistic mistakes."""
    from rosterxl.media.xlsx.demo import write_example_workbook

    return write_example_workbook(path)


@dataclass
class Demo:
    """What the built-in example did: the district, its workbook, the roster checked, and what was saved."""

    district: str
    workbook: Path
    roster: Roster
    saved: list[SheetSaved]


def demo(folder: str | Path) -> Demo:
    """The built-in example district, offline: its workbook written in `folder` (with a few realistic mistakes),
    checked, and the upload CSV files of its sheets without errors saved in `folder`/upload."""
    from rosterxl.core.catalog.config import example_district

    catalog = example_district()
    book = write_demo_workbook(Path(folder) / "example-district.xlsx")
    roster = Roster.open([book], catalog)
    return Demo(catalog.district, book, roster, roster.save_csvs(Path(folder) / "upload", force=False))
