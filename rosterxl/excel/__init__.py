"""The Excel face: the functions behind the Roster ribbon buttons (xlwings). Each takes an xw.Book, the
calling book when none is given. The VBA module in macros/ (at the top of the repository) calls them through RunPython;
rosterxl.excel.scripts offers them to xlwings Lite and xlwings Server; `build_addin` makes the Roster add-in
(.xlam) or a workbook with the tab and its macros (.xlsm). Each name is imported when first used: a button's click
does not pay for the add-in builder (openpyxl, the VBA project writer)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rosterxl.lazy import lazy_names

_WHERE = {**{name: "rosterxl.excel.addin" for name in ("build_addin", "macro_problems", "macros_folder")},
          **{name: "rosterxl.excel.buttons" for name in ("BUTTONS", "check", "clear_marks", "collect_returns", "fix",
                                                         "from_sis", "new_template", "open_export", "refresh_lists",
                                                         "save_csvs", "school_workbooks")}}

__all__ = ["BUTTONS", "build_addin", "check", "clear_marks", "collect_returns", "fix", "macro_problems",
           "macros_folder", "new_template", "from_sis", "open_export", "refresh_lists", "save_csvs",
           "school_workbooks"]


__getattr__, __dir__ = lazy_names("rosterxl.excel", globals(), _WHERE)

if TYPE_CHECKING:
    from rosterxl.excel.addin import build_addin, macro_problems, macros_folder
    from rosterxl.excel.buttons import (
        BUTTONS,
        check,
        clear_marks,
        collect_returns,
        fix,
        from_sis,
        new_template,
        open_export,
        refresh_lists,
        save_csvs,
        school_workbooks,
    )
