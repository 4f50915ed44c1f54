"""The functions behind the Excel ribbon buttons (xlwings): each takes an xw.Book, the calling book when
none is given. The VBA module in macros/ calls them through RunPython; rosterxl.excel.scripts offers them
to xlwings Lite and xlwings Server."""
from rosterxl.excel.buttons import check, clear_marks, new_template, open_export, refresh_lists, save_csvs

__all__ = ["check", "clear_marks", "new_template", "open_export", "refresh_lists", "save_csvs"]
