"""Per-school workbooks and the reader without calamine, measured in one run:

- a district of 50 schools (1,000 classes, 1,000 educators, 50,000 students, as CSV files): reading and checking
  it, then writing its 50 school workbooks (the same read and check included), as a ratio of the check alone;
- collecting those 50 school workbooks as they come back (collect: each school recognised, all checked together,
  the upload set and the District summary written) as a ratio of checking one 50,000-row Students workbook
  (the target: 2x at most), and of checking the same district kept in one workbook (its three sheets);
- one 10,000-row Students workbook read and checked with python-calamine and with openpyxl's reader (what xlwings
  Lite uses, where calamine cannot be installed), as a ratio.

Run: make bench (or python bench/bench_schools.py)."""
from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rosterxl import Roster, collect, load_config, write_school_workbooks  # noqa: E402

SCHOOLS = [f"School {n:02d}" for n in range(50)]
STUDENT_HEADER = ["First Name", "Last Name", "Username", "Password", "Grade", "Student ID", "Organizations",
                  "Classes/Groups", "Products"]


def district(folder: Path, students: int = 50_000) -> list[Path]:
    (folder / "rosterxl.toml").write_text("organizations = [%s]\n" % ", ".join(f'"{s}"' for s in SCHOOLS))
    rows = {
        "Classes-Groups.csv": [["Class/Group Name", "Organization", "Product"]]
        + [[f"{s} class {c}", s, "Imagine Reading"] for s in SCHOOLS for c in range(20)],
        "Educators.csv": [["First Name", "Last Name", "Username", "Educator Type", "Organizations", "Classes/Groups"]]
        + [[f"T{c}", "Lee", f"t{i}x{c}@district.example", "Teacher", s, f"{s} class {c}"]
           for i, s in enumerate(SCHOOLS) for c in range(20)],
        "Students.csv": [STUDENT_HEADER] + [[f"K{n}", "Diaz", f"k{n}", "tiger42", "3", f"{n:07d}", SCHOOLS[n % 50],
                                             f"{SCHOOLS[n % 50]} class {n % 20}", "Imagine Reading"]
                                            for n in range(students)],
    }
    for name, grid in rows.items():
        with open(folder / name, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(grid)
    return [folder / name for name in rows]


def timed(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def one_workbook(folder: Path, rows: int = 10_000, name: str = "students.xlsx") -> Path:
    from openpyxl import Workbook

    from rosterxl.media.xlsx.template_file import save_workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "Students"
    sheet.append(STUDENT_HEADER)
    for n in range(rows):
        sheet.append([f"K{n}", "Diaz", f"k{n}", "tiger42", n % 12 + 1, n, "School 01", "School 01 class 1",
                      "Imagine Reading"])
    return save_workbook(book, folder / name)


def district_workbook(folder: Path, files: list[Path]) -> Path:
    """The same district in one workbook: its Classes-Groups, Educators and Students sheets."""
    from openpyxl import Workbook

    from rosterxl.media.xlsx.template_file import save_workbook
    book = Workbook()
    book.remove(book.active)
    for path in files:
        sheet = book.create_sheet(path.stem)
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                sheet.append(row)
    return save_workbook(book, folder / "district.xlsx")


def main(runs: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = district(folder)
        config = load_config(folder / "rosterxl.toml")
        check = timed(lambda: Roster.open(files, config), runs)
        schools = timed(lambda: write_school_workbooks(files, folder / "schools", config), runs)
        made = len(list((folder / "schools").glob("School ??.xlsx")))
        print(f"50 schools, 50,000 students: read and check {check:.2f} s; {made} school workbooks (read and check "
              f"included) {schools:.2f} s, {schools / check:.1f}x the check (median of {runs})")
        big = one_workbook(folder, 50_000, "students-50000.xlsx")
        one = timed(lambda: Roster.open([big], config), runs)
        whole = district_workbook(folder, files)
        together = timed(lambda: Roster.open([whole], config), runs)
        result = collect([folder / "schools"], folder / "upload", config, force=True)
        collected = timed(lambda: collect([folder / "schools"], folder / "upload", config, force=True), runs)
        returned = sum(s.returned for s in result.summary.schools)
        written = sum(s.records for s in result.saved if s.status == "saved")
        print(f"collect and export of {returned} returned school workbooks ({written:,} records written) "
              f"{collected:.2f} s; one 50,000-row Students workbook read and checked {one:.2f} s: "
              f"{collected / one:.2f}x (target 2x at most); the same district in one workbook (1,000 classes, "
              f"1,000 educators, 50,000 students) read and checked {together:.2f} s: {collected / together:.2f}x "
              f"(median of {runs})")
        book = one_workbook(folder)
        calamine = timed(lambda: Roster.open([book], config), runs)
        sys.modules["python_calamine"] = None          # as under Pyodide: import python_calamine fails
        try:
            fallback = timed(lambda: Roster.open([book], config), runs)
        finally:
            del sys.modules["python_calamine"]
        print(f"10,000-row workbook read and checked: python-calamine {calamine:.2f} s, openpyxl's reader "
              f"{fallback:.2f} s, {fallback / calamine:.1f}x (median of {runs})")


if __name__ == "__main__":
    main()
