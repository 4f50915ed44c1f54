"""What a check is (a declared unit: its codes, how it judges, its live form in a template) and what
every check gets: the tables being checked together, the catalog, and one way to make an Issue."""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field, replace
from itertools import chain, compress, filterfalse
from operator import attrgetter
from typing import Any

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.catalog.columns import Column, Kind, normalise_value
from rosterxl.core.catalog.matching import ListMatcher
from rosterxl.core.model import Issue, Severity
from rosterxl.core.roundtrip import Changes, changes
from rosterxl.core.tables import Header, Row, Table, sample_row_numbers
from rosterxl.core.text import clean_text

Judge = Callable[["Context", Table], Iterable[Issue]]
SHEET_EVIDENCE = "Classes/Groups sheet"    # a list's source: the schools the workbook's own classes name


@dataclass(frozen=True)
class Code:
    """One kind of problem a check finds. The code never changes meaning: config keys and JSON use it."""

    code: str
    finds: str                 # what it finds, in plain words
    severity: Severity         # its default severity
    default: str = ""          # the default in words, where it depends on the column ("error (products: warning)")

    @property
    def default_text(self) -> str:
        return self.default or self.severity.value

    def at(self, severity: Severity) -> Code:
        """The same code raised at another severity, where its declaration says that it depends (`default`)."""
        if severity is self.severity:
            return self
        if not self.default:
            raise ValueError(f"{self.code} is declared a {self.severity.value}; it declares no other severity")
        return replace(self, severity=severity)


@dataclass(frozen=True)
class LiveCell:
    """Where a template's live check looks: the first data cell of a column (Excel shifts the formula down)."""

    letter: str                # the column's letter
    last: str                  # the letter of the sheet's last column
    lists: dict[str, str]      # list name -> the defined name of its dropdown values
    first_row: int
    last_row: int

    @property
    def ref(self) -> str:
        return f"{self.letter}{self.first_row}"

    @property
    def filled(self) -> str:
        return f"LEN(TRIM({self.ref}))>0"


Live = Callable[[Column, LiveCell], list[str]]


@dataclass(frozen=True)
class Check:
    """A check: its name, the codes it raises, how it judges a table, and the conditional-format formulas
    (TRUE when a cell is wrong) by which a template shows it live, where it has them."""

    name: str
    codes: tuple[Code, ...]
    judge: Judge
    live: Live | None = None

    def __call__(self, ctx: Context, table: Table) -> Iterable[Issue]:
        return self.judge(ctx, table)


def check(name: str, codes: tuple[Code, ...] | list[Code], live: Live | None = None) -> Callable[[Judge], Check]:
    """Declare a check around the function that judges. The registry (rules/__init__.py) sets the order."""
    def declare(judge: Judge) -> Check:
        return Check(name, tuple(codes), judge, live)
    return declare


@dataclass
class Context:
    catalog: Catalog
    tables: list[Table]
    _records: dict[int, list[Row]] = field(default_factory=dict)
    _matchers: dict[str, ListMatcher] = field(default_factory=dict)
    _columns: dict[int, list[tuple[tuple[str, ...], str | None]]] = field(default_factory=dict)
    _samples: dict[int, set[int]] = field(default_factory=dict)
    _changes: dict[int, Changes | None] = field(default_factory=dict)
    _once: dict[str, Any] = field(default_factory=dict)
    _rows: dict[int, dict[int, Row]] = field(default_factory=dict)
    _distinct: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)
    _lengths: dict[tuple[int, int], frozenset[int]] = field(default_factory=dict)
    _said: dict[tuple[int, str | None], tuple[str, str, bool, Header | None]] = field(default_factory=dict)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """What a check derives from all the tables together, computed for the first table and kept for the
        others."""
        if key not in self._once:
            self._once[key] = compute()
        return self._once[key]

    def records(self, table: Table) -> list[Row]:
        """The rows to check and save: not empty, not one of the template's sample rows."""
        key = id(table)
        if key not in self._records:
            samples = self.samples(table)
            records = table.records()
            self._records[key] = [r for r in records if r.number not in samples] if samples else records
        return self._records[key]

    def samples(self, table: Table) -> set[int]:
        """Row numbers of the rows that still equal a sample row of the template."""
        if id(table) not in self._samples:
            self._samples[id(table)] = sample_row_numbers(table)
        return self._samples[id(table)]

    def rows_where(self, table: Table, header: Header, test: Callable[[str], bool]) -> list[tuple[Row, str]]:
        """The records whose value in one column passes the test (one pass over the values: for a cheap test,
        cheaper than a set of the distinct values)."""
        records = self.records(table)
        values = self.values(table, header)
        return [(records[i], values[i]) for i in [i for i, v in enumerate(values) if test(v)]]

    def rows_with(self, table: Table, header: Header, wanted: Collection[str]) -> list[tuple[Row, str]]:
        """The records whose value in one column is one of `wanted`, in record order, found in C: one or two
        values by a search of the column's text (it lies in one run of memory: the values themselves need not be
        read), more by a look in the set for each value."""
        if not wanted:
            return []
        records, values, text = self.records(table), self.values(table, header), self.text(table, header)
        if len(wanted) > 2:
            found: Iterable[int] = compress(range(len(values)), map(wanted.__contains__, values))
        elif text is not None:
            found = sorted(chain.from_iterable(cell_indexes(text, _cells_of(text, v)) for v in wanted))
        else:
            found = sorted(chain.from_iterable(_places(values, v) for v in wanted))
        return [(records[i], values[i]) for i in found]

    def blank_rows(self, table: Table, header: Header) -> list[tuple[Row, str]]:
        """The records whose value in one column is empty or only spaces, found in C (in the column's text)."""
        text = self.text(table, header)
        if text is None:
            return self.rows_with(table, header, set(filterfalse(str.strip, self.values(table, header))))
        records, values = self.records(table), self.values(table, header)
        return [(records[i], values[i]) for i in cell_indexes(text, (m.start() for m in BLANK_CELL.finditer(text)))]

    def distinct(self, table: Table, header: Header) -> frozenset[str]:
        """The different values of one column: a check judges each once, then finds the rows of the bad ones."""
        key = (id(table), header.index)
        if key not in self._distinct:
            self._distinct[key] = frozenset(self.values(table, header))
        return self._distinct[key]

    def known_distinct(self, table: Table, header: Header) -> frozenset[str] | None:
        """The different values of one column when an earlier check has asked for them, else None (making them
        costs more than a look at the column's text, where nearly every value is different)."""
        return self._distinct.get((id(table), header.index))

    def lengths(self, table: Table, header: Header) -> frozenset[int]:
        """The different lengths of one column's values, counted in C (formats and text both ask)."""
        key = (id(table), header.index)
        if key not in self._lengths:
            self._lengths[key] = frozenset(map(len, self.values(table, header)))
        return self._lengths[key]

    def values(self, table: Table, header: Header) -> tuple[str, ...]:
        """Every record's value in one column, in record order."""
        columns = self._transposed(table)
        return columns[header.index][0] if columns else ()

    def text(self, table: Table, header: Header) -> str | None:
        """One column as one text, each value between two APART characters, for a look at all of it in C: a
        test that finds nothing there spares the value by value look (None when a value holds APART)."""
        columns = self._transposed(table)
        return columns[header.index][1] if columns else APART

    def _transposed(self, table: Table) -> list[tuple[tuple[str, ...], str | None]]:
        key = id(table)
        if key not in self._columns:       # one transposition of the whole sheet, done in C
            records = self.records(table)
            relaid = len(records) > RELAID_FROM
            self._columns[key] = [_compact(c, relaid) for c in _columns(records)] if records else []
        return self._columns[key]

    def changes(self, table: Table) -> Changes | None:
        """What changed since the portal's export, for a sheet made by open-export; None otherwise."""
        if id(table) not in self._changes:
            self._changes[id(table)] = changes(table, self.records(table), self.matchers())
        return self._changes[id(table)]

    def release(self) -> None:
        """Forget the column copies made for checking (they come back if asked for): memory for what follows."""
        self._columns.clear()
        self._distinct.clear()
        self._lengths.clear()

    def typed_rows(self, table: Table) -> list[Row]:
        """Records with cells Excel did not keep as text (numbers, dates); none in a CSV file."""
        if table.from_csv:
            return []
        return self.once(f"typed rows {id(table)}", lambda: list(compress(self.records(table),
                                                                          map(attrgetter("raw"), self.records(table)))))

    def cells(self, table: Table, header: Header) -> Iterator[tuple[Row, str]]:
        """Each record with its value in one column."""
        return zip(self.records(table), self.values(table, header))

    def matcher(self, list_name: str) -> ListMatcher:
        """The list a column's values are checked against. With no list of schools in the config or the
        template, the schools the Classes/Groups sheet names are the evidence."""
        if list_name not in self._matchers:
            allowed = self.catalog.lists[list_name]
            if list_name == "ClassGroup":
                allowed = replace(allowed, values=tuple(dict.fromkeys(
                    [*allowed.values, *(name for name, _ in self.known_classes())])))
            elif list_name == "Organization" and allowed.is_open:
                schools = tuple(dict.fromkeys(org for _, org in self.known_classes() if org))
                if schools:
                    allowed = replace(allowed, values=schools, source=SHEET_EVIDENCE)
            self._matchers[list_name] = ListMatcher(allowed)
        return self._matchers[list_name]

    def known_classes(self) -> list[tuple[str, str]]:
        """(class/group name, organization) from the Classes/Groups sheets and the district config."""
        return self.once("known classes", self._known_classes)

    def _known_classes(self) -> list[tuple[str, str]]:
        known = list(self.catalog.classes)
        for table in self.tables_of("classes"):
            name, org = table.header_for("class_name"), table.header_for("organization")
            if name is None:
                continue
            for row in self.records(table):
                if row.values[name.index].strip():
                    known.append((row.values[name.index].strip(), row.values[org.index].strip() if org else ""))
        return known

    def matchers(self) -> dict[str, ListMatcher]:
        return {name: self.matcher(name) for name in self.catalog.lists}

    def columns(self, table: Table, predicate: Callable[[Column], bool]) -> Iterator[tuple[Header, Column]]:
        for header in table.headers:
            if header.column is not None and predicate(header.column):
                yield header, header.column

    def tables_of(self, entity_key: str) -> list[Table]:
        return [t for t in self.tables if t.entity.key == entity_key]

    def issue(self, table: Table, header: Header | None, row: int, code: Code, message: str,
              suggestion: str | None = None, column_name: str | None = None, certain: bool = False,
              likely: bool = False) -> Issue:
        said = self._said.get((id(header), column_name))
        if said is None:               # what an issue says of its column, worked out once for each
            name = column_name or (header.column.csv_header(header.text) if header and header.column else
                                   header.text if header else "")
            said = self._said[(id(header), column_name)] = (name, header.letter if header else "A",
                                                             header is not None and header.secret, header)
        name, letter, secret, _ = said         # (the header kept: its id stays its own)
        if secret:
            suggestion = None          # a password is never shown back, not even as a suggestion
            message = self._hidden(table, header, row, message)
        if message[:1].islower():
            message = message[0].upper() + message[1:]
        return Issue(
            entity=table.entity.name, sheet=table.sheet, row=row, column=name, cell=f"{letter}{row}",
            code=code.code, severity=self.catalog.severity(code.code, name, code.severity), message=message,
            suggestion=suggestion, certain=certain and suggestion is not None,
            likely=likely and not certain and suggestion is not None, file=table.source)

    def _hidden(self, table: Table, header: Header, row: int, message: str) -> str:
        """The message with the secret cell's value taken out, whatever the check wrote: the last guard."""
        if id(table) not in self._rows:          # indexed for the tables that have a secret cell's issue only
            mine = any(t is table for t in self.tables)
            self._rows[id(table)] = {r.number: r for r in table.rows} if mine else {}
        found = self._rows[id(table)].get(row)
        value = found.values[header.index] if found is not None and header.index < len(found.values) else ""
        for part in dict.fromkeys((value, value.strip(), clean_text(value))):
            if len(part) >= 3 and part in message:
                message = message.replace(part, "…")
        return message


def _cells_of(text: str, value: str) -> Iterator[int]:
    """Where a value is a whole cell of a column's text: the positions of the APART before it, in order."""
    if APART in value:
        return
    needle = f"{APART}{value}{APART}"
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + len(value) + 1)      # the APART after it begins the next cell


def cell_indexes(text: str, positions: Iterable[int]) -> Iterator[int]:
    """The record indexes of cells at increasing positions of a column's text (the APARTs before each, counted in
    C from one to the next)."""
    index, last = -1, 0
    for at in positions:
        index += text.count(APART, last, at + 1)
        last = at + 1
        yield index


BLANK_CELL = re.compile(r"\x1f(?=[^\S\x1f]*\x1f)")     # an APART that begins an empty or all-spaces cell


def _places(values: tuple[str, ...], value: str) -> Iterator[int]:
    """Where a value is in a column, in order."""
    at = -1
    with suppress(ValueError):
        while True:
            at = values.index(value, at + 1)
            yield at


def _columns(records: list[Row]) -> Iterable[tuple[str, ...]]:
    """The records' values column by column: when every record has as many values (as a table makes them), every
    value in one tuple and each column a slice of it, in C (twice as fast as zip(*rows), which calls on each row's
    iterator for every value); else as zip makes them (as many columns as the shortest record has values)."""
    rows = list(map(attrgetter("values"), records))
    widths = set(map(len, rows))
    if len(widths) != 1:
        return zip(*rows)
    width = widths.pop()
    cells = tuple(chain.from_iterable(rows))
    return (cells[i::width] for i in range(width))      # one column at a time: the memory of one more column


def _compact(values: tuple[str, ...], relaid: bool) -> tuple[tuple[str, ...], str | None]:
    """The column as one text, each value between two APART characters (None when a value holds APART itself),
    and its values; `relaid`: as new strings laid out one after another in memory (each check reads a whole
    column; with 100,000 rows, strings scattered across rows make every read a cache miss)."""
    blob = APART.join(values)
    if relaid:
        again = blob.split(APART)
        if len(again) != len(values):       # a cell holds the separator itself: keep as is
            return values, None
        return tuple(again), f"{APART}{blob}{APART}"
    if blob.count(APART) != len(values) - 1:
        return values, None
    return values, f"{APART}{blob}{APART}"


# A sheet of this many records and fewer fits the processor's cache: making its values anew costs more than it
# saves (measured: 10,000 records checked 4 ms faster without; 25,000 even; 50,000 55 ms slower, 100,000 150 ms)
RELAID_FROM = 20_000
APART = "\x1f"


def printable(joined: str) -> bool:
    """True when no value of a column's text (Context.text) holds a character str.isprintable refuses (invisible
    characters, line breaks, tabs, odd spaces), the APARTs aside: for text in the first 256 code points (most
    rosters), a table look-up of its bytes in C, four times faster than the text's own test."""
    data = _latin1(joined)
    if data is None:
        return joined.replace(APART, "").isprintable()
    return not data.translate(None, LATIN1_PRINTABLE)


def casefolded(joined: str) -> str:
    """A column's text casefolded: for text in the first 256 code points without 'ß' and 'µ' (the two whose
    casefold leaves them), a table look-up of its bytes in C, ten times faster than str.casefold."""
    data = _latin1(joined)
    if data is None or b"\xdf" in data or b"\xb5" in data:
        return joined.casefold()
    return data.translate(LATIN1_CASEFOLD).decode("latin-1")


def _latin1(joined: str) -> bytes | None:
    try:
        return joined.encode("latin-1")
    except UnicodeEncodeError:
        return None


# the bytes of the characters str.isprintable takes, and the APART: what `printable` deletes
LATIN1_PRINTABLE = bytes(c for c in range(256) if chr(c).isprintable() or chr(c) == APART)
_CAPITALS = bytes([*range(0x41, 0x5B), *range(0xC0, 0xD7), *range(0xD8, 0xDF)])      # A-Z, À-Ö, Ø-Þ
LATIN1_CASEFOLD = bytes.maketrans(_CAPITALS, bytes(c + 32 for c in _CAPITALS))


def blanks(values: frozenset[str]) -> frozenset[str]:
    """The values that are empty or only spaces, found in C (str.isspace takes the spaces str.strip takes, and makes
    no new text)."""
    return frozenset(filter(str.isspace, values)) | (values & EMPTY)


EMPTY = frozenset([""])


def quote(column: Column | Header | None, value: str) -> str:
    """A value as a message shows it; a password (of a catalog column, or under a header that names a secret,
    catalog.secrets) is never shown."""
    if column is not None and column.secret:
        return "this password"
    shown = value if len(value) <= 60 else value[:57] + "..."
    return f"'{shown}'"


def is_list_column(column: Column) -> bool:
    return column.kind in (Kind.LIST, Kind.MULTI_LIST) and column.list_name is not None


def same(a: str, b: str) -> bool:
    return normalise_value(a) == normalise_value(b)
