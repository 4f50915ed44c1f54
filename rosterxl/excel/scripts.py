"""The ribbon's functions as xlwings scripts, for xlwings Lite and xlwings Server: list this module in
the workbook's scripts (Lite: paste it into main.py; Server: import it in custom_scripts)."""
from __future__ import annotations

import xlwings as xw

from rosterxl import excel


@xw.script
def rosterxl_new_template(book: xw.Book):
    excel.new_template(book)


@xw.script
def rosterxl_check(book: xw.Book):
    excel.check(book)


@xw.script
def rosterxl_clear_marks(book: xw.Book):
    excel.clear_marks(book)


@xw.script
def rosterxl_save_csvs(book: xw.Book):
    excel.save_csvs(book)


@xw.script
def rosterxl_save_csvs_anyway(book: xw.Book):
    excel.save_csvs(book, force=True)


@xw.script
def rosterxl_refresh_lists(book: xw.Book):
    excel.refresh_lists(book)
