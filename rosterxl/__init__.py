"""rosterxl: prepare, check and save Imagine Learning bulk-import rostering files in Excel.

    from rosterxl import Roster
    roster = Roster.open(["school.xlsx"])
    for issue in roster.check():
        print(issue.sheet, issue.cell, issue.message)
"""
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

__version__ = "0.1.0"

__all__ = ["Accept", "Catalog", "Collected", "FromSis", "Issue", "Marked", "Roster", "RosterInputError",
           "SchoolWorkbooks", "Severity", "SheetSaved", "clear_marks", "collect", "example_district", "from_sis",
           "load_config", "open_export", "read_export", "write_demo_workbook", "write_school_workbooks",
           "write_template"]
