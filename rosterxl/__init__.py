"""rosterxl: prepare, check and save Imagine Learning bulk-import rostering files in Excel.

    from rosterxl import Roster
    roster = Roster.open(["school.xlsx"])
    for issue in roster.check():
        print(issue.sheet, issue.cell, issue.message)

Each name is imported when it is first used: `rosterxl --help` and a ribbon button pay only for what they run.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from rosterxl.lazy import lazy_names

__version__ = "0.1.0"

_WHERE = {   # each public name, and the module that defines it
    "Collected": "rosterxl.collecting", "collect": "rosterxl.collecting",
    "Catalog": "rosterxl.core.catalog.catalog", "example_district": "rosterxl.core.catalog.config",
    "Accept": "rosterxl.core.fixing", "SIS_SHEET": "rosterxl.core.layout",
    **{name: "rosterxl.core.model" for name in ("CONFIG_NAME", "Issue", "RosterInputError", "Severity", "plural")},
    **{name: "rosterxl.in_excel" for name in ("BookMarked", "BookSaved", "ExcelBook")},
    **{name: "rosterxl.roster" for name in ("Demo", "FromSis", "Marked", "Roster", "SchoolWorkbooks", "SheetSaved",
                                              "clear_marks", "demo", "from_sis", "open_export", "read_export",
                                              "sis_sheets", "write_demo_workbook", "write_template")},
    "write_school_workbooks": "rosterxl.school_workbooks",
    **{name: "rosterxl.district" for name in ("district_catalog", "find_config", "load_config")},
    **{name: "rosterxl.addin_book" for name in ("macros_folder", "write_addin")},
}

__all__ = ["CONFIG_NAME", "SIS_SHEET", "Accept", "BookMarked", "BookSaved", "Catalog", "Collected", "Demo",
           "ExcelBook", "FromSis", "Issue", "Marked", "Roster", "RosterInputError", "SchoolWorkbooks", "Severity",
           "SheetSaved", "clear_marks", "collect", "demo", "district_catalog", "example_district", "find_config",
           "from_sis", "load_config", "macros_folder", "open_export", "plural", "read_export", "sis_sheets",
           "write_addin", "write_demo_workbook", "write_school_workbooks", "write_template"]


__getattr__, __dir__ = lazy_names("rosterxl", globals(), _WHERE)

if TYPE_CHECKING:
    from rosterxl.addin_book import macros_folder, write_addin
    from rosterxl.collecting import Collected, collect
    from rosterxl.core.catalog.catalog import Catalog
    from rosterxl.core.catalog.config import example_district
    from rosterxl.core.fixing import Accept
    from rosterxl.core.layout import SIS_SHEET
    from rosterxl.core.model import CONFIG_NAME, Issue, RosterInputError, Severity, plural
    from rosterxl.district import district_catalog, find_config, load_config
    from rosterxl.in_excel import BookMarked, BookSaved, ExcelBook
    from rosterxl.roster import (
        Demo,
        FromSis,
        Marked,
        Roster,
        SchoolWorkbooks,
        SheetSaved,
        clear_marks,
        demo,
        from_sis,
        open_export,
        read_export,
        sis_sheets,
        write_demo_workbook,
        write_template,
    )
    from rosterxl.school_workbooks import write_school_workbooks
