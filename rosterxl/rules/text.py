"""What Excel and copy-paste do to text: stray spaces, invisible characters, formulas, garbled letters,
and IDs that Excel turned into numbers or dates."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator

from rosterxl.catalog.columns import Column, Kind
from rosterxl.model import Header, Issue, Row, Severity, Table
from rosterxl.rules.base import Context, check, quote

E, W = Severity.ERROR, Severity.WARNING
INVISIBLE_CHARS = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
GARBLED = re.compile("Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|â€")
SCIENTIFIC = re.compile(r"^[+-]?\d(?:[.,]\d+)?E[+-]?\d+$", re.IGNORECASE)
DECIMAL_ZERO = re.compile(r"^\d+[.,]0+$")
DATE_LIKE = re.compile(r"^(\d{1,2}-[A-Za-z]{3}(-\d{2,4})?|[A-Za-z]{3}-\d{2,4}|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})$")
FORMULA_START = ("=", "+", "-", "@")
NAME_KEYS = {"first_name", "last_name", "class_name"}
MAX_EXACT_DIGITS = 15   # Excel keeps 15 significant digits of a number


def _text_issues(ctx: Context, table: Table, header: Header, column: Column | None,
                 row: Row, value: str) -> Iterator[Issue]:
    shown = quote(column, value)
    if "\n" in value or "\r" in value:
        if not (column and column.is_multi):     # multi-value cells: the separator check names it
            yield ctx.issue(table, header, row.number, "format.line-break", W,
                            f"{shown} has a line break inside the cell. The portal expects one line: "
                            "remove the line break (Alt+Enter in Excel).",
                            " ".join(value.split()))
    if value != value.strip():
        yield ctx.issue(table, header, row.number, "text.spaces", W,
                        f"{shown} has spaces at the start or end. The CSV leaves them out"
                        f"{'' if column is None or not column.secret else ' only if you remove them'}.",
                        value.strip())
    elif column is not None and column.key in NAME_KEYS and "  " in value:
        yield ctx.issue(table, header, row.number, "text.spaces", W,
                        f"{shown} has two spaces in a row.", " ".join(value.split()))
    if INVISIBLE_CHARS.search(value):
        fixed = INVISIBLE_CHARS.sub(lambda m: " " if m.group() == "\u00a0" else "", value)
        yield ctx.issue(table, header, row.number, "text.invisible", W,
                        f"{shown} contains invisible characters (often from copying out of a web page "
                        "or PDF). They can make the value not match in the portal: type it again. "
                        "The CSV leaves out the ones that take no space.",
                        " ".join(fixed.split()))
    stripped = value.strip()
    if stripped.startswith(FORMULA_START) and len(stripped) > 1:
        yield ctx.issue(table, header, row.number, "text.formula", W,
                        f"{shown} starts with '{stripped[0]}'. Spreadsheet programs may run it as a "
                        "formula when the CSV is opened. Remove the first character if it is not meant.",
                        stripped[1:].strip())
    if GARBLED.search(value):
        try:
            fixed = value.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            fixed = None
        yield ctx.issue(table, header, row.number, "text.garbled", W,
                        f"{shown} has garbled letters, as when a file is opened with the wrong "
                        "encoding. Retype the accented letters.", fixed)


def _suspect(value: str) -> bool:
    """A quick look: could this cell have a text issue at all?"""
    return bool(value) and (value[0] in " \u00a0=+-@" or value[-1] in " \u00a0\n\r" or not value.isprintable()
                            or "  " in value or not value.isascii() and _maybe_garbled(value))


@check("text")
def text(ctx: Context, table: Table) -> Iterator[Issue]:
    for header in table.headers:
        values = ctx.values(table, header)
        distinct = set(values)
        if len(distinct) * 4 < len(values):     # few distinct values: look at each once
            suspect = {v for v in distinct if _suspect(v)}
            if not suspect:
                continue
            rows = ctx.rows_where(table, header, suspect.__contains__)
        elif _plain_column(values):
            continue
        else:
            rows = ctx.rows_where(table, header, _suspect)
        for row, value in rows:
            yield from _text_issues(ctx, table, header, header.column, row, value)


def _plain_column(values: tuple[str, ...]) -> bool:
    """True when no cell of the column can have a text issue: one look at all of it joined together."""
    blob = "\x1f" + "\x1f".join(values) + "\x1f"     # contiguous: every test below runs in C
    if not blob.replace("\x1f", "").isprintable():   # invisible characters, line breaks, tabs
        return False
    return ("  " not in blob and " \x1f" not in blob and not _maybe_garbled(blob)
            and not any(f"\x1f{c}" in blob for c in " =+-@"))


def _maybe_garbled(text: str) -> bool:
    return ("Ã" in text or "Â" in text or "â€" in text) and bool(GARBLED.search(text))


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


@check("excel damage")
def excel_damage(ctx: Context, table: Table) -> Iterator[Issue]:
    typed = ctx.typed_rows(table)
    for header in table.headers:
        column = header.column
        i = header.index
        for row in typed:
            if isinstance(row.raw.get(i), (dt.date, dt.time, dt.timedelta)):
                yield ctx.issue(
                    table, header, row.number, "excel.date", E,
                    f"Excel turned {quote(column, row.values[i])} into a date. Format the column as Text "
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
    shortest = padded_length or 0
    # text that starts like a number and is not a plain run of enough digits, and typed cells
    suspects = list(ctx.rows_where(table, header, lambda v: (v[:1].isdigit() or v[:1] in "+-")
                                   and not (v.isdigit() and len(v) >= shortest)))
    seen = {row.number for row, _ in suspects}
    suspects += [(row, row.values[i]) for row in ctx.typed_rows(table) if i in row.raw and row.number not in seen]
    for row, value in suspects:
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
            pad = _pad(value, padded_length)
            yield ctx.issue(
                table, header, row.number, "excel.number", W,
                f"Excel stored {shown} as a number. If it began with zeros, they are gone"
                f"{' (the other IDs here have ' + str(padded_length) + ' digits)' if pad else ''}. "
                "Format the column as Text and type it again.", pad)
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


def _pad(value: str, length: int | None) -> str | None:
    return value.zfill(length) if length and value.isdigit() and len(value) < length else None
