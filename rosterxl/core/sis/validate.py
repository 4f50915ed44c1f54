"""Reading one SIS file the way the formats' validators do: the header against the format's columns (exact
names; a required column missing stops the conversion when the file has records), then every row: its width
(a list with commas must be in double quotes), required values, vocabularies, dates, true/false, and ids given
once. Each problem names the file, the row (the header is row 1) and the column.

What real exports hold is read, and said: columns without a header are left aside (never the rows under
them), a row cut short of its last, optional columns is read with those empty, TRUE/FALSE as Excel saves them
and a vocabulary word in other capitals are read as the format's word, and dates in the forms real systems
write (core.sis.dates). Every row that cannot be read is listed as not brought over, with why."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from rosterxl.core.model import Severity, column_letter
from rosterxl.core.sis.contents import LeftOut, SourceProblem, Where
from rosterxl.core.sis.dates import ISO_WITH_TIME, column_order, parse_date, read_date

E, W = Severity.ERROR, Severity.WARNING
CHECKED_KINDS = ("date", "datetime", "bool")
__all__ = ["Col", "FileReader", "FileSpec", "Record", "parse_date", "split_list"]


@dataclass(frozen=True)
class Col:
    name: str
    required: bool = False                 # a value in every row
    vocab: tuple[str, ...] = ()            # the values the format allows
    vocab_severity: Severity = E           # an error in a required column: the row cannot be read
    ext: bool = False                      # 'ext:...' values allowed too (OneRoster 1.2)
    kind: str = "text"                     # text, date, datetime, bool, list
    folded: bool = False                   # the vocabulary is matched without regard to case, silently
    needed: bool = True                    # False: required by the format, not by the conversion (a row without
                                           # it is an error, and read all the same)


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
    kind: str = "record"                   # what one row is, in the words of the Not brought over list
    dates: str = "YYYY-MM-DD"              # how the format writes a date; other forms are read and said

    def column(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)


@dataclass(slots=True)
class Record:
    row: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def split_list(value: str) -> list[str]:
    """A multi-value cell: '09,10' or 'chemistry, physics' (quoted in the file, comma-separated)."""
    return [v.strip() for v in value.split(",") if v.strip()]


def record_name(values: dict[str, str], key: str | None) -> str:
    """What the Not brought over list calls a record: its title or name, else the person's names, else its id."""
    for column in ("title", "name", "Name", "School_name", "Course_name"):
        if values.get(column, "").strip():
            return values[column].strip()
    person = " ".join(values.get(c, "").strip() for c in ("givenName", "familyName", "First_name", "Last_name")
                      if values.get(c, "").strip())
    return person or (values.get(key, "").strip() if key else "") or "(no name or id)"


@dataclass
class _Said:
    """Values of one column read in a form that is not the format's own, said once for the column."""

    first_row: int
    example: str
    read_as: str
    count: int = 1


@dataclass(slots=True)
class _Row:
    """One row being read: its values and the problems that stop it."""

    number: int
    values: dict[str, str]
    stops: list[str] = field(default_factory=list)


class FileReader:
    """Reads the files of one bundle against their specs, collecting every problem and every row not read."""

    def __init__(self, files: dict[str, list[list[str]]], problems: list[SourceProblem],
                 fatal: list[SourceProblem], left_out: list[LeftOut] | None = None):
        self.files = files
        self.problems = problems
        self.fatal = fatal
        self.left_out = left_out if left_out is not None else []
        self.told: set[str] = set()          # files already said to be in other capitals
        self.unread: dict[tuple[str, str], int] = {}    # (file, id) of a row not read -> its row

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
        has_rows = any(any(c.strip() for c in row) for row in grid[1:])
        columns = self._header(spec, found, grid[0], has_rows)
        if columns is None:
            return []
        self._unnamed(found, grid)
        return self._rows(spec, found, grid, columns)

    def _header(self, spec: FileSpec, file: str, header: list[str], has_rows: bool) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        by_fold = {c.name.casefold(): c for c in spec.columns}
        for index, text in enumerate(header):
            name = text.strip().lstrip("\ufeff")
            if not name:
                continue
            col = by_fold.get(name.casefold())
            if col is None:
                if not (spec.extra_prefix and name.startswith(spec.extra_prefix)):
                    self.problem(file, 1, name, "the format has no column by this name; it was not read.", W)
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
            if col.required and has_rows:
                self.stop(file, col.name, "this column is missing, and the format requires it.")
            elif col.required:
                self.problem(file, 1, col.name, "this column is missing, and the format requires it; the file has "
                             "no records, so nothing was lost.", W)
            elif spec.all_columns:
                self.problem(file, 1, col.name, "this column is missing: the format asks for every column, even "
                             "an empty one.", W)
        if any(c.required for c in missing) and has_rows:
            return None
        if spec.in_order:
            order = [c.name for c in spec.columns if c.name in columns]
            if sorted(columns, key=columns.get) != order:
                self.problem(file, 1, None, "the columns are not in the format's order (" + ", ".join(order) +
                             "); importers that read by position would take the wrong values.", W)
        return columns

    def _unnamed(self, file: str, grid: list[list[str]]) -> None:
        """Columns without a header are left aside, said once, with the rows that had a value there."""
        empty = [i for i, h in enumerate(grid[0]) if not h.strip().lstrip("\ufeff")]
        if not empty:
            return
        letters, was = ", ".join(column_letter(i) for i in empty), "it was" if len(empty) == 1 else "they were"
        filled = [n for n, row in enumerate(grid[1:], start=2) if any(i < len(row) and row[i].strip() for i in empty)]
        lost = (f" {_count(len(filled), 'row has', 'rows have')} a value there (from row {filled[0]}), not read: "
                "give the column its name in the file if it is needed.") if filled else ""
        self.problem(file, 1, None, f"{_count(len(empty), 'column has', 'columns have')} no header (column "
                     f"{letters}); {was} left aside and the rows under the header were read.{lost}", W)

    def _rows(self, spec: FileSpec, file: str, grid: list[list[str]], columns: dict[str, int]) -> list[Record]:
        header = grid[0]
        width, named = len(header), [i for i, h in enumerate(header) if h.strip().lstrip("\ufeff")]
        records: list[Record] = []
        seen: dict[str, int] = {}
        wanted = [(spec.column(name), index) for name, index in columns.items()]
        judged = [(col, bool(col.vocab or col.kind in CHECKED_KINDS)) for col, _ in wanted
                  if col.required or col.vocab or col.kind in CHECKED_KINDS]     # (column, its values are judged)
        orders = {col.name: column_order(r[i] for r in grid[1:] if i < len(r)) for col, i in wanted
                  if col.kind in ("date", "datetime")}
        said: dict[tuple[str, str], _Said] = {}
        by_index = {index: col for col, index in wanted}
        names, indexes = [col.name for col, _ in wanted], [i for _, i in wanted]
        deepest = max(indexes, default=-1)
        clean: dict[str, set[str]] = {col.name: set() for col, _ in judged}    # values judged with nothing to say
        for number, cells in enumerate(grid[1:], start=2):
            if not "".join(cells).strip():
                continue
            if len(cells) > deepest:
                values = dict(zip(names, [cells[i].strip() for i in indexes]))
            else:
                values = {col.name: cells[index].strip() if index < len(cells) else "" for col, index in wanted}
            row = _Row(number, values)
            if len(cells) != width and not self._width(spec, file, row, cells, width, named, by_index):
                continue
            for col, valued in judged:
                value = row.values[col.name]
                if value and (not valued or value in clean[col.name]):
                    continue                 # a judgement depends on the value alone (and the column's date order)
                if not value:
                    self._judge(spec, file, row, col, None, said)         # an empty value: said on its row
                    continue
                told = len(self.problems), sum(x.count for x in said.values()), len(row.stops)
                self._judge(spec, file, row, col, orders.get(col.name), said)
                if (len(self.problems), sum(x.count for x in said.values()), len(row.stops)) == told \
                        and row.values[col.name] == value:
                    clean[col.name].add(value)
            key = row.values.get(spec.key, "") if spec.key else ""
            if not row.stops and key and key in seen and not spec.key_repeats:
                self.problem(file, number, spec.key, f"the id '{key}' is also on row {seen[key]}: each record has "
                             "its own id. This row was not read.")
                row.stops.append(f"its id {key} is also on row {seen[key]}")
            if row.stops:
                self._not_read(spec, file, row)
                continue
            seen.setdefault(key, number)
            records.append(Record(number, row.values))
        for (column, form), s in said.items():
            verb = "is" if s.count == 2 else "are"
            more = f" (so {verb} {_count(s.count - 1, 'more value', 'more values')} of the column)" \
                if s.count > 1 else ""
            self.problem(file, s.first_row, column, f"'{s.example}' is {form}{more}; {s.read_as}.", W)
        return records

    def _width(self, spec: FileSpec, file: str, row: _Row, cells: list[str], width: int, named: list[int],
               by_index: dict[int, Col]) -> bool:
        """Whether a row with more or fewer values than the header can be read (a problem says why not)."""
        if len(cells) > width:
            if not any(c.strip() for c in cells[width:]):
                return True                  # empty values past the header's end: nothing there to read
            self.problem(file, row.number, None, f"this row has {len(cells)} values and the header {width}. A value "
                         "with a comma in it (a list like 09,10) must be in double quotes: \"09,10\". The row was not "
                         "read.")
            row.stops.append(f"it has {len(cells)} values and the header {width}")
            self._not_read(spec, file, row)
            return False
        missing = [i for i in named if i >= len(cells)]
        if not missing:
            return True
        names = [by_index[i].name for i in missing if i in by_index]
        required = [by_index[i].name for i in missing if i in by_index and by_index[i].required]
        have = f"this row has {len(cells)} values, fewer than the {len(named)} columns of the header"
        if required:
            self.problem(file, row.number, required[0], f"{have}: it ends before {', '.join(required)}, which the "
                         "format requires (a line cut short, or values left out). The row was not read.")
            row.stops.append(f"the row ends before {', '.join(required)}")
            self._not_read(spec, file, row)
            return False
        if names:
            self.problem(file, row.number, names[0], f"{have}: {', '.join(names)} had no value and "
                         f"{'was' if len(names) == 1 else 'were'} read as empty. If a value is missing in the middle "
                         "of the row instead, the values after it are under the wrong columns: check the row.", W)
        return True

    def _judge(self, spec: FileSpec, file: str, row: _Row, col: Col, order: str | None,
               said: dict[tuple[str, str], _Said]) -> None:
        value = row.values[col.name]
        if not value:
            if col.required and not col.needed:
                self.problem(file, row.number, col.name, "this value is required by the format and the cell is "
                             "empty. The row was read all the same: the portal's sheets do not need it.")
            elif col.required:
                self.problem(file, row.number, col.name, "this value is required and the cell is empty. The row was "
                             "not read.")
                row.stops.append(f"{col.name} is empty")
            return
        if col.vocab:
            self._vocab(file, row, col, value, said)
        elif col.kind in ("date", "datetime"):
            self._date(spec, file, row, col, value, order, said)
        elif col.kind == "bool" and value not in ("true", "false"):
            if value.casefold() in ("true", "false"):
                row.values[col.name] = value.casefold()
                _say(said, col.name, "written in capitals (as Excel saves true and false)", row.number, value,
                     "the format writes true and false in small letters, and it was read as such")
            else:
                self.problem(file, row.number, col.name, f"'{value}' is neither true nor false (written in small "
                             "letters).")

    def _vocab(self, file: str, row: _Row, col: Col, value: str, said: dict[tuple[str, str], _Said]) -> None:
        items = split_list(value) if col.kind == "list" else [value]
        allowed = _allowed(col.vocab, col.folded)
        for item in items:
            if (item.casefold() if col.folded else item) in allowed or (col.ext and item.startswith("ext:")):
                continue
            word = next((v for v in col.vocab if v.casefold() == item.casefold()), None)
            if word is not None and col.kind != "list":
                row.values[col.name] = word
                _say(said, col.name, f"written in other capitals than the format's '{word}'", row.number, item,
                     "it was read as the format's word")
                continue
            shown = ", ".join(col.vocab[:14]) + (", ..." if len(col.vocab) > 14 else "")
            message = f"'{item}' is not one of the format's values ({shown})" + (
                "; a value of your own starts with ext:" if col.ext else "") + "."
            stops = col.required and col.vocab_severity is E
            self.problem(file, row.number, col.name, message + (" The row was not read." if stops else ""),
                         col.vocab_severity)
            if stops:
                row.stops.append(f"{col.name} '{item}' is not one of the format's values")
            return

    def _date(self, spec: FileSpec, file: str, row: _Row, col: Col, value: str, order: str | None,
              said: dict[tuple[str, str], _Said]) -> None:
        read = read_date(value, order)
        if read.date is None:
            written = "YYYY-MM-DD (like 2026-08-24)" if spec.dates == "YYYY-MM-DD" else spec.dates
            self.problem(file, row.number, col.name, f"'{value}' cannot be read as a date: {read.why}. The format "
                         f"writes dates as {written}.")
            row.values[col.name] = ""
            return
        if col.kind == "datetime" and read.form == ISO_WITH_TIME:
            return
        row.values[col.name] = read.date.isoformat()
        own = spec.dates.startswith("MM/DD") and read.form == "month/day/year"      # Clever's own form
        if read.form and not own:
            guess = (" (no date of the column has a day above 12 to show which comes first: month first, as US "
                     "systems write)") if read.guessed and not spec.dates.startswith("MM/DD") else ""
            _say(said, col.name, f"written {read.form}{guess}", row.number, value,
                 f"the format writes {spec.dates}, and it was read as {read.date:%d %B %Y}")

    def lost(self, file: str, target: str, members: dict[str, list[tuple[int, str]]]) -> None:
        """Say, once per class, who is enrolled in a class that is not brought over because its row could not be
        read or its school is unknown (`members`: class id -> (enrollment row, person's name)), so its students
        are not lost unsaid."""
        for section, rows in members.items():
            where = self.unread.get((target, section))
            if where is None:
                continue
            names = ", ".join(name for _, name in rows[:10]) + (f" and {len(rows) - 10:,} more" if len(rows) > 10
                                                                else "")
            why = next((x.why for x in self.left_out if x.where == Where(target, where)), "")
            self.problem(file, rows[0][0], None, f"{_count(len(rows), 'person is', 'people are')} enrolled in the "
                         f"class {section} ({target} row {where}), which is not brought over: {why}. They are not "
                         f"in it in the workbook ({names}): mend the class's row and convert again, or add them by "
                         "hand.", W)

    def left(self, file: str, row: int, kind: str, values: dict[str, str], key: str, why: str) -> None:
        """A record that was read but is not brought over (a reference it needs is missing)."""
        self.unread[(file, values.get(key, ""))] = row
        self.left_out.append(LeftOut(Where(file, row), kind, record_name(values, key), why))

    def _not_read(self, spec: FileSpec, file: str, row: _Row) -> None:
        self.unread[(file, row.values.get(spec.key or "", ""))] = row.number
        self.left_out.append(LeftOut(Where(file, row.number), spec.kind, record_name(row.values, spec.key),
                                     "its row could not be read: " + "; ".join(row.stops) + " (see Problems)"))


def _say(said: dict[tuple[str, str], _Said], column: str, form: str, row: int, value: str, read_as: str) -> None:
    entry = said.get((column, form))
    if entry is None:
        said[(column, form)] = _Said(row, value, read_as)
    else:
        entry.count += 1


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


@functools.lru_cache(maxsize=64)
def _allowed(vocab: tuple[str, ...], folded: bool) -> frozenset[str]:
    return frozenset(v.casefold() for v in vocab) if folded else frozenset(vocab)

