"""An .xlsx/.xlsm file as its parts, edited as text: every part rosterxl does not change is written back
byte for byte (VBA projects, extension lists openpyxl would drop, anything Excel put there)."""
from __future__ import annotations

import contextlib
import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from rosterxl.core.model import RosterInputError
from rosterxl.media.files import write_atomically

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
COMMENTS_TYPE = f"{REL_NS}/comments"
VML_TYPE = f"{REL_NS}/vmlDrawing"
SHEET_TYPE = f"{REL_NS}/worksheet"
DOCUMENT_TYPE = f"{REL_NS}/officeDocument"
SHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CONTENT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
REL_CONTENT = "application/vnd.openxmlformats-package.relationships+xml"
STYLES_TYPE = f"{REL_NS}/styles"
STYLES_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
# extensions that always hold one kind of part: declared once by a Default, as Excel does
KNOWN_DEFAULTS = {"rels": REL_CONTENT, "vml": VML_CONTENT}
ATTR = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# the parts rosterxl wrote or changed are compressed at this level: a marked sheet of 100,000 rows compresses
# four times faster than at zlib's default, for a file about a quarter larger
LEVEL = 1
LOCAL_HEADER = struct.Struct("<4s5H3L2H")      # a zip entry's local header (APPNOTE 4.3.7), 30 bytes
# a part at least this large is kept spliced (Spliced), and given to the compressor in pieces of this size
BLOCK = 1 << 20
COMPRESSORS = 2                                 # threads compressing the changed parts


Edit = tuple[int, int, bytes]      # data[start:end] replaced by these bytes


def splice(data: bytes, edits: list[Edit]) -> tuple[bytes, list[Edit]]:
    """The data with the edits made (in order of position; an insertion is start == end), and the edits that
    undo them on the result: splice(new, undo) gives back the data byte for byte."""
    pieces, undo, position, shift = [], [], 0, 0
    view = memoryview(data)             # the unchanged stretches joined without a copy of each first
    for start, end, new in sorted(edits, key=lambda e: e[0]):
        pieces += [view[position:start], new]
        undo.append((start + shift, start + shift + len(new), data[start:end]))
        shift += len(new) - (end - start)
        position = end
    pieces.append(view[position:])
    return b"".join(pieces), undo


class Spliced:
    """A large part with edits made in it, kept as the part it was and the edits, never joined whole: the package
    writes it piece by piece and its digest is taken the same way, so a marked 100,000-row sheet is in memory
    once (as it was read), not two or three times. `bytes(part)` joins it where a whole is needed."""

    __slots__ = ("base", "edits", "_size")

    def __init__(self, base: bytes, edits: list[Edit]):
        self.base = base
        self.edits = sorted(edits, key=lambda e: e[0])            # as splice orders them
        self._size = len(base) + sum(len(new) - (end - start) for start, end, new in self.edits)

    def __len__(self) -> int:
        return self._size

    def __bytes__(self) -> bytes:
        return b"".join(self.pieces())

    def pieces(self) -> Iterator[bytes | memoryview]:
        view, position = memoryview(self.base), 0
        for start, end, new in self.edits:
            yield view[position:start]
            yield new
            position = end
        yield view[position:]

    def blocks(self, size: int = BLOCK) -> Iterator[bytes | memoryview]:
        """The part in pieces of about `size` bytes (the small ones joined): few calls for a compressor or a
        digest, each long enough to run without the interpreter's lock."""
        batch, held = [], 0
        for piece in self.pieces():
            if len(piece) >= size:
                if batch:
                    yield b"".join(batch)
                    batch, held = [], 0
                yield piece
                continue
            batch.append(piece)
            held += len(piece)
            if held >= size:
                yield b"".join(batch)
                batch, held = [], 0
        if batch:
            yield b"".join(batch)

    def in_base(self, start: int, end: int) -> tuple[int, int] | None:
        """Where the stretch [start, end) of the part as it is now lies in the part as it was, when it lies in
        bytes no edit touched (strictly between them); None otherwise."""
        shift, after = 0, 0                     # the shift so far; where the stretch of unchanged bytes begins
        for s, e, new in self.edits:
            if start > after + shift and end < s + shift:
                return start - shift, end - shift
            shift += len(new) - (e - s)
            after = e
        return (start - shift, end - shift) if start > after + shift and end <= len(self.base) + shift else None

    def position(self, at: int) -> int | None:
        """Where a position of the part as it was is in the part as it is now, when it lies strictly between
        the edits; None otherwise."""
        shift, after = 0, 0
        for s, e, new in self.edits:
            if after < at < s:
                return at + shift
            shift += len(new) - (e - s)
            after = e
        return at + shift if after < at <= len(self.base) else None

    def spliced(self, edits: list[Edit]) -> tuple[Spliced, list[Edit]] | None:
        """The part with more edits made (in its positions as it is now) and their undo, as splice gives them;
        None when an edit touches bytes an earlier one wrote (then the part is joined and spliced)."""
        mapped, undo, shift = [], [], 0
        for start, end, new in sorted(edits, key=lambda e: e[0]):
            found = self.in_base(start, end)
            if found is None:
                return None
            mapped.append((*found, new))
            undo.append((start + shift, start + shift + len(new), self.base[found[0]:found[1]]))
            shift += len(new) - (end - start)
        return Spliced(self.base, [*self.edits, *mapped]), undo


Part = bytes | Spliced


def whole(data: Part) -> bytes:
    """The part's bytes (a spliced part joined)."""
    return bytes(data) if isinstance(data, Spliced) else data


def _spliced(data: Part, edits: list[Edit]) -> tuple[Part, list[Edit]]:
    """splice, for a part of the package: a large one kept spliced (Spliced), not joined."""
    if isinstance(data, Spliced):
        found = data.spliced(edits)
        if found is not None:
            return found
        data = bytes(data)
    if len(data) < BLOCK:
        return splice(data, edits)
    undo, shift = [], 0
    for start, end, new in sorted(edits, key=lambda e: e[0]):
        undo.append((start + shift, start + shift + len(new), data[start:end]))
        shift += len(new) - (end - start)
    return Spliced(data, edits), undo


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
    # the undo of each splice made in a part since the snapshot, in order: how a large part (a sheet) is given
    # back exactly without being kept twice in memory
    journal: dict[str, list[list[Edit]]] = field(default_factory=dict)
    _before: dict[str, bytes] = field(default_factory=dict)      # the snapshot
    _from_snapshot: dict[str, bool] = field(default_factory=dict)   # the first splice found the snapshot's part
    _last: dict[str, bytes] = field(default_factory=dict)        # the part as the last splice left it
    workbook: str = "xl/workbook.xml"      # the workbook part, where the package's relationships say it is
    # each part as it was read: one still the same object at save is copied without being compressed again
    _read: dict[str, bytes] = field(default_factory=dict)
    _source: bytes | None = None           # the package's bytes, when it was given as bytes
    _stat: tuple | None = None             # the file's size and time when it was read

    # ---- reading and writing the file
    @classmethod
    def open(cls, path: Path, data: bytes | None = None) -> Package:
        """The workbook at `path`, or the one in `data` (not yet saved; `path` is then where it will go)."""
        try:
            with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as z:
                infos = {i.filename: i for i in z.infolist()}
                parts = {name: z.read(name) for name in infos}
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as exc:
            raise RosterInputError("file.damaged",
                                   f"{path.name}: the workbook is damaged and cannot be read ({exc}).",
                                   file=path.name) from None
        workbook = workbook_part(parts.get("_rels/.rels", b""), parts)
        if "[Content_Types].xml" not in parts or workbook not in parts:
            raise RosterInputError("workbook.cannot-mark",
                                   f"{path.name}: this is not an Excel workbook rosterxl can mark.", file=path.name)
        return cls(path, parts, list(infos), infos, workbook=workbook, _read=dict(parts), _source=data,
                   _stat=_stat_of(path) if data is None else None)

    def save(self, path: Path, keep: bool = False) -> Path | None:
        """Written to a temporary file beside the target, then put in place in one step. With `keep`, a different
        file that was there is kept first as NAME.before-rosterxl.xlsx: the copy kept, or None. A part nothing
        changed is copied from the source as it was compressed there; the others are compressed at LEVEL."""
        def write(tmp: Path) -> None:
            with self._source_file() as source, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z, \
                    ThreadPoolExecutor(COMPRESSORS) as pool:
                copied = {name for name in self.order if source is not None and name in self.infos
                          and self._read.get(name) is self.parts[name]}
                # the changed parts compressed two at a time (zlib lets go of the interpreter's lock) while the
                # package is written in its order
                fresh = {name: pool.submit(_deflated, self.parts[name]) for name in self.order if name not in copied}
                for name in self.order:
                    old = self.infos.get(name)
                    if name in copied and _copy_compressed(source, z, old):
                        continue
                    raw, crc, size = fresh[name].result() if name in fresh else _deflated(self.parts[name])
                    fresh.pop(name, None)
                    info = zipfile.ZipInfo(name, date_time=old.date_time if old else (2026, 1, 1, 0, 0, 0))
                    if old is not None:
                        info.external_attr, info.create_system = old.external_attr, old.create_system
                    info.external_attr = info.external_attr or 0o600 << 16     # as ZipFile.writestr gives it
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.CRC, info.compress_size, info.file_size = crc, len(raw), size
                    _write_raw(z, info, raw)
        return write_atomically(path, write, keep)

    def _source_file(self):
        """The package's source, open for reading the parts' compressed bytes; None when it cannot be read or
        was changed since it was read (then every part is compressed afresh)."""
        if self._source is not None:
            return io.BytesIO(self._source)
        try:
            source = open(self.path, "rb")
        except OSError:
            return contextlib.nullcontext()
        if _stat_of(self.path) != self._stat:
            source.close()
            return contextlib.nullcontext()
        return source

    # ---- parts
    def add(self, name: str, data: bytes, content_type: str | None) -> None:
        """The part written, and its content type declared unless the package already says it (by the part's
        own Override or its extension's Default): a package that declares no type for `.rels` parts (LibreOffice
        up to 6, Apache POI, WPS) gets one for each part added, or Excel drops the part."""
        if name not in self.parts:
            self.order.append(name)
        self.parts[name] = data
        content_type = content_type or KNOWN_DEFAULTS.get(posixpath.splitext(name)[1][1:].lower())
        if content_type:
            self.declare(name, content_type)

    def replace(self, name: str, data: bytes) -> None:
        """The part replaced by new bytes, and the part as it was read let go (it is not copied at save): a
        large sheet is not held twice."""
        self.parts[name] = data
        self._read.pop(name, None)

    def snapshot(self) -> dict[str, bytes]:
        """The parts as they are now (not copied: a part is only ever replaced whole). The journal starts here;
        a part spliced from then on leaves the snapshot, since its edits give it back (see undo_of)."""
        self.journal, self._from_snapshot, self._last = {}, {}, {}
        self._before = dict(self.parts)
        return self._before

    def splice(self, name: str, edits: list[Edit]) -> None:
        """Edits made in a part, and how to undo them remembered (rosterxl.media.xlsx.undo keeps them)."""
        if not edits:
            return
        current = self.parts[name]
        if name not in self._from_snapshot:
            self._from_snapshot[name] = self._before.get(name) is current
            if self._from_snapshot[name]:
                del self._before[name]
        elif self._last.get(name) is not current:      # replaced since the last splice: the edits cannot undo it
            self._from_snapshot[name] = False
        self.parts[name], undo = _spliced(current, edits)
        self.journal.setdefault(name, []).append(undo)
        self._last[name] = self.parts[name]

    def spliced(self, name: str) -> bool:
        """The part was taken out of the snapshot by a splice: only its edits can give it back."""
        return name in self._from_snapshot and name not in self._before

    def undo_of(self, name: str) -> list[list[Edit]] | None:
        """The splices' undo that gives back the snapshot's part from the part as it is now; None when the part
        was also changed otherwise (checked by identity: a large part is never compared)."""
        whole = self._from_snapshot.get(name) and self._last.get(name) is self.parts.get(name)
        return self.journal.get(name) if whole else None

    def remove(self, name: str) -> None:
        if name in self.parts:
            del self.parts[name]
            self.order.remove(name)
            self.infos.pop(name, None)
        types = self.parts["[Content_Types].xml"]
        for tag in _overrides(types, name):
            types = types.replace(tag, b"")
        self.parts["[Content_Types].xml"] = types

    def content_type(self, name: str) -> str | None:
        """The part's content type as [Content_Types].xml says it: its Override, else its extension's Default."""
        types = self.parts["[Content_Types].xml"]
        for tag in _overrides(types, name):
            return attrs(tag).get(b"ContentType", b"").decode()
        extension = posixpath.splitext(name)[1][1:].lower()
        for tag in re.findall(rb"<(?:\w+:)?Default\b[^>]*>", types):
            if attrs(tag).get(b"Extension", b"").decode().lower() == extension:
                return attrs(tag).get(b"ContentType", b"").decode()
        return None

    def declare(self, name: str, content_type: str) -> None:
        """The part's content type made this one: the extension's Default when the package has none for it and
        the extension always means this type (.rels, .vml), else an Override for the part."""
        if self.content_type(name) == content_type:
            return
        extension = posixpath.splitext(name)[1][1:].lower()
        if KNOWN_DEFAULTS.get(extension) == content_type and not self._has_default(extension):
            self.ensure_default(extension, content_type)
            return
        self.set_override(name, content_type)

    def _has_default(self, extension: str) -> bool:
        return any(attrs(tag).get(b"Extension", b"").decode().lower() == extension
                   for tag in re.findall(rb"<(?:\w+:)?Default\b[^>]*>", self.parts["[Content_Types].xml"]))

    def set_override(self, name: str, content_type: str) -> None:
        types = self.parts["[Content_Types].xml"]
        for tag in _overrides(types, name):        # an Override of another type (left by a removed part): replaced
            types = types.replace(tag, b"")
        entry = b'Override PartName="/%s" ContentType="%s"' % (escape(name).encode(), content_type.encode())
        self.parts["[Content_Types].xml"] = _insert_child(types, b"Types", entry)

    def ensure_default(self, extension: str, content_type: str) -> None:
        if self._has_default(extension.lower()):
            return
        types = self.parts["[Content_Types].xml"]
        entry = b'Default Extension="%s" ContentType="%s"' % (extension.encode(), content_type.encode())
        self.parts["[Content_Types].xml"] = _insert_child(types, b"Types", entry, first=True)

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
        entry = f'Relationship Id="{rid}" Type="{rel_type}" Target="{escape("/" + target_part)}"'.encode()
        self.add(name, _insert_child(data, b"Relationships", entry), REL_CONTENT)
        return rid

    def remove_rel(self, part: str, rid: str) -> None:
        name = self.rels_name(part)
        if name in self.parts:
            self.parts[name] = re.sub(rb"<(?:\w+:)?Relationship\b[^>]*>",
                                      lambda m: b"" if attrs(m.group(0)).get(b"Id") == rid.encode() else m.group(0),
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
        return workbook_sheets(self.parts[self.workbook], self.rels(self.workbook), self.workbook)

    def worksheets(self) -> dict[str, str]:
        """The part of each sheet that holds cells, by sheet name (a chart sheet has none to mark)."""
        kinds = {r.id: r.type for r in self.rels(self.workbook)}
        return {name: part for name, rid, part in self.sheets() if kinds.get(rid) == SHEET_TYPE and part in self.parts}


def _stat_of(path: Path) -> tuple | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino


def _copy_compressed(source, z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """The part's entry copied into `z` as it is compressed in `source`; False (nothing written) when it cannot
    be (see compressed_bytes)."""
    raw = compressed_bytes(source, info)
    if raw is None:
        return False
    entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    entry.compress_type, entry.external_attr, entry.create_system = (
        info.compress_type, info.external_attr, info.create_system)
    entry.CRC, entry.compress_size, entry.file_size = info.CRC, info.compress_size, info.file_size
    entry.flag_bits = info.flag_bits & 0x800            # the name's UTF-8 flag; sizes in the header itself
    _write_raw(z, entry, raw, max(info.file_size, info.compress_size) > zipfile.ZIP64_LIMIT)
    return True


def compressed_bytes(source, info: zipfile.ZipInfo) -> bytes | None:
    """The part's bytes as they are compressed in the open file `source` (its local header read for where they
    start); None when they cannot be taken as they are: compressed in a way rosterxl writes afresh (only stored
    and deflated are taken), encrypted, or the header is not where the directory says or says otherwise."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
        return None
    try:
        source.seek(info.header_offset)
        head = source.read(LOCAL_HEADER.size)
        if len(head) != LOCAL_HEADER.size:
            return None
        fields = LOCAL_HEADER.unpack(head)
        if fields[0] != b"PK\x03\x04" or fields[3] != info.compress_type:
            return None
        source.seek(info.header_offset + LOCAL_HEADER.size + fields[9] + fields[10])
        raw = source.read(info.compress_size)
    except (OSError, ValueError):
        return None
    return raw if len(raw) == info.compress_size else None


def blocks(data: Part) -> Iterable[bytes | memoryview]:
    """A part's bytes in pieces, for a compressor or a digest: a spliced part in blocks, any other whole."""
    return data.blocks() if isinstance(data, Spliced) else (data,)


def _deflated(data: Part) -> tuple[bytes, int, int]:
    """The part compressed at LEVEL as a zip entry holds it (raw deflate), its CRC and its size. Run in a
    worker thread: zlib and the CRC let go of the interpreter's lock on each block."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    crc, out = 0, []
    for block in blocks(data):
        crc = zlib.crc32(block, crc)
        out.append(compressor.compress(block))
    out.append(compressor.flush())
    return b"".join(out), crc, len(data)


def _write_raw(z: zipfile.ZipFile, entry: zipfile.ZipInfo, raw: bytes, zip64: bool | None = None) -> None:
    """An entry whose compressed bytes, CRC and sizes are known, added as ZipFile.writestr adds one: its local
    header, then its bytes (the central directory is written when `z` closes)."""
    if zip64 is None:                    # as ZipFile.open decides it for writing
        zip64 = entry.file_size * 1.05 > zipfile.ZIP64_LIMIT
    with z._lock:
        entry.header_offset = z.fp.tell()
        z._writecheck(entry)
        z._didModify = True
        z.fp.write(entry.FileHeader(zip64))
        z.fp.write(raw)
        z.filelist.append(entry)
        z.NameToInfo[entry.filename] = entry
        z.start_dir = z.fp.tell()


def relationships(data: bytes) -> list[Relationship]:
    """The relationships of a .rels part."""
    found = []
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", data):
        a = attrs(tag)
        target = a.get(b"Target", b"").decode()
        external = a.get(b"TargetMode", b"") == b"External"
        found.append(Relationship(a.get(b"Id", b"").decode(), a.get(b"Type", b"").decode(), target, external))
    return found


def _overrides(types: bytes, name: str) -> list[bytes]:
    """The Override elements of [Content_Types].xml for this part (part names are compared without case,
    ECMA-376 part 2, 9.1.1.3)."""
    wanted = "/" + name.lower()
    return [tag for tag in re.findall(rb"<(?:\w+:)?Override\b[^>]*>", types)
            if attrs(tag).get(b"PartName", b"").decode("utf-8", "replace").lower() == wanted]


def _insert_child(xml: bytes, root: bytes, entry: bytes, first: bool = False) -> bytes:
    """The empty element `entry` (its name and attributes) put in the root element of this name, last (or first),
    under the root's own prefix; a root written empty (`<Relationships .../>`) is opened for it."""
    m = re.search(rb"<(\w+:)?" + root + rb"\b[^>]*?(/?)>", xml)
    if m is None:
        raise RosterInputError("file.damaged",
                               f"the workbook's package is damaged (a part has no <{root.decode()}> element): open "
                               "it in Excel, save it, and try again")
    prefix = m.group(1) or b""
    tag = b"<" + prefix + entry + b"/>"
    if m.group(2):
        return xml[:m.end() - 2] + b">" + tag + b"</" + prefix + root + b">" + xml[m.end():]
    if first:
        return xml[:m.end()] + tag + xml[m.end():]
    close = xml.rindex(b"</" + prefix + root)
    return xml[:close] + tag + xml[close:]


def resolve(part: str, target: str) -> str:
    """A relationship's target as a part name."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def workbook_part(package_rels: bytes, names: Collection[str]) -> str:
    """The workbook part, where the package's relationships (_rels/.rels) say it is; xl/workbook.xml when they
    name none that is in the package."""
    main = [resolve("", r.target) for r in relationships(package_rels) if r.type == DOCUMENT_TYPE]
    return main[0] if main and main[0] in names else "xl/workbook.xml"


def workbook_in(z: zipfile.ZipFile) -> str:
    """The workbook part of an open package (see workbook_part)."""
    names = z.namelist()
    return workbook_part(z.read("_rels/.rels") if "_rels/.rels" in names else b"", names)


def workbook_sheets(workbook_xml: bytes, rels: list[Relationship],
                    part: str = "xl/workbook.xml") -> list[tuple[str, str, str]]:
    """(sheet name, relationship id, part name) in workbook order, from the workbook part and its relationships."""
    book = WorkbookXml(workbook_xml)
    targets = {r.id: resolve(part, r.target) for r in rels}
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
            raise RosterInputError("file.damaged",
                                   f"the workbook's part xl/workbook.xml is not valid XML ({exc}).") from None
        if self.root.tag != f"{{{MAIN}}}workbook":
            raise RosterInputError("workbook.cannot-mark",
                                   "this workbook was written by a program rosterxl cannot mark (its workbook part "
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
