"""Which format a set of SIS files is in, and its reader: each format is declared by its reader module (a
SisFormat) and listed here, in the order they are tried."""
from __future__ import annotations

from rosterxl.core.sis.clever import CLEVER
from rosterxl.core.sis.contents import Files, SisDistrict, SisFormat, SisInputError
from rosterxl.core.sis.oneroster import ONEROSTER

FORMATS: tuple[SisFormat, ...] = (*ONEROSTER, CLEVER)


def sis_format(name: str) -> SisFormat:
    """A format by its name ('OneRoster 1.2')."""
    return next(f for f in FORMATS if f.name == name)


def only_sis_files() -> frozenset[str]:
    """The file names only a SIS export has (none of the portal's own files)."""
    return frozenset().union(*(f.own_files for f in FORMATS))


def detect_format(files: Files, where: str) -> SisFormat:
    """The format the files are in; a sentence naming what was found otherwise."""
    for found in FORMATS:
        if found.recognise(files, where):
            return found
    names = ", ".join(sorted(files)[:8]) or "no CSV files"
    raise SisInputError(
        "sis.not-sis",
        f"{where}: these are not OneRoster or Clever files (found {names}). A OneRoster export has manifest.csv, "
        "orgs.csv, users.csv, classes.csv and enrollments.csv; a Clever export has schools.csv, students.csv, "
        "teachers.csv, sections.csv and enrollments.csv.", file=where)


def read_district(files: Files, where: str) -> SisDistrict:
    """The district the files describe, with every problem found; SisInputError when a required file or column
    is missing (nothing can be made without it)."""
    kind = detect_format(files, where)
    district = kind.read(files)
    fatal = district.fatal
    if fatal:
        lines = "; ".join(p.line() for p in fatal[:6]) + (f"; and {len(fatal) - 6} more" if len(fatal) > 6 else "")
        raise SisInputError("sis.incomplete", f"{where} ({kind.name}): {lines}", district.problems, file=where)
    return district
