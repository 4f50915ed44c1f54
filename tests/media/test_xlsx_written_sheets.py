"""The sheets rosterxl writes as XML text (the Issues sheet, the record of marks) and the cells a fix writes:
rows of every shape, from templates or cell by cell, read back by openpyxl as what was meant."""
from __future__ import annotations

from xml.sax.saxutils import escape

import openpyxl

from rosterxl.media.xlsx.package import Package
from rosterxl.media.xlsx.xmlbook import add_sheet, row_parts, sheet_xml
from rosterxl.media.xlsx.xmlsheet import set_texts
from rosterxl.media.xlsx.xmltext import excel_text, xml_text

TRICKY = ["plain", "Tom & Jerry <b>", "a > b", "line one\nline two\ttabbed\r", "bell \x07 here", "_x0041_ literal",
          "both _x0041_ & \x0b", "\ufffe odd", "naïve café", "'quoted' \"twice\"", "", "nbsp\xa0here", "x" * 40]


def test_xml_text_escapes_as_before_for_every_kind_of_text():
    for text in [*TRICKY, "_x", "x_", "_X0041_", "a\u2028b", "\x85", "\ud800"]:
        before = excel_text(text)
        before = escape(before) if "&" in before or "<" in before or ">" in before else before
        assert xml_text(text) == before, repr(text)


def _rows(first: object = "first") -> list[list]:
    """Rows of many shapes, each shape met several times, its values needing escaping one time and not another."""
    rows = []
    for n in range(12):
        text = TRICKY[n % len(TRICKY)]
        rows += [[f"Students{n}", f"B{n + 2}", n, text, "", None, "yes" if n % 2 else "", n * 1000, "tail"],
                 ["a title only"] + [""] * 6,
                 [text, "", n],
                 [first, "x", "y", 0]]
    return rows


def _by_cells(rows: list[list], styles: dict) -> bytes:
    """The rows written cell by cell, as rosterxl wrote every row before it had templates."""
    from rosterxl.media.xlsx import xmlbook
    letters = [xmlbook.column_letter(i) for i in range(max(map(len, rows)))]
    by_row: dict = {}
    for (r, c), s in styles.items():
        by_row.setdefault(r, {})[c] = s
    return b"".join(xmlbook._row_by_cells(r, row, by_row.get(r), {}, letters).encode()
                    for r, row in enumerate(rows, start=1))


def test_rows_from_templates_are_the_rows_written_cell_by_cell():
    rows = _rows(first=True)            # a bool is written as Python says it, as it always was
    styles = {(r, 4): 7 for r in range(1, len(rows) + 1, 3)} | {(2, 6): 9}
    assert b"".join(row_parts(rows, styles=styles)) == _by_cells(rows, styles)
    assert b"".join(row_parts(rows)) == _by_cells(rows, {})


def test_a_written_sheet_reads_back_as_its_values(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Students"
    book.save(tmp_path / "book.xlsx")
    rows = _rows()
    pkg = Package.open(tmp_path / "book.xlsx")
    add_sheet(pkg, "Written", sheet_xml(rows))
    pkg.save(tmp_path / "written.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "written.xlsx")["Written"]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            got = sheet.cell(r, c).value
            if value is None or value == "":
                assert got is None, (r, c, got)
            elif isinstance(value, int):
                assert got == value, (r, c, got)
            else:
                # a text reads back as it is, but for what XML itself does (a carriage return read as a line
                # feed) and the _xHHHH_ escapes, which openpyxl leaves as written
                assert got == excel_text(value).replace("\r", "\n"), (r, c, value, got)


def test_fixed_cells_keep_their_own_attributes_whatever_order_they_come_in(tmp_path):
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="1"><c r="A1" s="3" t="s"><v>0</v></c><c s="4" r="B1"><v>5</v></c>'
           b"<c r='C1' s='5' cm='1' t=\"str\"><f>A1</f><v>x</v></c><c r=\"D1\" s=\"3\" t=\"n\"><v>2</v></c></row>"
           b'<row r="2"><c r="A2" s="3" t="s"><v>1</v></c><c r="B2" s="6"/></row>'
           b"</sheetData></worksheet>")
    texts = {(1, 1): "one & only", (1, 2): "two", (1, 3): "three", (1, 4): "four", (2, 1): "five", (2, 2): "six"}
    out = set_texts(xml, texts)
    for ref, style, text in [("A1", 3, "one &amp; only"), ("B1", 4, "two"), ("C1", 5, "three"), ("D1", 3, "four"),
                             ("A2", 3, "five"), ("B2", 6, "six")]:
        cell = f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'.encode()
        assert cell in out, (ref, out)
    assert b"cm=" not in out and b"<f>" not in out
