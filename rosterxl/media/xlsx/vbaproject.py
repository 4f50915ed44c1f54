"""A VBA project (xl/vbaProject.bin) built from module source, without Excel ([MS-OVBA]).

The project holds each module's source, compressed (2.4.1), and no compiled p-code: the _VBA_PROJECT stream
says version 0xFFFF, so Excel ignores the absent performance cache and compiles the modules from source
when the workbook opens, as it does for the xlwings quickstart workbooks. The streams:

  PROJECT            the project's text properties: modules, protection state, host
  PROJECTwm          module names in the code page and in UTF-16
  VBA/_VBA_PROJECT   7 bytes: no p-code
  VBA/dir            the project's records (information, references, modules), compressed
  VBA/<module>       each module's source, compressed, at offset 0
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

from rosterxl.media.xlsx.cfb import compound_file

CODE_PAGE = 1252
ENCODING = "cp1252"
STANDARD, CLASS, DOCUMENT = "module", "class", "document"
# document modules' base classes: the workbook and a worksheet
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
SHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"
# the references a new Excel workbook's project has (VBA and Excel itself are implicit): OLE Automation, and
# the Office library, which declares IRibbonControl for the ribbon's callbacks
REFERENCES = [
    ("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation"),
    ("Office", r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files\Microsoft Shared"
               r"\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library"),
]


@dataclass(frozen=True)
class Module:
    name: str
    kind: str            # STANDARD, CLASS or DOCUMENT
    source: str          # as the VBA editor exports it, beginning with Attribute VB_Name (no class header)

    def stored(self) -> bytes:
        """The source as the module stream holds it: CRLF line ends, the project's code page."""
        lines = self.source.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        try:
            return ("\r\n".join(lines) + "\r\n").encode(ENCODING)
        except UnicodeEncodeError as exc:
            raise ValueError(f"the VBA module {self.name} has a character code page {CODE_PAGE} cannot hold: "
                             f"{exc.object[exc.start:exc.end]!r}") from None


def document_module(name: str, base: str) -> Module:
    """The module Excel keeps for the workbook or a sheet (its code name), empty."""
    return Module(name, DOCUMENT, "\n".join([
        f'Attribute VB_Name = "{name}"', f'Attribute VB_Base = "{base}"', "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False", "Attribute VB_PredeclaredId = True", "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = True"]))


def class_from_export(name: str, text: str) -> Module:
    """A class module from its .cls export: the VERSION/BEGIN...END header is not part of the stored source,
    and the attributes Excel stores for a class are put back."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[0].startswith("VERSION"):
        lines = lines[lines.index("END") + 1:]
    stored = []
    for line in lines:
        stored.append(line)
        if line.startswith("Attribute VB_Name"):
            stored.append(f'Attribute VB_Base = "{CLASS_BASE}"')
        if line.startswith("Attribute VB_Exposed"):
            stored += ["Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False"]
    return Module(name, CLASS, "\n".join(stored))


# ---- compression (2.4.1) ------------------------------------------------------------------------------------

CHUNK = 4096


def compress(data: bytes) -> bytes:
    """A CompressedContainer: the signature byte, then one chunk per 4,096 bytes of data."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _chunk(data[start:start + CHUNK])
    return bytes(out)


def _chunk(data: bytes) -> bytes:
    body, position = bytearray(), 0
    recent: dict[bytes, list[int]] = {}
    while position < len(data):
        flags, tokens = 0, bytearray()
        for bit in range(8):
            if position >= len(data):
                break
            offset, length = _match(data, position, recent)
            if length:
                bits = max((position - 1).bit_length(), 4)
                tokens += struct.pack("<H", ((offset - 1) << (16 - bits)) | (length - 3))
                flags |= 1 << bit
                step = length
            else:
                tokens.append(data[position])
                step = 1
            for i in range(position, min(position + step, len(data) - 2)):
                recent.setdefault(data[i:i + 3], []).append(i)
            position += step
        body.append(flags)
        body += tokens
    if len(body) > CHUNK:                                  # would not shrink: stored raw, padded to 4,096
        return struct.pack("<H", (CHUNK - 1) | 0x3000) + data + bytes(CHUNK - len(data))
    return struct.pack("<H", (len(body) - 1) | 0xB000) + bytes(body)


def _match(data: bytes, position: int, recent: dict[bytes, list[int]]) -> tuple[int, int]:
    """The longest earlier copy in this chunk of what starts here (offset back, length), or (0, 0)."""
    if position + 3 > len(data):
        return 0, 0
    bits = max((position - 1).bit_length(), 4)
    longest = min((0xFFFF >> bits) + 3, len(data) - position)
    best_offset = best_length = 0
    for candidate in reversed(recent.get(data[position:position + 3], [])[-64:]):
        length = 3
        while length < longest and data[candidate + length] == data[position + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = position - candidate, length
            if length == longest:
                break
    return best_offset, best_length


# ---- the streams --------------------------------------------------------------------------------------------

def _record(record_id: int, data: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(data)) + data


def _text_pair(record_id: int, unicode_id: int, text: str) -> bytes:
    return _record(record_id, text.encode(ENCODING)) + _record(unicode_id, text.encode("utf-16-le"))


def dir_stream(modules: list[Module], project: str = "VBAProject") -> bytes:
    """The dir stream's records (2.3.4.2), uncompressed."""
    info = [
        _record(0x0001, struct.pack("<I", 3)),                 # SysKind: 64-bit Windows (any Excel compiles it)
        _record(0x0002, struct.pack("<I", 0x0409)),            # LCID
        _record(0x0014, struct.pack("<I", 0x0409)),            # LCIDInvoke
        _record(0x0003, struct.pack("<H", CODE_PAGE)),
        _record(0x0004, project.encode(ENCODING)),
        _text_pair(0x0005, 0x0040, ""),                        # DocString
        _text_pair(0x0006, 0x003D, ""),                        # HelpFile
        _record(0x0007, struct.pack("<I", 0)),                 # HelpContext
        _record(0x0008, struct.pack("<I", 0)),                 # LibFlags
        struct.pack("<HIIH", 0x0009, 4, 1, 0),                 # Version: its size field says 4, 6 bytes follow
        _text_pair(0x000C, 0x003C, ""),                        # Constants
    ]
    refs = []
    for name, libid in REFERENCES:
        refs.append(_text_pair(0x0016, 0x003E, name))
        encoded = libid.encode(ENCODING)
        registered = struct.pack("<I", len(encoded)) + encoded + struct.pack("<IH", 0, 0)
        refs.append(_record(0x000D, registered))
    mods = [_record(0x000F, struct.pack("<H", len(modules))), _record(0x0013, struct.pack("<H", 0xFFFF))]
    for m in modules:
        mods += [
            _record(0x0019, m.name.encode(ENCODING)), _record(0x0047, m.name.encode("utf-16-le")),
            _text_pair(0x001A, 0x0032, m.name),                # the stream's name
            _text_pair(0x001C, 0x0048, ""),                    # DocString
            _record(0x0031, struct.pack("<I", 0)),             # the source starts at offset 0: no p-code
            _record(0x001E, struct.pack("<I", 0)),             # HelpContext
            _record(0x002C, struct.pack("<H", 0xFFFF)),        # Cookie
            _record(0x0021 if m.kind == STANDARD else 0x0022, b""),
            _record(0x002B, b""),                              # the module's end
        ]
    return b"".join(info + refs + mods) + _record(0x0010, b"")


def encrypt(data: bytes, project_id: str, seed: int) -> str:
    """[MS-OVBA] 2.4.3.2 Data Encryption, as the PROJECT stream's CMG, DPB and GC hold their values."""
    key = sum(project_id.encode(ENCODING)) & 0xFF
    version_enc, key_enc = seed ^ 2, seed ^ key
    out = bytearray([seed, version_enc, key_enc])
    plain1, enc1, enc2 = key, key_enc, version_enc
    for byte in bytes([7] * ((seed & 6) >> 1)) + struct.pack("<I", len(data)) + data:
        enc = byte ^ ((enc2 + plain1) & 0xFF)
        out.append(enc)
        enc2, enc1, plain1 = enc1, enc, byte
    return out.hex().upper()


def project_stream(modules: list[Module], project_id: str, project: str = "VBAProject") -> bytes:
    """The PROJECT stream (2.3.1): not protected, no password, visible."""
    lines = [f'ID="{project_id}"']
    for m in modules:
        lines.append({STANDARD: f"Module={m.name}", CLASS: f"Class={m.name}",
                      DOCUMENT: f"Document={m.name}/&H00000000"}[m.kind])
    lines += [f'Name="{project}"', 'HelpContextID="0"', 'VersionCompatible32="393222000"',
              f'CMG="{encrypt(bytes(4), project_id, 0x8D)}"', f'DPB="{encrypt(bytes(1), project_id, 0x8F)}"',
              f'GC="{encrypt(bytes([0xFF]), project_id, 0x8B)}"', "",
              "[Host Extender Info]", "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000", "",
              "[Workspace]", *[f"{m.name}=0, 0, 0, 0, C" for m in modules], ""]
    return "\r\n".join(lines).encode(ENCODING)


def names_stream(modules: list[Module]) -> bytes:
    """PROJECTwm (2.3.3): each module's name in the code page and in UTF-16."""
    return b"".join(m.name.encode(ENCODING) + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in modules) + \
        b"\0\0"


def vba_project(modules: list[Module], project_id: str) -> bytes:
    """The vbaProject.bin holding these modules."""
    names = [m.name.upper() for m in modules]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"two VBA modules have the same name: {', '.join(sorted(duplicates))}")
    streams = {
        "PROJECT": project_stream(modules, project_id),
        "PROJECTwm": names_stream(modules),
        "VBA/_VBA_PROJECT": struct.pack("<HHBH", 0x61CC, 0xFFFF, 0, 0),
        "VBA/dir": compress(dir_stream(modules)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(m.stored())
    return compound_file(streams)
