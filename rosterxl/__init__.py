"""rosterxl: prepare, check and save Imagine Learning bulk-import rostering files in Excel.

    from rosterxl import Roster
    roster = Roster.open(["school.xlsx"])
    for issue in roster.check():
        print(issue.sheet, issue.cell, issue.message)

Each name is imported when it is first used: `rosterxl --help` and a ribbon button pay only for what they run.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_WHERE = {   # each public name, and the module that defines it
    "Collected": "rosterxl.collect", "collect": "rosterxl.collect",
    "Catalog": "rosterxl.core.catalog.catalog", "example_district": "rosterxl.core.catalog.config",
    "Accept": "rosterxl.core.fixing",
    "Issue": "rosterxl.core.model", "RosterInputError": "rosterxl.core.model", "Severity": "rosterxl.core.model",
    "FromSis": "rosterxl.from_sis", "from_sis": "rosterxl.from_sis",
    **{name: "rosterxl.roster" for name in ("Marked", "Roster", "SchoolWorkbooks", "SheetSaved", "clear_marks",
                                              "load_config", "open_export", "read_export", "write_demo_workbook",
                                              "write_template")},
    "write_school_workbooks": "rosterxl.school_workbooks",
}

__all__ = ["Accept", "Catalog", "Collected", "FromSis", "Issue", "Marked", "Roster", "RosterInputError",
           "SchoolWorkbooks", "Severity", "SheetSaved", "clear_marks", "collect", "example_district", "from_sis",
           "load_config", "open_export", "read_export", "write_demo_workbook", "write_school_workbooks",
           "write_template"]


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'rosterxl' has no attribute '{name}'")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


if TYPE_CHECKING:
    from rosterxl.collect import Collected, collect
    from rosterxl.core.catalog.catalog import Catalog
    from rosterxl.core.catalog.config import example_district
    from rosterxl.core.fixing import Accept
    from rosterxl.core.model import Issue, RosterInputError, Severity
    from rosterxl.from_sis import FromSis, from_sis
    from rosterxl.roster import (
        Marked,
        Roster,
        SchoolWorkbooks,
        SheetSaved,
        clear_marks,
        load_config,
        open_export,
        read_export,
        write_demo_workbook,
        write_template,
    )
    from rosterxl.school_workbooks import write_school_workbooks
