"""rosterxl from-sis on a 50,000-student district, generated on the fly as OneRoster 1.1 (and Clever) CSV files
by the test fixtures' builder: convert, check, write and mark the workbook, and save the upload CSVs (the
Students sheet makes 5 files), against the time it takes just to parse the same CSV files (Python's csv module,
every file read into rows), in the same process.

The issue's target: the whole run under 30 s on this machine. The ratio to parsing alone says what the work
costs beyond reading.

Run: python bench/bench_from_sis.py [--students 50000] [--format oneroster-1.1|oneroster-1.2|clever]
"""
from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rosterxl import from_sis  # noqa: E402
from tests.sis.build import CONFIG, SETS, large, write  # noqa: E402

HIGH_SCHOOL = """
[[sis.products]]
grades = "9-12"
products = ["Imagine Math", "Imagine Reading"]
"""


def parse_only(folder: Path) -> int:
    rows = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows += sum(1 for _ in csv.reader(f))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=50_000)
    parser.add_argument("--format", choices=list(SETS), default="oneroster-1.1")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rosterxl-bench-sis-"))
    try:
        t0 = time.perf_counter()
        folder = write(SETS[args.format](large(args.students)), work / "sis")
        config = CONFIG.replace('passwords = "pattern"\n', "") + HIGH_SCHOOL
        (work / "rosterxl.toml").write_text(config, "utf-8")
        made = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in folder.iterdir())
        t0 = time.perf_counter()
        rows = parse_only(folder)
        parse = time.perf_counter() - t0
        steps: dict[str, float] = {}
        last = [time.perf_counter(), "start"]

        def step(label: str, *_):
            now = time.perf_counter()
            steps[last[1]] = now - last[0]
            last[:] = [now, label]
        t0 = time.perf_counter()
        last[0] = t0
        result = from_sis(folder, work / "district.xlsx", work / "rosterxl.toml", on_step=step)
        step("saving")
        saved = result.roster.save_csvs(work / "upload")
        step("end")
        total = time.perf_counter() - t0
        files = {s.sheet: len(s.files) for s in saved}
        print(f"{args.format}: {args.students:,} students, {rows:,} CSV rows ({size / 1e6:.0f} MB), generated in "
              f"{made:.1f} s")
        print(f"  parse the CSV files only          {parse:6.2f} s")
        for label, seconds in steps.items():
            if label != "start":
                print(f"    {label:<30} {seconds:6.2f} s")
        print(f"  from-sis + save CSVs              {total:6.2f} s  ({total / parse:.1f}x parsing; target < 30 s: "
              f"{'met' if total < 30 else 'NOT met'})")
        print(f"  records {result.records()}; upload files per sheet {files}; errors {result.roster.errors()}; "
              f"SIS problems {len(result.problems)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
