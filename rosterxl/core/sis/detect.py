"""Which format a set of SIS files is in, from its manifest and headers, and its reader."""
from __future__ import annotations

from rosterxl.core.sis.clever import FILES as CLEVER_FILES
from rosterxl.core.sis.clever import read_clever
from rosterxl.core.sis.contents import Files, SisDistrict, SisInputError
from rosterxl.core.sis.oneroster import MANIFEST, manifest_version, read_oneroster

FORMATS = ("OneRoster 1.1", "OneRoster 1.2", "Clever")


def detect_format(files: Files, where: str) -> str:
    """'OneRoster 1.1', 'OneRoster 1.2' or 'Clever'; a sentence naming what was found otherwise."""
    names = {n.casefold(): n for n in files}
    if MANIFEST in names or "users.csv" in names:
        version = manifest_version(files) if MANIFEST in files else None
        if version in ("1.1", "1.2"):
            return f"OneRoster {version}"
        users = files.get(names.get("users.csv", ""), [[]])
        header = {h.strip() for h in users[0]} if users else set()
        if "roles.csv" in names or ("primaryOrgSourcedId" in header and "role" not in header):
            return "OneRoster 1.2"
        if "role" in header or "orgSourcedIds" in header:
            return "OneRoster 1.1"
        if version:
            raise SisInputError("sis.version",
                                f"{where}: the manifest says OneRoster version '{version}'; rosterxl reads 1.1 and "
                                "1.2.", file=where)
        raise SisInputError("sis.version",
                            f"{where}: there is a manifest.csv but no users.csv to tell the OneRoster version from.",
                            file=where)
    if sum(n in names for n in CLEVER_FILES) >= 2:
        return "Clever"
    found = ", ".join(sorted(files)[:8]) or "no CSV files"
    raise SisInputError(
        "sis.not-sis",
        f"{where}: these are not OneRoster or Clever files (found {found}). A OneRoster export has manifest.csv, "
        "orgs.csv, users.csv, classes.csv and enrollments.csv; a Clever export has schools.csv, students.csv, "
        "teachers.csv, sections.csv and enrollments.csv.", file=where)


def read_district(files: Files, where: str) -> SisDistrict:
    """The district the files describe, with every problem found; SisInputError when a required file or column
    is missing (nothing can be made without it)."""
    kind = detect_format(files, where)
    district = read_clever(files) if kind == "Clever" else read_oneroster(files, kind.split()[-1])
    fatal = district.fatal
    if fatal:
        lines = "; ".join(p.line() for p in fatal[:6]) + (f"; and {len(fatal) - 6} more" if len(fatal) > 6 else "")
        raise SisInputError("sis.incomplete", f"{where} ({kind}): {lines}", district.problems, file=where)
    return district
