"""What a returned school workbook says about itself, read from its package: the school it was made for (the
workbook-level defined name RosterxlSchool, whose value is the school's name as a text constant,
="Lincoln Elementary School") and when it was last saved (docProps/core.xml's modified date, which Excel,
LibreOffice and openpyxl set on every save; else the file's own time)."""
from __future__ import annotations

import re
import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from rosterxl.core.model import RosterInputError
from rosterxl.media.xlsx.package import defined_names

SCHOOL_NAME = "RosterxlSchool"
TEXT_CONSTANT = re.compile(r'^=?\s*"((?:[^"]|"")*)"\s*$', re.S)
MAX_PART = 1 << 20                        # workbook.xml and core.xml are a few kilobytes; more is not read
MODIFIED = "{http://purl.org/dc/terms/}modified"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def workbook_school(path: Path) -> str | None:
    """The school a workbook was made for: its RosterxlSchool name's text, or None when it has none (or the name
    is not a plain text constant, or the package cannot be read)."""
    data = _part(path, "xl/workbook.xml")
    if data is None:
        return None
    try:
        names = defined_names(data)
    except RosterInputError:
        return None
    found = next((ref for name, ref in names.items() if name.casefold() == SCHOOL_NAME.casefold()), None)
    m = TEXT_CONSTANT.match(found or "")
    school = " ".join(m.group(1).replace('""', '"').split()) if m else ""
    return school or None


def saved_at(path: Path) -> tuple[datetime, str]:
    """When the workbook was last saved, and where that date comes from: the workbook's own date (its document
    properties), else the file's modified time (a CSV file, or a workbook without the property)."""
    data = _part(path, "docProps/core.xml") if path.suffix.lower() in (".xlsx", ".xlsm") else None
    if data is not None:
        try:
            node = etree.fromstring(data, PARSER).find(MODIFIED)
            if node is not None and node.text:
                when = datetime.fromisoformat(node.text.strip().replace("Z", "+00:00"))
                return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)), "saved"
        except (etree.XMLSyntaxError, ValueError):
            pass
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc), "file time"


def _part(path: Path, name: str) -> bytes | None:
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo(name)
            if info.file_size > MAX_PART:
                return None
            return z.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error):
        return None

