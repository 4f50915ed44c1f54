"""The command line: a thin layer over the library. Exit codes mean one thing each: 0 nothing to fix, 1
problems found, 2 an input cannot be used or an output cannot be written (a sentence names the file), 3 an
internal error of rosterxl (a sentence says where the details were written; never a bare traceback)."""
from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from rosterxl import CONFIG_NAME, RosterInputError, plural
from rosterxl.cli.present import PlainConsole, as_json, print_answers, print_fixed, print_issues, print_saved, say

if TYPE_CHECKING:
    from rosterxl import Roster

EXIT_PROBLEMS, EXIT_UNUSABLE, EXIT_INTERNAL, EXIT_STOPPED = 1, 2, 3, 130
out = PlainConsole()
err = PlainConsole(stderr=True)


EXIT_CODES = ("Exit codes: 0 nothing to fix; 1 problems found (errors in the files, or a sheet not saved); 2 an "
              "input cannot be used or an output cannot be written; 3 an internal error of rosterxl; 130 stopped.")


class SafeGroup(TyperGroup):
    """Every command runs inside this: what is not a message already becomes one, with its exit code."""

    def parse_args(self, ctx, args):
        if not args:                     # bare `rosterxl`: the help, and no error (nothing went wrong)
            typer.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):       # typer's own: usage errors, exits
            raise
        except KeyboardInterrupt:
            err.print(say(("Stopped.", "red"), " rosterxl only ever replaces a file whole, so none was left "
                          "half-written."))
            ctx.exit(EXIT_STOPPED)
        except RosterInputError as exc:                # from a command without its own try: the same sentence
            _fail(exc)
        except OSError as exc:
            err.print(say(("Cannot go on: ", "red"), file_problem(exc)))
            ctx.exit(EXIT_UNUSABLE)
        except MemoryError:
            err.print(say(("Cannot go on: ", "red"), "the input is too large for this computer's memory."))
            ctx.exit(EXIT_UNUSABLE)
        except Exception as exc:                       # a fault of rosterxl's, not of the person's file
            log = crash_log(exc)
            where = f" The details (no cell values) are in {log}." if log else ""
            err.print(say(("rosterxl stopped on an internal error", "red"),
                          f" ({type(exc).__name__}): a fault in rosterxl, not in your files. rosterxl only ever "
                          f"replaces a file whole, so none was left half-written.{where} Please send that file "
                          f"to whoever supports rosterxl."))
            ctx.exit(EXIT_INTERNAL)


def file_problem(exc: OSError) -> str:
    """An operating system error as a sentence naming the file."""
    import errno
    name = exc.filename or "a file"
    reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
              errno.EACCES: "rosterxl is not allowed to write or read it", errno.EPERM: "the system does not allow it",
              errno.EROFS: "the disk is read-only", errno.ENOENT: "the file or folder does not exist",
              errno.EISDIR: "it is a folder, not a file", errno.ENOTDIR: "part of the path is not a folder",
              errno.ENAMETOOLONG: "the name is too long", errno.EXDEV: "it is on another disk",
              errno.EFBIG: "the file would be larger than this computer allows (or the disk has room for)"
              }.get(exc.errno, exc.strerror or str(exc))
    return f"{name}: {reason}."


def crash_log(exc: BaseException) -> Path | None:
    """The traceback of an internal error, in a file only its owner can read: where it happened (file, line,
    function) and the kind of error; never its message, source lines or values (they may hold a cell's value,
    a password)."""
    import os
    import tempfile
    import time
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    text = "".join(f'  File "{f.filename}", line {f.lineno}, in {f.name}\n' for f in frames)
    text += f"{type(exc).__module__}.{type(exc).__qualname__}\n"
    try:
        fd, name = tempfile.mkstemp(prefix=f"rosterxl-error-{time.strftime('%Y%m%d-%H%M%S')}-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(f"rosterxl {_own_version()}, Python {sys.version.split()[0]}\n{text}")
        return Path(name)
    except OSError:
        return None


def _own_version() -> str:
    from rosterxl import __version__
    return __version__


app = typer.Typer(cls=SafeGroup, add_completion=False, no_args_is_help=False, rich_markup_mode=None,
                  pretty_exceptions_enable=False, epilog=EXIT_CODES,
                  help="Prepare, check and save Imagine Learning rostering files.")


class PlainCommand(TyperCommand):
    """A command whose help reads as words: an argument is FILE..., not '{FILE...}... <list[Path]>'."""

    def get_help(self, ctx) -> str:
        text = super().get_help(ctx)
        text = re.sub(r" ?<list\[\w+\]>", "", text)
        return re.sub(r"\{([A-Z_]+(?:\.\.\.)?)\}(?:\.\.\.)?", r"\1", text)


def command(short: str, name: str | None = None):
    """A command with its one-line summary (the command list shows it whole) and the exit codes in its help."""
    return app.command(name, cls=PlainCommand, short_help=short, epilog=EXIT_CODES)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version as installed

        from rosterxl import __version__
        out.print(f"rosterxl {__version__} (xlwings {installed('xlwings')})")
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show rosterxl's version and exit.")] = False) -> None:
    """Prepare, check and save Imagine Learning rostering files."""


class Format(str, Enum):
    text = "text"
    json = "json"


class EntityChoice(str, Enum):
    classes = "classes"
    educators = "educators"
    students = "students"


ConfigOption = Annotated[Optional[Path], typer.Option(
    "--config", help=f"The district config. Default: {CONFIG_NAME} beside the first file, or here.")]
EntityOption = Annotated[Optional[EntityChoice], typer.Option(
    "--entity", help="The record type of every file, when names and headers do not say.")]


@contextmanager
def _progress():
    """A progress bar on a terminal; nothing at all when the output is piped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal)
    with progress:
        yield progress


@contextmanager
def _steps() -> Iterator[Callable[..., None]]:
    """The on_step a library call reports its steps to, drawn as the progress bar (on a terminal)."""
    with _progress() as progress:
        task = progress.add_task("Reading", total=None)

        def step(label: str, total: int | None = None) -> None:
            if total is None:
                progress.advance(task)
            else:
                progress.update(task, description=label, completed=0, total=total)
        yield step


def _check(paths: list[Path], config: Path | None, entity: EntityChoice | None) -> Roster:
    """The files opened and checked, with a progress bar on a terminal."""
    from rosterxl import Roster

    with _steps() as step:
        return Roster.open(paths, config, entity=entity.value if entity else None, on_step=step)


def _before(in_place: bool) -> str:
    return "the original" if in_place else "the file that was there"


def kept_sentence(kept: Path | None) -> str:
    """The one sentence saying a file a person may have edited was kept before rosterxl replaced it."""
    return f"The file that was there is kept as {kept.name}." if kept else ""


def _fail(exc: RosterInputError, format: Format | None = None) -> None:
    """An input that cannot be used: the sentence in the command line's words; with --format json, also its code
    and the sentence as JSON on standard output (a program reads that, a person the sentence)."""
    import json

    from rosterxl.cli.advice import WORDS

    err.print(say(("Cannot use this input: ", "red"), exc.worded(WORDS)))
    if format is Format.json:
        sys.stdout.write(json.dumps({"error": exc.as_dict(WORDS)}, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(EXIT_UNUSABLE)


def _cannot(exc: OSError, doing: str) -> None:
    """A file that could not be written: what was being done ("Cannot save the CSV files in DIR: "), then why."""
    err.print(say((doing, "red"), file_problem(exc)))
    raise typer.Exit(EXIT_UNUSABLE) from None


@command("Check files; list every problem with its cell.")
def check(files: Annotated[list[Path], typer.Argument(help="Workbooks (.xlsx) and CSV files, or folders of them, "
                                                           "checked together as one district.",
                                                      metavar="FILE...")],
          entity: EntityOption = None, config: ConfigOption = None,
          format: Annotated[Format, typer.Option("--format", help="text for people, json for programs")] = Format.text,
          max_issues: Annotated[int, typer.Option(help="Issues shown per sheet in text; 0 shows all.")] = 200,
          mark: Annotated[bool, typer.Option(help="Mark each bad cell in a copy of the workbook: NAME.checked.xlsx")]
          = False,
          out_path: Annotated[Optional[Path], typer.Option("--out", help="Where the marked copy goes.")] = None,
          in_place: Annotated[bool, typer.Option(help="Mark the workbook itself (a backup copy is kept).")]
          = False) -> None:
    """Check rostering files and list every problem with its cell."""
    try:
        roster = _check(files, config, entity)
        issues, facts = roster.check(), roster.summary()
        if mark or in_place or out_path:
            with _progress() as progress:
                progress.add_task("Marking", total=None)
                marked = roster.mark_workbooks(out_path, in_place)
            for one in marked:
                kept = f" ({_before(in_place)} is kept as {one.backup.name})" if one.backup else ""
                err.print(f"Marked {plural(one.cells, 'cell')} in {one.target}{kept}.")
    except RosterInputError as exc:
        _fail(exc, format)
    if format is Format.json:
        sys.stdout.write(as_json(issues, facts) + "\n")
    else:
        print_issues(out, issues, facts, max_issues)
    raise typer.Exit(EXIT_PROBLEMS if roster.errors() else 0)


@command("Fix what is sure; mark the rest.")
def fix(workbooks: Annotated[list[Path], typer.Argument(
            help="The workbooks to fix (.xlsx or .xlsm), or a folder of them: checked together as one district, each "
                 "fixed in its own copy.", metavar="WORKBOOK...")],
        out_path: Annotated[Optional[Path], typer.Option(
            "--out", help="Where the fixed copy goes. Default: NAME.fixed.xlsx beside the workbook.")] = None,
        in_place: Annotated[bool, typer.Option(help="Fix the workbook itself (a backup copy is kept).")] = False,
        accept: Annotated[Optional[list[str]], typer.Option(
            help="Also apply the likely fixes: all, or those of a check by its code (list.not-allowed, "
                 "organization.misspelt, excel.number...); repeat it or separate codes with commas. A fix answered "
                 "Yes in the Issues sheet's Apply? column is always applied.", metavar="all|CODE")] = None,
        config: ConfigOption = None,
        max_issues: Annotated[int, typer.Option(help="Issues left shown per sheet; 0 shows all.")] = 200) -> None:
    """Fix what rosterxl is sure of (spellings, separators, spaces) and the likely fixes you accept; mark the
    rest for a person."""
    try:
        from rosterxl import Accept

        accepted = Accept.of(accept or [])
        roster = _check(workbooks, config, None)
        with _progress() as progress:
            progress.add_task("Fixing", total=None)
            results = roster.fix_workbooks(out_path, in_place, accepted)
    except RosterInputError as exc:
        _fail(exc)
    after = results[0].after
    print_fixed(out, results, _before(in_place))
    print_issues(out, after.check(), after.summary(), max_issues)
    print_answers(out, results)
    raise typer.Exit(EXIT_PROBLEMS if after.errors() else 0)


@command("Save the upload-ready CSV files.")
def export(files: Annotated[list[Path], typer.Argument(help="The workbooks or CSV files (or folders of them) to save "
                                                            "for upload: one set for all of them.",
                                                       metavar="FILE...")],
           out_dir: Annotated[Path, typer.Option("--out-dir", help="Where the CSV files go.")] = Path("."),
           force: Annotated[bool, typer.Option(help="Save sheets that have errors too.")] = False,
           changed_only: Annotated[bool, typer.Option(
               help="Only the rows added or changed since the portal's export (a workbook made by open-export).")]
           = False,
           entity: EntityOption = None, config: ConfigOption = None) -> None:
    """Save the upload-ready CSV files: one per record type, at most 10,000 records each."""
    try:
        saved = _check(files, config, entity).save_csvs(out_dir, force, changed_only, on_wait=err.print)
        print_saved(out, saved)
    except RosterInputError as exc:
        _fail(exc)
    except OSError as exc:
        _cannot(exc, f"Cannot save the CSV files in {out_dir}: ")
    raise typer.Exit(EXIT_PROBLEMS if any(s.status == "refused" for s in saved) else 0)


@command("Try rosterxl on an example district.")
def demo(folder: Annotated[Path, typer.Option("--dir", help="Where the example files go.")]
         = Path("rosterxl-demo")) -> None:
    """Try rosterxl on a built-in example district, offline."""
    from rosterxl import demo as run_demo

    done = run_demo(folder)
    out.print(say(("rosterxl demo", "bold"), f": {done.district}"))
    out.print(f"Wrote the example workbook, with a few realistic mistakes: {done.workbook}")
    print_issues(out, done.roster.check(), done.roster.summary())
    out.print()
    out.print(say(("Saving the upload CSV files of the sheets without errors:", "bold")))
    print_saved(out, done.saved)


@command("Open the portal's export to edit in Excel.", "open-export")
def open_export(files: Annotated[list[Path], typer.Argument(help="One to three CSV files exported from the portal.",
                                                            metavar="CSV_FILE...")],
                out_path: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx).")],
                config: ConfigOption = None) -> None:
    """Load the portal's exported CSV files into a workbook to edit in Excel and import back."""
    from rosterxl import open_export as open_export_workbook

    try:
        tables = open_export_workbook(files, out_path, config, on_kept=lambda k: out.print(kept_sentence(k)))
    except RosterInputError as exc:
        _fail(exc)
    for table in tables:
        out.print(f"{table.source}: {plural(len(table.records()), 'record')} → sheet '{table.entity.sheet}'")
    out.print(f"Wrote {out_path}. Edit it, check it with rosterxl check, and save only what changed with "
              "rosterxl export --changed-only.")


@command("Show what changed since the export.")
def diff(workbook: Annotated[Path, typer.Argument(help="A workbook made by open-export.", metavar="WORKBOOK")],
         config: ConfigOption = None,
         format: Annotated[Format, typer.Option("--format", help="text for people, json for programs")] = Format.text
         ) -> None:
    """What changed since the portal's export: rows added, rows changed (with the columns), rows unchanged."""
    import json

    from rosterxl.cli.present import diff_report, print_diff

    try:
        report = diff_report(_check([workbook], config, None).changes_since_export())
    except RosterInputError as exc:
        _fail(exc, format)
    if format is Format.json:
        sys.stdout.write(json.dumps({"sheets": report}, ensure_ascii=False, indent=2) + "\n")
    else:
        print_diff(out, report)


@command("Make the workbook from SIS files (OneRoster, Clever).", "from-sis")
def from_sis(source: Annotated[Path, typer.Argument(
                 help="A folder or .zip of OneRoster 1.1, OneRoster 1.2 or Clever CSV files.", metavar="PATH")],
             out_path: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx).")],
             config: Annotated[Optional[Path], typer.Option(
                 "--config", help=f"The district config with its [sis] decisions. Default: {CONFIG_NAME} beside "
                                  "PATH, or here.")] = None,
             exports: Annotated[Optional[list[Path]], typer.Option(
                 "--export", help="A CSV file the portal exported (Students, Educators or Classes/Groups), to merge "
                                  "with: give --export once per file.", metavar="CSV_FILE")] = None,
             format: Annotated[Format, typer.Option("--format", help="text for people, json for programs")]
             = Format.text,
             max_issues: Annotated[int, typer.Option(help="Problems shown per file and per sheet; 0 shows all.")]
             = 200) -> None:
    """Make the portal's three sheets from a student information system's export (OneRoster 1.1 or 1.2, or
    Clever), check them and mark what needs a person. The decisions no SIS field says (products, passwords of
    new students, which classes...) come from rosterxl.toml's [sis] section; the workbook's Instructions sheet
    shows each one. With the portal's exports (--export), the records it has keep their Database ID and take
    the SIS's changes, so rosterxl export --changed-only saves only the new and changed records."""
    import json

    from rosterxl import from_sis as make
    from rosterxl.cli.present import sis_json

    try:
        with _progress() as progress:
            task = progress.add_task("Reading", total=None)
            result = make(source, out_path, config,
                          on_step=lambda label, *_: progress.update(task, description=label), exports=exports or ())
    except RosterInputError as exc:
        problems = getattr(exc, "problems", [])
        if format is Format.json and problems:
            sys.stdout.write(json.dumps({"problems": [p.as_dict() for p in problems]}, ensure_ascii=False,
                                        indent=2) + "\n")
        _fail(exc, format)
    if format is Format.json:
        sys.stdout.write(sis_json(result) + "\n")
    else:
        print_sis(result, max_issues)
    raise typer.Exit(EXIT_PROBLEMS if result.roster.errors() or result.source_errors() else 0)


def print_sis(result, max_issues: int) -> None:
    records = ", ".join(f"{plural(n, 'record')} on {sheet}" for sheet, n in result.records().items())
    out.print(say(("From ", "bold"), (result.format, "bold"), f" ({len(result.files)} files): {records}."))
    print_sis_problems(result.problems, max_issues)
    if result.left_out:
        print_left_out(result.left_out)
    if result.applied:
        out.print()
        out.print(say(("Done by a decision", "bold"), " (rosterxl.toml [sis]; the Instructions sheet shows each one):"))
        for what, n in sorted(result.applied.items()):
            out.print(f"  {n:,} × {what}")
    if result.merged:
        print_merged(result)
    errors = result.source_errors()
    source = (f"the SIS files have {plural(errors, 'error')}, and the records they concern are missing or "
              "incomplete in the sheets (see the problems above).") if errors else ""
    print_issues(out, result.roster.check(), result.roster.summary(), max_issues, blocked=source)
    if errors and result.roster.errors():
        out.print(say(("And the SIS files have ", ""), (plural(errors, "error"), "red"), ": the records they "
                      "concern are missing or incomplete in the sheets (see the problems above)."))
    print_sis_written(result)


def print_sis_problems(problems, max_issues: int) -> None:
    """The problems in the SIS files, errors first (the first `max_issues`)."""
    errors = [p for p in problems if p.severity.value == "error"]
    warnings = [p for p in problems if p.severity.value != "error"]
    if not problems:
        return
    out.print()
    out.print(say(("Problems in the SIS files: ", "bold"), (plural(len(errors), "error"), "red" if errors else
                  "green"), ", ", (plural(len(warnings), "warning"), "yellow" if warnings else "")))
    shown = errors + warnings
    for p in shown[:max_issues or None]:
        out.print(say((f"  {p.severity.value:<7}", "red" if p.severity.value == "error" else "yellow"),
                      f" {p.line()}"))
    if max_issues and len(shown) > max_issues:
        out.print(f"  ... and {len(shown) - max_issues:,} more: the From the SIS sheet lists them all.")


def print_sis_written(result) -> None:
    """The workbook written, and how to go on."""
    out.print()
    then = (f"rosterxl export {result.workbook.name} --changed-only, which saves only the new and changed records"
            if result.merged else "rosterxl export")
    out.print(f"Wrote {result.workbook}" + (f" and marked {plural(result.marked, 'cell')} that need a person" if
                                            result.marked else "") + f". Review it in Excel, then save the upload "
              f"files with {then}.")
    if result.kept:
        out.print(kept_sentence(result.kept))


def print_left_out(left_out, shown: int = 5) -> None:
    """The records not brought over, by reason, the first few of each named with their file and row."""
    reasons: dict[str, list] = {}
    for x in left_out:
        reasons.setdefault(x.why.split(" (")[0].split(";")[0], []).append(x)
    out.print()
    out.print(say(("Not brought over: ", "bold"), plural(len(left_out), "record")
                  + " (the From the SIS sheet lists each one)"))
    for why, records in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
        names = "; ".join(f"{x.name} ({x.where.file} row {x.where.row})" for x in records[:shown])
        more = f"; and {len(records) - shown:,} more" if len(records) > shown else ""
        out.print(f"  {len(records):,} {why}: {names}{more}")


def print_merged(result) -> None:
    """What the merge with the portal's exports found, sheet by sheet."""
    changes = {t.sheet: c for t, c in result.roster.changes()}
    out.print()
    out.print(say(("Merged with the portal's exports", "bold"), " (the From the SIS sheet lists the records only in "
                  "the portal):"))
    for m in result.merged:
        sheet, found = m.plan.entity.sheet, changes.get(m.plan.entity.sheet)
        if not m.export:
            out.print(say(f"  {sheet}: ", ("no export given", "yellow"), f", so all {plural(m.new, 'record')} are "
                          f"new. If they are in the portal already, give its {sheet} export with --export."))
            continue
        counts = (f"{found.count('changed'):,} changed, {found.count('unchanged') - len(m.portal_only):,} unchanged"
                  if found is not None else f"{m.matched:,} in both")      # the portal's own records: said next
        out.print(f"  {sheet} ({m.export}): {m.new:,} new, {counts}; {len(m.portal_only):,} only in the portal, "
                  "kept as they are")


@command("Make one workbook per school to email.")
def schools(sources: Annotated[list[Path], typer.Argument(
                help="The district's workbook, its CSV files (the portal's exports too), or an SIS export (a "
                     "folder or .zip).", metavar="SOURCE...")],
            out_dir: Annotated[Path, typer.Option("--out-dir", help="The folder the school workbooks go in.")]
            = Path("schools"),
            config: ConfigOption = None,
            format: Annotated[Format, typer.Option("--format", help="text for people, json for programs")]
            = Format.text) -> None:
    """One workbook per school, to email: only that school's records, its name as the only Organization, its
    classes in the Classes/Groups dropdowns, the live red cells and the Instructions. A file already there is
    kept as NAME.before-rosterxl.xlsx first."""
    from rosterxl import write_school_workbooks
    from rosterxl.cli.present import print_schools, schools_json

    try:
        result = write_school_workbooks(sources, out_dir, config)
    except RosterInputError as exc:
        _fail(exc, format)
    except OSError as exc:
        _cannot(exc, f"Cannot write the school workbooks in {out_dir}: ")
    if format is Format.json:
        sys.stdout.write(schools_json(result) + "\n")
    else:
        print_schools(out, result, out_dir)
    raise typer.Exit(EXIT_PROBLEMS if result.unplaced else 0)


@command("Remove rosterxl's marks from a workbook.")
def clear(workbook: Annotated[Path, typer.Argument(help="A workbook rosterxl marked.", metavar="WORKBOOK")],
          out_path: Annotated[Optional[Path], typer.Option("--out", help="Write the cleared workbook here instead.")]
          = None) -> None:
    """Remove every mark rosterxl made (fills, notes, the Issues sheet); the cells get back what they had."""
    from rosterxl import clear_marks

    try:
        cleared = clear_marks(workbook, out_path)
    except RosterInputError as exc:
        _fail(exc)
    if cleared is None:
        out.print(f"{workbook.name} has no rosterxl marks: nothing to clear.")
    else:
        out.print(f"Cleared the marks of {plural(cleared, 'cell')} in {out_path or workbook}.")


@command("Write a template workbook to fill in.")
def template(workbook: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx).")],
             entities: Annotated[str, typer.Option(help="Which sheets, separated by commas.")]
             = "classes,educators,students",
             optional: Annotated[Optional[list[str]], typer.Option(
                 "--optional", help="An optional column to add (its header); 'all' adds every one.")] = None,
             from_portal: Annotated[Optional[list[Path]], typer.Option(
                 "--from-portal", help="A template the portal generated: its exact columns are used.")] = None,
             config: ConfigOption = None) -> None:
    """Write a template workbook with dropdowns and live red cells, ready to email to a school."""
    from rosterxl import write_template as write_template_workbook

    try:
        plans = write_template_workbook(workbook, config,
                                        entities=[e.strip() for e in entities.split(",") if e.strip()],
                                        optional=optional or [], from_portal=from_portal or [],
                                        on_kept=lambda k: out.print(kept_sentence(k)))
    except RosterInputError as exc:
        _fail(exc)
    except OSError as exc:
        _cannot(exc, "Cannot write the template: ")
    sheets = ", ".join(f"{p.entity.sheet} ({len(p.columns)} columns)" for p in plans)
    out.print(f"Wrote {workbook}: {sheets}.")


@command("Build the Roster add-in for Excel.")
def addin(out_path: Annotated[Optional[Path], typer.Option(
              "--out", help="Build the Roster add-in here: Roster.xlam (the buttons in every workbook) or a "
                          "macro-enabled workbook, Roster.xlsm.")] = None,
          workbook: Annotated[Optional[Path], typer.Option(
              help="The workbook to put the Roster tab in (default: a new template).")] = None) -> None:
    """Check the Excel macro parts and build a workbook with the Roster ribbon tab."""
    from rosterxl import excel

    try:
        buttons, found = excel.macro_problems()
    except RosterInputError as exc:
        _fail(exc)
    for problem in found:
        err.print(say(("Problem: ", "red"), problem))
    if found:
        raise typer.Exit(EXIT_PROBLEMS)
    out.print(f"The macro parts fit together: {buttons} ribbon buttons, each with its VBA Sub, "
              f"each calling a function of rosterxl.excel that accepts the call.")
    if out_path is None:
        out.print(f"Build the add-in with --out Roster.xlam (or a workbook with the tab, --out Roster.xlsm). "
                  f"{excel.macros_folder() / 'README.md'} says how to set it up; the project's docs/install.md "
                  f"has every step for Windows, macOS and xlwings Lite.")
        return
    try:
        built, note = excel.build_addin(out_path, workbook)
    except RosterInputError as exc:
        _fail(exc)
    out.print(f"Wrote {built} with the Roster tab. {note}")


@command("Collect the workbooks the schools sent back.")
def collect(sources: Annotated[list[Path], typer.Argument(
                help="The returned workbooks (or CSV files), or a folder of them.", metavar="FOLDER_OR_FILES...")],
            out_dir: Annotated[Path, typer.Option("--out-dir", help="Where the upload CSV files and the District "
                                                                    "summary go.")] = Path("upload"),
            config: ConfigOption = None,
            district: Annotated[Optional[list[Path]], typer.Option(
                "--district", help="The district's workbook or the portal's exports, whose schools are the district's "
                                   "list (when rosterxl.toml has none). Repeat for several files.", metavar="FILE")]
            = None,
            schools: Annotated[Optional[str], typer.Option(
                "--schools", help="The district's schools, separated by semicolons (instead of the config's list).")]
            = None,
            summary: Annotated[Optional[Path], typer.Option(
                "--summary", help="The District summary workbook. Default: 'District summary.xlsx' in --out-dir.")]
            = None,
            force: Annotated[bool, typer.Option(help="Save record types that have errors too.")] = False,
            format: Annotated[Format, typer.Option("--format", help="text for people, json for programs")]
            = Format.text,
            max_issues: Annotated[int, typer.Option(help="Issues shown per sheet in text; 0 shows all.")] = 20) -> None:
    """Collect the workbooks the schools sent back: say which schools have not returned one, check them together
    (a username or student ID used at two schools is an error in both files), write one upload set for the
    district (one file per record type) and the District summary: per school, records, errors and warnings."""
    from rosterxl import collect as collect_returns
    from rosterxl.cli.present import collected_json, print_collected

    named = [s for s in (schools or "").split(";") if s.strip()]
    try:
        with _steps() as step:
            result = collect_returns(sources, out_dir, config, district=district or (), schools=named, force=force,
                                     summary_path=summary, on_step=step)
    except RosterInputError as exc:
        _fail(exc, format)
    except OSError as exc:
        _cannot(exc, f"Cannot write in {out_dir}: ")
    if format is Format.json:
        sys.stdout.write(collected_json(result) + "\n")
    else:
        print_collected(out, result, max_issues)
    raise typer.Exit(EXIT_PROBLEMS if result.problems() else 0)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
