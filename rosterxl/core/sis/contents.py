"""What a student information system's files hold, whatever their format: schools, people, classes, terms and
who is in which class, plus each problem found in the files (file, row, column) and the records marked to be
deleted. The format readers fill it; the converter reads it."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rosterxl.core.model import RosterInputError, Severity

Files = dict[str, list[list[str]]]      # file name as found -> rows of text, the header row first


@dataclass(frozen=True)
class SourceProblem:
    """A problem in one of the SIS files: the file, the row as a spreadsheet shows it (the header is row 1;
    None: the whole file) and the column (None: the whole row)."""

    file: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = Severity.ERROR

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def line(self) -> str:
        return f"{self.where()}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "severity": self.severity.value,
                "message": self.message}


class SisInputError(RosterInputError):
    """SIS files that cannot be converted at all (a required file or column missing), with every problem."""

    def __init__(self, code: str, message: str, problems: list[SourceProblem] = (), **where: Any):
        super().__init__(code, message, **where)
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class Where:
    file: str
    row: int


@dataclass(slots=True)
class School:
    id: str
    name: str
    number: str = ""
    kind: str = "school"                # OneRoster org type: school, district, ...
    parent: str = ""
    where: Where | None = None          # its row in orgs.csv or schools.csv


@dataclass(slots=True)
class Person:
    id: str                             # the source system's key (sourcedId, Student_id, Teacher_id)
    role: str                           # the source's role word: student, teacher, administrator, principal...
    given: str
    family: str
    where: Where
    username: str = ""
    email: str = ""
    number: str = ""                    # the human-readable number: identifier, Student_number, Teacher_number
    master_id: str = ""                 # OneRoster 1.2 userMasterIdentifier
    state_id: str = ""
    password: str = ""
    grades: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)    # org ids, in the source's order
    primary_school: str = ""

    @property
    def name(self) -> str:
        """The person as a message names them: given and family name, or the source's key without either."""
        return " ".join(p for p in (self.given, self.family) if p) or self.id


@dataclass(slots=True)
class Term:
    id: str
    title: str
    start: dt.date | None
    end: dt.date | None


@dataclass(slots=True)
class Section:
    id: str
    title: str
    school: str
    where: Where
    code: str = ""
    terms: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    class_type: str = ""
    course: str = ""


@dataclass(frozen=True, slots=True)
class Membership:
    section: str
    person: str
    role: str                           # student, teacher (administrator, proctor, aide: not a teacher)


@dataclass(frozen=True)
class LeftOut:
    """A record in the files that the workbook does not bring, and why."""

    where: Where
    kind: str                           # school, person, class/group, enrollment
    name: str
    why: str


@dataclass
class SisDistrict:
    format: str                                          # "OneRoster 1.1", "OneRoster 1.2", "Clever"
    files: list[str]
    schools: dict[str, School] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    fatal: list[SourceProblem] = field(default_factory=list)      # a required file or column missing

    def errors(self) -> list[SourceProblem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


@dataclass
class SisReport:
    """What the From the SIS sheet says: the format and files, problems (file, row, column, severity,
    message), records left out (file, row, kind, name, why) and what decisions did (text, count)."""

    source: str
    problems: list[tuple] = field(default_factory=list)
    left_out: list[tuple] = field(default_factory=list)
    applied: list[tuple[str, int]] = field(default_factory=list)
    merged: list[tuple] = field(default_factory=list)     # with the portal's exports: (sheet, new, export,
    portal_only: list[tuple] = field(default_factory=list)   # in both, what it means); its records not in the SIS

    def sections(self) -> list[tuple[str, list[str], list[tuple]]]:
        """(title, column headers, rows) of each part of the sheet, a row saying 'none' when a part is empty."""
        merge = [
            ("Merged with the portal's exports", ["Sheet", "New", "Export", "In both", "What it means"],
             self.merged),
            ("In the portal, not in the SIS (kept as they are, not uploaded)", ["File", "Row", "Record", "Name", "Why"],
             self.portal_only or [("None.",)]),
        ] if self.merged else []
        return [
            ("Problems in the SIS files", ["File", "Row", "Column", "Severity", "Problem"],
             self.problems or [("None: the files follow their format.",)]),
            ("Not brought over", ["File", "Row", "Record", "Name", "Why"], self.left_out or [("None.",)]),
            *merge,
            ("Done by a decision (see the Instructions sheet)", ["What", "How many"], self.applied or [("Nothing.",)]),
        ]


@dataclass(frozen=True)
class SisFormat:
    """One SIS export format as rosterxl reads it, declared by its reader module and listed in detect.FORMATS:
    how its files are recognised, how they are read, the file names only its exports have, and what its files
    and columns are called in a message about a person."""

    name: str                                      # "OneRoster 1.1", "Clever": as the person and the workbook say it
    recognise: Callable[[Files, str], bool]        # these files are in the format (a SisInputError: they can't be)
    read: Callable[[Files], SisDistrict]
    own_files: frozenset[str]                      # file names only its exports have, never the portal's
    names: dict[str, str]                          # "username", "student id", "people file", "school" -> its words
