"""Reading one SIS file the way the formats' validators do: the header against the format's columns (exact
names; a required column missing stops the conversion), then every row: its width (a list with commas must
be in double quotes), required values, vocabularies, dates, true/false, and ids given once. Each problem names
the file, the row (the header is row 1) and the column."""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from rosterxl.core.model import Severity
from rosterxl.core.sis.district import SourceProblem

E, W = Severity.ERROR, Severity.WARNING
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CHECKED_KINDS = ("date", "datetime", "bool")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


@dataclass(frozen=True)
class Col:
    name: str
    required: bool = False                 # a value in every row
    vocab: tuple[str, ...] = ()            # the values the format allows
    vocab_severity: Severity = E
    ext: bool = False                      # 'ext:...' values allowed too (OneRoster 1.2)
    kind: str = "text"                     # text, date, datetime, bool, list
    folded: bool = False                   # the vocabulary is matched without regard to case


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Col, ...]
    required: bool = False                 # the file must be there
    key: str | None = None                 # the column whose values are the records' ids, given once
    all_columns: bool = False              # every column must be in the header, even when empty
    in_order: bool = False                 # the columns in the format's order
    extra_prefix: str = ""                 # extra columns with this prefix are the format's own extensions
    key_repeats: bool = False              # an id may repeat (Clever: a teacher in several schools)

    def column(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)


@dataclass
class Record:
    row: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def split_list(value: str) -> list[str]:
    """A multi-value cell: '09,10' or 'chemistry, physics' (quoted in the file, comma-separated)."""
    return [v.strip() for v in value.split(",") if v.strip()]


def parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if DATE.match(value.strip()[:10]) else None
    except ValueError:
        return None


class FileReader:
    """Reads the files of one bundle against their specs, collecting every problem."""

    def __init__(self, files: dict[str, list[list[str]]], problems: list[SourceProblem],
                 fatal: list[SourceProblem]):
        self.files = files
        self.problems = problems
        self.fatal = fatal
        self.told: set[str] = set()          # files already said to be in other capitals

    def problem(self, file: str, row: int | None, column: str | None, message: str, severity=E) -> None:
        self.problems.append(SourceProblem(file, row, column, message, severity))

    def stop(self, file: str, column: str | None, message: str) -> None:
        found = SourceProblem(file, None, column, message, E)
        self.problems.append(found)
        self.fatal.append(found)

    def find(self, name: str) -> str | None:
        """The file's name as found: exactly, or (with a problem) in other capitals."""
        if name in self.files:
            return name
        other = next((n for n in self.files if n.casefold() == name.casefold()), None)
        if other is not None and other not in self.told:
            self.told.add(other)
            self.problem(other, None, None, f"the format names this file '{name}' (capitals count); some systems "
                         "will not find it under this name. It was read anyway.", W)
        return other

    def read(self, spec: FileSpec) -> list[Record] | None:
        """The file's records that can be used; None when the file is not there."""
        found = self.find(spec.name)
        if found is None:
            if spec.required:
                self.stop(spec.name, None, "this file is missing, and the format requires it.")
            return None
        grid = self.files[found]
        if not grid or not any(c.strip() for c in grid[0]):
            self.stop(found, None, "the file has no header row.")
            return []
        columns = self._header(spec, found, grid[0])
        if columns is None:
            return []
        return self._rows(spec, found, grid, columns)

    def _header(self, spec: FileSpec, file: str, header: list[str]) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        by_fold = {c.name.casefold(): c for c in spec.columns}
        for index, text in enumerate(header):
            name = text.strip().lstrip("\ufeff")
            col = by_fold.get(name.casefold())
            if col is None:
                if not (spec.extra_prefix and name.startswith(spec.extra_prefix)):
                    self.problem(file, 1, name or f"#{index + 1}", "the format has no column by this name; it was "
                                 "not read." if name else "a column without a header; it was not read.", W)
                continue
            if name != col.name:
                self.problem(file, 1, name, f"the format spells this column '{col.name}' (capitals count). It "
                             "was read anyway.", W)
            if col.name in columns:
                self.problem(file, 1, col.name, "this column is in the header twice; the first one was read.")
                continue
            columns[col.name] = index
        missing = [c for c in spec.columns if c.name not in columns]
        for col in missing:
            if col.required:
                self.stop(file, col.name, "this column is missing, and the format requires it.")
            elif spec.all_columns:
                self.problem(file, 1, col.name, "this column is missing: the format asks for every column, even "
                             "an empty one.", W)
        if any(c.required for c in missing):
            return None
        if spec.in_order:
            order = [c.name for c in spec.columns if c.name in columns]
            if sorted(columns, key=columns.get) != order:
                self.problem(file, 1, None, "the columns are not in the format's order (" + ", ".join(order) +
                             "); importers that read by position would take the wrong values.", W)
        return columns

    def _rows(self, spec: FileSpec, file: str, grid: list[list[str]], columns: dict[str, int]) -> list[Record]:
        width = len(grid[0])
        records: list[Record] = []
        seen: dict[str, int] = {}
        wanted = [(spec.column(name), index) for name, index in columns.items()]
        judged = [(col, index) for col, index in wanted if col.required or col.vocab or col.kind in CHECKED_KINDS]
        for number, cells in enumerate(grid[1:], start=2):
            if len(cells) != width:
                if any(c.strip() for c in cells):
                    self.problem(file, number, None, f"this row has {len(cells)} values and the header {width}. A "
                                 "value with a comma in it (a list like 09,10) must be in double quotes: \"09,10\". "
                                 "The row was not read.")
                continue
            if not any(cells):
                continue
            values = {col.name: cells[index].strip() for col, index in wanted}
            if self._row_ok(file, number, values, judged):
                key = values.get(spec.key, "") if spec.key else ""
                if key and key in seen and not spec.key_repeats:
                    self.problem(file, number, spec.key, f"the id '{key}' is also on row {seen[key]}: each record "
                                 "has its own id. This row was not read.")
                    continue
                seen.setdefault(key, number)
                records.append(Record(number, values))
        return records

    def _row_ok(self, file: str, row: int, values: dict[str, str], judged: list[tuple[Col, int]]) -> bool:
        usable = True
        for col, _ in judged:
            value = values[col.name]
            if not value:
                if col.required:
                    self.problem(file, row, col.name, "this value is required and the cell is empty. The row was "
                                 "not read.")
                    usable = False
                continue
            if not (col.vocab or col.kind in CHECKED_KINDS):
                continue
            message = _value_problem(col, value)
            if message:
                self.problem(file, row, col.name, message, col.vocab_severity if col.vocab else E)
                if col.required and col.vocab and col.vocab_severity is E:
                    usable = False
        return usable


@functools.lru_cache(maxsize=64)
def _allowed(vocab: tuple[str, ...], folded: bool) -> frozenset[str]:
    return frozenset(v.casefold() for v in vocab) if folded else frozenset(vocab)


def _value_problem(col: Col, value: str) -> str | None:
    if col.vocab:
        items = split_list(value) if col.kind == "list" else [value]
        allowed = _allowed(col.vocab, col.folded)
        for item in items:
            if (item.casefold() if col.folded else item) in allowed or (col.ext and item.startswith("ext:")):
                continue
            shown = ", ".join(col.vocab[:14]) + (", ..." if len(col.vocab) > 14 else "")
            return f"'{item}' is not one of the format's values ({shown})" + (
                "; a value of your own starts with ext:" if col.ext else "") + "."
    if col.kind == "date" and parse_date(value) is None:
        return f"'{value}' is not a date written as YYYY-MM-DD (like 2026-08-24)."
    if col.kind == "datetime" and not DATETIME.match(value):
        return f"'{value}' is not a date and time written as YYYY-MM-DDTHH:MM:SS.sssZ (like 2026-08-24T00:00:00.000Z)."
    if col.kind == "bool" and value not in ("true", "false"):
        return f"'{value}' is neither true nor false (written in small letters)."
    return None
