"""The ribbon's Check on a 10,000-row Students sheet with 1% bad cells, through xlwings' remote engine:
how many actions it sends back to Excel, and how long it takes. Target: at most (bad cells + 30) actions.

Run: make bench   (or python bench/bench_ribbon.py)"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import openpyxl  # noqa: E402
from xlwings_remote import remote_book  # noqa: E402

from rosterxl import excel  # noqa: E402

HEADER = ["First Name", "Last Name", "Username", "Password", "Grade", "Student ID", "Organizations",
          "Classes/Groups", "Products"]


def workbook(path: Path, rows: int = 10_000) -> int:
    """Students with 1% bad cells (grade, product or password, spread over the sheet); returns their number."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Students")
    sheet.append(HEADER)
    bad = 0
    for i in range(rows):
        row = [f"First{i}", f"Last{i}", f"user{i}", "secret1", "3", f"S{i:05d}", "Lincoln Elementary School", "",
               "Imagine Reading"]
        kind = i % 100
        if kind == 7:
            row[4], bad = "13", bad + 1
        elif kind == 41:
            row[8], bad = "Imagine Reading:Imagine Math", bad + 1
        elif kind in (63, 88, 97):
            row[3], bad = "ab", bad + 1
        elif kind in (12, 55, 71, 90):
            row[6], bad = "", bad + 1
        sheet.append(row)
    book.save(path)
    return bad


def main(runs: int = 3) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "students.xlsx"
        bad = workbook(path)
        times, counts = [], None
        for _ in range(runs):
            book = remote_book(path)
            t0 = time.perf_counter()
            excel.check(book)
            times.append(time.perf_counter() - t0)
            counts = Counter(a["func"] for a in book.json()["actions"])
    total = sum(counts.values())
    print(f"Check on 10,000 rows with {bad} bad cells (1% of 90,000): {total} actions "
          f"[target <= {bad + 30}], median {statistics.median(times):.2f} s of {runs} runs")
    print("  " + ", ".join(f"{f} {n}" for f, n in counts.most_common()))


if __name__ == "__main__":
    main()
