"""The install guide's pictures, rendered from real files by LibreOffice (`make pictures`):

  roster-tab.png        the Roster tab's groups and buttons, laid out from macros/ribbon.xml (there
                        is no Excel here to take a screenshot of its ribbon: this is the same definition,
                        drawn as a sheet)
  marked-students.png   the built-in example district's Students sheet after `rosterxl check --mark`
  issues-sheet.png      the Issues sheet that check --mark adds, with a link to each cell

Needs LibreOffice (soffice) and poppler's pdftoppm, as .ci/apt-packages installs them.
usage: python docs/pictures.py [FOLDER]   (default: docs/images)"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from rosterxl import Roster, write_demo_workbook
from rosterxl.excel.addin import CUSTOMUI_NS, macros_folder

HERE = Path(__file__).resolve().parent


def render(workbook: Path, sheet: str, png: Path, width: int, height: int, work: Path) -> Path:
    """The sheet's first printed page at 96 dpi, width x height pixels from inside its margins."""
    book = openpyxl.load_workbook(workbook)
    for each in book.worksheets:
        each.sheet_state = "visible" if each.title == sheet else "hidden"
    book.active = book.sheetnames.index(sheet)
    for cell in book[sheet][1]:                 # even example passwords stay out of pictures
        if isinstance(cell.value, str) and "password" in cell.value.lower():
            book[sheet].column_dimensions[cell.column_letter].hidden = True
    page = book[sheet].page_setup
    page.orientation, page.fitToHeight = "landscape", 0
    book[sheet].sheet_properties.pageSetUpPr.fitToPage = True
    single = work / f"{png.stem}.xlsx"
    book.save(single)
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{work / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(work), str(single)], check=True, capture_output=True,
                   timeout=300)
    subprocess.run(["pdftoppm", "-png", "-r", "96", "-f", "1", "-l", "1", "-x", "60", "-y", "88", "-W", str(width),
                    "-H", str(height), "-singlefile", str(work / f"{png.stem}.pdf"), str(png.with_suffix(""))],
                   check=True, capture_output=True, timeout=120)
    return png


def tab_workbook(path: Path) -> Path:
    """The Roster tab from ribbon.xml: each group over its buttons, each button's label and tip."""
    root = ET.parse(macros_folder() / "ribbon.xml").getroot()
    ns = {"ui": CUSTOMUI_NS}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Roster tab"
    tab = root.find(".//ui:tab", ns)
    sheet["A1"] = f"{tab.get('label')} tab"
    sheet["A1"].font = Font(bold=True, size=13, color="FFFFFF")
    edge = Side(style="thin", color="A6A6A6")
    column = 1
    for group in tab.findall("ui:group", ns):
        buttons = group.findall("ui:button", ns)
        for offset, button in enumerate(buttons):
            cell = sheet.cell(row=2, column=column + offset, value=button.get("label"))
            cell.font = Font(bold=True, size=11)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            tip = sheet.cell(row=3, column=column + offset, value=button.get("supertip"))
            tip.alignment = Alignment(vertical="top", wrap_text=True)
            tip.font = Font(size=9, color="404040")
            for c in (cell, tip):
                c.border = Border(left=edge, right=edge)
            sheet.column_dimensions[openpyxl.utils.get_column_letter(column + offset)].width = 19
        label = sheet.cell(row=4, column=column, value=group.get("label"))
        label.alignment = Alignment(horizontal="center")
        label.font = Font(size=9, color="595959")
        sheet.merge_cells(start_row=4, start_column=column, end_row=4, end_column=column + len(buttons) - 1)
        column += len(buttons)
    for c in range(1, column):
        sheet.cell(row=1, column=c).fill = PatternFill("solid", fgColor="217346")
        sheet.cell(row=4, column=c).border = Border(top=edge, bottom=edge)
    sheet.row_dimensions[2].height = 34
    sheet.row_dimensions[3].height = 92
    book.save(path)
    return path


def main(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        demo = write_demo_workbook(work / "example-district.xlsx")
        marked = Roster.open([demo]).mark_workbook(work / "example-district.checked.xlsx").target
        return [render(tab_workbook(work / "tab.xlsx"), "Roster tab", folder / "roster-tab.png", 930, 165, work),
                render(marked, "Students", folder / "marked-students.png", 930, 162, work),
                render(marked, "Issues", folder / "issues-sheet.png", 930, 200, work)]


if __name__ == "__main__":
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        sys.exit("The pictures need LibreOffice (soffice) and pdftoppm: apt-get install libreoffice-calc-nogui "
                 "poppler-utils")
    for made in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "images"):
        print(made)
