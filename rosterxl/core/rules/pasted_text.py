"""What copy-paste and typing leave in text: stray spaces, invisible characters, line breaks, cells that
start like a formula, letters garbled by a wrong encoding."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial

from rosterxl.core.catalog.columns import Column
from rosterxl.core.model import Issue, Severity
from rosterxl.core.rules.base import Code, Context, check, printable, quote
from rosterxl.core.tables import Header, Row, Table
from rosterxl.core.text import clean_text
from rosterxl.core.upload import FORMULA_STARTS, REFUSE, cell_risk, csv_header, formula_risk

W, E = Severity.WARNING, Severity.ERROR
INVISIBLE_CHARS = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
GARBLED = re.compile("Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|â€")
NAME_KEYS = {"first_name", "last_name", "class_name"}
MAX_CELL = 32_767
LINE_BREAK = Code("format.line-break", "a line break inside a single-value cell", W)
SPACES = Code("text.spaces", "spaces at the start or end of a cell, or doubled inside a name", W)
INVISIBLE_CODE = Code("text.invisible", "zero-width or control characters in a cell", W)
FORMULA = Code("text.formula", "a header or cell a spreadsheet would run as a formula (`=1+1`, `@SUM(1+1)`): "
               "never saved", E)
FORMULA_START_CODE = Code("text.formula-start", "data starting with `+` `-` `@` or a tab (`@home`): saved after an "
                          "apostrophe", W)
TOO_LONG = Code("text.too-long", "a value longer than a spreadsheet cell holds (32,767 characters)", E)
GARBLED_CODE = Code("text.garbled", "letters garbled by a wrong encoding (`EspaÃ±ol`)", W)


def _text_issues(ctx: Context, table: Table, header: Header, column: Column | None,
                 row: Row, value: str) -> Iterator[Issue]:
    shown = quote(header, value)
    if "\n" in value or "\r" in value:
        if not (column and column.is_multi):     # multi-value cells: the separator check names it
            yield ctx.issue(table, header, row.number, LINE_BREAK,
                            f"{shown} has a line break inside the cell. The portal expects one line: "
                            "remove the line break (Alt+Enter in Excel).",
                            " ".join(value.split()))
    if value != value.strip():
        yield ctx.issue(table, header, row.number, SPACES,
                        f"{shown} has spaces at the start or end. The CSV leaves them out"
                        f"{' only if you remove them' if header.secret or column is None else ''}.",   # kept as typed
                        value.strip(), certain=True)
    elif column is not None and column.key in NAME_KEYS and "  " in value:
        yield ctx.issue(table, header, row.number, SPACES,
                        f"{shown} has two spaces in a row.", " ".join(value.split()), certain=True)
    if INVISIBLE_CHARS.search(value):
        fixed = INVISIBLE_CHARS.sub(lambda m: " " if m.group() == "\u00a0" else "", value)
        yield ctx.issue(table, header, row.number, INVISIBLE_CODE,
                        f"{shown} contains invisible characters (often from copying out of a web page "
                        "or PDF). They can make the value not match in the portal: type it again. "
                        "The CSV leaves out the ones that take no space.",
                        " ".join(fixed.split()), certain=True)
    yield from _formula(ctx, table, header, row.number, value, shown)
    if len(value) > MAX_CELL:
        yield ctx.issue(table, header, row.number, TOO_LONG,
                        f"{quote(header, value)} has {len(value):,} characters, more than a spreadsheet cell holds "
                        f"({MAX_CELL:,}): it was probably pasted by mistake, or is several values run together.")
    if GARBLED.search(value):
        try:
            fixed = value.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            fixed = None
        yield ctx.issue(table, header, row.number, GARBLED_CODE,
                        f"{shown} has garbled letters, as when a file is opened with the wrong "
                        "encoding. Retype the accented letters.", fixed)


def _formula(ctx: Context, table: Table, header: Header, number: int, value: str, shown: str) -> Iterator[Issue]:
    """A cell the CSV would hold as a formula is refused; data that only starts like one is neutralised (the
    same judgement as the upload CSV's, core.upload.formula_risk)."""
    risk, text = cell_risk(header, value, ctx.matchers())
    if risk is None:
        return
    first = text.lstrip()[:1]
    sign = f"'{first}'" if first in FORMULA_STARTS else "a tab" if text[:1] == "\t" else "a line break"
    if risk == REFUSE:
        yield ctx.issue(table, header, number, FORMULA,
                        f"{shown} starts with {sign}, which a spreadsheet would run as a formula, so it is never "
                        f"saved to the CSV (not even when saving anyway). Remove the {sign} if it is not meant"
                        f"{', or choose another password' if header.secret else ''}.",
                        None if header.secret else clean_text(text.lstrip()[1:]) or None)
    else:
        yield ctx.issue(table, header, number, FORMULA_START_CODE,
                        f"{shown} starts with {sign}, which Excel reads as the start of a formula. The CSV holds "
                        "it with an apostrophe before it, so that no spreadsheet runs it; the portal may keep "
                        f"the apostrophe. Remove the {sign} if it is not meant.")


def header_formulas(ctx: Context, table: Table) -> Iterator[Issue]:
    """A header the CSV would hold as a formula: an error, known column or not (headers are never changed)."""
    for header in table.headers:
        if header.text and formula_risk(csv_header(table, header)):
            start = header.text.lstrip()[:1]
            yield ctx.issue(table, header, table.header_row, FORMULA,
                            f"The header '{header.text[:60]}' starts with '{start}', which a spreadsheet would run "
                            "as a formula, so the sheet is never saved to a CSV with it (not even when saving "
                            f"anyway). Rename the column, or delete it if it is not needed.", column_name=header.text)


def _suspect(value: str) -> bool:
    """A quick look: could this cell have a text issue at all?"""
    return bool(value) and (value[0] in " \u00a0=+-@;" or value[-1] in " \u00a0\n\r" or not value.isprintable()
                            or len(value) > MAX_CELL
                            or "  " in value or not value.isascii() and _maybe_garbled(value))


@check("text", [LINE_BREAK, SPACES, INVISIBLE_CODE, FORMULA, FORMULA_START_CODE, TOO_LONG, GARBLED_CODE])
def text(ctx: Context, table: Table) -> Iterator[Issue]:
    yield from header_formulas(ctx, table)
    for header in table.headers:
        values = ctx.values(table, header)
        joined = ctx.text(table, header)
        lengths = partial(ctx.lengths, table, header)
        distinct = ctx.known_distinct(table, header)
        plain = None              # no cell can have a text issue, by one look at the column's text (None: not looked)
        if distinct is None and joined is not None:
            plain = _plain_column(joined, lengths)
            if plain:
                continue          # nothing to say: found in the column's text, its different values not needed
        if distinct is None:
            distinct = ctx.distinct(table, header)
        if len(distinct) * 4 < len(values):     # few distinct values: look at each once
            suspect = {v for v in distinct if _suspect(v)}
            if not suspect:
                continue
            rows = ctx.rows_with(table, header, suspect)
        else:
            if plain is None:
                plain = _plain_column(joined if joined is not None else _joined(values), lengths)
            if plain:
                continue
            rows = ctx.rows_where(table, header, _suspect)
        for row, value in rows:
            yield from _text_issues(ctx, table, header, header.column, row, value)


STARTS_LIKE_A_FORMULA = re.compile("\x1f[ =+\\-@;]")   # a cell of the column's text starting so (or with a space)


def _joined(values: tuple[str, ...]) -> str:
    return "\x1f" + "\x1f".join(values) + "\x1f"


def _plain_column(blob: str, lengths: Callable[[], frozenset[int]]) -> bool:
    """True when no cell of the column can have a text issue: one look at all of it joined together (`blob`: each
    value between two \\x1f, as Context.text makes it; `lengths`: the values' lengths, asked for last)."""
    if not printable(blob):   # invisible characters, line breaks, tabs
        return False
    return ("  " not in blob and " \x1f" not in blob and not _maybe_garbled(blob)
            and not STARTS_LIKE_A_FORMULA.search(blob)
            and (len(blob) <= MAX_CELL or max(lengths(), default=0) <= MAX_CELL))


def _maybe_garbled(text: str) -> bool:
    return ("Ã" in text or "Â" in text or "â€" in text) and bool(GARBLED.search(text))
