"""Reading a filled-in workbook with python-calamine: each sheet's cells, fast, with their types (numbers and
dates stay what Excel stored, so the checks can tell what Excel did to them). Where calamine cannot be installed
(Pyodide, so xlwings Lite) openpyxl reads the same grids (openpyxl_reader)."""
from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path
from typing import Any

from rosterxl.core.model import RosterInputError, SheetUnreadable
from rosterxl.core.text import cell_text
from rosterxl.media.files import read_file
from rosterxl.media.xlsx.limits import Hidden, SheetSurvey, survey_workbook
from rosterxl.media.xlsx.package import compressed_bytes, defined_names, workbook_in
from rosterxl.media.xlsx.xmlsheet import column_number

LIST_PREFIX = "List_"
# a one-column range on one sheet: Lists!$D$2:$D$15 or 'My Lists'!$D$2:$D$15
COLUMN_RANGE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$")


def calamine_or_openpyxl():
    """The reader and the errors it raises for a damaged file: python-calamine, or openpyxl's reader where calamine
    is not installed (it has no WebAssembly wheel)."""
    try:
        from python_calamine import CalamineError, CalamineWorkbook
    except ImportError:
        from rosterxl.media.xlsx.openpyxl_reader import OpenpyxlWorkbook  # openpyxl's import: only where it reads

        return OpenpyxlWorkbook, (ValueError,)
    return CalamineWorkbook, (CalamineError, ValueError)


def open_workbook(path: Path):
    """The workbook and the survey of its sheets (hidden rows and columns, a sheet too large or damaged to
    read), or a message that says why rosterxl cannot use it (the limits are checked before the reader allocates
    anything)."""
    head = read_file(path, 8)
    if not head:
        raise RosterInputError("file.empty", f"{path.name}: the file is empty", file=path.name)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterInputError("file.password",
                               f"{path.name}: this workbook is password-protected or in the old .xls format. "
                               "Open it in Excel, remove the password (File > Info > Protect Workbook), "
                               "and save it as .xlsx.", file=path.name)
    if not head.startswith(b"PK"):
        raise RosterInputError("file.unsupported",
                               f"{path.name}: this is not an Excel workbook (.xlsx). If it is a CSV file, "
                               "give it a .csv name.", file=path.name)
    survey = survey_workbook(path)
    reader, errors = calamine_or_openpyxl()
    in_memory = hasattr(reader, "from_filelike")         # calamine reads a package in memory; openpyxl's a file
    package = _with_unpacked(path, survey.unpacked) if in_memory else None
    survey.unpacked.clear()
    try:
        if package is not None:
            try:
                return reader.from_filelike(package), survey.sheets
            except (*errors, OSError):
                pass                 # the file itself read instead: the reader's own words say what is wrong with it
        return reader.from_path(str(path)), survey.sheets
    except (*errors, OSError) as exc:
        raise RosterInputError("file.damaged",
                               f"{path.name}: the workbook is damaged and cannot be read. Open it in Excel, let "
                               f"Excel repair it, and save it again.{_details(exc)}", file=path.name) from None


ENTRY = struct.Struct("<HHHHHIIIH")          # version, flags, method, time, date, CRC, sizes, name length


def _with_unpacked(path: Path, unpacked: dict[str, bytes]) -> io.BytesIO | None:
    """The workbook's package for the reader, the sheets the survey unpacked (and vouched for) stored in it
    unpacked, every other part copied as the file has it: the reader reads exactly the cells the survey looked at,
    and does not unpack those sheets a second time. None (the reader reads the file itself) when nothing was
    unpacked, or the file's directory is anything but plain: a name given twice or not in ASCII, a part that
    cannot be taken as it is compressed (package.compressed_bytes: encrypted, compressed otherwise than stored or
    deflated, a header that does not say what the directory says)."""
    if not unpacked:
        return None
    out, directory = io.BytesIO(), []
    try:
        with zipfile.ZipFile(path) as z, path.open("rb") as f:
            infos = z.infolist()
            if len({i.filename for i in infos}) != len(infos):
                return None
            for info in infos:
                name = info.filename.encode("ascii")
                xml = unpacked.get(info.filename)
                if xml is not None:
                    data, method = xml, zipfile.ZIP_STORED
                else:
                    data, method = compressed_bytes(f, info), info.compress_type
                    if data is None:
                        return None
                entry = ENTRY.pack(20, 0, method, 0, 0x21, info.CRC, len(data), info.file_size, len(name))
                where = struct.pack("<HHHHII", 0, 0, 0, 0, 0, out.tell())     # comment, disk, attributes, offset
                directory.append(b"PK\x01\x02\x14\x00" + entry + where + name)
                out.write(b"PK\x03\x04" + entry + b"\x00\x00" + name)
                out.write(data)
    except (OSError, zipfile.BadZipFile, UnicodeEncodeError, struct.error, ValueError):
        return None
    start = out.tell()
    out.write(b"".join(directory))
    count = len(directory)
    out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, count, count, out.tell() - start, start, 0))
    out.seek(0)
    return out


def _details(exc: BaseException) -> str:
    """The reader's own words, last, for whoever helps: only when they say more than a name."""
    text = str(exc).strip()
    return f" (Details: {text})" if len(text.split()) > 1 else ""


class WorkbookFile:
    """A workbook file as the core reads it (core.tables.SheetSource): its sheet names and each sheet's cells."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.name = self.path.name
        self._book, self._surveys = open_workbook(self.path)

    def sheet_names(self) -> list[str]:
        return list(self._book.sheet_names)

    def hidden(self, sheet: str) -> Hidden:
        """The sheet's hidden rows (numbers) and columns (0-based indexes), as the package says them."""
        return self._surveys.get(sheet, SheetSurvey()).hidden

    def lists(self) -> dict[str, tuple[str, ...]]:
        """The values of the workbook's own dropdown lists (a template's List_ names on its Lists sheet), by list
        name: what the person picks from, and what the template's red cells check against. The classes' list
        is the Classes/Groups sheet itself, read as a sheet."""
        try:
            with zipfile.ZipFile(self.path) as z:
                names = defined_names(z.read(workbook_in(z)))
        except (KeyError, zipfile.BadZipFile, RosterInputError):
            return {}
        found: dict[str, tuple[str, ...]] = {}
        grids: dict[str, list[list[Any]]] = {}         # the Lists sheet, read once for all its lists
        sheets = set(self.sheet_names())
        for name, ref in names.items():
            m = COLUMN_RANGE.match(ref)
            if not name.startswith(LIST_PREFIX) or name == f"{LIST_PREFIX}ClassGroup" or not m \
                    or m.group(3) != m.group(5):
                continue
            sheet = (m.group(1) or "").replace("''", "'") or m.group(2)
            if sheet not in sheets:
                continue
            column, first, last = column_number(m.group(3).encode()) - 1, int(m.group(4)), int(m.group(6))
            grid = grids[sheet] if sheet in grids else grids.setdefault(sheet, self.grid(sheet))
            texts = (cell_text(row[column]).strip() for row in grid[first - 1:last] if column < len(row))
            values = tuple(dict.fromkeys(t for t in texts if t))
            if values:
                found[name[len(LIST_PREFIX):]] = values
        return found

    def grid(self, sheet: str) -> list[list[Any]]:
        """The sheet's cells from A1. A sheet the survey found too large or damaged is never given to the reader:
        SheetUnreadable says why, with the sheet's first rows where they can be read."""
        survey = self._surveys.get(sheet)
        if survey is not None and survey.problem:
            raise SheetUnreadable(survey.problem, survey.head(), file=self.name, sheet=sheet)
        try:
            return self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except calamine_or_openpyxl()[1] as exc:
            raise RosterInputError("workbook.sheet-unreadable",
                                   f"{self.name}: the sheet '{sheet}' is damaged or missing from the file and cannot "
                                   f"be read. Open the workbook in Excel, let Excel repair it, and save it again."
                                   f"{_details(exc)}", file=self.name, sheet=sheet) from None
