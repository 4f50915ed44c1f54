"""The live medium: a workbook open in Excel, through xlwings (desktop engines, xlwings Lite and Server).
Only the API every supported engine has: one read per sheet, colours in batches, one note per cell."""
