"""A large sheet's repeated values (a school, a grade, a first name) are kept as one string per different value
(core.tables._share_repeats): the cells read the same, the memory of the copies is not held."""
from __future__ import annotations

import openpyxl

from rosterxl.core.catalog.catalog import builtin_catalog
from rosterxl.core.tables import SHARED_FROM, table_from_csv, tables_from_book
from rosterxl.media.csvfiles import read_csv_text
from rosterxl.media.xlsx.reader import WorkbookFile

SCHOOLS = ["Lincoln Elementary School", "Oakwood Middle School", "Hillcrest High School"]
ROWS = SHARED_FROM + 500


def student(i: int) -> list:
    return [f"First{i % 40}", f"Last{i}", f"user{i}", str(i % 12 + 1), f"{900000 + i}", SCHOOLS[i % 3]]


HEADER = ["First Name", "Last Name", "Username", "Grade", "Student ID", "Organizations"]


def column(table, header: str) -> list[str]:
    index = next(h.index for h in table.headers if h.text == header)
    return [r.values[index] for r in table.rows]


def test_a_large_csv_keeps_each_repeated_value_once_and_every_cell_as_it_was(tmp_path):
    path = tmp_path / "students.csv"
    path.write_text("\n".join(",".join(r) for r in [HEADER, *map(student, range(ROWS))]) + "\n", encoding="utf-8")
    table = table_from_csv(builtin_catalog(), read_csv_text(path).rows, path.name, "students")
    assert [r.values for r in table.rows] == [student(i) for i in range(ROWS)]
    assert len(set(map(id, column(table, "Organizations")))) == 3          # one string per school
    assert len(set(map(id, column(table, "First Name")))) == 40
    assert len(set(map(id, column(table, "Grade")))) == 12
    assert len(set(map(id, column(table, "Username")))) == ROWS            # all different: left as read


def test_a_large_workbook_with_numbers_keeps_its_raw_cells_and_shares_its_text(tmp_path):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Students")
    ws.append(HEADER)
    for i in range(ROWS):
        row = student(i)
        row[4] = 900000 + i                    # the Student ID a number, as Excel keeps one typed in
        ws.append(row)
    wb.save(tmp_path / "school.xlsx")
    [table] = tables_from_book(builtin_catalog(), WorkbookFile(tmp_path / "school.xlsx"))
    assert column(table, "Student ID") == [str(900000 + i) for i in range(ROWS)]
    assert table.rows[7].raw == {4: 900007.0}                 # what Excel stored, for the checks
    assert column(table, "Organizations") == [SCHOOLS[i % 3] for i in range(ROWS)]
    assert len(set(map(id, column(table, "Organizations")))) == 3
    assert len(set(map(id, column(table, "Last Name")))) == ROWS


def test_numbers_and_dates_read_as_excel_shows_them_even_where_equal_values_read_differently():
    import datetime as dt

    from rosterxl.core.tables import table_from_grid

    kinds = [True, 1.0, 1, 10 ** 17, 1e17, 5.0, 5.0, None, dt.date(2024, 9, 1), dt.datetime(2024, 9, 1, 8, 30), "6"]
    grid = [HEADER, *([f"First{i}", f"Last{i}", f"user{i}", value, f"{900000 + i}", SCHOOLS[0]]
                      for i, value in enumerate(kinds)), ["Ana", "Silva", "asilva"]]      # a short row: padded
    table = table_from_grid(builtin_catalog(), grid, source="school.xlsx", sheet="Students")
    assert column(table, "Grade") == ["TRUE", "1", "1", "100000000000000000", "1e+17", "5", "5", "", "2024-09-01",
                                      "2024-09-01 08:30:00", "6", ""]
    assert [r.raw for r in table.rows] == [{3: v} if v is not None and not isinstance(v, str) else None
                                           for v in kinds] + [None]
    assert table.rows[-1].values == ["Ana", "Silva", "asilva", "", "", ""]


def test_a_kind_of_value_no_reader_gives_is_read_value_by_value_even_where_it_equals_a_number():
    from decimal import Decimal

    from rosterxl.core.tables import table_from_grid

    grid = [HEADER, *([f"First{i}", f"Last{i}", f"user{i}", value, f"{900000 + i}", SCHOOLS[0]]
                      for i, value in enumerate([1, Decimal("1.0"), Decimal("1.0"), 1]))]
    table = table_from_grid(builtin_catalog(), grid, source="school.xlsx", sheet="Students")
    assert column(table, "Grade") == ["1", "1.0", "1.0", "1"]
