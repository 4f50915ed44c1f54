"""The two readers give the same grids: python-calamine, and openpyxl's reader where calamine cannot be installed
(Pyodide, so xlwings Lite). Every workbook the tests keep and the kinds rosterxl writes, read both ways, sheet by
sheet, cell by cell (value and type), and as the tables the checks see, with the hidden rows and columns."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from helpers import export_rows, runner, write_export

from rosterxl import example_district, write_demo_workbook, write_template
from rosterxl.cli import app
from rosterxl.core.tables import tables_from_book
from rosterxl.media.xlsx import reader as reader_module
from rosterxl.media.xlsx.reader import WorkbookFile

ROOT = Path(__file__).resolve().parents[2]
KEPT = sorted(p for p in [*ROOT.glob("workbook_templates/*.xlsx"), *ROOT.glob("tests/**/files/**/*.xlsx")]
              if not p.name.startswith("~$"))


def types_and_values(path: Path):
    book = WorkbookFile(path)
    return book.sheet_names(), {name: [[(type(v), v) for v in row] for row in book.grid(name)]
                                for name in book.sheet_names()}, {n: book.hidden(n) for n in book.sheet_names()}


def tables(path: Path):
    return [(t.sheet, t.entity.key, t.header_row, [(h.text, h.letter) for h in t.headers],
             [(r.number, r.values, r.raw) for r in t.rows], t.hidden_rows, t.hidden_columns,
             t.exported.rows if t.exported else None)
            for t in tables_from_book(example_district(), WorkbookFile(path))]


def both(path: Path, monkeypatch) -> None:
    with_calamine = types_and_values(path), tables(path), WorkbookFile(path).lists()
    with monkeypatch.context() as m:
        m.setitem(sys.modules, "python_calamine", None)
        assert reader_module.calamine_or_openpyxl()[0].__name__ == "OpenpyxlWorkbook"
        with_openpyxl = types_and_values(path), tables(path), WorkbookFile(path).lists()
    assert with_openpyxl == with_calamine


@pytest.mark.parametrize("path", KEPT, ids=[str(p.relative_to(ROOT)) for p in KEPT])
def test_the_workbooks_the_tests_keep(path, monkeypatch):
    both(path, monkeypatch)


def every_kind_of_cell(path: Path) -> Path:
    """What people and Excel put in cells: IDs typed as numbers, long numbers, dates with and without a time,
    times, durations, booleans, errors, formulas with their values, text that looks like a number, blank cells
    between, a styled empty cell beyond the last value, hidden rows and columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Students"
    ws.append(["First Name", "Last Name", "Username", "Password", "Grade", "Student ID", "Organizations"])
    ws.append(["Ana", "Diaz", "adiaz", "tiger42", dt.datetime(2026, 3, 4), 1234, "Lincoln Elementary School"])
    ws.append(["Bo", None, 123456789012, True, dt.datetime(2026, 3, 4, 10, 30), 1.23456789012e17, "=1/0"])
    ws.append([None, "Lee", "0042", False, dt.time(7, 45), -3.5, dt.timedelta(hours=30)])
    ws.append([])
    ws.append(["Cy", "Ng", "=A2&B2", "x", "K", "00123", dt.date(2026, 1, 2)])
    ws["E4"].number_format = "hh:mm"
    ws["J9"].font = openpyxl.styles.Font(bold=True)          # formatted, no value: not part of the grid
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["D"].hidden = True
    ws2 = wb.create_sheet("Educators")
    ws2["B3"] = "First Name"
    ws2["C3"] = "Last Name"
    ws2["B4"] = "Kim"
    wb.save(path)
    return path


def xlsxwriter_book(path: Path) -> Path:
    """XlsxWriter writes formulas with their values, inline types and no shared strings for numbers."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Students")
    ws.write_row(0, 0, ["First Name", "Last Name", "Username", "Grade", "Student ID"])
    ws.write_row(1, 0, ["Ana", "Diaz", "adiaz", "3"])
    ws.write_number(1, 4, 4417)
    ws.write_formula(2, 0, "=1/0", None, "#DIV/0!")
    ws.write_formula(2, 1, '="a"&"b"', None, "ab")
    ws.write_formula(2, 2, "=1+1", None, 2)
    ws.write_boolean(2, 3, False)
    ws.write_datetime(2, 4, dt.datetime(2026, 3, 4), wb.add_format({"num_format": "dd/mm/yy"}))
    ws.set_row(1, None, None, {"hidden": True})
    wb.close()
    return path


def demo(path: Path) -> Path:
    return write_demo_workbook(path)


def template(path: Path) -> Path:
    write_template(path, optional=["all"])
    return path


def open_export(path: Path) -> Path:
    csv_file = write_export(path.with_name("Students-export.csv"), export_rows(30))
    runner.invoke(app, ["open-export", str(csv_file), "--out", str(path)])
    return path


def marked(path: Path) -> Path:
    runner.invoke(app, ["check", str(write_demo_workbook(path.with_name("d.xlsx"))), "--mark", "--out", str(path)])
    return path


def libreoffice_saved(path: Path) -> Path:
    """The demo workbook as LibreOffice saves it (its own XML layout and styles)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed here")
    source = write_demo_workbook(path.with_name("lo-source.xlsx"))
    out = path.parent / "lo"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{path.parent / 'prof'}",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)],
                   capture_output=True, timeout=180, check=True)
    return out / "lo-source.xlsx"


def number_formats(path: Path, epoch_1904: bool = False) -> Path:
    """Numbers under the formats that decide what calamine makes of them: dates (also before 1900, as LibreOffice
    writes them), times, elapsed durations ([h], [ss]), colours and conditions, quoted and escaped letters, AM/PM,
    text formats; in the 1900 date system and in the 1904 one."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    formats = ["General", "0.00", "@", "yyyy-mm-dd", "mm-dd-yy", "d-mmm", "h:mm AM/PM", "mm:ss", "[h]:mm:ss", "[h]",
               "[HH]", "[ss]", "[s].000", "[Red]0.00", "[>=100][Magenta]General", '"Y: "0.00', "\\Y000000",
               "#,##0*y", "*-yyyy-mm-dd", "[$-409]mmmm d, yyyy;@", "YY", "ha/p", '0_ ;[Red]\\-0\\ ']
    values = [0, 0.5, 1, 1.2, -1.2, -12.34, 59, 60, 61, 45000, 45000.75, 2958465]
    wb = openpyxl.Workbook()
    if epoch_1904:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Numbers"
    for r, value in enumerate(values, start=1):
        for c, fmt in enumerate(formats, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.number_format = fmt
    wb.save(path)
    return path


def number_formats_1904(path: Path) -> Path:
    return number_formats(path, epoch_1904=True)


def texts_without_preserve(path: Path) -> Path:
    """Texts with spaces at their ends in elements that do not say to keep them (xml:space), shared and inline,
    as some writers leave them: calamine trims them."""
    import zipfile

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Students")
    ws.write_row(0, 0, ["First Name", "Last Name", "Username"])
    ws.write_row(1, 0, ["Ana", "Diaz", "adiaz"])
    ws.write_row(2, 0, [" kept", "Bo", "bdiaz"])
    wb.close()
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(b"<t>Ana</t>", b"<t>Ana </t>").replace(
        b"<t>Bo</t>", b"<t>\n  Bo\t</t>")
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"</sheetData>", b'<row r="4"><c r="A4" t="inlineStr"><is><t> '
                                                      b'Cy </t></is></c></row></sheetData>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


MADE = [every_kind_of_cell, xlsxwriter_book, demo, template, open_export, marked, libreoffice_saved, number_formats,
        number_formats_1904, texts_without_preserve]


@pytest.mark.parametrize("make", MADE, ids=[m.__name__ for m in MADE])
def test_the_kinds_of_workbook_people_and_rosterxl_make(make, tmp_path, monkeypatch):
    both(make(tmp_path / "book.xlsx"), monkeypatch)


def test_without_calamine_a_check_finds_the_same_issues(tmp_path, monkeypatch):
    from rosterxl import Roster

    path = write_demo_workbook(tmp_path / "demo.xlsx")
    expected = [(i.sheet, i.cell, i.code, i.message) for i in Roster.open([path], example_district()).check()]
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    assert [(i.sheet, i.cell, i.code, i.message) for i in Roster.open([path], example_district()).check()] == expected
    assert len(expected) > 5


def test_without_calamine_a_damaged_workbook_is_still_a_sentence(tmp_path, monkeypatch):
    from rosterxl.core.model import RosterInputError

    monkeypatch.setitem(sys.modules, "python_calamine", None)
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(RosterInputError, match="damaged"):
        WorkbookFile(path)


def workbook_cases():
    from corpus import INPUTS
    return list(INPUTS)


@pytest.mark.parametrize("case", workbook_cases())
def test_without_calamine_every_bad_input_is_a_sentence_or_read(case, tmp_path, monkeypatch):
    """The bad-input corpus (tests/corpus.py) through openpyxl's reader: read, or a RosterInputError, never
    anything else."""
    from corpus import INPUTS

    from rosterxl import Roster
    from rosterxl.core.model import RosterInputError

    monkeypatch.setitem(sys.modules, "python_calamine", None)
    source = INPUTS[case](tmp_path)
    try:
        Roster.open([source])
    except RosterInputError:
        pass


def test_the_whole_package_runs_where_calamine_is_not_installed(tmp_path):
    """A fresh Python where `import python_calamine` and `import inflate64` fail, as under Pyodide: the package,
    its command line and its xlwings scripts import, and a check reads the workbook (the same issues as with
    calamine)."""
    path = write_demo_workbook(tmp_path / "demo.xlsx")
    code = ("import sys; sys.modules['python_calamine'] = sys.modules['inflate64'] = None\n"
            "import rosterxl.excel.scripts\n"
            "from rosterxl.cli import main\n"
            f"sys.argv = ['rosterxl', 'check', {str(path)!r}, '--format', 'json']\n"
            "main()\n")
    without = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    with_calamine = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert without.returncode == with_calamine.exit_code == 1, without.stderr
    assert without.stdout == with_calamine.stdout


def test_without_inflate64_a_deflate64_zip_is_a_sentence(tmp_path, monkeypatch):
    """inflate64 has no WebAssembly wheel either: where it is missing, a SIS export zipped with Deflate64 (as
    Windows zips large files) gets a sentence with what to do, as a zip method rosterxl cannot unpack does."""
    from sis import variants

    from rosterxl.core.model import RosterInputError
    from rosterxl.media.sisfiles import read_sis_files

    path = variants.deflate64(tmp_path)
    monkeypatch.setitem(sys.modules, "inflate64", None)
    with pytest.raises(RosterInputError, match="compressed with Deflate64.*Unpack the .zip with your computer's own"):
        read_sis_files(path)
