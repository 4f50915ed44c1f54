"""An input rosterxl cannot use: each kind has a stable code, declared here with what it means, and the error
carries its code and its facts (the file, sheet, row and column where known). The raise site writes the
sentence of facts, in words for any face; where what to do depends on the face (an option on the command line,
a button in Excel), each face words that part from the code (its own table, `worded`), and the neutral advice
declared here is what the library itself says."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InputCode:
    """One kind of unusable input. The code never changes meaning: JSON failures carry it."""

    code: str
    means: str                 # what it means, in plain words
    advice: str = ""           # what to do, where each face words it its own way: the library's neutral words


def _declare(*codes: InputCode) -> dict[str, InputCode]:
    return {c.code: c for c in codes}


INPUT_CODES: dict[str, InputCode] = _declare(
    # ---- a file or folder given
    InputCode("file.not-found", "a file or folder given does not exist"),
    InputCode("file.is-folder", "a folder was given where a file is read"),
    InputCode("file.not-allowed", "rosterxl is not allowed to read the file"),
    InputCode("file.not-ordinary", "a device, a pipe or a socket, not a file"),
    InputCode("file.too-large", "larger than rosterxl reads (the file, the unpacked workbook or .zip)"),
    InputCode("file.empty", "the file holds nothing"),
    InputCode("file.unsupported", "a kind of file rosterxl does not read where it was given (.xls, not a "
                                  "workbook, not a CSV file, neither a folder nor a .zip)"),
    InputCode("file.password", "the file is protected by a password"),
    InputCode("file.damaged", "the file (a workbook, a .zip or a part of one) is damaged and cannot be read"),
    InputCode("file.given-twice", "one file given twice, or two files with the same name"),
    InputCode("file.open-in-excel", "the workbook is open in Excel (a lock file beside it)"),
    InputCode("file.read-only", "the workbook to change is read-only", "Write a marked copy elsewhere, or make the "
                                                                     "file writable."),
    InputCode("folder.empty", "a folder or .zip without the workbooks or CSV files it should hold"),
    InputCode("folder.sis-export", "a student information system's export given where the portal's files are "
                                   "read", "Make the workbook from it first with From SIS, then check that "
                                           "workbook."),
    # ---- what a CSV file holds
    InputCode("csv.encoding", "the characters of a CSV file cannot be read as text"),
    InputCode("csv.malformed", "not a well-formed CSV file (a quote mark missing, NUL characters)"),
    # ---- what a workbook holds
    InputCode("workbook.no-roster-sheet", "no sheet looks like Classes/Groups, Educators or Students"),
    InputCode("workbook.sheet-unreadable", "a sheet that is needed reaches too far or is damaged"),
    InputCode("workbook.too-wide", "more columns than a worksheet holds"),
    InputCode("workbook.cannot-mark", "written by a program whose workbook rosterxl cannot mark"),
    InputCode("workbook.expected", "marking, fixing or clearing needs one workbook, and something else (or "
                                   "several) was given"),
    InputCode("workbook.sheet-taken", "the open workbook already has a sheet of the name rosterxl would add"),
    InputCode("workbook.no-lists", "the open workbook has no template lists to refresh"),
    InputCode("workbook.has-macros", "the workbook has macros of its own, which the add-in would replace",
              "Keep the Roster add-in (Roster.xlam) beside your workbook instead."),
    # ---- the records
    InputCode("records.none", "header rows, but no records to work on"),
    InputCode("records.kind-unknown", "rosterxl cannot tell whether a file holds classes/groups, educators or "
                                      "students", "Name the file after its record type (for example "
                                                  "Students.csv)."),
    InputCode("records.kind-twice", "two sheets or exports hold the same record type where one is allowed"),
    InputCode("records.no-school", "no record names a school (or there is no school column)"),
    # ---- the portal's exports
    InputCode("export.is-a-workbook", "a workbook given where the portal's exported CSV files are read",
              "To check a workbook, check it instead."),
    InputCode("export.no-database-id", "a CSV file without a Database ID column, so not the portal's export",
              "To check a file you filled in yourself, check it instead."),
    InputCode("export.not-opened", "a workbook not opened from the portal's export, where that export is needed",
              "To save every record, save them all (not only the changed rows)."),
    # ---- a student information system's export
    InputCode("sis.not-sis", "the files are not a OneRoster or Clever export"),
    InputCode("sis.version", "a OneRoster version rosterxl does not read (or cannot tell)"),
    InputCode("sis.incomplete", "a file or column the conversion needs is missing"),
    # ---- where rosterxl writes
    InputCode("output.is-folder", "a folder given where a file is written"),
    InputCode("output.is-file", "a file given where a folder is written"),
    InputCode("output.is-input", "writing there would replace a file being read", "Choose another place to "
                                                                                  "write to."),
    InputCode("output.kind", "the name to write has the wrong suffix for what is written"),
    InputCode("output.no-folder", "the folder to write in does not exist"),
    InputCode("output.busy", "another rosterxl run is saving into the folder", "Try again when it has finished, or "
                                                                              "save into another folder."),
    InputCode("output.conflict", "the choices of where to write contradict each other (the workbook itself and "
                                 "a copy; one copy for several workbooks)"),
    # ---- the district config and the portal's templates
    InputCode("config.not-found", "the district config file given does not exist"),
    InputCode("config.unreadable", "the district config cannot be read (a folder, not allowed, not UTF-8)"),
    InputCode("config.invalid", "the district config has a mistake in its layout or its settings"),
    InputCode("template.unreadable", "a portal template cannot be used (not read, no header row, no record type)"),
    # ---- what the person chose
    InputCode("choice.unknown", "a record type, optional column or check rosterxl does not have"),
    InputCode("choice.missing", "what to work on was not given"),
    # ---- the open workbook in Excel
    InputCode("excel.no-workbook", "no workbook is open in Excel"),
    InputCode("excel.no-files", "this Excel cannot read or save files from Python (Excel on the web, xlwings "
                                "Lite or Server)", "Save the workbook and do this where files can be saved."),
    InputCode("excel.no-config", "no district config (rosterxl.toml) beside the workbook"),
    # ---- the Roster add-in
    InputCode("addin.unreadable", "the add-in's own macro parts cannot be read"),
    InputCode("addin.name", "the add-in's name ends neither in .xlam nor in .xlsm", "Name it Roster.xlam or "
                                                                                    "Roster.xlsm."),
)

Wording = Callable[["RosterInputError"], str]     # a face's whole sentence for an error of one code
Words = Mapping[str, "str | Wording"]             # code -> advice (appended, {fact}s filled in) or whole sentence


class _Facts(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"the input error has no fact '{key}'")


class RosterInputError(Exception):
    """An input rosterxl cannot use at all: its declared `code`, the sentence of facts (`message`, for people),
    where it is (file, sheet, row, column, where known) and the facts a face's wording may name."""

    def __init__(self, code: str, message: str, *, file: str | None = None, sheet: str | None = None,
                 row: int | None = None, column: str | None = None, **facts: Any):
        if code not in INPUT_CODES:
            raise ValueError(f"undeclared input code {code!r}")
        super().__init__(message)
        self.code, self.message = code, message
        self.file, self.sheet, self.row, self.column = (None if file is None else str(file)), sheet, row, column
        self.facts = facts

    def __str__(self) -> str:
        return self.worded({})

    def worded(self, words: Words) -> str:
        """The sentence for a face: its words for this code, else the declared neutral advice, after the facts."""
        wording = words.get(self.code, INPUT_CODES[self.code].advice)
        if callable(wording):
            return wording(self)
        advice = wording.format_map(_Facts(self.facts)) if wording else ""
        return f"{self.message} {advice}" if advice else self.message

    def as_dict(self, words: Words | None = None) -> dict[str, Any]:
        """{"code", "message"} and where it is, for JSON."""
        where = {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column}
        return {"code": self.code, "message": self.worded(words or {}),
                **{k: v for k, v in where.items() if v is not None}}


class SheetUnreadable(RosterInputError):
    """One sheet of a workbook cannot be read (it reaches too far, or its part is damaged). `head` is its first
    rows when the medium could read those, so that a sheet holding no roster can be left aside; None when not."""

    def __init__(self, message: str, head: list[list[Any]] | None = None, **where: Any):
        super().__init__("workbook.sheet-unreadable", message, **where)
        self.head = head
