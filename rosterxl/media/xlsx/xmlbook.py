"""Sheets rosterxl adds to a workbook and takes away again: the Issues sheet and its hidden record of
marks. Sheets are written as XML text; the workbook part is edited with a namespace-aware parser (every writer
declares its prefixes its own way), and its own sheets, names and views are left as they are."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import quoteattr

from lxml import etree

from rosterxl.core.model import cell_position, column_letter
from rosterxl.media.xlsx.package import MAIN, REL, SHEET_CONTENT, SHEET_TYPE, Package, WorkbookXml
from rosterxl.media.xlsx.xmltext import is_plain, xml_text

Cell = str | int | None


def _cell(ref: str, value: Cell, style: int | None) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, int):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{xml_text(value)}</t></is></c>'


def sheet_xml(rows: Iterable[list[Cell]], *, styles: dict[tuple[int, int], int] | None = None,
              widths: list[int] = (), links: dict[str, str] | None = None, filter_row: int | None = None,
              frozen_rows: int = 0, choices: tuple[list[str], tuple[str, ...], str] | None = None) -> bytes:
    """A plain worksheet: text and whole numbers, optional cell styles, column widths, internal links, and a
    dropdown (`choices`: the cells, the values offered, the message shown on choosing a cell)."""
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    view = ""
    if frozen_rows:
        view = (f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{frozen_rows}" '
                f'topLeftCell="A{frozen_rows + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
    auto = ""
    if filter_row:
        rows = list(rows)
        width = max((len(r) for r in rows), default=1)
        auto = f'<autoFilter ref="A{filter_row}:{column_letter(width - 1)}{len(rows)}"/>'
    hyper = ""
    if links:
        hyper = "<hyperlinks>" + "".join(
            f'<hyperlink ref="{ref}" location={_quoted(target)} display={_quoted(ref_text)}/>'
            for ref, (target, ref_text) in links.items()) + "</hyperlinks>"
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
            f'xmlns:r="{REL}">{view}{f"<cols>{cols}</cols>" if cols else ""}<sheetData>').encode()
    tail = (f'</sheetData>{auto}{_dropdown(choices)}{hyper}<pageMargins left="0.7" right="0.7" top="0.75" '
            f'bottom="0.75" header="0.3" footer="0.3"/></worksheet>').encode()
    return b"".join([head, *row_parts(rows, styles=styles), tail])


PLAIN_ATTRIBUTE = re.compile("[^&<>\"\n\r\t]*")


def _quoted(text: str) -> str:
    """quoteattr, without its replacing and choosing for the common value that needs neither."""
    return f'"{text}"' if PLAIN_ATTRIBUTE.fullmatch(text) else quoteattr(text)


def row_parts(rows: Iterable[list[Cell]], first: int = 1, styles: dict[tuple[int, int], int] | None = None,
              column_styles: dict[int, int] | None = None) -> Iterator[bytes]:
    """The <row> elements of `rows` from row `first`, a few hundred rows at a time: a cell's style from `styles`
    (by row and 1-based column), else, for a cell with a value, its column's (`column_styles`, as Excel gives a
    cell typed into a formatted column; an empty cell is not written). Made in pieces, so that a sheet of 50,000
    records is held once, joined, not as a text and its bytes too.

    Rows of the same shape (which cells hold text, which numbers, which are empty, and their own styles) are
    written from one template made once, the row's values put in with one format and escaped only when one of
    them needs it: a sheet of 50,000 records is not 400,000 calls for its cells."""
    by_row: dict[int, dict[int, int]] = {}
    for (r, c), style in (styles or {}).items():
        by_row.setdefault(r, {})[c] = style
    column_styles = column_styles or {}
    letters: list[str] = []
    templates: dict[tuple, str | None] = {}
    known: dict[str, str] = {}                        # texts escaped once
    piece: list[str] = []
    for r, row in enumerate(rows, start=first):
        own = by_row.get(r)
        shape = (*map(type, row), *map(bool, row), *(sorted(own.items()) if own else ()))
        template = templates.get(shape, "")
        if template == "":
            while len(letters) < len(row):
                letters.append(column_letter(len(letters)))
            template = templates[shape] = _row_template(row, own or {}, column_styles, letters)
        if template is None:              # a row of one or two values, or of another kind: written cell by cell
            piece.append(_row_by_cells(r, row, own, column_styles, letters))
        elif is_plain(" ".join(map(str, row))):
            piece.append(template.format(r, *row))
        else:
            piece.append(template.format(r, *_escaped(row, known)))
        if len(piece) == 500:
            yield "".join(piece).encode()
            piece = []
    if piece:
        yield "".join(piece).encode()


def _escaped(row: list[Cell], known: dict[str, str]) -> list[Cell]:
    """The row's values as xml_text writes them, from `known` for a text met before (a style's XML in the record
    of marks is the same for thousands of cells)."""
    values = []
    for v in row:
        if v.__class__ is str:
            text = known.get(v)
            if text is None:
                text = xml_text(v)
                if len(known) < 10_000:
                    known[v] = text
            v = text
        values.append(v)
    return values


def _row_template(row: list[Cell], own: dict[int, int], column_styles: dict[int, int], letters: list[str]
                  ) -> str | None:
    """The format of a row shaped like `row` ({0}: its number, {1}...: its values); None when a value is neither
    text, a whole number nor empty, or the row has fewer than three cells to write."""
    cells = []
    for c, v in enumerate(row):
        if v is None or v.__class__ is str or isinstance(v, int):
            value = "" if v is None or v == "" else "{%d}" % (c + 1)
            style = own.get(c + 1) or (column_styles.get(c + 1) if value else None)
            cells.append(_cell(letters[c] + "{0}", value, style) if v.__class__ is str
                         else _number_cell(letters[c] + "{0}", value, style))
        else:
            return None
    if sum(1 for cell in cells if cell) < 3:
        return None                                   # a title, a line: quicker written cell by cell
    return '<row r="{0}">' + "".join(cells) + "</row>"


def _number_cell(ref: str, value: str, style: int | None) -> str:
    s = f' s="{style}"' if style else ""
    if not value:
        return f'<c r="{ref}"{s}/>' if style else ""
    return f'<c r="{ref}"{s}><v>{value}</v></c>'


def _row_by_cells(r: int, row: list[Cell], own: dict[int, int] | None, column_styles: dict[int, int],
                  letters: list[str]) -> str:
    if own is None and not column_styles:          # the common row: text and numbers, no style of their own
        cells = "".join(_cell(f"{letters[c]}{r}", v, None) for c, v in enumerate(row) if v is not None and v != "")
    else:
        own = own or {}
        cells = "".join(_cell(f"{letters[c]}{r}", v, own.get(c + 1)
                              or (column_styles.get(c + 1) if v is not None and v != "" else None))
                        for c, v in enumerate(row))
    return f'<row r="{r}">{cells}</row>'


COL = re.compile(rb'<(?:\w+:)?col\b[^>]*>')
ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')


def put_rows(pkg: Package, sheet: str, rows: Iterable[list[Cell]], first: int = 2) -> None:
    """Records written straight into a sheet's XML under what it holds (a header openpyxl wrote): text cells with
    their column's style, so a sheet of 50,000 records is not 50,000 rows of openpyxl cells. The sheet must hold
    nothing from row `first` on."""
    part = pkg.worksheets()[sheet]
    xml = pkg.parts[part]
    held = [int(n) for n in ROW_NUMBER.findall(xml)]
    if held and max(held) >= first:
        raise ValueError(f"{sheet} already holds row {max(held)}")
    column_styles = {}
    for col in COL.findall(xml.split(b"sheetData", 1)[0]):
        attrs = dict(re.findall(rb'\b(min|max|style)="(\d+)"', col))
        if b"style" in attrs and attrs[b"style"] != b"0":
            for c in range(int(attrs[b"min"]), int(attrs[b"max"]) + 1):
                column_styles[c] = int(attrs[b"style"])
    size = [0, 0]                     # rows, the widest

    def counted() -> Iterator[list[Cell]]:
        for row in rows:
            size[0] += 1
            size[1] = max(size[1], len(row))
            yield row
    if b"<sheetData/>" in xml:
        before, after = xml.split(b"<sheetData/>", 1)
        before, after = before + b"<sheetData>", b"</sheetData>" + after
    else:
        before, after = xml.split(b"</sheetData>", 1)
        after = b"</sheetData>" + after
    xml = b"".join([before, *row_parts(counted(), first, column_styles=column_styles), after])
    width, last = size[1], first + size[0] - 1
    if size[0] and width:
        def wider(m: re.Match) -> bytes:
            row, column = cell_position((m.group(2) or m.group(1)).decode())
            return f'<dimension ref="{m.group(1).decode()}:{column_letter(max(column, width) - 1)}{max(row, last)}"/>' \
                .encode()
        xml = re.sub(rb'<dimension ref="([A-Z]+\d+)(?::([A-Z]+\d+))?"\s*/>', wider, xml, count=1)
    pkg.parts[part] = xml


def _dropdown(choices: tuple[list[str], tuple[str, ...], str] | None) -> str:
    if not choices or not choices[0]:
        return ""
    cells, values, prompt = choices
    listed = xml_text('"' + ",".join(values) + '"')
    return (f'<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" '
            f'showErrorMessage="1" promptTitle="rosterxl" prompt={quoteattr(prompt[:255])} '
            f'sqref="{" ".join(_ranges(cells))}"><formula1>{listed}</formula1></dataValidation></dataValidations>')


def _ranges(cells: list[str]) -> list[str]:
    """G5, G6, G7, G9 -> G5:G7, G9: the cells of one column as runs of rows."""
    runs: list[list] = []
    for ref in cells:
        letters, row = ref.rstrip("0123456789"), cell_position(ref)[0]
        if runs and runs[-1][0] == letters and runs[-1][2] == row - 1:
            runs[-1][2] = row
        else:
            runs.append([letters, row, row])
    return [f"{c}{a}" if a == b else f"{c}{a}:{c}{b}" for c, a, b in runs]


def link_target(sheet: str, cell: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell


def add_sheet(pkg: Package, name: str, xml: bytes, state: str | None = None) -> int:
    """A new last sheet; returns its position (0-based) among the workbook's sheets."""
    part = pkg.new_name("xl/worksheets/rosterxl-sheet{}.xml")
    pkg.add(part, xml, SHEET_CONTENT)
    rid = pkg.add_rel(pkg.workbook, SHEET_TYPE, part)
    book = WorkbookXml(pkg.parts[pkg.workbook])
    sheets = book.child("sheets")
    ids = [int(s.get("sheetId", "0")) for s in sheets.iterchildren(f"{{{MAIN}}}sheet")]
    # the relationships prefix declared where the writer left none in scope (openpyxl with lxml declares it
    # on each <sheet>), under a name that is free
    declare = {} if REL in sheets.nsmap.values() else {"r" if "r" not in sheets.nsmap else "rosterxl": REL}
    sheet = etree.SubElement(sheets, f"{{{MAIN}}}sheet", name=name, sheetId=str(max(ids, default=0) + 1),
                             nsmap=declare)
    if state:
        sheet.set("state", state)
    sheet.set(f"{{{REL}}}id", rid)
    pkg.parts[pkg.workbook] = book.serialise()
    return len(ids)


def add_filter_name(pkg: Package, position: int, sheet: str, ref: str) -> None:
    """The hidden name Excel keeps for a sheet's filter."""
    book = WorkbookXml(pkg.parts[pkg.workbook])
    name = etree.SubElement(book.child("definedNames"), f"{{{MAIN}}}definedName", name="_xlnm._FilterDatabase",
                            localSheetId=str(position), hidden="1")
    name.text = link_target(sheet, ref)
    pkg.parts[pkg.workbook] = book.serialise()


def remove_sheet(pkg: Package, name: str) -> None:
    """The sheet, its part, relationship and local names; views that pointed at it go to the first sheet."""
    found = [(i, rid, part) for i, (n, rid, part) in enumerate(pkg.sheets()) if n == name]
    if not found:
        return
    position, rid, part = found[0]
    book = WorkbookXml(pkg.parts[pkg.workbook])
    for sheet in list(book.child("sheets").iterchildren(f"{{{MAIN}}}sheet")):
        if sheet.get(f"{{{REL}}}id") == rid:
            sheet.getparent().remove(sheet)
    names = book.child("definedNames", create=False)
    if names is not None:
        for defined in list(names.iterchildren(f"{{{MAIN}}}definedName")):
            local = defined.get("localSheetId")
            if local is not None and int(local) == position:
                names.remove(defined)
            elif local is not None and int(local) > position:
                defined.set("localSheetId", str(int(local) - 1))
        if len(names) == 0:
            names.getparent().remove(names)
    views = book.child("bookViews", create=False)
    for view in views.iterchildren(f"{{{MAIN}}}workbookView") if views is not None else ():
        for attribute in ("activeTab", "firstSheet"):
            if view.get(attribute) is not None and int(view.get(attribute)) >= position:
                view.set(attribute, "0")
    pkg.parts[pkg.workbook] = book.serialise()
    pkg.remove_rel(pkg.workbook, rid)
    for related in pkg.rels(part):
        if not related.external:
            target = pkg.resolve(part, related.target)
            if target.startswith("xl/comments/rosterxl") or target.startswith("xl/drawings/rosterxl"):
                pkg.remove(target)
    pkg.remove(pkg.rels_name(part))
    pkg.remove(part)
