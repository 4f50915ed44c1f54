"""The media rosterxl reads and writes: CSV files, .xlsx/.xlsm files, and live workbooks through xlwings.
Each gives the core the same raw grids of cells and applies the same marks."""
