"""A workbook package given a VBA project: the project part, its relationship and content type, and the code
names that tie the workbook and each worksheet to their document modules, as Excel saves them."""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import openpyxl

from rosterxl.media.xlsx.package import SHEET_TYPE, Package, WorkbookXml
from rosterxl.media.xlsx.vbaproject import SHEET_BASE, WORKBOOK_BASE, Module, document_module, vba_project

VBA_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
VBA_CONTENT = "application/vnd.ms-office.vbaProject"
VBA_PART = "xl/vbaProject.bin"
PROJECT_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "https://rosterxl/vba-project")).upper() + "}"
SHEET_PR = re.compile(rb"<sheetPr\b[^>]*?(/?)>")
CODE_NAME = re.compile(rb'\bcodeName="([^"]*)"')


def add_vba_project(pkg: Package, modules: list[Module]) -> None:
    """The modules, with a document module for the workbook and for each worksheet, go in as xl/vbaProject.bin."""
    book = WorkbookXml(pkg.parts[pkg.workbook])
    properties = book.child("workbookPr")
    workbook_name = properties.get("codeName") or "ThisWorkbook"
    properties.set("codeName", workbook_name)
    pkg.parts[pkg.workbook] = book.serialise()
    documents = [document_module(workbook_name, WORKBOOK_BASE)]
    taken = {m.name.upper() for m in modules} | {workbook_name.upper()}
    kinds = {rel.id: rel.type for rel in pkg.rels(pkg.workbook)}
    for _, rid, part in pkg.sheets():
        if kinds.get(rid) != SHEET_TYPE or part not in pkg.parts:
            continue                                  # a chart sheet: Excel gives it a module when it needs one
        xml, name = _code_name(pkg.parts[part], taken)
        pkg.parts[part] = xml
        taken.add(name.upper())
        documents.append(document_module(name, SHEET_BASE))
    pkg.add(VBA_PART, vba_project(documents + modules, PROJECT_ID), None)
    pkg.ensure_default("bin", VBA_CONTENT)
    if not pkg.related(pkg.workbook, VBA_TYPE):
        pkg.add_rel(pkg.workbook, VBA_TYPE, VBA_PART)


def _code_name(xml: bytes, taken: set[str]) -> tuple[bytes, str]:
    """The sheet's code name (given one, Sheet1, Sheet2..., when it has none) and its XML carrying it."""
    head_end = xml.find(b"<sheetData")
    head_end = len(xml) if head_end < 0 else head_end
    found = SHEET_PR.search(xml, 0, head_end)
    if found:
        named = CODE_NAME.search(found.group(0))
        if named:
            return xml, named.group(1).decode()
    n = 1
    while f"SHEET{n}" in taken:
        n += 1
    name = f"Sheet{n}"
    if found:
        tag = found.group(0)
        return xml[:found.start()] + tag.replace(b"<sheetPr", b'<sheetPr codeName="%s"' % name.encode(), 1) + \
            xml[found.end():], name
    root = re.search(rb"<worksheet\b[^>]*>", xml)
    if root is None:
        raise ValueError("a worksheet part without its <worksheet> element")
    return xml[:root.end()] + b'<sheetPr codeName="%s"/>' % name.encode() + xml[root.end():], name


def write_note_workbook(path: Path, sheet: str, lines: list[str]) -> Path:
    """A one-sheet workbook holding a few lines of text."""
    book = openpyxl.Workbook()
    book.active.title = sheet
    for line in lines:
        book.active.append([line])
    book.active.column_dimensions["A"].width = 90
    book.save(path)
    return path
