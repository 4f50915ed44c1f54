"""Speed work must not change what a check finds: every issue (code, cell, message, suggestion, severity, fix) of
`rosterxl check --format json`, and the bytes of `rosterxl export --force`, compared between this working tree and
another commit, on the same inputs.

The inputs are made once, by this tree: the bad-input corpus (tests/corpus.py), Students data spoilt as the bench
spoils it (bench/baselines.py, 30%, 20% fixable and 5% bad cells), workbooks and CSV files of the three record
types whose cells are drawn at random from everyday mistakes (spaces, invisible characters, formulas, dates and
numbers Excel made, misspelt lists, wrong separators), the hand-typed district of the tests, and a portal export
opened and edited. With --workdir, the bench's own data too (bench_speed.py --workdir).

Run: python bench/same_issues.py [--base main] [--workdir bench-work]   (exit 1 when anything differs)
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HEADERS = {
    "Classes-Groups": ["Class/Group Name", "Organization", "Product", "Description"],
    "Educators": ["First Name", "Last Name", "Username", "Educator Type", "Organizations", "Classes/Groups",
                  "Password", "External Assigned ID"],
    "Students": ["First Name", "Last Name", "Username", "Password", "Grade", "Student ID", "Organizations",
                 "Classes/Groups", "Products", "Session Time", "Language Support", "Alternate ID"],
}
CELLS = ["", " ", "  ", "Ana", "Lopez", "ana lopez", " Ana", "Ana ", "Ana  Maria", "A\u00a0na", "An\u200ba", "x\x07y",
         "=1+1", "+44 20", "-5", "@home", "\tTab", ";x", "EspaÃ±ol", "Ã©cole", "line\nbreak", "a\r\nb",
         "Lincoln Elementary School", "lincoln elementary school", "Lincoln Elem.", "Lincon Elementary School",
         "Roosevelt Middle School", "Lincoln Elementary School, Roosevelt Middle School",
         "Lincoln Elementary School;Roosevelt Middle School", "Lincoln Elementary School:Roosevelt Middle School",
         "Gr 3 Reading", "Gr 3 Reading;Gr 3 Reading", "Gr 4 Math|Gr 3 Reading", "Gr 9 Nothing",
         "Imagine Reading", "imagine reading", "Imagine Reeding", "Imagine Math, Imagine Reading",
         "Imagine Reading;Imagine Reading", "Imagine Math/Imagine Reading", "Imagine Mathh;Imagine Reading",
         "K", "k", "KG", "Kindergarden", "1st grade", "13", "3", "03", "PK", "Grade 3", "3-Mar", "2025-03-03",
         "1.23457E+11", "123.0", "0004411", "4411", "TRUE", "FALSE", "x" * 70, "y" * 300, "S-0001", "S-0002",
         "jpark@district.org", "jpark@district", "j park@district.org", "jpark@@district.org", "jpark@district,org",
         "Teacher", "teacher", "Admin", "Administrator", "Principal", "30", "30.0", "200", "20", "4", "+20",
         "English", "Spanish", "abc", "tiger42", "ti", "pw", "user1", "User1", "ab", "a", "Ödön", "José", "N/A"]
TYPED = [1.0, 123456789012.0, 4411.0, 3.0, dt.datetime(2025, 3, 3), dt.date(2024, 1, 2), True, False, 0.5, 30.0]


# ---- the inputs, made once by this tree -------------------------------------------------------------------

def prepare(folder: Path) -> None:
    sys.path[:0] = [str(ROOT / "tests"), str(HERE)]
    import baselines
    import corpus
    import hand_typed
    from helpers import book, export_rows, write_export
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for n, rate, fixable in ((3000, 0.3, False), (3000, 0.2, True), (2000, 0.05, False)):
        baselines.generate(folder / "gen", n, rate=rate, tag=f"_{int(rate * 100)}{'f' if fixable else ''}",
                           fixable=fixable)
    rng = random.Random(11)

    def grid(sheet: str, n: int, typed: bool) -> list[list]:
        rows: list[list] = [HEADERS[sheet]]
        for _ in range(n):
            row = [rng.choice(TYPED) if typed and rng.random() < 0.05 else rng.choice(CELLS) if rng.random() < 0.6
                   else rng.choice(CELLS) + rng.choice(["", " ", ";", ","]) + rng.choice(CELLS)
                   for _ in HEADERS[sheet]]
            rows.append([ILLEGAL_CHARACTERS_RE.sub("", c) if typed and isinstance(c, str) else c for c in row])
        return rows

    for k, n in enumerate((40, 300, 1500, 40, 300, 800)):
        here = folder / f"random{k}"
        here.mkdir(parents=True)
        book(here / "district.xlsx", {s: grid(s, n, True) for s in HEADERS})
        for s in HEADERS:
            with (here / f"{s}.csv").open("w", newline="", encoding="utf-8") as f:
                csv.writer(f).writerows([[str(c) for c in r] for r in grid(s, n, False)])
        if k >= 3:
            (here / "rosterxl.toml").write_text('organizations = ["Lincoln Elementary School", '
                                                '"Roosevelt Middle School"]\n')
    (folder / "hand").mkdir()
    book(folder / "hand" / "hand.xlsx", hand_typed.grids())
    _edited_export(folder / "export", rng, export_rows, write_export)
    for i, make in enumerate(corpus.INPUTS.values()):
        here = folder / "corpus" / f"{i:03d}"
        here.mkdir(parents=True)
        (here / ".target").write_text(str(make(here)))


def _edited_export(folder: Path, rng: random.Random, export_rows, write_export) -> None:
    import openpyxl
    from typer.testing import CliRunner

    from rosterxl.cli import app

    folder.mkdir()
    exported = write_export(folder / "Students-export.csv", export_rows(400))
    CliRunner().invoke(app, ["open-export", str(exported), "--out", str(folder / "opened.xlsx")])
    wb = openpyxl.load_workbook(folder / "opened.xlsx")
    ws = next(w for w in wb.worksheets if w.sheet_state == "visible")
    for r in range(ws.max_row, 1, -1):
        x = rng.random()
        if x < 0.03:
            ws.cell(r, 1).value = None
        elif x < 0.06:
            ws.cell(r, 1).value = str(rng.randint(700000, 700500))
        elif x < 0.09:
            ws.cell(r, 1).value = f"999{r}"
        elif x < 0.12:
            ws.cell(r, 7).value = f"X{r}"
        elif x < 0.15:
            ws.delete_rows(r)
    ws.append(["", "New", "Kid", "newkid", "pw12345", "3", "0009999", "Lincoln Elementary School", "",
               "Imagine Reading"])
    wb.save(folder / "edited.xlsx")


# ---- one source's findings ---------------------------------------------------------------------------------

def findings(inputs: Path, workdir: Path | None) -> dict:
    from typer.testing import CliRunner

    from rosterxl.cli import app

    jobs = [[(d / ".target").read_text()] for d in sorted((inputs / "corpus").iterdir())]
    for d in sorted(inputs.glob("random*")):
        jobs += [[str(d / "district.xlsx")], *([str(c)] for c in sorted(d.glob("*.csv"))), [str(d)],
                 [str(d / "Students.csv"), "--entity", "students"], [str(d / "Educators.csv"), "--entity", "educators"]]
    jobs += [[str(f)] for f in sorted((inputs / "gen").glob("students_*"))]
    jobs += [[str(inputs / "hand" / "hand.xlsx")], [str(inputs / "export" / "edited.xlsx")],
             [str(inputs / "export" / "opened.xlsx")]]
    jobs += [[str(f)] for pattern in ("tests/*/files/*.xlsx", "tests/*/files/field/*.xlsx")
             for f in sorted(ROOT.glob(pattern))]
    if workdir:
        jobs += [[str(workdir / f"students_{n}.csv")] for n in ("10000", "10000_5pct", "100000_fixable")]
        jobs += [[str(workdir / "students_10000_5pct.xlsx")]]
    runner, found = CliRunner(), {}
    os.chdir(tempfile.mkdtemp())          # no rosterxl.toml of the current folder
    for args in jobs:
        result = runner.invoke(app, ["check", *args, "--format", "json"])
        found["check " + " ".join(args)] = [result.exit_code, result.output]
    out = inputs / "exported"
    for source in [*sorted(inputs.glob("random*")), *sorted((inputs / "gen").glob("students_*")),
                   inputs / "hand" / "hand.xlsx", inputs / "export" / "edited.xlsx"]:
        shutil.rmtree(out, ignore_errors=True)
        result = runner.invoke(app, ["export", str(source), "--out-dir", str(out), "--force"])
        found[f"export {source}"] = [result.exit_code, result.output, {
            str(f.relative_to(out)): hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(out.rglob("*"))}]
    return found


def differences(before: dict, after: dict) -> list[str]:
    said = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            said.append(f"differs: {key}\n  before: {str(before.get(key))[:400]}\n"
                        f"  after:  {str(after.get(key))[:400]}")
    return said


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="main", help="the commit to compare with")
    ap.add_argument("--workdir", help="the bench's data folder, to compare on it too")
    ap.add_argument("--findings", nargs=2, metavar=("INPUTS", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.findings:
        inputs, out = map(Path, a.findings)
        Path(out).write_text(json.dumps(findings(inputs, Path(a.workdir).resolve() if a.workdir else None)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        prepare(tmp / "inputs")
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", a.base], check=True, capture_output=True).stdout
        tarfile.open(fileobj=io.BytesIO(archive)).extractall(tmp / "base", filter="data")
        runs = {}
        for name, source in (("before", tmp / "base"), ("after", ROOT)):
            command = [sys.executable, __file__, "--findings", str(tmp / "inputs"), str(tmp / f"{name}.json")]
            subprocess.run(command + (["--workdir", a.workdir] if a.workdir else []), check=True,
                           env={**os.environ, "PYTHONPATH": str(source)})
            runs[name] = json.loads((tmp / f"{name}.json").read_text())
        said = differences(runs["before"], runs["after"])
        print("\n".join(said) or f"the same findings on {len(runs['after'])} runs as {a.base}")
        sys.exit(1 if said else 0)


if __name__ == "__main__":
    main()
