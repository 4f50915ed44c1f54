"""Saving a workbook atomically: a failed save leaves the previous file as it was."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook

from rosterxl.csvio import replace_file


def atomic_save(book: Workbook, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        book.save(tmp)
        replace_file(Path(tmp), path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
