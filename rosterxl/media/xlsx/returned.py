"""When a returned school workbook was last saved: docProps/core.xml's modified date, which Excel, LibreOffice and
openpyxl set on every save; else the file's own time. (Its school: school_workbook.school_of_workbook.)"""
from __future__ import annotations

import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

MAX_PART = 1 << 20                        # workbook.xml and core.xml are a few kilobytes; more is not read
MODIFIED = "{http://purl.org/dc/terms/}modified"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


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

