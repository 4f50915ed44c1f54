"""How the command line words an input error: what to do, in its own terms (its options and commands), for
each code where that depends on the face (rosterxl.core.input_errors). Other codes keep the declared words."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rosterxl import RosterInputError


def _not_opened(e: RosterInputError) -> str:
    if "sources" not in e.facts:                         # diff: the export to compare with
        return f"{e.file} was not made by rosterxl open-export: there is no export to compare with."
    return (f"{e.facts['sources']}: --changed-only saves the rows changed since the portal's export, and "
            f"{'this was' if e.facts['one'] else 'these were'} not opened from one (rosterxl open-export makes such "
            "a workbook). Nothing was saved. To save every record, leave out --changed-only.")


def _conflict(e: RosterInputError) -> str:
    if "files" not in e.facts:                           # the workbook itself and a copy
        verb = e.facts["doing"]
        return f"give either --in-place ({verb} the workbook itself) or --out ({verb} a copy), not both"
    copy, suffix = ("marked", "checked") if e.facts["doing"] == "mark" else ("fixed", "fixed")
    return (f"{e.facts['files']}: --out names the {copy} copy of one workbook; with several, each gets its own "
            f"NAME.{suffix}.xlsx beside it (or use --in-place).")


def _expected(e: RosterInputError) -> str:
    doing = e.facts["doing"]
    if doing == "clear":
        return (f"{e.file}: clear removes the marks rosterxl check --mark put in a workbook (.xlsx or .xlsm); this is "
                "not one, so it has no marks.")
    verb, instead = {"mark": ("--mark marks", "Check it without --mark"), "fix": ("fix changes", "Check it")}[doing]
    then = (f"a CSV file has no cells to colour. {instead}, or open it in Excel, save it as a workbook and use that."
            if e.facts["csv"] else "give the workbooks one by one.")
    return f"{e.facts['given']}: {verb} one workbook (.xlsx or .xlsm) at a time; {then}"


def _is_a_workbook(e: RosterInputError) -> str:
    return (f"{e.file}: {'from-sis --export' if e.facts['merging'] else 'open-export'} reads the CSV files the "
            "portal exports (Students, Educators, Classes/Groups), and this is a workbook. To check a workbook, use "
            "rosterxl check.")


def _is_input(e: RosterInputError) -> str:
    instead = e.facts["instead"]
    if instead == "name":
        also = f", or use --in-place to {e.facts['in_place']} the workbook itself (a backup copy is kept)" \
            if e.facts.get("in_place") else ""
        return f"{e.message} Choose another name{also}."
    if instead == "upload folder":
        return f"{e.message} Save the upload files in another folder with --out-dir."
    return f"{e.message} Choose another folder with --out-dir."


BUTTON_COMMANDS = {"Save CSVs": "export WORKBOOK", "Save changes": "export WORKBOOK --changed-only",
                   "School workbooks": "schools WORKBOOK", "Collect": "collect FOLDER"}   # a button's command

WORDS: dict[str, str | Callable[[RosterInputError], str]] = {
    "export.not-opened": _not_opened,
    "export.is-a-workbook": _is_a_workbook,
    "export.no-database-id": "To check a file you filled in yourself, use rosterxl check.",
    "output.conflict": _conflict,
    "output.is-input": _is_input,
    "output.busy": "Try again when it has finished, or save into another folder with --out-dir.",
    "workbook.expected": _expected,
    "workbook.has-macros": "Use 'rosterxl addin --out Roster.xlam' and keep the add-in beside your workbook.",
    "addin.name": "Use --out Roster.xlam or --out Roster.xlsm.",
    "file.read-only": "Use --out to write a marked copy elsewhere, or make the file writable.",
    "folder.sis-export": "Make the workbook from it first with From SIS (on the command line: rosterxl from-sis), "
                         "then check that workbook.",
    "records.kind-unknown": "Or say which with --entity classes, --entity educators or --entity students.",
    "excel.no-files": lambda e: f"{e.message} Save the workbook and use the command line: rosterxl "
                                f"{BUTTON_COMMANDS[e.facts['button']]}.",
}


def worded(exc: RosterInputError) -> str:
    """The sentence the command line prints for an input error."""
    return exc.worded(WORDS)
