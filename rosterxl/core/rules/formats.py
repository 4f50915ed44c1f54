"""Formats and limits: emails, lengths, whole numbers, and passwords for new students."""
from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import compress
from operator import methodcaller

from rosterxl.core.catalog.columns import Column, Kind
from rosterxl.core.model import Issue, Severity, plural
from rosterxl.core.rules.base import Code, Context, LiveCell, blanks, check, quote
from rosterxl.core.tables import Table

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
    """Each distinct value is judged once, and only those that may be wrong (found in C) are looked at."""
    for header, column in ctx.columns(table, lambda c: c.kind in (Kind.EMAIL, Kind.WHOLE_NUMBER)
                                      or bool(c.min_length or c.max_length)):
        judged = {value: found for value in _suspects(ctx.distinct(table, header), column)
                  if (found := _findings(column, table.entity.noun, value))}
        for row, value in ctx.rows_with(table, header, judged):
            for code, message, suggestion in judged[value]:
                yield ctx.issue(table, header, row.number, code, message, suggestion)


def _limits(column: Column) -> tuple[int, int]:
    return column.min_length or 0, column.max_length or 10**9


def _suspects(values: frozenset[str], column: Column) -> set[str]:
    """The values that may have a format issue: every value that is not plainly right."""
    low, high = _limits(column)
    values = values - {""}
    if column.kind is Kind.WHOLE_NUMBER:
        return set(values)
    edged = values - set(map(str.strip, values))     # spaces, line breaks... at the start or end
    if column.kind is Kind.EMAIL:
        right = set(filter(EMAIL.match, values)) - edged
        looked = "\x00" + "\x00".join(right)
        if "\x00." in looked or ".@" in looked or ".." in looked:
            right = set(filter(is_email, right))
        return values - (right - _misfits(right, low, high))
    return _misfits(values, low, high) | (values - set(map(methodcaller("strip", " "), values)))


def _misfits(values: set[str] | frozenset[str], low: int, high: int) -> set[str]:
    """The values whose length is outside low..high."""
    ordered = tuple(values)
    wrong = {n for n in set(map(len, ordered)) if not low <= n <= high}
    return set(compress(ordered, map(wrong.__contains__, map(len, ordered)))) if wrong else set()


Finding = tuple[Code, str, "str | None"]


def _findings(column: Column, noun: str, value: str) -> list[Finding]:
    value = value.strip()
    if not value:
        return []
    low, high = _limits(column)
    shown = quote(column, value) if column.kind is Kind.EMAIL or not low <= len(value) <= high else ""
    found: list[Finding] = []
    if column.kind is Kind.EMAIL and not is_email(value):
        found.append((EMAIL_CODE, f"{shown} is not an email address. The {column.header} of an {noun} must be "
                      "their email, like name@school.org.", _email_fix(value)))
    if len(value) < low:
        found.append((TOO_SHORT.at(column.length_severity), f"{shown} has {plural(len(value), 'character')}; a "
                      f"{column.header.lower()} needs at least {low}.", None))
    if len(value) > high:
        found.append((TOO_LONG.at(column.length_severity), f"{shown} has {len(value)} characters; a "
                      f"{column.header.lower()} can have at most {high}.", None))
    if column.kind is Kind.WHOLE_NUMBER:
        found.extend(_whole_number(column, value))
    return found


def _whole_number(column: Column, value: str) -> list[Finding]:
    if not WHOLE.match(value):
        return [(WHOLE_NUMBER, f"'{value}' is not a whole number. {column.help}",
                 re.split(r"[.,]", value)[0] if re.fullmatch(r"\d+[.,]0+", value) else None)]
    low, high = column.number_range or (None, None)
    if low is not None and not low <= int(value) <= high:
        return [(OUT_OF_RANGE, f"{value} is unusual for {column.header.lower()}: expected {low} to {high}. Check it.",
                 None)]
    return []


@check("new students' passwords", [PASSWORD_BLANK])
def blank_passwords(ctx: Context, table: Table) -> Iterator[Issue]:
    setting = ctx.catalog.blank_password
    password = table.header_for("password")
    if table.entity.key != "students" or password is None or setting == "allow":
        return
    database_id = table.header_for("database_id")
    for row, _ in ctx.rows_with(table, password, blanks(ctx.distinct(table, password))):
        if database_id is not None and row.values[database_id.index].strip():
            continue          # an existing student: an empty password keeps the current one
        yield ctx.issue(table, password, row.number, PASSWORD_BLANK.at(E if setting == "error" else W),
                        "This new student has no password. Type one of at least "
                        f"{password.column.min_length or 4} characters, or the student may not be able to sign in.")
