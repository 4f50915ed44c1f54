"""Every row of the speed table (issue 23), each as a ratio against its baseline measured in the same run.

Each measurement of time and peak memory is its own process (its VmHWM is its own); the rounds run every task
once, in turn, so the drifts of a shared machine hit every task alike; each figure is the median of the rounds.
The check ratios run in one process, interleaved the same way. The data (bench/baselines.py) is generated once
into --workdir: Students with 1% bad cells (the checks, export), with 5% bad cells (marking), and with 5% of the
cells spoilt in ways `fix` is sure of (fixing); a OneRoster 1.1 district of 50,000 students and the portal's
exports of it (from-sis merged, bench/sis_district.py). The floor rows time the least any marking tool does
(read the values with calamine, write the package again deflated at level 1), to show what a target leaves for
the work.

Run: python bench/bench_speed.py [--runs 3] [--only mark fix ...] [--readme README.md]
(--readme: the README's speed table becomes this run's table, as printed.)
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import baselines as base  # noqa: E402

TAGS = {"check": "", "mark": "_5pct", "fix": "_fixable"}      # which data each measure runs on
SIS_STUDENTS = 50_000


def catalog_of(p: dict[str, Path]):
    from rosterxl.core.catalog.config import DistrictConfig, apply_config

    truth = json.loads(p["truth"].read_text())
    return apply_config(DistrictConfig(organizations=truth["schools"], products=list(base.PRODUCTS)), "bench")


# ---- the work each child process times ---------------------------------------------------------------------

def work_mark(workdir: str, n: int) -> dict:
    from rosterxl import Roster

    p = base.files(workdir, n, TAGS["mark"])
    roster = Roster.open([p["xlsx"]], catalog_of(p), entity="students")
    marked = roster.mark_workbook(p["out"] / "rosterxl_marked.xlsx")
    return {"cells": marked.cells}


def work_naive(workdir: str, n: int) -> dict:
    p = base.files(workdir, n, TAGS["mark"])
    return {"cells": base.naive_annotate(p, p["out"] / "naive_marked.xlsx")}


def work_floor(workdir: str, n: int) -> dict:
    """The least any marking tool does, with none of the work: read the sheet's values (calamine),
    and write the package again, its parts deflated at zlib's level 1 (the fastest level that still compresses;
    the marked sheet must be written again, and rosterxl writes at this level). What marking can reach at best
    on this machine."""
    import zipfile

    p = base.files(workdir, n, TAGS["mark"])
    values = calamine_values(p["xlsx"])
    with zipfile.ZipFile(p["xlsx"]) as source, \
            zipfile.ZipFile(p["out"] / "floor.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
    return {"cells": len(values)}


def calamine_values(book: Path) -> list[list]:
    """The Students sheet's values, python-calamine's raw read: the baseline of reading a workbook."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Students").to_python()


def work_fix(workdir: str, n: int) -> dict:
    from rosterxl import Roster

    p = base.files(workdir, n, TAGS["fix"])
    roster = Roster.open([p["xlsx"]], catalog_of(p), entity="students")
    fixed = roster.fix_workbook(p["out"] / "rosterxl_fixed.xlsx")
    return {"cells": len(fixed.fixed)}


def work_check(workdir: str, n: int) -> dict:
    from rosterxl import Roster

    p = base.files(workdir, n, TAGS["check"])
    return {"cells": len(Roster.open([p["xlsx"]], catalog_of(p), entity="students").check())}


def work_export(workdir: str, n: int) -> dict:
    from rosterxl import Roster

    p = base.files(workdir, n, TAGS["check"])
    saved = Roster.open([p["xlsx"]], catalog_of(p), entity="students").save_csvs(p["out"] / "upload", force=True)
    return {"cells": sum(s.records for s in saved)}


def work_sis(workdir: str, n: int) -> dict:
    from rosterxl import from_sis

    sis = Path(workdir) / f"sis_{n}"
    exports = sorted((sis / "exports").glob("*.csv"))
    result = from_sis(sis / "oneroster", sis / "merged.xlsx", sis / "rosterxl.toml", exports=exports)
    written = result.roster.save_csvs(sis / "changed", changed_only=True)
    return {"cells": sum(s.records for s in written)}


WORK = {"mark": work_mark, "naive": work_naive, "floor": work_floor, "fix": work_fix, "check": work_check,
        "export": work_export, "sis": work_sis}


def child(kind: str, workdir: str, n: int) -> None:
    t0 = time.perf_counter()
    found = WORK[kind](workdir, n)
    print(json.dumps({"s": time.perf_counter() - t0, "mb": base.peak_mb(), **found}))


def run_child(kind: str, workdir: str, n: int) -> dict:
    result = subprocess.run(["nice", sys.executable, __file__, "--child", kind, "--workdir", workdir, "--n", str(n)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{kind} {n}: {result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def wall(command: list[str]) -> dict:
    t0 = time.perf_counter()
    subprocess.run(["nice", *command], check=True, capture_output=True)
    return {"s": time.perf_counter() - t0, "mb": 0.0}


COMMAND = str(Path(sys.executable).with_name("rosterxl"))
WALLS = {
    "python": [sys.executable, "-c", "pass"],
    "help": [COMMAND, "--help"],
    "ribbon": [sys.executable, "-c", "import rosterxl.excel; rosterxl.excel.check"],   # the button RunPython reaches
}


# ---- the check ratios, interleaved in one process ----------------------------------------------------------

def check_ratios(workdir: str, runs: int) -> dict[str, float]:
    from rosterxl import Roster

    p = base.files(workdir, 10_000, TAGS["check"])
    catalog = catalog_of(p)

    def csv_loop():
        with p["csv"].open(encoding="utf-8", newline="") as f:
            return sum(1 for _ in csv.reader(f))

    tasks = {
        "check_xlsx": lambda: Roster.open([p["xlsx"]], catalog, entity="students"),
        "calamine_read": lambda: calamine_values(p["xlsx"]),
        "check_csv": lambda: Roster.open([p["csv"]], catalog, entity="students"),
        "csv_reader": csv_loop,
        "frictionless": lambda: base.frictionless_validate(p),
    }
    times: dict[str, list[float]] = {name: [] for name in tasks}
    for _ in range(runs):
        for name, task in tasks.items():
            t0 = time.perf_counter()
            task()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(t) for name, t in times.items()}


# ---- the data ----------------------------------------------------------------------------------------------

def prepare(workdir: str, sizes: list[int], kinds: set[str]) -> None:
    wanted = [(tag, n) for tag, n in ((TAGS["check"], s) for s in sizes)] if kinds & {"check", "export", "ratios"} \
        else []
    wanted += [(TAGS["mark"], n) for n in sizes] if kinds & {"mark", "naive", "floor"} else []
    wanted += [(TAGS["fix"], max(sizes))] if "fix" in kinds else []
    for tag, n in wanted:
        if not base.files(workdir, n, tag)["truth"].exists():
            print(f"generating {n:,} rows{tag} ...", flush=True)
            base.generate(workdir, n, rate=0.01 if tag == "" else 0.05, tag=tag, fixable=tag == TAGS["fix"])
    if "sis" in kinds and not (Path(workdir) / f"sis_{SIS_STUDENTS}" / "exports").exists():
        print(f"generating the {SIS_STUDENTS:,}-student district and its portal exports ...", flush=True)
        sis_district(Path(workdir) / f"sis_{SIS_STUDENTS}", SIS_STUDENTS)


def sis_district(folder: Path, students: int) -> None:
    """The OneRoster district, the config, and the portal's exports of a first run's upload files."""
    from bench_from_sis import HIGH_SCHOOL, portal_exports
    from sis_district import CONFIG, SETS, large, write

    from rosterxl import from_sis

    write(SETS["oneroster-1.1"](large(students)), folder / "oneroster")
    (folder / "rosterxl.toml").write_text(CONFIG.replace('passwords = "pattern"\n', "") + HIGH_SCHOOL, "utf-8")
    result = from_sis(folder / "oneroster", folder / "first.xlsx", folder / "rosterxl.toml")
    saved = result.roster.save_csvs(folder / "upload")
    (folder / "exports").mkdir()
    portal_exports(saved, folder / "exports")


# ---- the report --------------------------------------------------------------------------------------------

def median(results: list[dict], key: str = "s") -> float:
    return statistics.median(r[key] for r in results)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(m: dict[tuple[str, int], list[dict]], ratios: dict[str, float] | None, runs: int) -> list[str]:
    """The table's lines, as printed and as the README shows them."""
    lines: list[str] = []
    add = lines.append
    add(f"rosterxl speed, median of {runs} interleaved rounds ({os.cpu_count()} cores):")
    add(f"  {'measure':<58} {'rosterxl':>10} {'baseline':>10} {'ratio':>8}  target")
    row = "  {:<58} {:>10} {:>10} {:>8}  {}"

    def got(kind: str, n: int) -> list[dict] | None:
        return m.get((kind, n))

    if got("mark", 10_000) and got("naive", 10_000):
        ours, naive = median(got("mark", 10_000)), median(got("naive", 10_000))
        add(row.format("check --mark 10k, 5% bad, vs the naive openpyxl way", f"{ours:.2f} s", f"{naive:.2f} s",
                       f"{naive / ours:.1f}x", f">= 10x faster: {verdict(naive / ours >= 10)}"))
    if got("floor", 10_000) and got("naive", 10_000):
        floor, naive = median(got("floor", 10_000)), median(got("naive", 10_000))
        add(row.format("  the floor at 10k: read the values, write the package", f"{floor:.2f} s",
                       f"{naive:.2f} s", f"{naive / floor:.1f}x", "(the most any marking could reach)"))
    if got("mark", 100_000):
        s, mb = median(got("mark", 100_000)), median(got("mark", 100_000), "mb")
        add(row.format("check --mark 100k: time, peak memory", f"{s:.2f} s", f"{mb:.0f} MB", "",
                       f"< 4 s: {verdict(s < 4)}; < 250 MB: {verdict(mb < 250)}"))
    if got("floor", 100_000):
        s, mb = median(got("floor", 100_000)), median(got("floor", 100_000), "mb")
        add(row.format("  the floor at 100k: read the values, write the package", f"{s:.2f} s", f"{mb:.0f} MB",
                       "", "(the least any marking could take)"))
    if ratios:
        r = ratios
        add(row.format("frictionless validate / our CSV check, 10k", f"{r['check_csv']:.3f} s",
                       f"{r['frictionless']:.3f} s", f"{r['frictionless'] / r['check_csv']:.2f}x",
                       f">= 4x: {verdict(r['frictionless'] / r['check_csv'] >= 4)}"))
        add(row.format("check 10k .xlsx / python-calamine's raw read", f"{r['check_xlsx']:.3f} s",
                       f"{r['calamine_read']:.3f} s", f"{r['check_xlsx'] / r['calamine_read']:.2f}x",
                       f"<= 1.5x: {verdict(r['check_xlsx'] / r['calamine_read'] <= 1.5)}"))
        add(row.format("check 10k CSV / a plain csv.reader loop", f"{r['check_csv']:.3f} s",
                       f"{r['csv_reader']:.3f} s", f"{r['check_csv'] / r['csv_reader']:.2f}x",
                       f"<= 3x: {verdict(r['check_csv'] / r['csv_reader'] <= 3)}"))
    if got("fix", 100_000):
        s, mb = median(got("fix", 100_000)), median(got("fix", 100_000), "mb")
        add(row.format(f"fix 100k ({got('fix', 100_000)[-1]['cells']:,} cells fixed): time, peak memory",
                       f"{s:.2f} s", f"{mb:.0f} MB", "", f"< 3 s: {verdict(s < 3)}; < 250 MB: {verdict(mb < 250)}"))
    if got("sis", SIS_STUDENTS):
        s, mb = median(got("sis", SIS_STUDENTS)), median(got("sis", SIS_STUDENTS), "mb")
        add(row.format("from-sis 50k merged with exports + save what changed", f"{s:.2f} s", f"{mb:.0f} MB", "",
                       f"< 12 s: {verdict(s < 12)}; < 400 MB: {verdict(mb < 400)}"))
    if got("python", 0):
        bare = median(got("python", 0))
        for kind, label, target in (("help", "rosterxl --help (the whole process)", 0.15),
                                    ("ribbon", "the import a ribbon click pays (rosterxl.excel.check reached)",
                                     0.2)):
            if got(kind, 0):
                s = median(got(kind, 0))
                add(row.format(label, f"{s:.3f} s", f"{bare:.3f} s", f"{s / bare:.1f}x",
                               f"< {target} s: {verdict(s < target)}  (baseline: python -c pass)"))
    for kind, label in (("check", "check"), ("mark", "check --mark"), ("export", "export (check + save CSVs)")):
        small, big = got(kind, 10_000), got(kind, 100_000)
        if small and big:
            ratio = median(big) / median(small)
            add(row.format(f"{label} 100k / 10k", f"{median(big):.2f} s", f"{median(small):.2f} s",
                           f"{ratio:.2f}", f"<= 10.5: {verdict(ratio <= 10.5)}"))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", default=str(ROOT / "bench-work"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", nargs="+", choices=[*WORK, "ratios", "imports"],
                    help="measure only these (default: all)")
    ap.add_argument("--readme", help="write the table into this README (between its marker lines)")
    ap.add_argument("--child")
    ap.add_argument("--n", type=int)
    a = ap.parse_args()
    if a.child:
        child(a.child, a.workdir, a.n)
        return
    kinds = set(a.only or [*WORK, "ratios", "imports"])
    prepare(a.workdir, [10_000, 100_000], kinds)
    plan = [(kind, n) for kind, sizes in (("mark", (10_000, 100_000)), ("naive", (10_000,)),
                                          ("floor", (10_000, 100_000)), ("fix", (100_000,)),
                                          ("check", (10_000, 100_000)), ("export", (10_000, 100_000)),
                                          ("sis", (SIS_STUDENTS,)))
            if kind in kinds for n in sizes]
    if "imports" in kinds:
        plan += [(kind, 0) for kind in WALLS]
    ratios = check_ratios(a.workdir, a.runs) if "ratios" in kinds else None
    measured: dict[tuple[str, int], list[dict]] = {key: [] for key in plan}
    for round_ in range(a.runs):
        for kind, n in plan:
            measured[(kind, n)].append(wall(WALLS[kind]) if kind in WALLS else run_child(kind, a.workdir, n))
        print(f"round {round_ + 1} of {a.runs} done", flush=True)
    table = report(measured, ratios, a.runs)
    print("", *table, sep="\n")
    if a.readme:
        write_readme(Path(a.readme), table, a)


README_BEGIN = "<!-- bench_speed.py --readme writes the table below -->"
README_END = "<!-- end of bench_speed.py's table -->"


def write_readme(readme: Path, table: list[str], a: argparse.Namespace) -> None:
    """The README's speed table, replaced by this run's (between its two marker lines), when every measure ran."""
    if a.only:
        raise SystemExit("--readme wants every measure: run it without --only")
    text = readme.read_text(encoding="utf-8")
    if text.count(README_BEGIN) != 1 or text.count(README_END) != 1:
        raise SystemExit(f"{readme}: its speed table is not between the lines {README_BEGIN!r} and {README_END!r}")
    head, rest = text.split(README_BEGIN)
    _, tail = rest.split(README_END)
    block = "\n".join([README_BEGIN, "```", *table, "```", README_END])
    readme.write_text(head + block + tail, encoding="utf-8")
    print(f"{readme}: the speed table is this run's")


if __name__ == "__main__":
    main()
