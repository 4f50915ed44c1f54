"""Formats and limits: emails, lengths, whole numbers, and passwords for new students."""
from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import compress

from rosterxl.core.catalog.columns import Column, Kind
from rosterxl.core.model import Issue, Severity, plural
from rosterxl.core.rules.base import APART, Code, Context, LiveCell, cell_indexes, check, quote
from rosterxl.core.tables import Header, Row, Table

E, W = Severity.ERROR, Severity.WARNING
EMAIL_CODE = Code("format.email", "an educator username that is not an email", E)
TOO_SHORT = Code("format.too-short", "shorter than the portal accepts (username < 3, password < 4 characters)", E)
TOO_LONG = Code("format.too-long", "longer than the portal accepts (student ID > 64 characters)", E,
                "error (names and external IDs: warning)")
WHOLE_NUMBER = Code("format.whole-number", "session time not a whole number", E)
OUT_OF_RANGE = Code("format.out-of-range", "session time outside 5-120 minutes", W)
PASSWORD_BLANK = Code("password.blank", "a new student without a password (setting `blank_password`)", W,
                      "warning (`blank_password = \"error\"`: error)")
EMAIL = re.compile(r"^[^\s@\"(),:;<>\[\]\\]+@[^\s@\"(),:;<>\[\]\\.]+(\.[^\s@\"(),:;<>\[\]\\.]+)*\.[A-Za-z]{2,}$")
WHOLE = re.compile(r"^[+]?\d+$")


def is_email(value: str) -> bool:
    local = value.split("@", 1)[0]
    return bool(EMAIL.match(value)) and not local.startswith(".") and not local.endswith(".") and ".." not in local


def _email_fix(value: str) -> str | None:
    for fixed in (value.replace(" ", ""), value.replace(",", "."), value.rstrip("."), value.replace("@@", "@"),
                  value.replace(" ", "").replace(",", ".").rstrip(".")):
        if fixed != value and is_email(fixed):
            return fixed
    return None


def _live(column: Column, at: LiveCell) -> list[str]:
    """Red while a value is too short or too long, not an email, or not a whole number."""
    c, formulas = at.ref, []
    if column.min_length and column.min_length > 1:
        formulas.append(f"AND({at.filled},LEN(TRIM({c}))<{column.min_length})")
    if column.max_length and column.length_severity is Severity.ERROR:
        formulas.append(f"LEN(TRIM({c}))>{column.max_length}")
    if column.kind is Kind.EMAIL:
        formulas.append(f'AND({at.filled},OR(ISERROR(FIND("@",{c})),ISERROR(FIND(".",{c},FIND("@",{c})+2)),'
                        f'ISNUMBER(FIND(" ",TRIM({c})))))')
    if column.kind is Kind.WHOLE_NUMBER:
        formulas.append(f"AND({at.filled},IFERROR(INT(--TRIM({c}))<>--TRIM({c}),TRUE))")
    return formulas


@check("formats", [EMAIL_CODE, TOO_SHORT, TOO_LONG, WHOLE_NUMBER, OUT_OF_RANGE], live=_live)
def formats(ctx: Context, table: Table) -> Iterator[Issue]:
    for header, column in ctx.columns(table, lambda c: c.kind in (Kind.EMAIL, Kind.WHOLE_NUMBER)
                                      or bool(c.min_length or c.max_length)):
        low, high = column.min_length or 0, column.max_length or 10**9
        plain = column.kind not in (Kind.EMAIL, Kind.WHOLE_NUMBER)
        joined = ctx.text(table, header)
        if plain and _fits(ctx.lengths(table, header), joined, low, high):
            continue
        if plain and joined is not None:
            suspects = _misfits(ctx, table, header, joined, low, high)
        else:
            suspects = ctx.rows_where(table, header, lambda value: bool(value) and not (
                plain and low <= len(value) <= high and value[0] != " " and value[-1] != " "))
        for row, value in suspects:
            value = value.strip()
            if not value:
                continue
            shown = quote(column, value) if column.kind is Kind.EMAIL or not low <= len(value) <= high else ""
            if column.kind is Kind.EMAIL and not is_email(value):
                yield ctx.issue(table, header, row.number, EMAIL_CODE,
                                f"{shown} is not an email address. The {column.header} of an {table.entity.noun} "
                                "must be their email, like name@school.org.", _email_fix(value))
            if len(value) < low:
                yield ctx.issue(table, header, row.number, TOO_SHORT.at(column.length_severity),
                                f"{shown} has {plural(len(value), 'character')}; a {column.header.lower()} "
                                f"needs at least {low}.")
            if len(value) > high:
                yield ctx.issue(table, header, row.number, TOO_LONG.at(column.length_severity),
                                f"{shown} has {len(value)} characters; a {column.header.lower()} can have at "
                                f"most {high}.")
            if column.kind is Kind.WHOLE_NUMBER:
                yield from _whole_number(ctx, table, header, row.number, column, value)


def _fits(lengths: frozenset[int], joined: str | None, low: int, high: int) -> bool:
    """True when every value of a column is empty or of a length low..high without a space at either end: a
    look at the column joined together and at its lengths, in C."""
    if joined is None or f"{APART} " in joined or f" {APART}" in joined:
        return False
    lengths = lengths - {0}
    return not lengths or low <= min(lengths) and max(lengths) <= high


EDGE_SPACE = re.compile(r"\x1f | (?=\x1f)")      # a cell of a column's text beginning or ending with a space


def _misfits(ctx: Context, table: Table, header: Header, joined: str, low: int, high: int) -> list[tuple[Row, str]]:
    """The records whose value is too short or too long, or has a space at either end, in record order: the
    lengths judged once each and their cells found in C, the spaces found in the column's text (`joined`,
    Context.text), not a test of every value."""
    values = ctx.values(table, header)
    wrong = {length for length in ctx.lengths(table, header) if length and not low <= length <= high}
    found = set(compress(range(len(values)), map(wrong.__contains__, map(len, values)))) if wrong else set()
    if f"{APART} " in joined or f" {APART}" in joined:
        found.update(cell_indexes(joined, map(re.Match.start, EDGE_SPACE.finditer(joined))))
    records = ctx.records(table)
    return [(records[i], values[i]) for i in sorted(found)]


def _whole_number(ctx, table, header, number, column, value) -> Iterator[Issue]:
    if not WHOLE.match(value):
        yield ctx.issue(table, header, number, WHOLE_NUMBER,
                        f"'{value}' is not a whole number. {column.help}",
                        re.split(r"[.,]", value)[0] if re.fullmatch(r"\d+[.,]0+", value) else None)
        return
    low, high = column.number_range or (None, None)
    if low is not None and not low <= int(value) <= high:
        yield ctx.issue(table, header, number, OUT_OF_RANGE,
                        f"{value} is unusual for {column.header.lower()}: expected {low} to {high}. Check it.")


@check("new students' passwords", [PASSWORD_BLANK])
def blank_passwords(ctx: Context, table: Table) -> Iterator[Issue]:
    setting = ctx.catalog.blank_password
    password = table.header_for("password")
    if table.entity.key != "students" or password is None or setting == "allow":
        return
    database_id = table.header_for("database_id")
    for row, _ in ctx.blank_rows(table, password):       # found in the column's text, not row by row
        if database_id is not None and row.values[database_id.index].strip():
            continue          # an existing student: an empty password keeps the current one
        yield ctx.issue(table, password, row.number, PASSWORD_BLANK.at(E if setting == "error" else W),
                        "This new student has no password. Type one of at least "
                        f"{password.column.min_length or 4} characters, or the student may not be able to sign in.")
