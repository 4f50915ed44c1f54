"""What Excel does to IDs: numbers that lost their leading zeros or their last digits, values turned into
dates."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator

from rosterxl.core.catalog.columns import Column, Kind
from rosterxl.core.model import Issue, Severity, plural
from rosterxl.core.rules.base import Code, Context, check, quote
from rosterxl.core.tables import Header, Table

E, W = Severity.ERROR, Severity.WARNING
SCIENTIFIC = re.compile(r"^[+-]?\d(?:[.,]\d+)?E[+-]?\d+$", re.IGNORECASE)
DECIMAL_ZERO = re.compile(r"^\d+[.,]0+$")
DATE_LIKE = re.compile(r"^(\d{1,2}-[A-Za-z]{3}(-\d{2,4})?|[A-Za-z]{3}-\d{2,4}|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})$")
MAX_EXACT_DIGITS = 15   # Excel keeps 15 significant digits of a number
NUMBER = Code("excel.number", "an ID, username or password Excel stored as a number; IDs shorter than their "
              "zero-padded neighbours", W, "warning (`123.0`: error)")
SCIENTIFIC_CODE = Code("excel.scientific", "`1.23457E+11`: digits lost", E)
DATE = Code("excel.date", "a value Excel turned into a date", E)
BOOLEAN = Code("excel.boolean", "TRUE or FALSE that Excel stored as yes/no where text is expected (an error in an "
               "ID column)", W)


def _digits_pattern(values: tuple[str, ...]) -> int | None:
    """The length of this column's zero-padded IDs, when most digit-only IDs are zero-padded to one length."""
    digit_values = [v for v in values if v.isdigit()]
    if len(digit_values) < 5 or len(digit_values) * 2 < len(values):
        return None
    padded = Counter(len(v) for v in digit_values if v[0] == "0")
    if not padded:
        return None
    length, count = padded.most_common(1)[0]
    return length if count * 2 >= len(digit_values) else None


@check("excel damage", [NUMBER, SCIENTIFIC_CODE, DATE, BOOLEAN])
def excel_damage(ctx: Context, table: Table) -> Iterator[Issue]:
    typed = ctx.typed_rows(table)
    for header in table.headers:
        column = header.column
        i = header.index
        for row in typed:
            if isinstance(row.raw.get(i), bool):
                identifier = column is not None and column.keeps_digits
                yield ctx.issue(
                    table, header, row.number, "excel.boolean", E if identifier else W,
                    f"Excel stored {quote(header, row.values[i])} as a yes/no value, not as text"
                    f"{': an ID cannot be TRUE or FALSE. Type the right value' if identifier else '. If it is meant'}"
                    " in a column formatted as Text.")
            elif isinstance(row.raw.get(i), (dt.date, dt.time, dt.timedelta)):
                yield ctx.issue(
                    table, header, row.number, "excel.date", E,
                    f"Excel turned {quote(header, row.values[i])} into a date. Format the column as Text "
                    "(Home > Number > Text) and type the value again.")
        if column is None or column.kind is Kind.WHOLE_NUMBER:
            continue
        if column.keeps_digits:
            yield from _number_ids(ctx, table, header, column)
        elif column.kind in (Kind.LIST, Kind.MULTI_LIST):
            dates = {v for v in set(ctx.values(table, header)) if DATE_LIKE.match(v.strip())}
            for row, value in ctx.cells(table, header) if dates else ():
                value = value.strip()
                if value in dates and not (row.raw and i in row.raw):
                    yield ctx.issue(
                        table, header, row.number, "excel.date", E,
                        f"{quote(column, value)} looks like a date that Excel made out of what was typed. "
                        "Format the column as Text and type the value again.")


def _number_ids(ctx: Context, table: Table, header: Header, column: Column) -> Iterator[Issue]:
    i = header.index
    values = ctx.values(table, header)
    padded_length = _digits_pattern(values)
    usual = _usual_length(values)
    shortest = padded_length or 0
    # text that starts like a number and is not a plain run of enough digits, and typed cells
    suspects = list(ctx.rows_where(table, header, lambda v: (v[:1].isdigit() or v[:1] in "+-")
                                   and not (v.isdigit() and len(v) >= shortest)))
    seen = {row.number for row, _ in suspects}
    suspects += [(row, row.values[i]) for row in ctx.typed_rows(table) if i in row.raw and row.number not in seen]
    typed: list[int] = []           # numbers of one length with their neighbours: said once, on the header
    for row, value in sorted(suspects, key=lambda pair: pair[0].number):
        value = value.strip()
        raw = row.raw.get(i) if row.raw else None
        if raw is None and not (value[:1].isdigit() or value[:1] in "+-"):
            continue
        shown = quote(column, value)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            if not float(raw).is_integer() or abs(raw) >= 10 ** MAX_EXACT_DIGITS:
                yield ctx.issue(
                    table, header, row.number, "excel.scientific", E,
                    f"Excel stored {shown} as a number and kept only {MAX_EXACT_DIGITS} digits, so the "
                    "rest are lost. Format the column as Text and type the full value again.")
                continue
            expected = padded_length or usual
            if expected and value.isdigit() and len(value) < expected:
                pad = _pad(value, padded_length)
                yield ctx.issue(
                    table, header, row.number, "excel.number", W,
                    f"Excel stored {shown} as a number, and it has {len(value)} digits where the other IDs here "
                    f"have {expected}: its leading zeros may be gone. Check it against your records, and type it "
                    "again in a column formatted as Text.", pad)
            else:
                typed.append(row.number)
        elif SCIENTIFIC.match(value):
            yield ctx.issue(
                table, header, row.number, "excel.scientific", E,
                f"{shown} is in scientific notation: Excel rounded a long number and its digits are "
                "lost. Type the full value again in a column formatted as Text.")
        elif DECIMAL_ZERO.match(value):
            yield ctx.issue(
                table, header, row.number, "excel.number", E,
                f"{shown} ends in a decimal part ('.0'): it was saved from a number. Remove the "
                "decimal part and check that no leading zeros were lost.",
                None if column.secret else re.split(r"[.,]", value)[0])
        elif padded_length and value.isdigit() and len(value) < padded_length:
            yield ctx.issue(
                table, header, row.number, "excel.number", W,
                f"{shown} has {len(value)} digits where the other IDs have {padded_length}: Excel may "
                "have dropped its leading zeros. Check it against your records.", _pad(value, padded_length))
    if typed:
        where = ", ".join(f"{header.letter}{n}" for n in typed[:3]) + (" ..." if len(typed) > 3 else "")
        each = "It has" if len(typed) == 1 else "They all have"
        lost = (f"{each} as many digits as the others here, so no leading zeros seem lost, but Excel drops them "
                "from new ones" if usual or padded_length else
                "If any began with zeros, they are gone: check them against your records")
        yield ctx.issue(
            table, header, table.header_row, "excel.number", W,
            f"Excel stored {plural(len(typed), 'value')} of this column as numbers ({where}). {lost}. Format the "
            "column as Text (Home > Number > Text).")


def _usual_length(values: tuple[str, ...]) -> int | None:
    """The length most of a column's digit-only values share (when most values are digits only)."""
    lengths = Counter(len(v) for v in values if v.isdigit())
    if not lengths or sum(lengths.values()) * 2 < len(values):
        return None
    length, count = lengths.most_common(1)[0]
    return length if count * 2 > sum(lengths.values()) else None


def _pad(value: str, length: int | None) -> str | None:
    return value.zfill(length) if length and value.isdigit() and len(value) < length else None
