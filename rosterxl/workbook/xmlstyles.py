"""Cell styles in styles.xml, edited as text: a marked cell keeps its own style (font, borders, number
format) with only the fill changed, so clearing the mark gives back exactly what was there."""
from __future__ import annotations

import re


def _solid(rgb: bytes) -> bytes:
    return (b'<fill><patternFill patternType="solid"><fgColor rgb="%s"/><bgColor indexed="64"/>'
            b"</patternFill></fill>" % rgb)


ERROR_FILL = _solid(b"FFFFC7CE")      # light red, as Excel's own "bad" style
WARNING_FILL = _solid(b"FFFFEB9C")    # light yellow, as Excel's "neutral"
CHANGED_FILL = _solid(b"FFBDD7EE")    # light blue: changed since the portal's export, not a problem
MARK_FILLS = (ERROR_FILL, WARNING_FILL, CHANGED_FILL)
DEFAULT_XF = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
ITEM = {b"fills": rb"<fill\b(?:[^>]*/>|.*?</fill>)", b"cellXfs": rb"<xf\b(?:[^>]*/>|.*?</xf>)"}


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

    def fill_index(self, fill: bytes) -> int:
        """The index of this fill, added when the workbook does not have it yet."""
        if fill in self.fills:
            return self.fills.index(fill)
        self.fills.append(fill)
        self._added = True
        return len(self.fills) - 1

    def fill_of(self, xf_index: int) -> bytes:
        xf = self.xfs[xf_index] if xf_index < len(self.xfs) else b""
        m = re.search(rb'fillId="(\d+)"', xf)
        index = int(m.group(1)) if m else 0
        return self.fills[index] if index < len(self.fills) else b""

    def with_fill(self, xf_index: int, fill: bytes) -> int:
        """The index of a style like xf_index but with this fill (reused when one exists)."""
        fill_id = self.fill_index(fill)
        xf = self.xfs[xf_index] if xf_index < len(self.xfs) else (self.xfs[0] if self.xfs else DEFAULT_XF)
        if re.search(rb'fillId="\d+"', xf):
            new = re.sub(rb'fillId="\d+"', b'fillId="%d"' % fill_id, xf, count=1)
        else:
            new = xf.replace(b"<xf ", b'<xf fillId="%d" ' % fill_id, 1)
        if b"applyFill=" in new:
            new = re.sub(rb'applyFill="\w+"', b'applyFill="1"', new, count=1)
        else:
            new = new.replace(b"<xf ", b'<xf applyFill="1" ', 1)
        if new in self.xfs:
            return self.xfs.index(new)
        self.xfs.append(new)
        self._added = True
        return len(self.xfs) - 1

    def has_mark_fill(self, xf_index: int) -> bool:
        return self.fill_of(xf_index) in MARK_FILLS

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
