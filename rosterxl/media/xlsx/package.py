"""An .xlsx/.xlsm file as its parts, edited as text: every part rosterxl does not change is written back
byte for byte (VBA projects, extension lists openpyxl would drop, anything Excel put there)."""
from __future__ import annotations

import io
import os
import posixpath
import re
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from rosterxl.core.model import RosterInputError
from rosterxl.media.files import replace_file

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
COMMENTS_TYPE = f"{REL_NS}/comments"
VML_TYPE = f"{REL_NS}/vmlDrawing"
SHEET_TYPE = f"{REL_NS}/worksheet"
SHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CONTENT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
ATTR = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def attrs(tag: bytes) -> dict[bytes, bytes]:
    """A tag's attributes, in double or single quotes (XML allows both)."""
    return {name: double or single for name, double, single in ATTR.findall(tag)}


@dataclass
class Relationship:
    id: str
    type: str
    target: str
    external: bool = False


@dataclass
class Package:
    path: Path
    parts: dict[str, bytes]
    order: list[str]
    infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    # ---- reading and writing the file
    @classmethod
    def open(cls, path: Path, data: bytes | None = None) -> Package:
        """The workbook at `path`, or the one in `data` (not yet saved; `path` is then where it will go)."""
        try:
            with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as z:
                infos = {i.filename: i for i in z.infolist()}
                parts = {name: z.read(name) for name in infos}
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as exc:
            raise RosterInputError(f"{path.name}: the workbook is damaged and cannot be read ({exc}).") from None
        if "[Content_Types].xml" not in parts or "xl/workbook.xml" not in parts:
            raise RosterInputError(f"{path.name}: this is not an Excel workbook rosterxl can mark.")
        return cls(path, parts, list(infos), infos)

    def save(self, path: Path) -> Path:
        """Written to a temporary file beside the target, then put in place in one step."""
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
                for name in self.order:
                    info = self.infos.get(name) or zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    z.writestr(info, self.parts[name])
            replace_file(Path(tmp), path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    # ---- parts
    def add(self, name: str, data: bytes, content_type: str | None) -> None:
        if name not in self.parts:
            self.order.append(name)
        self.parts[name] = data
        if content_type:
            self.set_override(name, content_type)

    def remove(self, name: str) -> None:
        if name in self.parts:
            del self.parts[name]
            self.order.remove(name)
            self.infos.pop(name, None)
        types = self.parts["[Content_Types].xml"]
        self.parts["[Content_Types].xml"] = re.sub(
            rb'<Override [^>]*PartName="/' + re.escape(name.encode()) + rb'"[^>]*/>', b"", types)

    def set_override(self, name: str, content_type: str) -> None:
        types = self.parts["[Content_Types].xml"]
        if f'PartName="/{name}"'.encode() in types:
            return
        entry = f'<Override PartName="/{name}" ContentType="{content_type}"/>'.encode()
        self.parts["[Content_Types].xml"] = types.replace(b"</Types>", entry + b"</Types>")

    def ensure_default(self, extension: str, content_type: str) -> None:
        types = self.parts["[Content_Types].xml"]
        if re.search(rb'<Default [^>]*Extension="' + extension.encode() + rb'"', types, re.IGNORECASE):
            return
        entry = f'<Default Extension="{extension}" ContentType="{content_type}"/>'.encode()
        self.parts["[Content_Types].xml"] = re.sub(rb"(<Types[^>]*>)", lambda m: m.group(1) + entry, types, 1)

    def new_name(self, pattern: str) -> str:
        n = 1
        while pattern.format(n) in self.parts:
            n += 1
        return pattern.format(n)

    # ---- relationships
    @staticmethod
    def rels_name(part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def rels(self, part: str) -> list[Relationship]:
        return relationships(self.parts.get(self.rels_name(part), b""))

    @staticmethod
    def resolve(part: str, target: str) -> str:
        return resolve(part, target)

    def add_rel(self, part: str, rel_type: str, target_part: str) -> str:
        name = self.rels_name(part)
        data = self.parts.get(name) or (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                       b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                       b'relationships"></Relationships>')
        taken = {r.id for r in self.rels(part)}
        n = 1
        while f"rIdRx{n}" in taken:
            n += 1
        rid = f"rIdRx{n}"
        target = "/" + target_part
        entry = f'<Relationship Id="{rid}" Type="{rel_type}" Target="{escape(target)}"/>'.encode()
        self.add(name, data.replace(b"</Relationships>", entry + b"</Relationships>"), None)
        return rid

    def remove_rel(self, part: str, rid: str) -> None:
        name = self.rels_name(part)
        if name in self.parts:
            self.parts[name] = re.sub(rb'<Relationship\b[^>]*Id="' + re.escape(rid.encode()) + rb'"[^>]*/>', b"",
                                      self.parts[name])

    def related(self, part: str, rel_type: str) -> tuple[str, str] | None:
        """(relationship id, part name) of the first relationship of this type."""
        for rel in self.rels(part):
            if rel.type == rel_type and not rel.external:
                return rel.id, self.resolve(part, rel.target)
        return None

    # ---- the workbook's sheets
    def sheets(self) -> list[tuple[str, str, str]]:
        """(sheet name, relationship id, part name) in workbook order."""
        return workbook_sheets(self.parts["xl/workbook.xml"], self.rels("xl/workbook.xml"))


def relationships(data: bytes) -> list[Relationship]:
    """The relationships of a .rels part."""
    found = []
    for tag in re.findall(rb"<Relationship\b[^>]*>", data):
        a = attrs(tag)
        target = a.get(b"Target", b"").decode()
        external = a.get(b"TargetMode", b"") == b"External"
        found.append(Relationship(a[b"Id"].decode(), a[b"Type"].decode(), target, external))
    return found


def resolve(part: str, target: str) -> str:
    """A relationship's target as a part name."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def workbook_sheets(workbook_xml: bytes, rels: list[Relationship]) -> list[tuple[str, str, str]]:
    """(sheet name, relationship id, part name) in workbook order, from the workbook part and its relationships."""
    book = WorkbookXml(workbook_xml)
    targets = {r.id: resolve("xl/workbook.xml", r.target) for r in rels}
    found = []
    sheets = book.child("sheets", create=False)
    for sheet in sheets.iterchildren(f"{{{MAIN}}}sheet") if sheets is not None else ():
        rid = sheet.get(f"{{{REL}}}id", "")
        found.append((sheet.get("name", ""), rid, targets.get(rid, "")))
    return found


def defined_names(workbook_xml: bytes) -> dict[str, str]:
    """The workbook's names (not those of one sheet) and what each refers to: 'List_Grade' -> "Lists!$D$2:$D$15"."""
    names = WorkbookXml(workbook_xml).child("definedNames", create=False)
    if names is None:
        return {}
    return {n.get("name", ""): (n.text or "").strip() for n in names.iterchildren(f"{{{MAIN}}}definedName")
            if n.get("localSheetId") is None}


# the children of <workbook>, in the order the schema (CT_Workbook) requires
WORKBOOK_ORDER = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
                  "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize", "customWorkbookViews",
                  "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects",
                  "extLst")
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False, huge_tree=False)


class WorkbookXml:
    """xl/workbook.xml parsed with its namespaces: Excel, LibreOffice, openpyxl (with or without lxml) and
    XlsxWriter each declare prefixes their own way (the relationships prefix on the root, on each <sheet>,
    or under another name); lxml keeps every declaration and adds one where a new element needs it."""

    def __init__(self, data: bytes):
        try:
            self.root = etree.fromstring(data, PARSER)
        except etree.XMLSyntaxError as exc:
            raise RosterInputError(f"the workbook's part xl/workbook.xml is not valid XML ({exc}).") from None
        if self.root.tag != f"{{{MAIN}}}workbook":
            raise RosterInputError("this workbook was written by a program rosterxl cannot mark (its workbook part "
                                   "is not SpreadsheetML): open it in Excel, save it, and try again.")
        self.prolog = data[:data.find(b"<", data.find(b"?>") + 2 if data.lstrip().startswith(b"<?xml") else 0)]

    def child(self, name: str, create: bool = True):
        """The workbook's child element of this name; made and put in its place when missing."""
        found = self.root.find(f"{{{MAIN}}}{name}")
        if found is not None or not create:
            return found
        rank = WORKBOOK_ORDER.index(name)
        new = etree.Element(f"{{{MAIN}}}{name}")
        for index, existing in enumerate(self.root):
            local = etree.QName(existing).localname if isinstance(existing.tag, str) else ""
            if local in WORKBOOK_ORDER and WORKBOOK_ORDER.index(local) > rank:
                self.root.insert(index, new)
                return new
        self.root.append(new)
        return new

    def serialise(self) -> bytes:
        return (self.prolog or b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n') + etree.tostring(
            self.root, encoding="UTF-8", xml_declaration=False)
