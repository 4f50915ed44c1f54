"""Sheets rosterxl adds to a workbook and takes away again: the Issues sheet and its hidden record of
marks. Written as XML; the workbook's own sheets, names and views are left as they are."""
from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from rosterxl.core.model import column_letter
from rosterxl.media.xlsx.package import SHEET_CONTENT, SHEET_TYPE, Package, attrs

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
Cell = str | int | None


def _cell(ref: str, value: Cell, style: int | None) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, int):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def sheet_xml(rows: list[list[Cell]], *, styles: dict[tuple[int, int], int] | None = None,
              widths: list[int] = (), links: dict[str, str] | None = None, filter_row: int | None = None,
              frozen_rows: int = 0) -> bytes:
    """A plain worksheet: text and whole numbers, optional cell styles, column widths, internal links."""
    styles = styles or {}
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{column_letter(c - 1)}{r}", v, styles.get((r, c))) for c, v in enumerate(row, start=1))
        body.append(f'<row r="{r}">{cells}</row>')
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    view = ""
    if frozen_rows:
        view = (f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{frozen_rows}" '
                f'topLeftCell="A{frozen_rows + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
    width = max((len(r) for r in rows), default=1)
    auto = f'<autoFilter ref="A{filter_row}:{column_letter(width - 1)}{len(rows)}"/>' if filter_row else ""
    hyper = ""
    if links:
        hyper = "<hyperlinks>" + "".join(
            f'<hyperlink ref="{ref}" location={quoteattr(target)} display={quoteattr(ref_text)}/>'
            for ref, (target, ref_text) in links.items()) + "</hyperlinks>"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
            f'xmlns:r="{REL}">{view}{f"<cols>{cols}</cols>" if cols else ""}<sheetData>{"".join(body)}</sheetData>'
            f'{auto}{hyper}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            f'footer="0.3"/></worksheet>').encode()


def link_target(sheet: str, cell: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell


def _rel_prefix(book: bytes) -> bytes:
    m = re.search(rb'xmlns:(\w+)="' + re.escape(REL.encode()) + rb'"', book)
    return m.group(1) if m else b"r"


def add_sheet(pkg: Package, name: str, xml: bytes, state: str | None = None) -> int:
    """A new last sheet; returns its position (0-based) among the workbook's sheets."""
    part = pkg.new_name("xl/worksheets/rosterxl-sheet{}.xml")
    pkg.add(part, xml, SHEET_CONTENT)
    rid = pkg.add_rel("xl/workbook.xml", SHEET_TYPE, part)
    book = pkg.parts["xl/workbook.xml"]
    ids = [int(x) for x in re.findall(rb'<sheet\b[^>]*\bsheetId="(\d+)"', book)]
    hidden = f' state="{state}"' if state else ""
    tag = (f'<sheet name={quoteattr(name)} sheetId="{max(ids, default=0) + 1}"{hidden} '
           f'{_rel_prefix(book).decode()}:id="{rid}"/>').encode()
    pkg.parts["xl/workbook.xml"] = book.replace(b"</sheets>", tag + b"</sheets>", 1)
    return len(ids)


def add_filter_name(pkg: Package, position: int, sheet: str, ref: str) -> None:
    """The hidden name Excel keeps for a sheet's filter."""
    book = pkg.parts["xl/workbook.xml"]
    name = (f'<definedName name="_xlnm._FilterDatabase" localSheetId="{position}" hidden="1">'
            f'{escape(link_target(sheet, ref))}</definedName>').encode()
    if b"</definedNames>" in book:
        book = book.replace(b"</definedNames>", name + b"</definedNames>", 1)
    else:
        book = book.replace(b"</sheets>", b"</sheets><definedNames>" + name + b"</definedNames>", 1)
    pkg.parts["xl/workbook.xml"] = book


def remove_sheet(pkg: Package, name: str) -> None:
    """The sheet, its part, relationship and local names; views that pointed at it go to the first sheet."""
    sheets = pkg.sheets()
    found = [(i, rid, part) for i, (n, rid, part) in enumerate(sheets) if n == name]
    if not found:
        return
    position, rid, part = found[0]
    book = pkg.parts["xl/workbook.xml"]
    for tag in re.findall(rb"<sheet\b[^>]*/>", book):
        a = attrs(tag)
        if any(k.endswith(b":id") and v.decode() == rid for k, v in a.items()):
            book = book.replace(tag, b"", 1)
    book = re.sub(rb'<definedName\b[^>]*localSheetId="%d"[^>]*>.*?</definedName>' % position, b"", book)

    def shift(m: re.Match) -> bytes:
        n = int(m.group(1))
        return b'localSheetId="%d"' % (n - 1 if n > position else n)
    book = re.sub(rb'localSheetId="(\d+)"', shift, book)
    book = re.sub(rb"<definedNames>\s*</definedNames>", b"", book)
    book = re.sub(rb'activeTab="(\d+)"', lambda m: b'activeTab="0"' if int(m.group(1)) >= position else m.group(0),
                  book)
    pkg.parts["xl/workbook.xml"] = book
    pkg.remove_rel("xl/workbook.xml", rid)
    for related in pkg.rels(part):
        if not related.external:
            target = pkg.resolve(part, related.target)
            if target.startswith("xl/comments/rosterxl") or target.startswith("xl/drawings/rosterxl"):
                pkg.remove(target)
    pkg.remove(pkg.rels_name(part))
    pkg.remove(part)
