"""A worksheet's XML, edited as text where it must change: the style of marked cells (cells that are
empty get an empty styled cell), and the reference to the notes' drawing. Rows without marks are
copied as they are, so a 100,000-row sheet costs one scan."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rosterxl.core.model import RosterInputError, column_letter
from rosterxl.media.xlsx.package import attrs
from rosterxl.media.xlsx.xmltext import xml_text

ROW_TAG = re.compile(rb"<row\b[^>]*?(/?)>")
CELL_TAG = re.compile(rb"<c\b[^>]*?(/?)>")
R_ATTR = re.compile(rb'\br="([A-Z]+)?(\d+)"')
S_ATTR = re.compile(rb'\bs="(\d+)"')
# elements that come after legacyDrawing in a worksheet (CT_Worksheet order)
AFTER_LEGACY = (b"<legacyDrawingHF", b"<drawingHF", b"<picture", b"<oleObjects", b"<controls",
                b"<webPublishItems", b"<tableParts", b"<extLst")
# a start or end tag (comments and processing instructions do not match: they start with ! or ?)
TAG = re.compile(rb"<(/?)([A-Za-z_][\w.:-]*)(?:\s[^>]*?)?(/?)>")


def column_number(text: bytes) -> int:
    n = 0
    for ch in text:
        n = n * 26 + ch - 64
    return n


Restyle = Callable[[int], int]   # old style index -> new style index
NewCell = Callable[[int, int], bytes]           # (row, column) -> the element of a cell that was not written
EditCell = Callable[[int, int, bytes], bytes]   # (row, column, the cell's element) -> the element in its place


def edit_cells(xml: bytes, cells: Iterable[tuple[int, int]], new: NewCell, edit: EditCell) -> bytes:
    """The worksheet with each of these cells (row, column) edited, or made in its place (and its row) where the
    sheet has none. Rows without such cells are copied as they are, so a 100,000-row sheet costs one scan."""
    start = xml.find(b"<sheetData")
    if start < 0:
        if re.search(rb"<\w+:sheetData", xml):
            raise RosterInputError("this workbook was written by a program rosterxl cannot mark: open it in "
                                   "Excel, save it, and try again")
        return xml
    open_end = xml.index(b">", start) + 1
    if xml[open_end - 2:open_end] == b"/>":            # <sheetData/>: no rows at all
        xml = xml[:open_end - 2] + b"></sheetData>" + xml[open_end:]
        open_end -= 1
    end = xml.index(b"</sheetData>", open_end)
    by_row: dict[int, list[int]] = {}
    for row, col in cells:
        by_row.setdefault(row, []).append(col)
    pieces = [xml[:open_end]]
    position, implicit = open_end, 0
    pending = sorted(by_row)
    for match in ROW_TAG.finditer(xml, open_end, end):
        r = R_ATTR.search(match.group(0))
        number = int(r.group(2)) if r else implicit + 1
        implicit = number
        while pending and pending[0] < number:          # rows that do not exist yet
            pieces.append(xml[position:match.start()])
            position = match.start()
            row = pending.pop(0)
            pieces.append(_new_row(row, by_row[row], new))
        if not pending or pending[0] != number:
            continue
        pending.pop(0)
        row_end = match.end() if match.group(1) else xml.index(b"</row>", match.end()) + len(b"</row>")
        pieces.append(xml[position:match.start()])
        pieces.append(_edit_row(xml[match.start():row_end], number, by_row[number], new, edit))
        position = row_end
    pieces.append(xml[position:end])
    pieces.extend(_new_row(row, by_row[row], new) for row in pending)
    pieces.append(xml[end:])
    return b"".join(pieces)


def _new_row(number: int, cols: list[int], new: NewCell) -> bytes:
    return b'<row r="%d">%s</row>' % (number, b"".join(new(number, col) for col in sorted(cols)))


def _edit_row(row_xml: bytes, number: int, cols: list[int], new: NewCell, edit: EditCell) -> bytes:
    if row_xml.endswith(b"/>"):                          # <row r="5" .../>: no cells
        row_xml = row_xml[:-2] + b"></row>"
    head_end = row_xml.index(b">") + 1
    pieces, position, implicit = [row_xml[:head_end]], head_end, 0
    pending = sorted(cols)
    for match in CELL_TAG.finditer(row_xml, head_end):
        r = R_ATTR.search(match.group(0))
        col = column_number(r.group(1)) if r and r.group(1) else implicit + 1
        implicit = col
        while pending and pending[0] < col:              # cells that are empty: made in their place
            pieces.append(row_xml[position:match.start()])
            position = match.start()
            pieces.append(new(number, pending.pop(0)))
        if not pending or pending[0] != col:
            continue
        pending.pop(0)
        cell_end = match.end() if match.group(1) else row_xml.index(b"</c>", match.end()) + len(b"</c>")
        pieces.append(row_xml[position:match.start()])
        pieces.append(edit(number, col, row_xml[match.start():cell_end]))
        position = cell_end
    tail = row_xml.rindex(b"</row>")
    pieces.append(row_xml[position:tail])
    pieces.extend(new(number, col) for col in pending)
    pieces.append(row_xml[tail:])
    return b"".join(pieces)


def restyle(xml: bytes, targets: dict[tuple[int, int], Restyle]) -> tuple[bytes, dict[tuple[int, int], int]]:
    """Set the style of the target cells (row, column); returns the new XML and each cell's old style."""
    old: dict[tuple[int, int], int] = {}

    def new(row: int, col: int) -> bytes:
        old[(row, col)] = 0
        return b'<c r="%s%d" s="%d"/>' % (column_letter(col - 1).encode(), row, targets[(row, col)](0))

    def edit(row: int, col: int, element: bytes) -> bytes:
        tag = CELL_TAG.match(element).group(0)
        s = S_ATTR.search(tag)
        old[(row, col)] = before = int(s.group(1)) if s else 0
        style = b's="%d"' % targets[(row, col)](before)
        return (S_ATTR.sub(style, tag, count=1) if s else tag.replace(b"<c ", b"<c " + style + b" ", 1)) \
            + element[len(tag):]

    return edit_cells(xml, targets, new, edit), old


def cell_styles(xml: bytes, cells: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The style index of each of these cells (0 when the cell is not written)."""
    _, old = restyle(xml, {cell: (lambda s: s) for cell in cells})
    return old


def legacy_drawing_id(xml: bytes) -> str | None:
    m = re.search(rb'<legacyDrawing\b[^>]*?:id="([^"]+)"', xml)
    return m.group(1).decode() if m else None


def add_legacy_drawing(xml: bytes, rid: str) -> bytes:
    """The reference to the notes' drawing, put among the worksheet's own children where the schema wants it
    (an Excel 2010 data bar or icon set has an extLst of its own inside a rule: that one is not the sheet's)."""
    tag = (b'<legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
           b'r:id="%s"/>' % rid.encode())
    at = _top_level_position(xml, AFTER_LEGACY)
    return xml[:at] + tag + xml[at:]


def _top_level_position(xml: bytes, before: tuple[bytes, ...]) -> int:
    """Where the first child of <worksheet> named in `before` starts (or the end of the worksheet). Only what
    follows the cells is scanned: every element that can come after them is small. Excel wraps controls and
    OLE objects in mc:AlternateContent: the wrapper counts as the element in its first choice."""
    end = xml.find(b"</sheetData>")
    start = end + len(b"</sheetData>") if end >= 0 else xml.find(b">", xml.find(b"<sheetData")) + 1
    depth, wrapper = 0, None
    for m in TAG.finditer(xml, start):
        closing, local, empty = m.group(1), m.group(2).rsplit(b":", 1)[-1], m.group(3)
        if closing:
            if depth == 0:                                   # </worksheet>
                return m.start()
            depth -= 1
            wrapper = None if depth == 0 else wrapper
            continue
        if depth == 0 and local == b"AlternateContent":
            wrapper = m.start()
        elif (depth == 0 or (depth == 2 and wrapper is not None)) and b"<" + local in before:
            return wrapper if depth else m.start()
        if not empty:
            depth += 1
    return len(xml)


def remove_legacy_drawing(xml: bytes) -> bytes:
    return re.sub(rb"<legacyDrawing\b[^>]*/>", b"", xml, count=1)


def set_texts(xml: bytes, texts: dict[tuple[int, int], str]) -> bytes:
    """The cells at (row, column) given new text values (inline strings, the cell's style kept; an empty cell
    or row is made, in its place); a cell's formula, if it had one, goes with its old value. Every other byte
    stays as it was."""
    def edit(row: int, col: int, element: bytes) -> bytes:
        kept = {k: v for k, v in attrs(CELL_TAG.match(element).group(0)).items() if k not in (b"t", b"r", b"vm", b"cm")}
        return _text_cell(row, col, texts[(row, col)], b"".join(b' %s="%s"' % (k, v) for k, v in kept.items()))

    return edit_cells(xml, texts, lambda row, col: _text_cell(row, col, texts[(row, col)]), edit) if texts else xml


def _text_cell(row: int, col: int, text: str, extra: bytes = b"") -> bytes:
    return (b'<c r="%s%d"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'
            % (column_letter(col - 1).encode(), row, extra, xml_text(text).encode("utf-8")))
