"""A worksheet's XML, edited as text where it must change: the style of marked cells (cells that are
empty get an empty styled cell), and the reference to the notes' drawing. Rows without marks are
copied as they are, and not even read: a marked row is found by its `<row r="N"` (rows are in order), so a
100,000-row sheet costs one search for the bytes of the marked rows' tags."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rosterxl.core.model import RosterInputError, column_letter
from rosterxl.media.xlsx.package import MAIN, Edit, Part, Spliced, attrs, splice, whole
from rosterxl.media.xlsx.xmltext import xml_text

# elements that come after legacyDrawing in a worksheet (CT_Worksheet order)
AFTER_LEGACY = (b"<legacyDrawingHF", b"<drawingHF", b"<picture", b"<oleObjects", b"<controls",
                b"<webPublishItems", b"<tableParts", b"<extLst")
# a start or end tag (comments and processing instructions do not match: they start with ! or ?)
TAG = re.compile(rb"<(/?)([A-Za-z_][\w.:-]*)(?:\s[^>]*?)?(/?)>")
UNPREFIXED_TAG = re.compile(rb"<(/?)(?![\w.-]+:)([A-Za-z_][\w.-]*)")
SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")
R_ATTR = re.compile(rb"""(?<=\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
S_ATTR = re.compile(rb"""(?<=\s)s\s*=\s*(?:"([^"]*)"|'([^']*)')""")
CELL_REF = re.compile(rb"([A-Za-z]*)(\d*)")


def column_number(text: bytes) -> int:
    n = 0
    for ch in text.upper():
        n = n * 26 + ch - 64
    return n


def _value(pattern: re.Pattern[bytes], tag: bytes) -> bytes | None:
    return _quoted_value(pattern.search(tag))


def _quoted_value(m: re.Match[bytes] | None) -> bytes | None:
    """The value of an attribute found by a pattern of two groups ("..." or '...')."""
    return None if m is None else (m.group(1) if m.group(1) is not None else m.group(2)).strip()


class Dialect:
    """How one worksheet part spells SpreadsheetML: under the default namespace (`<c>`) or a prefix (`<x:c>`,
    as some writers produce); the tags rosterxl looks for and writes, in that spelling."""

    def __init__(self, prefix: bytes):
        self.prefix = prefix
        p = re.escape(prefix)
        self.sheet_data = re.compile(rb"<" + p + rb"sheetData\b[^>]*?(/?)>")
        self.sheet_data_end = re.compile(rb"</" + p + rb"sheetData\s*>")
        self.row = re.compile(rb"<" + p + rb"row\b[^>]*?(/?)>")
        self.row_end = re.compile(rb"</" + p + rb"row\s*>")
        self.cell = re.compile(rb"<" + p + rb"c\b[^>]*?(/?)>")
        self.cell_end = re.compile(rb"</" + p + rb"c\s*>")
        self.legacy = re.compile(rb"<" + p + rb"legacyDrawing\b[^>]*>")

    @classmethod
    def of(cls, xml: bytes) -> Dialect:
        m = SHEET_DATA.search(xml) or re.search(rb"<(\w+:)?worksheet\b", xml)
        prefix = (m.group(1) or b"") if m else b""
        declared = rb"xmlns:" + re.escape(prefix[:-1]) + rb"""\s*=\s*["']""" + re.escape(MAIN.encode())
        if prefix and not re.search(declared, xml):
            raise RosterInputError("workbook.cannot-mark",
                                   "this workbook was written by a program rosterxl cannot mark: open it in "
                                   "Excel, save it, and try again")
        return cls(prefix)

    def own(self, xml: bytes) -> bytes:
        """XML of ours (written unprefixed) in this part's spelling."""
        return UNPREFIXED_TAG.sub(lambda m: b"<" + m.group(1) + self.prefix + m.group(2), xml) if self.prefix else xml


def _position(tag: bytes, implicit: int, row: bool) -> int:
    """A row's number or a cell's column from its r attribute; the one after the previous when it has none."""
    value = _value(R_ATTR, tag)
    m = CELL_REF.fullmatch(value) if value is not None else None
    if m is None or not (m.group(2) if row else m.group(1)):
        return implicit + 1
    return int(m.group(2)) if row else column_number(m.group(1))


Restyle = Callable[[int], int]   # old style index -> new style index
NewCell = Callable[[int, int], bytes]           # (row, column) -> the element of a cell that was not written
EditCell = Callable[[int, int, bytes], bytes]   # (row, column, the cell's element) -> the element in its place


def edit_cells(xml: bytes, cells: Iterable[tuple[int, int]], new: NewCell, edit: EditCell) -> bytes:
    """The worksheet with each of these cells (row, column) edited, or made in its place (and its row) where the
    sheet has none. Rows without such cells are copied as they are, so a 100,000-row sheet costs one scan."""
    return splice(xml, cell_edits(xml, cells, new, edit))[0]


def cell_edits(xml: bytes, cells: Iterable[tuple[int, int]], new: NewCell, edit: EditCell) -> list[Edit]:
    """The edits (start, end, new bytes) that edit_cells makes: attributes in either quotes, any whitespace, cells
    and rows with or without their r, empty cells written `<c r='B2' s='1'/>`, SpreadsheetML under a prefix."""
    dialect = Dialect.of(xml)
    data = dialect.sheet_data.search(xml)
    if data is None:
        return []
    by_row: dict[int, list[int]] = {}
    for row, col in cells:
        by_row.setdefault(row, []).append(col)
    pending = sorted(by_row)
    if data.group(1):                                   # <sheetData/>: no rows at all
        rows = b"".join(_new_row(dialect, row, by_row[row], new) for row in pending)
        close = b"</" + dialect.prefix + b"sheetData>"
        return [(data.start(), data.end(), xml[data.start():data.end() - 2].rstrip() + b">" + rows + close)]
    end = dialect.sheet_data_end.search(xml, data.end()).start()
    edits: list[Edit] = []
    number = 0
    position = data.end()
    row_tag = b"<" + dialect.prefix + b'row r="%d"'
    row_start, row_end, find = dialect.row, dialect.row_end, xml.find
    jump = True          # rows reached by their r (no walk through the rows between), while each is found so
    i, count = 0, len(pending)
    while i < count:
        wanted = pending[i]
        match = None
        if jump:
            at = find(row_tag % wanted, position, end)
            if at >= 0:
                position = at
                match = row_start.match(xml, at, end)
            jump = match is not None     # a row not there, or written another way: walked to from here on
        if match is not None:
            number = wanted              # its r says so
        else:
            match = row_start.search(xml, position, end)
            if match is None:
                break
            number = _position(match.group(0), number, row=True)
        close = None if match.group(1) else row_end.search(xml, match.end())
        position = close.end() if close else match.end()
        while i < count and pending[i] < number:          # rows that do not exist yet
            edits.append((match.start(), match.start(), _new_row(dialect, pending[i], by_row[pending[i]], new)))
            i += 1
        if i < count and pending[i] == number:
            edits += _row_edits(dialect, xml, match, close, number, by_row[number], new, edit)
            i += 1
    edits.extend((end, end, _new_row(dialect, row, by_row[row], new)) for row in pending[i:])
    return edits


LETTERS: dict[int, bytes] = {}      # 1-based column -> its letters, as bytes


def letters_of(col: int) -> bytes:
    found = LETTERS.get(col)
    if found is None:
        found = LETTERS[col] = column_letter(col - 1).encode()
    return found


def _new_row(dialect: Dialect, number: int, cols: list[int], new: NewCell) -> bytes:
    return dialect.own(b'<row r="%d">%s</row>' % (number, b"".join(new(number, col) for col in sorted(cols))))


def _row_edits(dialect: Dialect, xml: bytes, row: re.Match[bytes], close: re.Match[bytes] | None, number: int,
               cols: list[int], new: NewCell, edit: EditCell) -> list[Edit]:
    pending = sorted(cols)
    if close is None:                                   # <row r="5" .../>: no cells
        cells = b"".join(dialect.own(new(number, col)) for col in pending)
        head = xml[row.start():row.end() - 2].rstrip() + b">"
        return [(row.start(), row.end(), head + cells + b"</" + dialect.prefix + b"row>")]
    edits: list[Edit] = []
    position, col, stop = row.end(), 0, close.start()
    cell_tag = b"<" + dialect.prefix + b'c r="%s%d"'
    cell_start, cell_end_tag, own = dialect.cell, dialect.cell_end, dialect.own
    jump = True          # cells reached by their r (no walk through the cells between), while each is found so
    i, count = 0, len(pending)
    while i < count:
        match = None
        if jump:
            wanted = pending[i]
            at = xml.find(cell_tag % (letters_of(wanted), number), position, stop)
            match = cell_start.match(xml, at) if at >= 0 else None
            jump = match is not None
            if jump:
                col = wanted            # its r says so
        if match is None:
            match = cell_start.search(xml, position, stop)
            if match is None:
                break
            col = _position(match.group(0), col, row=False)
        start = match.start()
        cell_end = match.end() if match.group(1) else cell_end_tag.search(xml, match.end()).end()
        position = cell_end
        while i < count and pending[i] < col:              # cells that are empty: made in their place
            edits.append((start, start, own(new(number, pending[i]))))
            i += 1
        if i < count and pending[i] == col:
            i += 1
            edits.append((start, cell_end, edit(number, col, xml[start:cell_end])))
    edits.extend((stop, stop, own(new(number, col))) for col in pending[i:])
    return edits


def restyle(xml: bytes, targets: dict[tuple[int, int], Restyle]) -> tuple[bytes, dict[tuple[int, int], int]]:
    """Set the style of the target cells (row, column); returns the new XML and each cell's old style."""
    edits, old = restyle_edits(xml, targets)
    return splice(xml, edits)[0], old


def restyle_edits(xml: bytes, targets: dict[tuple[int, int], Restyle]) -> tuple[list[Edit], dict[tuple[int, int], int]]:
    """The edits that set the style of the target cells (row, column), and each cell's old style."""
    old: dict[tuple[int, int], int] = {}
    search_style = S_ATTR.search

    def new(row: int, col: int) -> bytes:
        old[(row, col)] = 0
        return b'<c r="%s%d" s="%d"/>' % (letters_of(col), row, targets[(row, col)](0))

    def edit(row: int, col: int, element: bytes) -> bytes:
        head = element.index(b">") + 1          # the cell's start tag (no > can come before its end)
        tag = element[:head]
        found = search_style(tag)
        s = _quoted_value(found)
        old[(row, col)] = before = int(s) if s and s.isdigit() else 0
        style = b's="%d"' % targets[(row, col)](before)
        if found is not None:
            tag = tag[:found.start()] + style + tag[found.end():]
        else:
            name = ELEMENT_NAME.match(tag)
            tag = tag[:name.end()] + b" " + style + tag[name.end():] if name else tag
        return tag + element[head:]

    return cell_edits(xml, targets, new, edit), old


ELEMENT_NAME = re.compile(rb"<[\w.:-]+")


def cell_styles(xml: bytes, cells: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The style index of each of these cells (0 when the cell is not written)."""
    _, old = restyle(xml, {cell: (lambda s: s) for cell in cells})
    return old


def legacy_drawing_id(xml: bytes) -> str | None:
    m = Dialect.of(xml).legacy.search(xml)
    found = [v for k, v in attrs(m.group(0)).items() if k.endswith(b":id")] if m else []
    return found[0].decode() if found else None


def add_legacy_drawing(xml: bytes, rid: str) -> bytes:
    return splice(xml, [legacy_drawing_edit(xml, rid)])[0]


def legacy_drawing_edit(xml: Part, rid: str) -> Edit:
    """The reference to the notes' drawing, put among the worksheet's own children where the schema wants it
    (an Excel 2010 data bar or icon set has an extLst of its own inside a rule: that one is not the sheet's).
    In a sheet kept spliced (its marked cells), the place is found in the sheet as it was: what follows the
    cells is as it was."""
    base = xml.base if isinstance(xml, Spliced) else xml
    dialect = Dialect.of(base)
    tag = dialect.own(b'<legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                      b'r:id="%s"/>' % rid.encode())
    at = _top_level_position(base, dialect, AFTER_LEGACY)
    if isinstance(xml, Spliced):
        moved = xml.position(at)
        at = moved if moved is not None else _top_level_position(whole(xml), dialect, AFTER_LEGACY)
    return at, at, tag


def _top_level_position(xml: bytes, dialect: Dialect, before: tuple[bytes, ...]) -> int:
    """Where the first child of <worksheet> named in `before` starts (or the end of the worksheet). Only what
    follows the cells is scanned: every element that can come after them is small. Excel wraps controls and
    OLE objects in mc:AlternateContent: the wrapper counts as the element in its first choice."""
    data = dialect.sheet_data.search(xml)
    end = dialect.sheet_data_end.search(xml, data.end()) if data and not data.group(1) else None
    start = end.end() if end else data.end() if data else 0
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
    m = Dialect.of(xml).legacy.search(xml)
    return xml[:m.start()] + xml[m.end():] if m and m.group(0).endswith(b"/>") else xml


def set_texts(xml: bytes, texts: dict[tuple[int, int], str]) -> bytes:
    """The cells at (row, column) given new text values (inline strings, the cell's style kept; an empty cell
    or row is made, in its place); a cell's formula, if it had one, goes with its old value. Every other byte
    stays as it was."""
    if not texts:
        return xml
    dialect = Dialect.of(xml)
    start = b"<" + dialect.prefix + b'c r="%s%d"'
    kept_of: dict[bytes, bytes] = {}     # the rest of a start tag `<c r="B5" ...>` -> the attributes kept from it

    def kept(tag: bytes) -> bytes:
        found = {k: v for k, v in attrs(tag).items() if k not in (b"t", b"r", b"vm", b"cm")}
        return b"".join(b' %s="%s"' % (k, v.replace(b'"', b"&quot;")) for k, v in found.items())

    def edit(row: int, col: int, element: bytes) -> bytes:
        tag = element[:element.index(b">") + 1]
        head = start % (letters_of(col), row)
        if tag.startswith(head):        # the common cell: its other attributes as in thousands of others
            rest = tag[len(head):]
            extra = kept_of.get(rest)
            if extra is None:
                extra = kept_of[rest] = kept(tag)
        else:
            extra = kept(tag)
        return dialect.own(_text_cell(row, col, texts[(row, col)], extra))

    return edit_cells(xml, texts, lambda row, col: _text_cell(row, col, texts[(row, col)]), edit)


def _text_cell(row: int, col: int, text: str, extra: bytes = b"") -> bytes:
    return (b'<c r="%s%d"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'
            % (letters_of(col), row, extra, xml_text(text).encode("utf-8")))
