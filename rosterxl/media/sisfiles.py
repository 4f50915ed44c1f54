"""The files a student information system exports (OneRoster, Clever), from a folder or a .zip: each CSV file
as rows of text, by its name as found. A zip is read member by member, never unpacked to disk, and one with
more than it could plausibly hold (a zip bomb) is refused. Zips as Windows makes them are read too: members
compressed with Deflate64 (Explorer's "Send to compressed folder" for large files) and paths written with
backslashes (PowerShell 5's Compress-Archive)."""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from rosterxl.core.model import RosterInputError
from rosterxl.media.csvfiles import MAX_CSV_BYTES, csv_from_bytes
from rosterxl.media.files import read_file

MAX_BYTES = 4 * 1024 ** 3          # what the CSV files of a very large district could hold, unpacked
DEFLATE64 = 9                      # the zip compression method number of Deflate64 (Enhanced Deflate)
CHUNK = 64 * 1024
Files = dict[str, list[list[str]]]


def read_sis_files(path: str | Path) -> Files:
    """Every CSV file in the folder or .zip (one level: the files themselves, or the one folder they are in)."""
    path = Path(path)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
        if not found:
            inner = [p for p in path.iterdir() if p.is_dir()]
            if len(inner) == 1:
                return read_sis_files(inner[0])
            raise RosterInputError("folder.empty",
                                   f"{path}: the folder has no CSV files. Give the folder the student information "
                                   "system's export was saved in, or the .zip it came as.", file=path)
        same: dict[str, str] = {}
        return {p.name: _rows(read_file(p, most=MAX_CSV_BYTES), p.name, f"{path.name}/{p.name}", same) for p in found}
    if not path.exists():
        raise RosterInputError("file.not-found", f"{path}: there is no such folder or file.", file=path)
    read_file(path, 0)                       # a pipe or a device is a sentence, not a wait for ever
    if not zipfile.is_zipfile(path):
        raise RosterInputError("file.unsupported",
                               f"{path.name}: this is neither a folder nor a .zip file. Give the folder of the student "
                               "information system's CSV files, or the .zip they came in.", file=path.name)
    return _from_zip(path)


def _member_path(member: zipfile.ZipInfo) -> PurePosixPath:
    """The member's path with / between folders, however the zip wrote it (Windows tools write backslashes)."""
    return PurePosixPath(member.filename.replace("\\", "/"))


def _from_zip(path: Path) -> Files:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.endswith("\\")
                       and _member_path(m).suffix.lower() == ".csv"
                       and not _member_path(m).name.startswith(("._", "~$")) and "__MACOSX" not in m.filename]
            folders = {str(_member_path(m).parent) for m in members}
            if len(folders) > 1:
                top = min(folders, key=lambda f: f.count("/"))
                members = [m for m in members if str(_member_path(m).parent) == top]
            if not members:
                raise RosterInputError("folder.empty", f"{path.name}: the .zip has no CSV files in it.", file=path.name)
            if sum(m.file_size for m in members) > MAX_BYTES:
                raise RosterInputError("file.too-large",
                                       f"{path.name}: the .zip unpacks to more than {MAX_BYTES // 1024 ** 3} GB, "
                                       "more than the CSV files of a district hold. Is it the SIS export?",
                                       file=path.name)
            files, same = {}, {}
            for member in members:
                if member.flag_bits & 0x1:
                    raise RosterInputError("file.password",
                                           f"{path.name}: the .zip is protected by a password. Unpack it with its "
                                           "password and give rosterxl the folder.", file=path.name)
                name = _member_path(member).name
                files[name] = _rows(_member_bytes(archive, member, path), name,
                                    f"{path.name}: {_member_path(member)}", same)
            return files
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise RosterInputError("file.damaged",
                               f"{path.name}: the .zip file is damaged and cannot be read. Download or export it "
                               "again.", file=path.name) from None


def _member_bytes(archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path) -> bytes:
    if member.compress_type == DEFLATE64:
        return _inflate64(archive, member, path)
    try:
        return archive.read(member)
    except NotImplementedError:
        raise RosterInputError("file.unsupported",
                               f"{path.name}: {_member_path(member)} is compressed in a way rosterxl cannot unpack "
                               f"(zip method {member.compress_type}). Unpack the .zip with your computer's own tool "
                               "and give rosterxl the folder.", file=path.name) from None


def _inflate64(archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path) -> bytes:
    """A Deflate64 member's bytes, unpacked chunk by chunk, never more than the zip says it holds, and checked
    against its CRC as zipfile checks the others."""
    try:
        import inflate64
    except ImportError:              # not installed where it has no wheel (Pyodide, so xlwings Lite)
        raise RosterInputError("file.unsupported",
                               f"{path.name}: {_member_path(member)} is compressed with Deflate64 (as Windows "
                               "compresses large files), which rosterxl cannot unpack here. Unpack the .zip with "
                               "your computer's own tool and give rosterxl the folder.", file=path.name) from None

    damaged = RosterInputError("file.damaged",
                               f"{path.name}: {_member_path(member)} in the .zip is damaged and cannot be read. "
                               "Download or export it again.", file=path.name)
    stream = archive.fp
    stream.seek(member.header_offset)
    header = stream.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise damaged
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    stream.seek(member.header_offset + 30 + name_length + extra_length)
    inflater, out, left = inflate64.Inflater(), bytearray(), member.compress_size
    while left > 0:
        chunk = stream.read(min(CHUNK, left))
        if not chunk:
            raise damaged
        left -= len(chunk)
        try:
            out += inflater.inflate(chunk)
        except (ValueError, RuntimeError, EOFError):
            raise damaged from None
        if len(out) > member.file_size:
            raise damaged
    if len(out) != member.file_size or zlib.crc32(out) != member.CRC:
        raise damaged
    return bytes(out)


def _rows(data: bytes, name: str, label: str, same: dict[str, str]) -> list[list[str]]:
    """The file's rows, each value that repeats (an id in every enrollment, a status, a date) one string shared by
    all its cells and all the files: an export of 50,000 students holds 3.6 million values, 430,000 of them
    different."""
    if not data.strip():
        return []                     # an empty file: the reader says so when the format needs it
    try:
        return csv_from_bytes(data, name, same).rows
    except RosterInputError as exc:
        text = str(exc)
        raise RosterInputError(exc.code, label + text[len(name):] if text.startswith(name) else f"{label}: {text}",
                               file=label, **exc.facts) from None
