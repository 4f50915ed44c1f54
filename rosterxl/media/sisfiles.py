"""The files a student information system exports (OneRoster, Clever), from a folder or a .zip: each CSV file
as rows of text, by its name as found. A zip is read member by member, never unpacked to disk, and one with
more than it could plausibly hold (a zip bomb) is refused."""
from __future__ import annotations

import zipfile
from pathlib import Path

from rosterxl.core.model import RosterInputError
from rosterxl.media.csvfiles import csv_from_bytes
from rosterxl.media.files import read_file

MAX_BYTES = 4 * 1024 ** 3          # what the CSV files of a very large district could hold, unpacked
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
            raise RosterInputError(f"{path}: the folder has no CSV files. Give the folder the student information "
                                   "system's export was saved in, or the .zip it came as.")
        return {p.name: _rows(read_file(p), p.name, f"{path.name}/{p.name}") for p in found}
    if not path.exists():
        raise RosterInputError(f"{path}: there is no such folder or file.")
    if not zipfile.is_zipfile(path):
        raise RosterInputError(f"{path.name}: this is neither a folder nor a .zip file. Give the folder of the student "
                               "information system's CSV files, or the .zip they came in.")
    return _from_zip(path)


def _from_zip(path: Path) -> Files:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".csv")
                       and not Path(m.filename).name.startswith(("._", "~$")) and "__MACOSX" not in m.filename]
            folders = {str(Path(m.filename).parent) for m in members}
            if len(folders) > 1:
                top = min(folders, key=lambda f: f.count("/"))
                members = [m for m in members if str(Path(m.filename).parent) == top]
            if not members:
                raise RosterInputError(f"{path.name}: the .zip has no CSV files in it.")
            if sum(m.file_size for m in members) > MAX_BYTES:
                raise RosterInputError(f"{path.name}: the .zip unpacks to more than {MAX_BYTES // 1024 ** 3} GB, "
                                       "more than the CSV files of a district hold. Is it the SIS export?")
            files = {}
            for member in members:
                if member.flag_bits & 0x1:
                    raise RosterInputError(f"{path.name}: the .zip is protected by a password. Unpack it with its "
                                           "password and give rosterxl the folder.")
                name = Path(member.filename).name
                files[name] = _rows(archive.read(member), name, f"{path.name}: {member.filename}")
            return files
    except zipfile.BadZipFile:
        raise RosterInputError(f"{path.name}: the .zip file is damaged and cannot be read. Download or export it "
                               "again.") from None


def _rows(data: bytes, name: str, label: str) -> list[list[str]]:
    if not data.strip():
        return []                     # an empty file: the reader says so when the format needs it
    try:
        return csv_from_bytes(data, name).rows
    except RosterInputError as exc:
        text = str(exc)
        raise RosterInputError(label + text[len(name):] if text.startswith(name) else f"{label}: {text}") from None
