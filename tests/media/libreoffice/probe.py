"""Run with LibreOffice's Python (/usr/bin/python3 with python3-uno): opens a workbook in a headless
LibreOffice Calc and reports, as JSON on stdout, what LibreOffice itself makes of it:

  lists    for each sheet and column (cell of the first data row) with list validation: the
           validation's source and the values LibreOffice resolves it to
  invalid  for each sheet, the cells the invalid-data detective circles
  notes    for each sheet, the notes (comments) LibreOffice reads: row, column, text
  macros   for each Basic library LibreOffice loaded from the file's VBA project, each module's source

usage: probe.py WORKBOOK.xlsx ROW [SHEET!CELL=TEXT OUT.xlsx]
  ROW: the 1-based first data row whose validations to read. With SHEET!CELL=TEXT and OUT.xlsx, a person's edit
  is made first: TEXT typed into the cell, and the workbook saved by LibreOffice as OUT.xlsx (Excel 2007-365).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(200):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.1)
    raise RuntimeError("LibreOffice did not start")


def resolve_names(doc, formula):
    """The values a validation list formula (a defined name or a range) refers to."""
    name = formula.lstrip("=")
    names = doc.NamedRanges
    if names.hasByName(name):
        cells = names.getByName(name).getReferredCells()
    else:
        return None
    return [row[0] for row in cells.getDataArray()]


def main():
    path, first_row = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    profile = tempfile.mkdtemp(prefix="rosterxl-lo-")
    pipe = f"rosterxl{os.getpid()}"
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo",
                               f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        options = [prop("Hidden", True)]
        if path.lower().endswith(".xlam"):       # an add-in: LibreOffice reads it with its macro-workbook filter
            options.append(prop("FilterName", "Calc MS Excel 2007 VBA XML"))
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, tuple(options))
        doc.calculateAll()
        if len(sys.argv) > 4:
            where, _, text = sys.argv[3].partition("=")
            sheet_name, _, cell = where.rpartition("!")
            doc.Sheets.getByName(sheet_name).getCellRangeByName(cell).setString(text)
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(sys.argv[4])),
                           (prop("FilterName", "Calc Office Open XML"),))
        report = {"sheets": [], "lists": {}, "invalid": {}}
        for sheet in doc.Sheets:
            name = sheet.Name
            report["sheets"].append(name)
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            used_cols = cursor.RangeAddress.EndColumn + 1
            lists = {}
            for col in range(used_cols):
                validation = sheet.getCellByPosition(col, first_row - 1).Validation
                if validation.Type.value == "LIST":
                    header = sheet.getCellByPosition(col, 0).String
                    lists[header] = {"formula": validation.getFormula1(),
                                     "values": resolve_names(doc, validation.getFormula1()),
                                     "stop": validation.ErrorAlertStyle.value == "STOP"}
            if lists:
                report["lists"][name] = lists
            sheet.showInvalid()
            circled = []
            for i in range(sheet.DrawPage.Count):
                shape = sheet.DrawPage.getByIndex(i)
                anchor = getattr(shape, "Anchor", None)
                if shape.ShapeType == "com.sun.star.drawing.EllipseShape" and hasattr(anchor, "CellAddress"):
                    a = anchor.CellAddress
                    circled.append([a.Row + 1, a.Column + 1])
            report["invalid"][name] = sorted(circled)
            notes = sheet.Annotations
            report.setdefault("notes", {})[name] = sorted(
                [notes.getByIndex(i).Position.Row + 1, notes.getByIndex(i).Position.Column + 1,
                 notes.getByIndex(i).String] for i in range(notes.Count))
        report["macros"] = {}
        libraries = doc.BasicLibraries
        for library in libraries.getElementNames():
            libraries.loadLibrary(library)
            modules = libraries.getByName(library)
            report["macros"][library] = {m: modules.getByName(m) for m in modules.getElementNames()}
        print(json.dumps(report))
        doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        office.terminate()
        try:
            office.wait(20)
        except subprocess.TimeoutExpired:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
