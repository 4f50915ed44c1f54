"""Notes (Excel's classic comments) of one sheet: the comments part with their text and the VML part
with the little yellow boxes. Edited as text; the person's own notes are kept and can be put back."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rosterxl.core.model import cell_position
from rosterxl.media.xlsx.package import COMMENTS_CONTENT, COMMENTS_TYPE, VML_CONTENT, VML_TYPE, Package, attrs, whole
from rosterxl.media.xlsx.xmlsheet import legacy_drawing_edit, legacy_drawing_id, letters_of, remove_legacy_drawing
from rosterxl.media.xlsx.xmltext import xml_text

THREADED_TYPE = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
THREAD_REF = re.compile(rb"<(?:\w+:)?threadedComment\b[^>]*?\bref=[\"']([A-Z]+\d+)")
MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
COMMENT = re.compile(rb"<((?:\w+:)?)comment\b(?:[^>]*/>|[^>]*>.*?</\1comment\s*>)", re.S)
COMMENTS_HEAD = re.compile(rb"(?s)^(.*?<((?:\w+:)?)comments\b[^>]*>)")
AUTHOR = re.compile(rb"<(?:\w+:)?author\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?author\s*>)", re.S)
AUTHOR_ID = re.compile(rb"""\bauthorId\s*=\s*["'](\d+)["']""")
TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t\s*>", re.S)
SHAPE = re.compile(rb"<((?:\w+:)?)shape\b[^>]*>.*?</\1shape>", re.S)
NOTE_SHAPE = re.compile(rb"""ObjectType\s*=\s*["']Note["']""")
SHAPE_ID = re.compile(rb"""\bid\s*=\s*["']_x0000_s(\d+)["']""")
IDMAP = re.compile(rb"""idmap\b[^>]*\bdata\s*=\s*["']([\d,\s]+)["']""")
NS_PREFIX = {"v": b"urn:schemas-microsoft-com:vml", "o": b"urn:schemas-microsoft-com:office:office",
             "x": b"urn:schemas-microsoft-com:office:excel"}
DECLARE = b" ".join(b'xmlns:%s="%s"' % (prefix.encode(), uri) for prefix, uri in NS_PREFIX.items())
SHAPETYPE = (b'<{v}shapetype id="_x0000_t202" coordsize="21600,21600" {o}spt="202" '
             b'path="m,l,21600r21600,l21600,xe"><{v}stroke joinstyle="miter"/>'
             b'<{v}path gradientshapeok="t" {o}connecttype="rect"/></{v}shapetype>')


@dataclass
class Notes:
    """The notes of one sheet, loaded from (and saved back to) the package."""

    pkg: Package
    sheet_part: str
    authors: list[bytes] = field(default_factory=list)
    comments: dict[tuple[int, int], bytes] = field(default_factory=dict)
    head: bytes = b""
    vml: bytes | None = None
    comments_part: str | None = None
    vml_part: str | None = None
    _parts: list[bytes] | None = None
    _boxes: dict[tuple[int, int], int] = field(default_factory=dict)
    _next_id: int | None = None
    _has_box_type: bool = False
    threaded: set[tuple[int, int]] = field(default_factory=set)   # cells with an Excel 365 comment thread
    prefix: bytes = b""             # the comments part's SpreadsheetML prefix (b"x:"), when it has one

    @classmethod
    def load(cls, pkg: Package, sheet_part: str) -> Notes:
        notes = cls(pkg, sheet_part)
        found = pkg.related(sheet_part, COMMENTS_TYPE)
        if found:
            notes.comments_part = found[1]
            xml = pkg.parts.get(found[1], b"")
            head = COMMENTS_HEAD.match(xml)
            notes.head, notes.prefix = (head.group(1), head.group(2)) if head else (b"", b"")
            notes.authors = AUTHOR.findall(xml)
            for comment in (m.group(0) for m in COMMENT.finditer(xml)):
                notes.comments[cell_position(attrs(comment[:comment.index(b">") + 1])[b"ref"].decode())] = comment
        threads = pkg.related(sheet_part, THREADED_TYPE)
        if threads:
            xml = pkg.parts.get(threads[1], b"")
            notes.threaded = {cell_position(ref.decode()) for ref in THREAD_REF.findall(xml)}
        vml = pkg.related(sheet_part, VML_TYPE)
        if vml:
            notes.vml_part, notes.vml = vml[1], pkg.parts.get(vml[1])
        return notes

    def _own(self, xml: bytes, wrapper: bool = False) -> bytes:
        """XML of ours in the comments part's prefix (the wrapper's tags only: the comments in it are as found)."""
        if not self.prefix:
            return xml
        if wrapper:
            return re.sub(rb"<(/?)(authors|commentList|comments)>", lambda m: b"<%s%s%s>" % (
                m.group(1), self.prefix, m.group(2)), xml)
        return re.sub(rb"<(/?)(?![\w.-]+:)([A-Za-z_][\w.-]*)", lambda m: b"<" + m.group(1) + self.prefix + m.group(2),
                      xml)

    # ---- reading
    def author_of(self, comment: bytes) -> bytes:
        m = AUTHOR_ID.search(comment)
        index = int(m.group(1)) if m else 0
        return self.authors[index] if index < len(self.authors) else b""

    def text_of(self, cell: tuple[int, int]) -> str:
        comment = self.comments.get(cell, b"")
        return "".join(t.decode() for t in TEXT.findall(comment))

    # ---- changing
    def _author_id(self, author: bytes) -> int:
        if author not in self.authors:
            self.authors.append(author)
        return self.authors.index(author)

    def put(self, cell: tuple[int, int], text: str, author: str) -> None:
        """A note on the cell, replacing the note that was there; a box is drawn for a new one."""
        row, col = cell
        comment = b'<comment ref="%s%d" authorId="%d"><text><t xml:space="preserve">%s</t></text></comment>' % (
            letters_of(col), row, self._author_id(author.encode()), xml_text(text).encode())
        self.comments[cell] = self._own(comment) if self.prefix else comment
        if not self._has_box(cell):
            self._add_box(cell)

    def restore(self, cell: tuple[int, int], comment: bytes, author: bytes) -> None:
        """The person's own note, as it was (its author given by name: indexes may have changed)."""
        new_id = b'authorId="%d"' % self._author_id(author)
        self.comments[cell] = AUTHOR_ID.sub(lambda _: new_id, comment, count=1)
        if not self._has_box(cell):
            self._add_box(cell)

    def drop(self, cell: tuple[int, int]) -> None:
        """The note and its box removed."""
        self.comments.pop(cell, None)
        self._drop_box(cell)

    # ---- VML boxes: the drawing as segments, the note boxes indexed by cell
    def _segments(self) -> list[bytes]:
        if self._parts is None:
            self._parts, self._boxes, position = [], {}, 0
            data = self.vml or b""
            for m in SHAPE.finditer(data):
                self._parts.append(data[position:m.start()])
                body = m.group(0)
                r, c = re.search(rb"Row>(\d+)<", body), re.search(rb"Column>(\d+)<", body)
                if NOTE_SHAPE.search(body) and r and c:
                    self._boxes[(int(r.group(1)) + 1, int(c.group(1)) + 1)] = len(self._parts)
                self._parts.append(body)
                position = m.end()
            self._parts.append(data[position:])
        return self._parts

    def _has_box(self, cell: tuple[int, int]) -> bool:
        self._segments()
        return cell in self._boxes

    def _drop_box(self, cell: tuple[int, int]) -> None:
        parts = self._segments()
        index = self._boxes.pop(cell, None)
        if index is not None:
            parts[index] = b""

    def _new_vml(self) -> bytes:
        block = self._idmap_block()
        return (b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                b'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
                b'<o:idmap v:ext="edit" data="%d"/></o:shapelayout>' % block
                + SHAPETYPE.replace(b"{v}", b"v:").replace(b"{o}", b"o:") + b"</xml>")

    def _idmap_block(self) -> int:
        used = set()
        for name, data in self.pkg.parts.items():
            if name.endswith(".vml"):
                used |= {int(n) for m in IDMAP.findall(data) for n in m.split(b",") if n.strip().isdigit()}
        block = 1
        while block in used:
            block += 1
        return block

    def _add_box(self, cell: tuple[int, int]) -> None:
        if self.vml is None:
            self.vml, self._parts = self._new_vml(), None
        parts = self._segments()
        if self._next_id is None:
            numbers = [int(n) for n in SHAPE_ID.findall(self.vml)]
            block = re.search(rb"""\bdata\s*=\s*["'](\d+)""", self.vml)
            first = int(block.group(1)) * 1024 + 1 if block else 1025
            self._next_id = max([first - 1, *numbers]) + 1
            self._has_box_type = b"_x0000_t202" in self.vml
        shape_id, self._next_id = self._next_id, self._next_id + 1
        row, col = cell[0] - 1, cell[1] - 1
        # the prefixes are declared on the box itself: writers scatter their declarations (openpyxl gives
        # ns0 a different meaning on each element), so nothing outside the box can be relied on
        shape = (b'<v:shape %s id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;'
                 b'margin-top:1.5pt;width:216pt;height:96pt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" '
                 b'o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
                 b'<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div '
                 b'style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/>'
                 b"<x:SizeWithCells/><x:Anchor>%d, 15, %d, 2, %d, 15, %d, 16</x:Anchor><x:AutoFill>False</x:AutoFill>"
                 b"<x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>"
                 % (DECLARE, shape_id, shape_id, col + 1, max(row - 1, 0), col + 4, row + 4, row, col))
        tail = parts.pop()                      # the end of the drawing, after the last box
        cut = tail.rfind(b"</xml>")
        parts.append(tail[:cut])
        if not self._has_box_type:               # the note box type, once
            parts.append(SHAPETYPE.replace(b"<{v}shapetype ", b"<v:shapetype %s " % DECLARE)
                         .replace(b"{v}", b"v:").replace(b"{o}", b"o:"))
            self._has_box_type = True
        parts.append(shape)
        parts.append(tail[cut:])

    # ---- saving
    def save(self) -> None:
        pkg, sheet = self.pkg, self.sheet_part
        if not self.comments:
            if self.comments_part:
                pkg.remove(self.comments_part)
                rel = pkg.related(sheet, COMMENTS_TYPE)
                if rel:
                    pkg.remove_rel(sheet, rel[0])
        else:
            if not self.comments_part:
                self.comments_part = pkg.new_name("xl/comments/rosterxl-comments{}.xml")
                pkg.add_rel(sheet, COMMENTS_TYPE, self.comments_part)
            head = self.head or b'<comments xmlns="%s">' % MAIN_NS
            authors = b"".join(self._own(b"<author>%s</author>" % a) for a in self.authors)
            body = b"".join(self.comments[k] for k in sorted(self.comments))
            xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' if not self.head else b"") + head
            pkg.add(self.comments_part, xml + self._own(b"<authors>%s</authors><commentList>%s</commentList></comments>"
                    % (authors, body), wrapper=True), COMMENTS_CONTENT)
        self._save_vml()

    def _save_vml(self) -> None:
        pkg, sheet = self.pkg, self.sheet_part
        if self.vml is None:
            return
        if self._parts is not None:
            self.vml = b"".join(self._parts)
        if not SHAPE.search(self.vml) and self.vml_part:      # no box left: the drawing goes too
            pkg.remove(self.vml_part)
            xml = whole(pkg.parts[sheet])
            rid = legacy_drawing_id(xml)
            if rid:
                pkg.remove_rel(sheet, rid)
            pkg.parts[sheet] = remove_legacy_drawing(xml)
            return
        if not SHAPE.search(self.vml):
            return
        if not self.vml_part:
            self.vml_part = pkg.new_name("xl/drawings/rosterxl-notes{}.vml")
            rid = pkg.add_rel(sheet, VML_TYPE, self.vml_part)
            pkg.splice(sheet, [legacy_drawing_edit(pkg.parts[sheet], rid)])
        pkg.add(self.vml_part, self.vml, VML_CONTENT)
