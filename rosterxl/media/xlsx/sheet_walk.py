"""A worksheet part read as XML by a real parser (expat), for what the quick survey (limits) cannot vouch for:
cells in any spelling (prefixes, quotes, whitespace, character references, cells and rows without numbers), and
the first rows of a sheet too large to read, to tell whether it holds a roster at all. Streamed: memory stays
small whatever the part's size."""
from __future__ import annotations

import re
import zipfile
from pyexpat import ExpatError, ParserCreate
from typing import Any, BinaryIO

CHUNK = 1 << 20
HEAD_COLUMNS = 256                       # a header row further right than this is not a portal template's
REF = re.compile(r"\s*([A-Za-z]+)(\d+)\s*")


class _Enough(Exception):
    """Raised from a handler to stop reading: the rows wanted have been read."""


def _parse(parser: Any, stream: BinaryIO) -> None:
    """The stream fed to the parser a chunk at a time, until its end or until a handler has had enough."""
    try:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Enough:
        pass


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


class SheetWalk:
    """The cells of one worksheet part as python-calamine places them: a cell with `r` where its reference says,
    one without it after the previous cell of its row (a row without `r` after the previous row). Only cells that
    hold a value (`<v>` or `<is>`) count for the extent, as only those are read; empty formatted cells do not.
    With `head_rows`, the text of the cells of the first rows is kept (shared strings as their index)."""

    def __init__(self, head_rows: int = 0) -> None:
        self.rows = self.columns = 0                     # the last row and column holding a value
        self.hidden_rows: set[int] = set()
        self.hidden_columns: set[int] = set()
        self.head: dict[tuple[int, int], tuple[str, str]] = {}    # (row, column) -> (type, text) of the first rows
        self._head_rows = head_rows
        self._in_data = False
        self._row = self._column = 0
        self._cell: tuple[int, int] | None = None
        self._type = ""
        self._valued = False
        self._text: list[str] | None = None              # collecting the text of a head cell
        self._in_text = False

    def read(self, stream: BinaryIO) -> SheetWalk:
        parser = ParserCreate()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        if self._head_rows:
            parser.CharacterDataHandler = self._characters
        _parse(parser, stream)
        return self

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "sheetData":
            self._in_data = True
        elif local == "col" and not self._in_data and attrs.get("hidden", "").strip() in ("1", "true"):
            low, high = attrs.get("min", "").strip(), attrs.get("max", "").strip()
            if low.isdigit():
                self.hidden_columns.update(range(int(low) - 1, min(int(high) if high.isdigit() else int(low),
                                                                   16384)))
        elif not self._in_data:
            return
        elif local == "row":
            number = attrs.get("r", "").strip()
            self._row, self._column = (int(number) if number.isdigit() else self._row + 1), 0
            if self._head_rows and self._row > self._head_rows:
                raise _Enough
            if attrs.get("hidden", "").strip() in ("1", "true"):
                self.hidden_rows.add(self._row)
        elif local == "c":
            m = REF.fullmatch(attrs.get("r", ""))
            if m:
                self._column = _column(m.group(1))
                self._cell = (int(m.group(2)), self._column)
            else:
                self._column += 1
                self._cell = (self._row, self._column)
            self._type, self._valued = attrs.get("t", "n").strip(), False
            if self._head_rows and self._cell[0] <= self._head_rows and self._cell[1] <= HEAD_COLUMNS:
                self._text = []
        elif self._cell is not None and local in ("v", "is"):
            self._valued = True
            self._in_text = local == "v"
        elif self._cell is not None and local == "t":
            self._in_text = True
        elif local == "rPh":                             # phonetic reading: not the cell's text
            self._in_text = False

    def _end(self, name: str) -> None:
        local = _local(name)
        if local == "sheetData":
            self._in_data = False
        elif local == "c" and self._cell is not None:
            if self._valued:
                self.rows, self.columns = max(self.rows, self._cell[0]), max(self.columns, self._cell[1])
                if self._text is not None:
                    self.head[self._cell] = (self._type, "".join(self._text))
            self._cell, self._text, self._in_text = None, None, False
        elif local in ("v", "t"):
            self._in_text = False

    def _characters(self, data: str) -> None:
        if self._in_text and self._text is not None:
            self._text.append(data)


def shared_strings(z: zipfile.ZipFile, part: str, wanted: set[int]) -> dict[int, str]:
    """The shared strings of these indexes, read until the last one wanted."""
    if not wanted or part not in z.namelist():
        return {}
    found: dict[int, str] = {}
    last = max(wanted)
    state: dict[str, Any] = {"index": -1, "text": None, "in_t": False, "phonetic": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "si":
            state["index"] += 1
            if state["index"] > last:
                raise _Enough
            state["text"] = [] if state["index"] in wanted else None
        elif local == "rPh":
            state["phonetic"] += 1
        elif local == "t" and not state["phonetic"]:
            state["in_t"] = True

    def end(name: str) -> None:
        local = _local(name)
        if local == "si" and state["text"] is not None:
            found[state["index"]] = "".join(state["text"])
            state["text"] = None
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "t":
            state["in_t"] = False

    def characters(data: str) -> None:
        if state["in_t"] and state["text"] is not None:
            state["text"].append(data)

    parser = ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, characters
    with z.open(part) as f:
        _parse(parser, f)
    return found


def head_grid(z: zipfile.ZipFile, part: str, strings_part: str, rows: int) -> list[list[Any]]:
    """The first `rows` rows of a worksheet part (its first HEAD_COLUMNS columns) as a grid from A1: enough to
    see its header row. Raises ExpatError, zlib.error or zipfile errors for a damaged part."""
    with z.open(part) as f:
        walk = SheetWalk(head_rows=rows).read(f)
    indexes = {int(text) for kind, text in walk.head.values() if kind == "s" and text.strip().isdigit()}
    strings = shared_strings(z, strings_part, indexes)
    if not walk.head:
        return []
    height = max(r for r, _ in walk.head)
    width = max(c for _, c in walk.head)
    grid: list[list[Any]] = [[""] * width for _ in range(height)]
    for (r, c), (kind, text) in walk.head.items():
        if kind == "s":
            value: Any = strings.get(int(text), "") if text.strip().isdigit() else ""
        elif kind in ("str", "inlineStr"):
            value = text
        elif kind == "e":
            value = ""
        else:
            try:
                value = float(text)
            except ValueError:
                value = text
        grid[r - 1][c - 1] = value
    return grid


__all__ = ["ExpatError", "SheetWalk", "head_grid", "shared_strings"]
