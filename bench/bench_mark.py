"""check --mark against the naive way (openpyxl: load, fill + comment the bad cells, save), side by side
on the same synthetic Students workbooks (bench/baselines.py). Each measurement runs in
a fresh process, so its peak memory (VmHWM) is its own; rounds alternate the two.

Targets: 10,000 rows at least 3 times faster than the naive way; 100,000 rows in under 15 s of work
with under 400 MB peak memory.

Run: make bench   (or: python bench/bench_mark.py --sizes 10000 100000 --runs 3)
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import baselines as base  # noqa: E402


def child(workdir: str, n: int) -> None:
    """One rosterxl marking run: read, check and mark the bad workbook; print time and peak memory."""
    from rosterxl import Roster
    from rosterxl.core.catalog.config import DistrictConfig, apply_config

    p = base.files(workdir, n)
    truth = json.loads(p["truth"].read_text())
    catalog = apply_config(DistrictConfig(organizations=truth["schools"], products=list(base.PRODUCTS)), "bench")
    before = base.peak_mb()
    t0 = time.perf_counter()
    roster = Roster.open([p["xlsx"]], catalog, entity="students")
    roster.check()
    marked = roster.mark_workbook(p["out"] / "rosterxl_marked.xlsx")
    seconds = time.perf_counter() - t0
    print(json.dumps({"op_s": seconds, "peak_rss_mb": base.peak_mb(), "pre_op_rss_mb": before, "marked": marked.cells}))


def naive_child(workdir: str, n: int) -> None:
    """One naive marking run (bench/baselines.py): time and peak memory."""
    p = base.files(workdir, n)
    t0 = time.perf_counter()
    cells = base.naive_annotate(p, p["out"] / "naive_marked.xlsx")
    print(json.dumps({"op_s": time.perf_counter() - t0, "peak_rss_mb": base.peak_mb(), "annotated": cells}))


def run(args: list[str]) -> dict:
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", default=str(ROOT / "bench-work"))
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--naive-at-100k", action="store_true", help="also time the naive way at 100k (about 1 min)")
    ap.add_argument("--child", type=int)
    ap.add_argument("--naive", type=int)
    a = ap.parse_args()
    if a.child:
        child(a.workdir, a.child)
        return
    if a.naive:
        naive_child(a.workdir, a.naive)
        return
    for n in a.sizes:
        if not base.files(a.workdir, n)["truth"].exists():
            print(f"generating {n:,} rows ...", flush=True)
            base.generate(a.workdir, n)
        naive = n <= 10_000 or a.naive_at_100k
        ours, theirs = [], []
        for _ in range(a.runs if n <= 10_000 else max(1, a.runs - 1)):
            ours.append(run([__file__, "--workdir", a.workdir, "--child", str(n)]))
            if naive:
                theirs.append(run([__file__, "--workdir", a.workdir, "--naive", str(n)]))
        mine = statistics.median(r["op_s"] for r in ours)
        mem = statistics.median(r["peak_rss_mb"] for r in ours)
        print(f"\n{n:,} rows, {ours[-1]['marked']:,} cells marked (median of {len(ours)}):")
        print(f"  rosterxl check --mark   {mine:7.2f} s   peak {mem:5.0f} MB")
        if theirs:
            other = statistics.median(r["op_s"] for r in theirs)
            other_mem = statistics.median(r["peak_rss_mb"] for r in theirs)
            print(f"  naive openpyxl annotate {other:7.2f} s   peak {other_mem:5.0f} MB   "
                  f"({theirs[-1]['annotated']:,} cells, no check)")
            print(f"  ratio naive / rosterxl: {other / mine:.1f}x" + ("  [>= 3x]" if n <= 10_000 else ""))
        if n >= 100_000:
            print(f"  targets: < 15 s -> {'met' if mine < 15 else 'MISSED'}; < 400 MB -> "
                  f"{'met' if mem < 400 else 'MISSED'}")


if __name__ == "__main__":
    main()
