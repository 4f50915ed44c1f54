"""The package as it was before rosterxl marked it, kept in the record of marks, so that clearing a workbook
nothing else has changed since gives back every part byte for byte: for each part rosterxl changed, a digest
of it as rosterxl left it, and either the undo of the few edits made in it (a sheet: the styles of the marked
cells, the cells and rows made for them, the reference to the notes' drawing) or the part as it was (a small
part: content types, relationships, the workbook part, styles, notes), or that it was not there.

When any part differs from what rosterxl left (the workbook was saved by Excel or LibreOffice since, or edited
otherwise), none of this is used: clearing then undoes the marks by what they mean (marks_in_file.clear)."""
from __future__ import annotations

import base64
import hashlib
import json
import zlib

from rosterxl.media.xlsx.package import Package, Part, blocks, splice, whole

PREFIX = "rosterxl package:"
PIECE = 32_000                      # characters in one cell of the record (a cell holds 32,767)


def _digest(data: Part | None) -> str | None:
    if data is None:
        return None
    digest = hashlib.sha256()
    for block in blocks(data):
        digest.update(block)
    return digest.hexdigest()


def _text(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _undone(data: bytes, journal: list[list[tuple[int, int, bytes]]]) -> bytes:
    for undo in reversed(journal):
        data = splice(data, undo)[0]
    return data


def undo_record(before: dict[str, bytes], pkg: Package, unchecked: set[str]) -> list[str]:
    """What gives `before` (Package.snapshot) back from the package as it is now, as the texts of the record's
    cells; none when a part cannot be given back. The parts in `unchecked` (the record sheet itself, whose
    cells hold this) are removed without their digest checked."""
    entries = {}
    for name in dict.fromkeys([*before, *pkg.parts]):
        now = pkg.parts.get(name)
        entry: dict = {} if name in unchecked else {"now": _digest(now)}
        if pkg.spliced(name):
            journal = pkg.undo_of(name)
            if journal is None:
                return []
            entry["undo"] = [[[start, end, _text(old)] for start, end, old in undo] for undo in journal]
        elif before.get(name) != now:
            was = before.get(name)
            entry["was"] = None if was is None else _text(was)
        else:
            continue
        entries[name] = entry
    packed = _text(zlib.compress(json.dumps(entries, separators=(",", ":")).encode(), 9))
    return [PREFIX + packed[i:i + PIECE] for i in range(0, len(packed), PIECE)]


def read_undo(first_row: list) -> dict | None:
    """The undo kept in the record's first row; None when there is none (marked by the live medium, or by an
    older rosterxl) or it cannot be read."""
    pieces = [str(v)[len(PREFIX):] for v in first_row if isinstance(v, str) and v.startswith(PREFIX)]
    if not pieces:
        return None
    try:
        return json.loads(zlib.decompress(base64.b64decode("".join(pieces))))
    except (ValueError, zlib.error):
        return None


def give_back(pkg: Package, undo: dict) -> bool:
    """Every part as it was before the marks, when each is still as rosterxl left it; False (and nothing
    changed) when any is not."""
    if any("now" in e and _digest(pkg.parts.get(name)) != e["now"] for name, e in undo.items()):
        return False
    for name, entry in undo.items():
        if "undo" in entry:
            journal = [[(start, end, base64.b64decode(old)) for start, end, old in edits] for edits in entry["undo"]]
            pkg.parts[name] = _undone(whole(pkg.parts[name]), journal)
        elif entry["was"] is None:
            if name in pkg.parts:
                del pkg.parts[name]
                pkg.order.remove(name)
                pkg.infos.pop(name, None)
        else:
            if name not in pkg.parts:
                pkg.order.append(name)
            pkg.parts[name] = base64.b64decode(entry["was"])
    pkg.snapshot()                     # a journal starts again from here
    return True
