"""Cell text: a cell as the person sees it, trimmed of what takes no space, and split into its several values.
Checking never changes a cell; these only say what a value is or becomes."""
from __future__ import annotations

import datetime as dt
from typing import Any

CONTROL = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 127]))
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad" + CONTROL), None)
SEPARATOR = ";"


def cell_text(value: Any) -> str:
    """A cell as the person sees it in General format, and as it will go into the CSV."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def clean_text(value: str) -> str:
    """Surrounding spaces (also non-breaking ones) and zero-width characters removed."""
    if value.isascii() and value.isprintable():      # the common case: nothing invisible, no odd spaces
        return value.strip()
    return value.translate(INVISIBLE).strip().strip("\u00a0").strip()


def split_items(value: str) -> list[str]:
    """'A ; B;;C' -> ['A', 'B', 'C']."""
    if value.isprintable():      # no invisible characters: plain trimming will do
        return [item for item in (p.strip() for p in value.split(SEPARATOR)) if item]
    return [item for item in (clean_text(p) for p in value.split(SEPARATOR)) if item]
