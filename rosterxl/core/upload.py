"""The upload CSV of a checked table: the portal's headers in the sheet's order, records only, each value
as the portal wants it (trimmed, list values in the portal's spelling, several values joined with ';'), and
never a cell a spreadsheet would run as a formula."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rosterxl.core.catalog.columns import Column, Kind
from rosterxl.core.catalog.matching import ListMatcher
from rosterxl.core.tables import Header, Row, Table
from rosterxl.core.text import INVISIBLE, SEPARATOR, clean_text, split_items

# What a spreadsheet opening a CSV reads as the start of a formula (Excel: = + - @; some also skip a leading tab
# or carriage return, or spaces, before looking), and what makes the rest of a value a formula, not data:
# a function call, a DDE link (cmd|' /C calc'!A0), a comparison, text joined, or a sum ('-2+3').
FORMULA_STARTS = "=+-@"
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
FORMULA_SHAPED = re.compile(r"[=(|!&\"<>]|[-+*/^]\s*[\w.$]")
REFUSE, NEUTRALISE = "refuse", "neutralise"
NEUTRALISER = "'"           # Excel's and LibreOffice's own sign for "this is text, not a formula"


def csv_value(column: Column | None, value: str, matchers: dict[str, ListMatcher]) -> str:
    """The text written to the upload CSV for one cell."""
    if column is None or column.secret:
        return value.translate(INVISIBLE)
    if column.kind is Kind.MULTI_LIST:
        matcher = matchers.get(column.list_name or "")
        items = [(matcher.canonical(i) if matcher else None) or i for i in split_items(value)]
        return SEPARATOR.join(dict.fromkeys(items))
    text = clean_text(value)
    if column.kind is Kind.LIST and column.list_name in matchers:
        return matchers[column.list_name].canonical(text) or text
    return text


def formula_risk(text: str, secret: bool = False) -> str | None:
    """What a CSV cell is to a spreadsheet that opens the file: REFUSE for a formula ('=1+1', ' =1+1',
    '@SUM(1+1)', '-2+3+cmd|...'), NEUTRALISE for data that only starts like one ('@home', '+1 555 0100', a
    leading tab), None for the rest (plain numbers like '-5' included). A secret is never changed, so what
    would be neutralised is refused."""
    if not text:
        return None
    start = text.lstrip()                     # a spreadsheet may skip what the writer keeps before the '='
    if start[:1] == "=":
        return REFUSE
    if start[:1] in ("+", "-", "@") and len(start) > 1 and not PLAIN_NUMBER.fullmatch(start):
        risk = REFUSE if FORMULA_SHAPED.search(start, 1) else NEUTRALISE
    elif text[0] in "\t\r" and start:
        risk = NEUTRALISE
    else:
        return None
    return REFUSE if secret else risk


def neutralised(text: str) -> str:
    """Data that starts like a formula, as the CSV holds it: with an apostrophe before it."""
    return NEUTRALISER + text


@dataclass(frozen=True)
class Upload:
    """One sheet's upload CSV: its header, its records, and the cells no CSV may hold ("B7", "C1"): a formula."""

    header: list[str]
    records: list[list[str]]
    formulas: list[str]


def upload_table(table: Table, records: list[Row], matchers: dict[str, ListMatcher]) -> Upload:
    """The CSV's header and records. An optional column nobody filled in (a template offers them all) is
    left out; a portal export keeps its own header text, and a header the portal is known to use stays as
    the sheet wrote it. Data that starts like a formula is neutralised; a formula (header or value) is listed,
    for the caller to refuse."""
    headers = [h for h in table.headers if h.text and (
        (h.column is not None and h.column.required) or table.exported is not None
        or any(row.values[h.index].strip() for row in records))]
    names = [csv_header(table, h) for h in headers]
    formulas = [f"{h.letter}{table.header_row}" for h, name in zip(headers, names) if formula_risk(name)]
    convert = [_converter(h.column, matchers) for h in headers]
    at = [h.index for h in headers]
    rows = [[c(row.values[i]) for c, i in zip(convert, at)] for row in records]
    for i, h in enumerate(headers):
        for row, values in zip(records, rows):
            risk = formula_risk(values[i], h.secret) if may_be_formula(values[i]) else None
            if risk == REFUSE:
                formulas.append(f"{h.letter}{row.number}")
            elif risk == NEUTRALISE:
                values[i] = neutralised(values[i])
    return Upload(names, rows, formulas)


RISKY_FIRST = frozenset(FORMULA_STARTS)


def may_be_formula(text: str) -> bool:
    """The quick look before formula_risk: only a cell that starts with = + - @ or a space, tab or line break
    can be a formula, or data that starts like one."""
    return text[:1] in RISKY_FIRST or text[:1].isspace()


def _converter(column: Column | None, matchers: dict[str, ListMatcher]):
    """csv_value for one column's cells; a list column's few distinct values each worked out once."""
    if column is None or column.secret or column.kind not in (Kind.LIST, Kind.MULTI_LIST):
        if column is None or column.secret:
            return lambda value: value.translate(INVISIBLE)
        return clean_text
    memo: dict[str, str] = {}

    def convert(value: str) -> str:
        found = memo.get(value)
        if found is None:
            found = memo[value] = csv_value(column, value, matchers)
        return found
    return convert


def csv_header(table: Table, header: Header) -> str:
    """A column's header in the CSV: a portal export's and an unknown column's as found, else the portal's."""
    return header.text if table.exported is not None or header.column is None else header.column.csv_header(header.text)


def cell_risk(header: Header, value: str, matchers: dict[str, ListMatcher]) -> tuple[str | None, str]:
    """What a sheet's cell becomes in the CSV, and whether that is a formula (see formula_risk)."""
    text = csv_value(header.column, value, matchers)
    return formula_risk(text, header.secret), text

