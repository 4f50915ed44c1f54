"""The functions behind the Excel ribbon buttons (xlwings)."""
