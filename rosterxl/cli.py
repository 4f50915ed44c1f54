"""The command line: a thin layer over the library. Exit 0 when there is nothing to fix, 1 when there
are errors, 2 when an input cannot be used."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from rosterxl.catalog.catalog import Catalog
from rosterxl.catalog.config import CONFIG_NAME, example_district, load_catalog
from rosterxl.export import write_table
from rosterxl.files import check_files
from rosterxl.marking import Change, change_summary, changed_cells
from rosterxl.model import Issue, RosterInputError, Table, plural
from rosterxl.report import as_json, print_issues, summary
from rosterxl.rules import has_errors
from rosterxl.rules.base import Context

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_show_locals=False,  # locals may hold passwords
                  help="Prepare, check and save Imagine Learning rostering files.")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


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


def _catalog(config: Path | None, first: Path | None) -> Catalog:
    if config is None:
        for candidate in ([first.parent / CONFIG_NAME] if first else []) + [Path(CONFIG_NAME)]:
            if candidate.is_file():
                config = candidate
                break
    return load_catalog(config)


@contextmanager
def _progress():
    """A progress bar on a terminal; nothing at all when the output is piped."""
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal)
    with progress:
        yield progress


def _check(paths: list[Path], config: Path | None, entity: EntityChoice | None,
           catalog: Catalog | None = None) -> tuple[list[Table], list[Issue], Context]:
    catalog = catalog or _catalog(config, paths[0] if paths else None)
    with _progress() as progress:
        task = progress.add_task("Reading", total=None)

        def step(label: str, total: int | None = None) -> None:
            if total is None:
                progress.advance(task)
            else:
                progress.update(task, description=label, completed=0, total=total)
        tables, issues, ctx = check_files(paths, catalog, entity.value if entity else None, on_step=step)
    return tables, issues, ctx


def _fail(exc: RosterInputError) -> None:
    err.print(f"[red]Cannot use this input:[/] {exc}", markup=True, highlight=False)
    raise typer.Exit(2)


@app.command()
def check(files: Annotated[list[Path], typer.Argument(help="Workbooks (.xlsx) and CSV files, checked together.")],
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
        tables, issues, ctx = _check(files, config, entity)
        facts = summary(tables, issues, {id(t): len(ctx.records(t)) for t in tables})
        changes, changed_lines = changed_cells(tables, ctx), change_summary(tables, ctx)
        sheets: dict[str, list[str]] = {}
        for table in tables:
            sheets.setdefault(table.source, []).append(table.sheet)
        del tables, ctx                 # marking needs only the issues: the rows' memory goes first
        if mark or in_place or out_path:
            _mark(files, sheets, issues, out_path, in_place, changes, changed_lines)
    except RosterInputError as exc:
        _fail(exc)
    if format is Format.json:
        sys.stdout.write(as_json(issues, facts) + "\n")
    else:
        print_issues(out, issues, facts, max_issues)
    raise typer.Exit(1 if has_errors(issues) else 0)


def _mark(files: list[Path], sheets_by_file: dict[str, list[str]], issues: list[Issue], out_path: Path | None,
          in_place: bool, changes: list[Change], changed_lines: list[str]) -> None:
    from rosterxl.workbook.marks import backup, guard, mark_workbook

    books = [f for f in files if f.suffix.lower() in (".xlsx", ".xlsm")]
    if len(books) != 1:
        raise RosterInputError("--mark works on one workbook (.xlsx or .xlsm) at a time")
    book = books[0]
    target = book if in_place else out_path or book.with_name(f"{book.stem}.checked{book.suffix}")
    sheets = sheets_by_file.get(book.name, [])
    guard(book, writing=target == book)
    kept = backup(book) if in_place else None
    with _progress() as progress:
        progress.add_task("Marking", total=None)
        mark_workbook(book, target, [i for i in issues if i.sheet in sheets], sheets,
                      [c for c in changes if c.sheet in sheets], changed_lines)
    where = f"{target}" + (f" (the original is kept as {kept.name})" if kept else "")
    cells = {(i.sheet, i.cell) for i in issues if i.sheet in sheets} | {(c.sheet, c.cell) for c in changes}
    err.print(f"Marked {plural(len(cells), 'cell')} in {where}.")


def _save(tables: list[Table], issues: list[Issue], ctx: Context, out_dir: Path, force: bool,
          changed_only: bool = False) -> bool:
    """Write each sheet's CSV; returns False when a sheet was refused for its errors."""
    all_saved = True
    for table in tables:
        rows = None
        if changed_only:
            found = ctx.changes(table)
            if found is None:
                out.print(f"{table.sheet}: not made by open-export, so every record is written.")
            else:
                rows = found.rows_to_import()
                out.print(f"{table.sheet}: {plural(found.count('added'), 'row')} added and "
                          f"{plural(found.count('changed'), 'row')} changed since the export; "
                          f"{plural(found.count('unchanged'), 'row')} left out.")
        records = len(ctx.records(table)) if rows is None else len(rows)
        if not records and rows is None:
            out.print(f"{table.sheet}: no records, no file written.")
            continue
        errors = sum(1 for i in issues if i.sheet == table.sheet and i.severity.value == "error")
        if errors and not force:
            out.print(f"[red]{table.sheet}: not saved[/]: {plural(errors, 'error')} to fix first "
                      "(see them with rosterxl check, or save anyway with --force).")
            all_saved = False
            continue
        written = write_table(table, ctx, out_dir, rows)
        skipped = len(table.records()) - len(ctx.records(table))
        note = f" ({plural(skipped, 'sample row')} left out)" if skipped else ""
        forced = f" [red]with {plural(errors, 'error')}, as asked[/]" if errors else ""
        out.print(f"{table.sheet}: {plural(records, 'record')} → " + ", ".join(str(p) for p in written) + note + forced)
    return all_saved


@app.command()
def export(files: Annotated[list[Path], typer.Argument(help="The workbook (or CSV files) to save for upload.")],
           out_dir: Annotated[Path, typer.Option("--out-dir", help="Where the CSV files go.")] = Path("."),
           force: Annotated[bool, typer.Option(help="Save sheets that have errors too.")] = False,
           changed_only: Annotated[bool, typer.Option(
               help="Only the rows added or changed since the portal's export (a workbook made by open-export).")]
           = False,
           entity: EntityOption = None, config: ConfigOption = None) -> None:
    """Save the upload-ready CSV files: one per record type, at most 10,000 records each."""
    try:
        tables, issues, ctx = _check(files, config, entity)
        saved = _save(tables, issues, ctx, out_dir, force, changed_only)
    except RosterInputError as exc:
        _fail(exc)
    except OSError as exc:
        err.print(f"[red]Cannot save the CSV files in {out_dir}:[/] {exc.strerror or exc}")
        raise typer.Exit(2) from None
    raise typer.Exit(0 if saved else 1)


@app.command()
def demo(folder: Annotated[Path, typer.Option("--dir", help="Where the example files go.")]
         = Path("rosterxl-demo")) -> None:
    """Try rosterxl on a built-in example district, offline."""
    from rosterxl.workbook.demo import write_example_workbook

    catalog = example_district()
    book = write_example_workbook(folder / "example-district.xlsx")
    out.print(f"[bold]rosterxl demo[/]: {catalog.district}")
    out.print(f"Wrote the example workbook, with a few realistic mistakes: {book}")
    tables, issues, ctx = _check([book], None, None, catalog=catalog)
    facts = summary(tables, issues, {id(t): len(ctx.records(t)) for t in tables})
    print_issues(out, issues, facts)
    out.print()
    out.print("[bold]Saving the upload CSV files of the sheets without errors:[/]")
    _save(tables, issues, ctx, folder / "upload", force=False)


@app.command("open-export")
def open_export(files: Annotated[list[Path], typer.Argument(help="One to three CSV files exported from the portal.")],
                out_path: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx).")],
                config: ConfigOption = None) -> None:
    """Load the portal's exported CSV files into a workbook to edit in Excel and import back."""
    from rosterxl.workbook.export_book import write_export_workbook

    try:
        tables = write_export_workbook(files, _catalog(config, files[0]), out_path)
    except RosterInputError as exc:
        _fail(exc)
    for table in tables:
        out.print(f"{table.source}: {plural(len(table.records()), 'record')} → sheet '{table.entity.sheet}'")
    out.print(f"Wrote {out_path}. Edit it, check it with rosterxl check, and save only what changed with "
              "rosterxl export --changed-only.")


@app.command()
def diff(workbook: Annotated[Path, typer.Argument(help="A workbook made by open-export.")],
         config: ConfigOption = None,
         format: Annotated[Format, typer.Option("--format", help="text for people, json for programs")] = Format.text
         ) -> None:
    """What changed since the portal's export: rows added, rows changed (with the columns), rows unchanged."""
    import json

    try:
        tables, _, ctx = _check([workbook], config, None)
    except RosterInputError as exc:
        _fail(exc)
    report = []
    for table in tables:
        found = ctx.changes(table)
        if found is None:
            continue
        report.append({"sheet": table.sheet, "added": [c.row.number for c in found.rows if c.status == "added"],
                       "changed": [{"row": c.row.number, "database_id": c.database_id,
                                    "columns": [h.text for h in c.columns]}
                                   for c in found.rows if c.status == "changed"],
                       "unchanged": found.count("unchanged"), "not_in_sheet": found.gone})
    if not report:
        _fail(RosterInputError(f"{workbook.name} was not made by rosterxl open-export: there is no export to "
                               "compare with."))
    if format is Format.json:
        sys.stdout.write(json.dumps({"sheets": report}, ensure_ascii=False, indent=2) + "\n")
        return
    for sheet in report:
        out.print(f"[bold]{sheet['sheet']}[/]: {plural(len(sheet['added']), 'row')} added, "
                  f"{plural(len(sheet['changed']), 'row')} changed, {plural(sheet['unchanged'], 'row')} unchanged, "
                  f"{plural(len(sheet['not_in_sheet']), 'exported record')} no longer in the sheet.")
        for change in sheet["changed"][:200]:
            out.print(f"  row {change['row']} (Database ID {change['database_id']}): {', '.join(change['columns'])}")
        if sheet["added"]:
            out.print(f"  added: rows {', '.join(map(str, sheet['added'][:50]))}"
                      + (" ..." if len(sheet["added"]) > 50 else ""))


@app.command()
def clear(workbook: Annotated[Path, typer.Argument(help="A workbook rosterxl marked.")],
          out_path: Annotated[Optional[Path], typer.Option("--out", help="Write the cleared workbook here instead.")]
          = None) -> None:
    """Remove every mark rosterxl made (fills, notes, the Issues sheet); the cells get back what they had."""
    from rosterxl.workbook.marks import clear_workbook
    from rosterxl.workbook.reader import _open

    try:
        _open(workbook)                   # the same clear messages as check for files it cannot use
        cleared = clear_workbook(workbook, out_path or workbook)
    except RosterInputError as exc:
        _fail(exc)
    if cleared is None:
        out.print(f"{workbook.name} has no rosterxl marks: nothing to clear.")
    else:
        out.print(f"Cleared the marks of {plural(cleared, 'cell')} in {out_path or workbook}.")


@app.command()
def template(workbook: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx).")],
             entities: Annotated[str, typer.Option(help="Which sheets, separated by commas.")]
             = "classes,educators,students",
             optional: Annotated[Optional[list[str]], typer.Option(
                 "--optional", help="An optional column to add (its header); 'all' adds every one.")] = None,
             from_portal: Annotated[Optional[list[Path]], typer.Option(
                 "--from-portal", help="A template the portal generated: its exact columns are used.")] = None,
             config: ConfigOption = None) -> None:
    """Write a template workbook with dropdowns and live red cells, ready to email to a school."""
    from rosterxl.workbook.plans import plans_from_choices, plans_from_portal
    from rosterxl.workbook.template import write_template

    try:
        catalog = _catalog(config, None)
        if from_portal:
            plans = plans_from_portal(catalog, from_portal)
        else:
            plans = plans_from_choices(catalog, [e.strip() for e in entities.split(",") if e.strip()],
                                       optional or [])
        path = write_template(workbook, catalog, plans)
    except RosterInputError as exc:
        _fail(exc)
    except OSError as exc:
        err.print(f"[red]Cannot write {workbook}:[/] {exc.strerror or exc}")
        raise typer.Exit(2) from None
    sheets = ", ".join(f"{p.entity.sheet} ({len(p.columns)} columns)" for p in plans)
    out.print(f"Wrote {path}: {sheets}.")


@app.command()
def addin(out_path: Annotated[Optional[Path], typer.Option(
              "--out", help="Build a macro-enabled workbook (.xlsm) with the Roster tab here.")] = None,
          workbook: Annotated[Optional[Path], typer.Option(
              help="The workbook to put the Roster tab in (default: a new template).")] = None) -> None:
    """Check the Excel macro parts (macros/) and build a workbook with the Roster ribbon tab."""
    from rosterxl.excel.addin import add_ribbon, import_module_with_excel, problems, read_parts

    parts = read_parts()
    found = problems(parts)
    for problem in found:
        err.print(f"[red]Problem:[/] {problem}")
    if found:
        raise typer.Exit(1)
    out.print(f"The macro parts fit together: {len(parts.callbacks)} ribbon buttons, each with its VBA Sub, "
              f"each calling a function of rosterxl.excel that accepts the call.")
    if out_path is None:
        out.print("Build a workbook with the Roster tab with --out Roster.xlsm; macros/README.md says how to "
                  "install the buttons by hand on Windows and macOS, and how to use them with xlwings Lite.")
        return
    if workbook is None:
        import tempfile

        from rosterxl.workbook.plans import plans_from_choices
        from rosterxl.workbook.template import write_template

        catalog = _catalog(None, None)
        workbook = Path(tempfile.mkdtemp()) / "template.xlsx"
        write_template(workbook, catalog, plans_from_choices(catalog, list(catalog.entities), ["all"]))
    try:
        built = add_ribbon(workbook, out_path.with_suffix(".xlsm"))
    except RosterInputError as exc:
        _fail(exc)
    out.print(f"Wrote {built} with the Roster tab. " + import_module_with_excel(built))


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
