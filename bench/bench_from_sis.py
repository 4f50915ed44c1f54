"""rosterxl from-sis on a 50,000-student district, generated on the fly as OneRoster 1.1 (and Clever) CSV files
by the test fixtures' builder: convert, check, write and mark the workbook, and save the upload CSVs (the
Students sheet makes 5 files), against the time it takes just to parse the same CSV files (Python's csv module,
every file read into rows), in the same process.

The issue's target: the whole run under 30 s on this machine. The ratio to parsing alone says what the work
costs beyond reading.

Then the merge with what the portal has: the first run's upload files made into the portal's exports (each
record given a Database ID; 2% of the students left out, so they are new; 5% with another grade, so they
changed; 1% more students only in the portal), from-sis run again with them, and only what changed saved.

Run: python bench/bench_from_sis.py [--students 50000] [--format oneroster-1.1|oneroster-1.2|clever] [--no-merge]
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

from sis_district import CONFIG, SETS, large, write  # noqa: E402

from rosterxl import from_sis  # noqa: E402

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


def timer():
    """The seconds each step of a run took, by its label (the on_step callback fills them)."""
    steps: dict[str, float] = {}
    last: list = [time.perf_counter(), "start"]

    def step(label: str, *_):
        now = time.perf_counter()
        steps[last[1]] = now - last[0]
        last[:] = [now, label]
    return steps, step


def show(steps: dict[str, float]) -> None:
    for label, seconds in steps.items():
        if label != "start":
            print(f"    {label:<30} {seconds:6.2f} s")


def portal_exports(saved, work: Path) -> list[Path]:
    """The upload files of a run as the portal would export them after importing them, with the changes since."""
    exports = []
    for sheet in saved:
        rows: list[list[str]] = []
        for part in sheet.files:
            with part.open(encoding="utf-8-sig", newline="") as f:
                found = list(csv.reader(f))
            rows += found[1:] if rows else found
        header, records = [*rows[0], "Database ID"], rows[1:]
        out = [header]
        for n, record in enumerate(records):
            values = dict(zip(header, [*record, str(900_000 + n)]))
            if sheet.sheet == "Students":
                if n % 50 == 0:
                    continue                                      # not in the portal yet: new
                values["Password"] = ""                           # the portal never exports one
                if n % 20 == 1:
                    values["Grade"] = "K" if values["Grade"] != "K" else "1"      # changed since
            out.append([values[h] for h in header])
        if sheet.sheet == "Students":
            for n in range(len(records) // 100):                  # only in the portal
                values = dict(zip(header, out[1 + n]))
                values.update({"Database ID": str(800_000 + n), "External Assigned ID": f"OLD{n:06d}",
                               "Username": f"old.student{n}", "Classes/Groups": ""})
                out.append([values[h] for h in header])
        exports.append(work / f"{sheet.sheet.lower()}-export.csv")
        with exports[-1].open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(out)
    return exports


def merged(folder: Path, work: Path, saved, plain: float, parse: float) -> None:
    exports = portal_exports(saved, work)
    steps, step = timer()
    t0 = time.perf_counter()
    result = from_sis(folder, work / "merged.xlsx", work / "rosterxl.toml", exports=exports, on_step=step)
    step("saving only what changed")
    written = result.roster.save_csvs(work / "changed", changed_only=True)
    step("end")
    total = time.perf_counter() - t0
    print(f"  merged with the portal's exports + save only what changed  {total:6.2f} s  ({total / parse:.1f}x "
          f"parsing, {total / plain:.2f}x the run without exports; target < 30 s: "
          f"{'met' if total < 30 else 'NOT met'})")
    show(steps)
    for m in result.merged:
        print(f"    {m.plan.entity.sheet}: {m.matched:,} in both, {m.new:,} new, {len(m.portal_only):,} only in the "
              f"portal")
    print("    saved: " + "; ".join(f"{s.sheet} {s.changes.count('added'):,} added + {s.changes.count('changed'):,} "
                                    f"changed of {len(s.changes.rows):,}" for s in written))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=50_000)
    parser.add_argument("--format", choices=list(SETS), default="oneroster-1.1")
    parser.add_argument("--no-merge", action="store_true", help="leave out the run merged with portal exports")
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
        steps, step = timer()
        t0 = time.perf_counter()
        result = from_sis(folder, work / "district.xlsx", work / "rosterxl.toml", on_step=step)
        step("saving")
        saved = result.roster.save_csvs(work / "upload")
        step("end")
        total = time.perf_counter() - t0
        files = {s.sheet: len(s.files) for s in saved}
        print(f"{args.format}: {args.students:,} students, {rows:,} CSV rows ({size / 1e6:.0f} MB), generated in "
              f"{made:.1f} s")
        print(f"  parse the CSV files only          {parse:6.2f} s")
        show(steps)
        print(f"  from-sis + save CSVs              {total:6.2f} s  ({total / parse:.1f}x parsing; target < 30 s: "
              f"{'met' if total < 30 else 'NOT met'})")
        print(f"  records {result.records()}; upload files per sheet {files}; errors {result.roster.errors()}; "
              f"SIS problems {len(result.problems)}")
        if not args.no_merge:
            merged(folder, work, saved, total, parse)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
