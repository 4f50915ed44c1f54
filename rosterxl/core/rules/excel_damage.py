"""What Excel does to IDs: numbers that lost their leading zeros or their last digits, values turned into
dates."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain
from operator import attrgetter, itemgetter, methodcaller

from rosterxl.core.catalog.columns import Column, Kind
from rosterxl.core.model import Issue, Severity, plural
from rosterxl.core.rules.base import APART, Code, Context, check, quote
from rosterxl.core.tables import Header, Row, Table

E, W = Severity.ERROR, Severity.WARNING
SCIENTIFIC = re.compile(r"^[+-]?\d(?:[.,]\d+)?E[+-]?\d+$", re.IGNORECASE)
DECIMAL_ZERO = re.compile(r"^\d+[.,]0+$")
DATE_LIKE = re.compile(r"^(\d{1,2}-[A-Za-z]{3}(-\d{2,4})?|[A-Za-z]{3}-\d{2,4}|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})$")
# the same, for each value of a column joined by APART (Context.text): spaces around it as strip() takes them
DATE_CELLS = re.compile(r"\x1f([^\S\x1f]*(?:\d{1,2}-[A-Za-z]{3}(?:-\d{2,4})?|[A-Za-z]{3}-\d{2,4}"
                        r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})[^\S\x1f]*)(?=\x1f)")
MAX_EXACT_DIGITS = 15   # Excel keeps 15 significant digits of a number
NUMBER = Code("excel.number", "an ID, username or password Excel stored as a number; IDs shorter than their "
              "zero-padded neighbours", W, "warning (`123.0`: error)")
SCIENTIFIC_CODE = Code("excel.scientific", "`1.23457E+11`: digits lost", E)
DATE = Code("excel.date", "a value Excel turned into a date", E, "error (an ID that may be a date: warning)")
BOOLEAN = Code("excel.boolean", "TRUE or FALSE that Excel stored as yes/no where text is expected (an error in an "
               "ID column)", W,
               "warning (in an ID column: error)")


def _padded_lengths(values: tuple[str, ...], joined: str | None) -> Counter[int]:
    """The lengths of a column's zero-padded IDs (digits only, beginning with 0): the evidence that a shorter
    number lost its zeros. Fewer than two such IDs are no evidence (`joined`, the column as one text, tells when
    fewer than two values begin with 0)."""
    if joined is not None and joined.count(APART + "0") < 2:
        return Counter()
    padded = Counter(map(len, filter(str.isdigit, filter(methodcaller("startswith", "0"), values))))
    padded.pop(1, None)                        # '0' alone is no padding
    return padded if sum(padded.values()) >= 2 else Counter()


@check("excel damage", [NUMBER, SCIENTIFIC_CODE, DATE, BOOLEAN])
def excel_damage(ctx: Context, table: Table) -> Iterator[Issue]:
    typed = _yes_no_and_dates(ctx.typed_rows(table))
    for header in table.headers:
        column = header.column
        i = header.index
        for row in typed.get(i, ()):
            if isinstance(row.raw.get(i), bool):
                identifier = column is not None and column.keeps_digits
                yield ctx.issue(
                    table, header, row.number, BOOLEAN.at(E if identifier else W),
                    f"Excel stored {quote(header, row.values[i])} as a yes/no value, not as text"
                    f"{': an ID cannot be TRUE or FALSE. Type the right value' if identifier else '. If it is meant'}"
                    " in a column formatted as Text.")
            elif isinstance(row.raw.get(i), (dt.date, dt.time, dt.timedelta)):
                yield ctx.issue(
                    table, header, row.number, DATE,
                    f"Excel turned {quote(header, row.values[i])} into a date. Format the column as Text "
                    "(Home > Number > Text) and type the value again.")
        if column is None or column.kind is Kind.WHOLE_NUMBER:
            continue
        if column.keeps_digits:
            yield from _number_ids(ctx, table, header, column)
        elif column.kind in (Kind.LIST, Kind.MULTI_LIST):
            dates = _date_like(ctx, table, header)
            for row, value in _trimmed_in(ctx, table, header, dates) if dates else ():
                value = value.strip()
                if value in dates and not (row.raw and i in row.raw):
                    yield ctx.issue(
                        table, header, row.number, DATE,
                        f"{quote(column, value)} looks like a date that Excel made out of what was typed. "
                        "Format the column as Text and type the value again.")


def _yes_no_and_dates(typed: list[Row]) -> dict[int, list[Row]]:
    """By column index, the typed rows whose cell there Excel stored as yes/no or as a date: one pass over the
    typed cells (a workbook's IDs stored as numbers make every row a typed row)."""
    found: dict[int, list[Row]] = {}
    kinds = set(map(type, chain.from_iterable(map(dict.values, map(attrgetter("raw"), typed)))))   # in C
    if not any(issubclass(kind, YES_NO_OR_DATE) for kind in kinds):
        return found
    for row in typed:
        for i, value in row.raw.items():
            if isinstance(value, YES_NO_OR_DATE):
                found.setdefault(i, []).append(row)
    return found


YES_NO_OR_DATE = (bool, dt.date, dt.time, dt.timedelta)


def _date_like(ctx: Context, table: Table, header: Header) -> set[str]:
    """The values of a column that look like a date once trimmed: each different value judged once where they are
    few (a list column's usually are), else one regex scan of the whole column."""
    joined = ctx.text(table, header)
    if joined is None or _few(ctx, table, header):
        return {v for v in ctx.distinct(table, header) if DATE_LIKE.match(v.strip())}
    return set(DATE_CELLS.findall(joined))


def _few(ctx: Context, table: Table, header: Header) -> bool:
    return len(ctx.distinct(table, header)) * 4 < len(ctx.values(table, header))


def _trimmed_in(ctx: Context, table: Table, header: Header, wanted: set[str]) -> Iterable[tuple[Row, str]]:
    """The records whose value, trimmed, is one of `wanted`: found in C among few different values."""
    if not _few(ctx, table, header):
        return ctx.cells(table, header)
    return ctx.rows_with(table, header, {v for v in ctx.distinct(table, header) if v.strip() in wanted})


def _number_ids(ctx: Context, table: Table, header: Header, column: Column) -> Iterator[Issue]:
    i = header.index
    values = ctx.values(table, header)
    padded = _padded_lengths(values, ctx.text(table, header))
    shortest = min(padded) if padded else 0
    # text that starts like a number and is not a plain run of enough digits, and typed cells
    suspects = ctx.rows_with(table, header, _suspects(ctx, table, header, shortest))
    seen = {row.number for row, _ in suspects}
    numbers = [row for row in ctx.typed_rows(table) if i in row.raw]
    usual = _usual_length(list(filter(str.isdigit, values)), len(values)) if numbers else None   # typed numbers
    # numbers no shorter than their neighbours: said once, on the header
    typed: list[tuple[int, int]] = _plain_numbers(numbers, i, max(shortest, usual or 0)) or []
    suspects += [(row, row.values[i]) for row in numbers if row.number not in seen] if not typed else []
    for row, value in sorted(suspects, key=lambda pair: pair[0].number) if numbers else suspects:
        value = value.strip()
        raw = row.raw.get(i) if row.raw else None
        if raw is None and not (value[:1].isdigit() or value[:1] in "+-"):
            continue
        shown = quote(column, value)
        number = isinstance(raw, (int, float)) and not isinstance(raw, bool)
        if number and (not float(raw).is_integer() or abs(raw) >= 10 ** MAX_EXACT_DIGITS):
            yield ctx.issue(
                table, header, row.number, SCIENTIFIC_CODE,
                f"Excel stored {shown} as a number and kept only {MAX_EXACT_DIGITS} digits, so the "
                "rest are lost. Format the column as Text and type the full value again.")
        elif value.isdigit() and len(value) < shortest:
            yield _shorter(ctx, table, header, row.number, value, padded, ctx.distinct(table, header), number)
        elif number and usual and value.isdigit() and len(value) < usual:
            yield ctx.issue(
                table, header, row.number, NUMBER,
                f"Excel stored {shown} as a number, and it has {len(value)} digits where the other IDs here "
                f"have {usual}: its leading zeros may be gone. Check it against your records, and type it "
                "again in a column formatted as Text.")
        elif number:
            typed.append((row.number, len(value)))
        elif SCIENTIFIC.match(value):
            yield ctx.issue(
                table, header, row.number, SCIENTIFIC_CODE,
                f"{shown} is in scientific notation: Excel rounded a long number and its digits are "
                "lost. Type the full value again in a column formatted as Text.")
        elif raw is None and _is_date(value):
            yield ctx.issue(
                table, header, row.number, DATE.at(W),
                f"{shown} looks like a date, not an ID: Excel may have turned the ID into a date, or a date was "
                f"typed into the wrong column. Check it against your records and type the ID in a column "
                "formatted as Text.")
        elif DECIMAL_ZERO.match(value):
            yield ctx.issue(
                table, header, row.number, NUMBER.at(E),
                f"{shown} ends in a decimal part ('.0'): it was saved from a number. Remove the "
                "decimal part and check that no leading zeros were lost.",
                None if column.secret else re.split(r"[.,]", value)[0])
    if typed:
        yield _typed_numbers(ctx, table, header, typed, padded, usual)


def _suspect(value: str, shortest: int) -> bool:
    """Text that starts like a number and is not a plain run of at least `shortest` digits."""
    return (value[:1].isdigit() or value[:1] in "+-") and not (value.isdigit() and len(value) >= shortest)


# A value that may be said something of (its first character a digit or a sign; the rest digits, signs, '.', ',',
# '/' or E; spaces after it), as a cell of Context.text: more than those, never fewer. Letters and digits beyond
# ASCII stay in (str.isdigit() takes '²' and '٣'); a plain run of `shortest` ASCII digits or more is left out.
SUSPECT_CELLS = r"\x1f(?![0-9]{{{0},}}\x1f)((?:[^\W_A-Za-z]|[+-])(?:[^\W_A-DF-Za-df-z]|[+\-.,/])*[^\S\x1f]*)(?=\x1f)"


def _suspects(ctx: Context, table: Table, header: Header, shortest: int) -> set[str]:
    """The column's different values that are suspects (_suspect), found by one regex scan of the whole column and
    judged once each; every value judged where a value holds the separator."""
    joined = ctx.text(table, header)
    found = ctx.distinct(table, header) if joined is None else \
        set(re.findall(SUSPECT_CELLS.format(max(shortest, 1)), joined))
    return {v for v in found if _suspect(v, shortest)}


def _plain_numbers(numbers: list[Row], i: int, shortest: int) -> list[tuple[int, int]] | None:
    """When every typed cell of a column is a whole number Excel keeps exactly, with at least `shortest` digits
    (the zero-padded IDs' and the usual length), each row's number and digits, found in C: nothing to say of any
    but the one sentence on the header. None otherwise (each is judged alone)."""
    raws = list(map(itemgetter(i), map(attrgetter("raw"), numbers)))
    if not raws or not set(map(type, raws)) <= {int, float} or max(map(abs, raws)) >= 10 ** MAX_EXACT_DIGITS \
            or not all(map(float.is_integer, map(float, raws))):
        return None
    values = list(map(str.strip, map(itemgetter(i), map(attrgetter("values"), numbers))))
    lengths = list(map(len, values))
    if not all(map(str.isdigit, values)) or min(lengths) < shortest:
        return None
    return list(zip(map(attrgetter("number"), numbers), lengths))


def _shorter(ctx: Context, table: Table, header: Header, row: int, value: str, padded: Counter[int],
             known: set[str], number: bool) -> Issue:
    """A number shorter than every zero-padded ID of its column; the padded value is the suggestion when the
    padded IDs have one length and it is no other row's ID."""
    lengths = sorted(padded)
    have = str(lengths[0]) if len(lengths) == 1 else f"{lengths[0]} to {lengths[-1]}"
    pad = value.zfill(lengths[0]) if len(lengths) == 1 else None
    if pad in known:
        pad = None
    stored = "Excel stored it as a number, and " if number else ""
    hint = f" If it is {pad!r}, type it so" if pad else " Type it with its zeros"
    return ctx.issue(
        table, header, row, NUMBER,
        f"{quote(header.column, value)} has {len(value)} digits where the zero-padded IDs of this column have "
        f"{have}: {stored}its leading zeros may be gone. Check it against your "
        f"records.{hint} in a column formatted as Text.", pad, likely=True)


def _typed_numbers(ctx: Context, table: Table, header: Header, typed: list[tuple[int, int]],
                   padded: Counter[int], usual: int | None) -> Issue:
    """The numbers that are no shorter than their neighbours, said once on the header, in words true of each."""
    where = ", ".join(f"{header.letter}{n}" for n, _ in typed[:3]) + (" ..." if len(typed) > 3 else "")
    lengths = {length for _, length in typed}
    expected = set(padded) or ({usual} if usual else set())
    one = len(typed) == 1
    if expected and lengths == expected and len(expected) == 1:
        lost = (f"{'It has' if one else 'They all have'} as many digits as the others here, so no leading "
                "zeros seem lost, but Excel drops them from new ones")
    elif padded:
        lost = (f"{'It is not' if one else 'None of them is'} shorter than the zero-padded IDs here, so no leading "
                "zeros seem lost, but Excel drops them from new ones")
    else:
        lost = "If any began with zeros, they are gone: check them against your records"
    return ctx.issue(
        table, header, table.header_row, NUMBER,
        f"Excel stored {plural(len(typed), 'value')} of this column as numbers ({where}). {lost}. Format the "
        "column as Text (Home > Number > Text).")


def _is_date(value: str) -> bool:
    """A calendar date as Excel writes one (3/12/2025, 2025-03-12, 12.03.25)."""
    if "/" not in value and "." not in value and "-" not in value:
        return False
    parts = re.split(r"[/.-]", value)
    if len(parts) != 3 or not all(p.isdecimal() for p in parts) or len(set(re.findall(r"[/.-]", value))) != 1:
        return False
    a, b, c = (int(p) for p in parts)
    if len(parts[0]) == 4:
        return 1 <= b <= 12 and 1 <= c <= 31
    return len(parts[2]) in (2, 4) and ((1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31))


def _usual_length(digits: list[str], count: int) -> int | None:
    """The length most of a column's digit-only values share (when most of its `count` values are digits only)."""
    lengths = Counter(map(len, digits))
    if not lengths or sum(lengths.values()) * 2 < count:
        return None
    length, most = lengths.most_common(1)[0]
    return length if most * 2 > sum(lengths.values()) else None
