"""Spreadsheet files: reading workbooks (python-calamine) and writing them (openpyxl)."""
