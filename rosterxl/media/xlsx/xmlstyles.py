"""Cell styles in styles.xml, edited as text: a marked cell keeps its own style (font, borders, number
format) with only the fill changed, so clearing the mark gives back exactly what was there."""
from __future__ import annotations

import re

from rosterxl.core.marks import COLOURS, NO_FILL, fill_colour, is_mark_colour
from rosterxl.media.xlsx.package import STYLES_CONTENT, STYLES_TYPE, Package

NONE_FILL = b'<fill><patternFill patternType="none"/></fill>'


def solid_fill(rgb: str) -> bytes:
    """A solid fill of this colour ('FFC7CE'), as Excel writes one."""
    return (b'<fill><patternFill patternType="solid"><fgColor rgb="FF%s"/><bgColor indexed="64"/>'
            b"</patternFill></fill>" % rgb.upper().encode())


MARK_FILL = {kind: solid_fill(rgb) for kind, rgb in COLOURS.items()}   # red, yellow, light blue


def fill_for(colour: str | None) -> bytes:
    """The fill XML of a colour recorded by any medium ('RRGGBB', NO_FILL, or None: not known, so none)."""
    return solid_fill(colour) if colour and colour != NO_FILL else NONE_FILL
DEFAULT_XF = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
# the fills Excel reserves, first in every workbook
FIRST_FILLS = [NONE_FILL, b'<fill><patternFill patternType="gray125"/></fill>']
# the children of <styleSheet> in the order the schema (CT_Stylesheet) requires
STYLESHEET_ORDER = (b"numFmts", b"fonts", b"fills", b"borders", b"cellStyleXfs", b"cellXfs", b"cellStyles", b"dxfs",
                    b"tableStyles", b"colors", b"extLst")
# what the standard lets a workbook do without: a styles part, made for the marks' fills when there is none
MINIMAL = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="'
           b'http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/>'
           b'<name val="Calibri"/><family val="2"/></font></fonts><fills count="2">' + b"".join(FIRST_FILLS)
           + b'</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           b'<cellXfs count="1">' + DEFAULT_XF + b'</cellXfs><cellStyles count="1"><cellStyle name="Normal" '
           b'xfId="0" builtinId="0"/></cellStyles></styleSheet>')
UNPREFIXED_TAG = re.compile(rb"<(/?)(?![\w.-]+:)([A-Za-z_][\w.-]*)")


def styles_part(pkg: Package) -> str:
    """The workbook's styles part, as its relationship names it; made, with its relationship and content type,
    when the workbook has none (the standard allows that: every cell is then in the default style)."""
    found = pkg.related(pkg.workbook, STYLES_TYPE)
    if found and found[1] in pkg.parts:
        return found[1]
    name = found[1] if found else ("xl/styles.xml" if "xl/styles.xml" not in pkg.parts
                                   else pkg.new_name("xl/rosterxl-styles{}.xml"))
    pkg.add(name, MINIMAL, STYLES_CONTENT)
    if not found:
        pkg.add_rel(pkg.workbook, STYLES_TYPE, name)
    return name


def _attribute(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"(?<=\s)" + name + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""")


FILL_ID = _attribute(b"fillId")


def _set_attribute(xf: bytes, name: bytes, value: bytes) -> bytes:
    pattern = _attribute(name)
    if pattern.search(xf):
        return pattern.sub(lambda _: name + b'="' + value + b'"', xf, count=1)
    return re.sub(rb"^(<[\w.:-]+)", lambda m: m.group(1) + b" " + name + b'="' + value + b'"', xf, count=1)


class Styles:
    """The styles part's fills and cell formats (cellXfs), in whatever prefix the writer put SpreadsheetML."""

    def __init__(self, xml: bytes):
        self.xml = xml
        root = re.search(rb"<(\w+:)?styleSheet\b", xml)
        self.prefix = (root.group(1) or b"") if root else b""
        self.fills = self._items(b"fills", b"fill") or list(map(self._own, FIRST_FILLS))
        self.xfs = self._items(b"cellXfs", b"xf") or [self._own(DEFAULT_XF)]
        self._added = False

    def _own(self, xml: bytes) -> bytes:
        """XML of ours (unprefixed) in the styles part's prefix."""
        return UNPREFIXED_TAG.sub(lambda m: b"<" + m.group(1) + self.prefix + m.group(2), xml) if self.prefix else xml

    def _block(self, group: bytes, xml: bytes | None = None) -> re.Match[bytes] | None:
        p = re.escape(self.prefix)
        return re.search(rb"<" + p + group + rb"\b[^>]*?(?:/>|>(.*?)</" + p + group + rb"\s*>)",
                         self.xml if xml is None else xml, re.S)

    def _items(self, group: bytes, item: bytes) -> list[bytes]:
        block = self._block(group)
        if block is None or block.group(1) is None:
            return []
        tag = re.escape(self.prefix + item)
        return re.findall(rb"<" + tag + rb"\b(?:[^>]*/>|.*?</" + tag + rb"\s*>)", block.group(1), re.S)

    def _index(self, items: list[bytes], item: bytes) -> int:
        """The item's index in the list, appended when the workbook does not have it yet."""
        if item in items:
            return items.index(item)
        items.append(item)
        self._added = True
        return len(items) - 1

    def fill_index(self, fill: bytes) -> int:
        return self._index(self.fills, self._own(fill))

    def fill_of(self, xf_index: int) -> bytes:
        xf = self.xfs[xf_index] if xf_index < len(self.xfs) else b""
        m = FILL_ID.search(xf)
        index = int(m.group(1) or m.group(2)) if m and (m.group(1) or m.group(2) or "").isdigit() else 0
        return self.fills[index] if index < len(self.fills) else b""

    def with_fill(self, xf_index: int, fill: bytes) -> int:
        """The index of a style like xf_index but with this fill (reused when one exists)."""
        fill_id = self.fill_index(fill)
        xf = self.xfs[xf_index] if xf_index < len(self.xfs) else self.xfs[0]
        new = _set_attribute(_set_attribute(xf, b"fillId", b"%d" % fill_id), b"applyFill", b"1")
        return self._index(self.xfs, new)

    def has_mark_fill(self, xf_index: int) -> bool:
        """The cell's fill is one of rosterxl's marks, however the program that saved it last wrote it."""
        return is_mark_colour(fill_colour(self.fill_of(xf_index).decode("utf-8", "replace")))

    def serialise(self) -> bytes:
        if not self._added:
            return self.xml
        xml = self._replace(self.xml, b"fills", self.fills)
        xml = self._replace(xml, b"cellXfs", self.xfs)
        for group in (b"fonts", b"borders", b"cellStyleXfs", b"cellStyles"):   # what the new styles point at
            block = self._block(group, xml)
            if block is None or not re.search(rb"<[\w.:-]", block.group(1) or b""):
                default = re.search(rb"<" + group + rb"\b.*?</" + group + rb">", MINIMAL, re.S).group(0)
                xml = self._put(xml, group, block, self._own(default))
        return xml

    def _replace(self, xml: bytes, group: bytes, items: list[bytes]) -> bytes:
        tag = self.prefix + group
        new = b'<%s count="%d">%s</%s>' % (tag, len(items), b"".join(items), tag)
        return self._put(xml, group, self._block(group, xml), new)

    def _put(self, xml: bytes, group: bytes, block: re.Match[bytes] | None, new: bytes) -> bytes:
        """The group's element in place of the one there, or where the schema wants it (a styles part written
        without the group: some writers leave <styleSheet> empty)."""
        if block is not None:
            return xml[:block.start()] + new + xml[block.end():]
        later = STYLESHEET_ORDER[STYLESHEET_ORDER.index(group) + 1:]
        p = re.escape(self.prefix)
        at = re.search(rb"<" + p + rb"(?:" + b"|".join(later) + rb")\b|</" + p + rb"styleSheet\s*>", xml)
        if at is None:                                     # <styleSheet .../>
            root = re.search(rb"<" + p + rb"styleSheet\b[^>]*?/>", xml)
            return xml[:root.end() - 2] + b">" + new + b"</" + self.prefix + b"styleSheet>" + xml[root.end():]
        return xml[:at.start()] + new + xml[at.start():]
