"""A real spreadsheet application opens the templates: LibreOffice's list validation, its invalid-data
detective and its evaluation of the conditional formats must agree with rosterxl."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from conftest import district
from hand_typed import grids
from helpers import book, runner

from rosterxl.cli import app
from rosterxl.core.catalog.catalog import builtin_catalog
from rosterxl.core.layout import FIRST_ROW
from rosterxl.core.template import plans_from_choices
from rosterxl.media.xlsx.template_file import write_template

PROBE = Path(__file__).parent / "libreoffice" / "probe.py"
LO_PYTHON = "/usr/bin/python3"          # Debian's python3-uno belongs to the system Python
COMMITTED = Path(__file__).resolve().parents[2] / "workbook_templates"
RED = "#FFC7CE"

have_office = shutil.which("soffice") is not None and Path(LO_PYTHON).exists()
pytestmark = pytest.mark.skipif(not have_office and not os.environ.get("CI"),
                                reason="LibreOffice is not installed here (.ci/run installs it)")


def probe(path: Path, row: int = FIRST_ROW, *edit: str) -> dict:
    """What LibreOffice makes of the workbook; `edit` ('SHEET!CELL=TEXT', 'OUT.xlsx'): a person's edit saved first."""
    result = subprocess.run([LO_PYTHON, str(PROBE), str(path), str(row), *edit], capture_output=True, text=True,
                            timeout=180)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def convert(path: Path, fmt: str, out_dir: Path) -> Path:
    profile = out_dir / "lo-profile"
    result = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                             "--convert-to", fmt, "--outdir", str(out_dir), str(path)],
                            capture_output=True, text=True, timeout=180)
    converted = out_dir / f"{path.stem}.{fmt.split(':')[0]}"
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    return converted


class RedCells(HTMLParser):
    """Cells LibreOffice painted red, per sheet, from its HTML export (which applies conditional formats)."""

    def __init__(self) -> None:
        super().__init__()
        self.sheets: list[str] = []
        self.red: dict[str, set[str]] = {}
        self._row = 0
        self._col = 0
        self._in_h1 = self._in_em = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self._in_h1 = True
        elif tag == "em" and self._in_h1:
            self._in_em = True
        elif tag == "table":
            self._row = 0
        elif tag == "tr":
            self._row += 1
            self._col = 0
        elif tag == "td":
            self._col += 1
            if (attrs.get("bgcolor") or "").upper() == RED and self.sheets:
                self.red.setdefault(self.sheets[-1], set()).add(f"{chr(64 + self._col)}{self._row}")
            self._col += int(attrs.get("colspan", 1)) - 1

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        elif tag == "em":
            self._in_em = False

    def handle_data(self, data):
        if self._in_em:
            self.sheets.append(data)


def red_cells(path: Path, out_dir: Path) -> dict[str, set[str]]:
    parser = RedCells()
    parser.feed(convert(path, "html", out_dir).read_text(encoding="utf-8", errors="replace"))
    return parser.red


def fill(path: Path, sheet: str, rows: list[list]) -> None:
    book = openpyxl.load_workbook(path)
    for r, row in enumerate(rows, start=FIRST_ROW):
        for c, value in enumerate(row, start=1):
            if value != "":
                book[sheet].cell(row=r, column=c, value=value)
    book.save(path)


@pytest.mark.parametrize("name", ["rosterxl-template.xlsx", "Students.xlsx", "Educators.xlsx", "Classes-Groups.xlsx"])
def test_each_list_column_resolves_to_its_values(name):
    report = probe(COMMITTED / name)
    lists = builtin_catalog().lists
    for sheet, columns in report["lists"].items():
        for header, found in columns.items():
            key = found["formula"].removeprefix("List_")
            assert found["values"] == list(lists[key].values), (sheet, header)
    expected = {"Students.xlsx": {"Grade", "Language Support", "Language Support: Español", "Audio Support"},
                "Educators.xlsx": {"Educator Type"}, "Classes-Groups.xlsx": {"Product"}}
    if name in expected:
        assert set(next(iter(report["lists"].values()))) == expected[name]


STUDENTS = [
    ["Ana", "Lopez", "alopez", "tiger42", "3", "S-1", "Lincoln Elementary School", "Gr 3 Reading",
     "Imagine Reading;Imagine Math", "English", "Spanish", 20, "Yes", ""],
    ["Bo", "", "bo", "ab", "13", "S-1", "Lincoln Elementary School;Roosevelt Middle School", "Gr 9 Art",
     "Imagine Reading:Imagine Math", "Klingon", "French", 7.5, "Maybe", ""],
    ["Cy", "Diaz", "ALOPEZ", "pass1", "K", "S-3", "Roosevelt Middle School", "", "Imagine Math", "", "", 30, "No", ""],
    ["Di", "Fox", "dfox", "pass2", "12", "S-4", "Roosevelt Middle School", "Art ; Gr 3 Reading", "imagine math",
     "", "", "", "", ""],
    ["", "", "", "", "4", "", "", "", "", "", "", "", "", ""],
    ["Ed", "Ng", "eng", "pass3", "Grade 7", "S-5", "Roosevelt Middle School", "", "", "", "", "", "", ""],
    ["Flo", "Ng", "fng", "pass4", "07", "S-6", "Roosevelt Middle School", "", "", "", "", "", "", ""],
]
EDUCATORS = [
    ["Ann", "Lee", "alee@x.org", "Teacher", "", "Lincoln Elementary School", "Gr 3 Reading"],
    ["Bob", "Ray", "bray@x", "Principal", "", "Lincoln Elementary School|Roosevelt Middle School", "Gr 3 Reading;Art"],
]
CLASSES = [
    ["Gr 3 Reading", "C1", "Lincoln Elementary School", "Imagine Reading", ""],
    ["Art", "C2", "Nowhere School", "Imagine Art", ""],
]
EXPECTED_RED = {
    "Students": {"B5", "C5", "D5", "E5", "F4", "F5", "G5", "H5", "I5", "J5", "K5", "L5", "M5", "C4", "C6",
                 "A8", "B8", "C8", "F8", "G8"},
    "Educators": {"C5", "D5", "F5"},
    "Classes-Groups": {"C5", "D5"},
}
EXPECTED_INVALID = {   # single-value cells with list (or whole-number) validation
    "Students": [[5, 5], [5, 10], [5, 11], [5, 12], [5, 13], [9, 5], [10, 5]],   # the dropdown offers 7, not
    # 'Grade 7' or '07'; yet they are not red: the CSV writes them as 7 (a warning in the check, fixed by Fix)
    "Educators": [[5, 4]],
    "Classes-Groups": [[5, 3], [5, 4]],
}


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    catalog = district()
    path = tmp_path_factory.mktemp("lo") / "filled.xlsx"
    write_template(path, catalog, plans_from_choices(catalog, ["classes", "educators", "students"], ["all"]))
    fill(path, "Students", STUDENTS)
    fill(path, "Educators", EDUCATORS)
    fill(path, "Classes-Groups", CLASSES)
    return path


def test_the_invalid_data_detective_marks_exactly_the_invalid_single_value_cells(filled):
    invalid = probe(filled)["invalid"]
    assert {k: v for k, v in invalid.items() if v} == EXPECTED_INVALID


def test_conditional_formats_turn_exactly_the_bad_cells_red(filled, tmp_path):
    red = red_cells(filled, tmp_path)
    assert {sheet: cells for sheet, cells in red.items() if cells} == EXPECTED_RED


def test_rosterxl_check_agrees_on_the_cells(filled):
    from rosterxl import Roster

    issues = Roster.open([filled], district()).check()
    errors = {(i.sheet, i.cell) for i in issues if i.severity.value == "error"}
    spelled = [(i.cell, i.severity.value) for i in issues if i.sheet == "Students" and i.cell in ("E9", "E10")]
    assert spelled == [("E9", "warning"), ("E10", "warning")]      # not red live, a warning here: they agree
    for sheet, cells in EXPECTED_RED.items():
        for cell in cells:
            assert (sheet, cell) in errors or any(
                i.sheet == sheet and i.cell == cell for i in issues), (sheet, cell)


def test_the_template_renders_to_pdf_and_png(tmp_path):
    pdf = convert(COMMITTED / "rosterxl-template.xlsx", "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    result = subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    pages = list(tmp_path.glob("page*.png"))
    assert pages and pages[0].read_bytes().startswith(b"\x89PNG")


def test_libreoffice_opens_a_marked_workbook_and_reads_every_note(filled, tmp_path):
    from typer.testing import CliRunner

    from rosterxl.cli import app

    schools = '["Lincoln Elementary School", "Roosevelt Middle School"]'
    (tmp_path / "rosterxl.toml").write_text(f"organizations = {schools}\n")
    book = tmp_path / "school.xlsx"
    shutil.copy(filled, book)
    result = CliRunner().invoke(app, ["check", str(book), "--mark", "--format", "json"])
    assert result.exit_code == 1
    issues = json.loads(result.stdout)["issues"]
    report = probe(tmp_path / "school.checked.xlsx")
    assert report["sheets"][-2:] == ["Issues", "rosterxl-marks"]
    for sheet in ("Students", "Educators", "Classes-Groups"):
        notes = {(r, c): text for r, c, text in report["notes"][sheet]}
        marked = {i["cell"] for i in issues if i["sheet"] == sheet}
        ours = {f"{chr(64 + c)}{r}" for (r, c), text in notes.items() if text.startswith("rosterxl:")}
        assert ours == marked
        assert sum(1 for (r, _c) in notes if r == 1) >= 3        # the template's header notes are still there
    pdf = convert(tmp_path / "school.checked.xlsx", "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_libreoffice_opens_a_workbook_marked_through_the_ribbon(filled, tmp_path):
    from xlwings_support import remote_book, replay

    from rosterxl import excel

    book = remote_book(filled)
    excel.check(book)
    marked = replay(filled, book.json()["actions"], tmp_path / "live-marked.xlsx")
    report = probe(marked)
    assert report["sheets"][-2:] == ["Issues", "rosterxl-marks"]
    ours = {(r, c) for r, c, text in report["notes"]["Students"] if text.startswith("rosterxl:")}
    assert (5, 5) in ours                                    # E5, the grade 13
    assert convert(marked, "pdf", tmp_path).read_bytes().startswith(b"%PDF")


def test_libreoffice_opens_an_open_export_workbook(tmp_path):
    from helpers import export_rows, open_export

    path = open_export(tmp_path, export_rows(20))
    report = probe(path)
    assert report["sheets"][0] == "Students"
    assert report["lists"]["Students"]["Grade"]["values"][:3] == ["PK", "K", "1"]
    assert report["invalid"]["Students"] == []
    assert convert(path, "pdf", tmp_path).read_bytes().startswith(b"%PDF")


def test_libreoffice_opens_a_from_sis_workbook_merged_with_the_portals_exports(tmp_path):
    from rosterxl import from_sis

    files = Path(__file__).parents[1] / "sis" / "files"
    path = from_sis(files / "oneroster-1.1", tmp_path / "merged.xlsx", files / "rosterxl.toml",
                    exports=sorted((files / "portal").glob("*.csv"))).workbook
    report = probe(path)
    assert report["sheets"][:5] == ["Instructions", "From the SIS", "Classes-Groups", "Educators", "Students"]
    assert "rosterxl-export Students" in report["sheets"]
    assert report["lists"]["Students"]["Grade"]["values"][:3] == ["PK", "K", "1"]
    # the one cell its dropdown refuses: the portal's own 'Kindergarten' (F5), kept and warned of as a spelling
    assert report["invalid"]["Students"] == [[5, 6]]
    assert all(not report["invalid"][s] for s in ("Classes-Groups", "Educators"))
    assert convert(path, "pdf", tmp_path).read_bytes().startswith(b"%PDF")


def test_libreoffice_shows_each_school_only_its_school_and_classes(tmp_path):
    from schools_district import SCHOOLS, classes, write_district

    from rosterxl import write_school_workbooks

    district, config = write_district(tmp_path)
    result = write_school_workbooks([district], tmp_path / "schools", config)
    for s, written in enumerate(result.written):
        report = probe(written.path)
        lists = report["lists"]
        assert lists["Classes-Groups"]["Organization"]["values"] == [SCHOOLS[s]]
        assert lists["Classes-Groups"]["Organization"]["stop"]
        for sheet in ("Educators", "Students"):
            assert lists[sheet]["Organizations"]["values"] == [SCHOOLS[s]]
            assert [v for v in lists[sheet]["Classes/Groups"]["values"] if v] == classes(s)
        # the detective reads a cell as one value: only an educator's several classes (a;b) are circled
        several = [[r, 7] for r, row in enumerate(openpyxl.load_workbook(written.path)["Educators"].iter_rows(
            min_row=2, values_only=True), start=2) if ";" in (row[6] or "")]
        assert report["invalid"]["Educators"] == several
        assert report["invalid"]["Classes-Groups"] == report["invalid"]["Students"] == []
    maple = result.written[1].path
    book = openpyxl.load_workbook(maple)          # another school typed in: its cells turn red, the others not
    book["Classes-Groups"]["C2"] = SCHOOLS[0]
    book["Educators"]["F2"] = SCHOOLS[2]
    book["Students"]["G3"] = f"{SCHOOLS[1]};{SCHOOLS[0]}"
    book.save(maple)
    red = red_cells(maple, tmp_path)
    assert red["Classes-Groups"] == {"C2"}
    assert red["Educators"] == {"F2"}
    assert red["Students"] == {"G3"}


def test_libreoffice_shows_the_district_summary_as_rosterxl_wrote_it(tmp_path):
    from schools_district import SCHOOLS, write_district

    from rosterxl import collect, write_school_workbooks

    district, config = write_district(tmp_path)
    sent = write_school_workbooks([district], tmp_path / "schools", config).written
    back = tmp_path / "returned"
    back.mkdir()
    for written in sent[:-1]:                        # the last school never returns its workbook
        shutil.copy(written.path, back / written.path.name)
    result = collect([back], tmp_path / "upload", config)
    book = result.summary_book
    expected = [["" if v is None else str(v) for v in row]
                for row in openpyxl.load_workbook(book)["District summary"].iter_rows(values_only=True)]
    shown = convert(book, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)     # its first sheet, UTF-8
    with open(shown, newline="", encoding="utf-8") as f:
        seen = [row + [""] * (len(expected[0]) - len(row)) for row in csv.reader(f)]
    assert [r[:len(expected[0])] for r in seen if any(r)] == [r for r in expected if any(r)]
    assert any(row[0] == SCHOOLS[-1] and "not returned" in row for row in seen)


def test_a_yes_chosen_in_libreoffice_is_applied_by_fix(tmp_path):
    """The Apply? dropdown as LibreOffice shows it, a Yes chosen there and saved by LibreOffice, then fix: the
    likely fix answered Yes is written, the others left, and the fixed workbook opens in LibreOffice again."""
    source = book(tmp_path / "district.xlsx", grids())
    marked = tmp_path / "marked.xlsx"
    assert runner.invoke(app, ["check", str(source), "--mark", "--out", str(marked)]).exit_code == 1
    issues = openpyxl.load_workbook(marked)["Issues"]
    row = next(r[0].row for r in issues.iter_rows() if (r[0].value, r[1].value) == ("Students", "I13"))
    saved = tmp_path / "answered.xlsx"
    seen = probe(marked, row, f"Issues!G{row}=Yes", str(saved))
    dropdown = seen["lists"]["Issues"][""]
    assert dropdown["formula"].replace(";", ",") == '"Yes","No"' and dropdown["stop"]
    result = runner.invoke(app, ["fix", str(saved), "--out", str(tmp_path / "fixed.xlsx")])
    assert "Students!I13 (Products): 'Imagine Reeding' -> 'Imagine Reading' (accepted)" in result.output, \
        result.output
    students = openpyxl.load_workbook(tmp_path / "fixed.xlsx")["Students"]
    assert students["I13"].value == "Imagine Reading" and students["G8"].value == "Lincoln Elem."
    assert "Students" in probe(tmp_path / "fixed.xlsx")["sheets"]
