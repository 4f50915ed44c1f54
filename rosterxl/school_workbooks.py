"""Per-school workbooks: from the district's workbook (a template filled in, from-sis's workbook or open-export's),
its CSV files (the portal's exports among them) or the SIS export itself (a folder or .zip), one workbook per
school to email, with only that school's records (see core.schools for what a record of several schools looks
like in each).

    result = write_school_workbooks(["district.xlsx"], "schools")
    for written in result.written:
        print(written.path, written.records)
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rosterxl.core.model import RosterInputError
from rosterxl.district import Config
from rosterxl.roster import Roster, SchoolWorkbooks, sis_sheets

__all__ = ["write_school_workbooks"]


def write_school_workbooks(sources: Sequence[str | Path], out_dir: str | Path, config: Config = None
                           ) -> SchoolWorkbooks:
    """One workbook per school in `out_dir` (made when missing). `sources`: the district's workbook, or its CSV
    files (the portal's exports: their Database ID stays locked and a hidden copy of each school's records is
    kept, so the round trip works), or one folder or .zip of an SIS export. A file already at a school's name
    is kept first as NAME.before-rosterxl.xlsx (then -2, -3...)."""
    paths = [Path(p) for p in sources]
    if not paths:
        raise RosterInputError("choice.missing",
                               "give the district's workbook, its CSV files, or the SIS export to make the school "
                               "workbooks from")
    if len(paths) == 1 and (paths[0].is_dir() or paths[0].suffix.lower() == ".zip"):
        sheets = sis_sheets(paths[0], config)
        roster = Roster(sheets.catalog, sheets.tables(paths[0].name))
    else:
        roster = Roster.open(paths, config)
    return roster.school_workbooks(out_dir, inputs=paths)
