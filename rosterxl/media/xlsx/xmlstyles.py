"""Cell styles in styles.xml, edited as text: a marked cell keeps its own style (font, borders, number
format) with only the fill changed, so clearing the mark gives back exactly what was there."""
from __future__ import annotations

import re

from rosterxl.core.marks import COLOURS, NO_FILL, fill_colour, is_mark_colour

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
ITEM = {b"fills": rb"<fill\b(?:[^>]*/>|.*?</fill>)", b"cellXfs": rb"<xf\b(?:[^>]*/>|.*?</xf>)"}


def _set_attribute(xf: bytes, name: bytes, value: bytes) -> bytes:
    pattern = rb"\b" + name + rb'="[^"]*"'
    if re.search(pattern, xf):
        return re.sub(pattern, name + b'="' + value + b'"', xf, count=1)
    return xf.replace(b"<xf ", b"<xf " + name + b'="' + value + b'" ', 1)


class Styles:
    def __init__(self, xml: bytes):
        self.xml = xml
        self.fills = self._items(b"fills")
        self.xfs = self._items(b"cellXfs")
        self._added = False

    def _items(self, group: bytes) -> list[bytes]:
        block = re.search(rb"<" + group + rb"\b[^>]*>(.*?)</" + group + rb">", self.xml, re.S)
        if block is None:
            return []
        return re.findall(ITEM[group], block.group(1), re.S)

    def _index(self, items: list[bytes], item: bytes) -> int:
        """The item's index in the list, appended when the workbook does not have it yet."""
        if item in items:
            return items.index(item)
        items.append(item)
        self._added = True
        return len(items) - 1

    def fill_index(self, fill: bytes) -> int:
        return self._index(self.fills, fill)

    def fill_of(self, xf_index: int) -> bytes:
        xf = self.xfs[xf_index] if xf_index < len(self.xfs) else b""
        m = re.search(rb'fillId="(\d+)"', xf)
        index = int(m.group(1)) if m else 0
        return self.fills[index] if index < len(self.fills) else b""

    def with_fill(self, xf_index: int, fill: bytes) -> int:
        """The index of a style like xf_index but with this fill (reused when one exists)."""
        fill_id = self.fill_index(fill)
        xf = self.xfs[xf_index] if xf_index < len(self.xfs) else (self.xfs[0] if self.xfs else DEFAULT_XF)
        new = _set_attribute(_set_attribute(xf, b"fillId", b"%d" % fill_id), b"applyFill", b"1")
        return self._index(self.xfs, new)

    def has_mark_fill(self, xf_index: int) -> bool:
        """The cell's fill is one of rosterxl's marks, however the program that saved it last wrote it."""
        return is_mark_colour(fill_colour(self.fill_of(xf_index).decode("utf-8", "replace")))

    def serialise(self) -> bytes:
        if not self._added:
            return self.xml
        xml = self._replace(self.xml, b"fills", self.fills)
        return self._replace(xml, b"cellXfs", self.xfs)

    @staticmethod
    def _replace(xml: bytes, group: bytes, items: list[bytes]) -> bytes:
        body = b"".join(items)
        pattern = re.compile(rb"<" + group + rb"\b[^>]*>.*?</" + group + rb">", re.S)
        new = b'<%s count="%d">%s</%s>' % (group, len(items), body, group)
        if pattern.search(xml):
            return pattern.sub(lambda _: new, xml, count=1)
        return xml.replace(b"</styleSheet>", new + b"</styleSheet>")   # (a styles part without the group)
