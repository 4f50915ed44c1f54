"""Rostering knowledge with no spreadsheet, Excel or terminal library: the catalog of record types and their
columns, grids turned into tables, the checks, the upload CSV's records, round trips and marks."""
