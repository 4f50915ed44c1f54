"""The dates real SIS exports write, read as dates: ISO (2026-08-24, with a time and a zone too), the US forms
(8/24/2026, 8/24/26: Clever's own sandbox writes 8/1/15), the day-first forms (24/08/2026), what Excel
writes when it saves a CSV again (8/24/2026 0:00, 24-Aug-26), Excel's date numbers (46258) and 20260824. A date written
with slashes whose day and month could be swapped is read the way the other dates of its column show, month
first when none does; each reading other than the format's own is said, once per column."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

TIME = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]" + TIME + r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$", re.I)
SLASHED = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T]+" + TIME + r"(?:\s*[AP]\.?M\.?)?)?$", re.I)
NAMED = re.compile(r"^(\d{1,2})[\- ]([A-Za-z]{3,9})\.?[\- ,]+(\d{4}|\d{2})$")            # 24-Aug-26, 1 August 2026
MONTH_NAMED = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")                    # Aug 24, 2026
SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")                                            # an Excel date number
PACKED = re.compile(r"^(19\d{2}|20\d{2})(\d{2})(\d{2})$")                                # 20260824
MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"), start=1)}
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIALS = (18264, 73051)          # 1950-01-01 to 2099-12-31: a five-digit number outside is not a date
MONTH_FIRST, DAY_FIRST = "month/day/year", "day/month/year"


@dataclass(frozen=True)
class DateRead:
    """A value read as a date: the date (None: not a date, or one that cannot be decided), how it was written
    when not as YYYY-MM-DD, and why it could not be read."""

    date: dt.date | None
    form: str = ""
    why: str = ""
    guessed: bool = False             # day and month could be swapped, and nothing in the column said which


def _year(text: str) -> int:
    """A two-digit year is in 2000-2069, else in the 1900s (a term date or a birth date, never 100 years off)."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make(year: int, month: int, day: int, form: str, guessed: bool = False) -> DateRead:
    try:
        return DateRead(dt.date(year, month, day), form, guessed=guessed)
    except ValueError:
        return DateRead(None, why="there is no such day")


def column_order(values: Iterable[str]) -> str | None:
    """How the slashed dates of one column put day and month: MONTH_FIRST or DAY_FIRST when a date says it (a
    first number above 12 is a day), '' when dates say both (then a date that could be either is not read),
    None when none says."""
    month_first = day_first = False
    for value in values:
        found = SLASHED.match(value.strip())
        if found:
            first, second = int(found[1]), int(found[3])
            day_first |= first > 12 >= second
            month_first |= second > 12 >= first
    if month_first and day_first:
        return ""
    return MONTH_FIRST if month_first else DAY_FIRST if day_first else None


ISO_WITH_TIME = "YYYY-MM-DD with a time"      # the form of a date read from YYYY-MM-DD with a time after it


def read_date(value: str, order: str | None = None) -> DateRead:
    """The date a value means. `order`: what column_order says of its column."""
    text = value.strip()
    found = ISO.match(text)
    if found:
        return _make(int(found[1]), int(found[2]), int(found[3]),
                     "" if len(text) == 10 else ISO_WITH_TIME)
    found = SLASHED.match(text)
    if found:
        first, second, year = int(found[1]), int(found[3]), _year(found[4])
        short = " with a two-digit year" if len(found[4]) == 2 else ""
        if first > 12 >= second:
            return _make(year, second, first, DAY_FIRST + short)
        if second > 12 >= first or first == second or order in (None, MONTH_FIRST):
            return _make(year, first, second, MONTH_FIRST + short, guessed=order is None and first != second
                         and second <= 12)
        if order == DAY_FIRST:
            return _make(year, second, first, DAY_FIRST + short)
        return DateRead(None, why=f"it could be {dt.date(year, first, second):%d %B} or "
                                  f"{dt.date(year, second, first):%d %B}, and other dates in the column are written "
                                  "both ways (month first and day first)")
    found = NAMED.match(text) or MONTH_NAMED.match(text)
    if found:
        day, month, year = (found[1], found[2], found[3]) if found.re is NAMED else (found[2], found[1], found[3])
        number = MONTHS.get(month[:3].casefold())
        if number is None:
            return DateRead(None, why=f"'{month}' is not a month")
        return _make(_year(year), number, int(day), "with the month's name")
    found = PACKED.match(text)
    if found:
        return _make(int(found[1]), int(found[2]), int(found[3]), "as YYYYMMDD")
    found = SERIAL.match(text)
    if found and SERIALS[0] <= int(found[1]) <= SERIALS[1]:
        return DateRead(EXCEL_EPOCH + dt.timedelta(days=int(found[1])), "as Excel's date number")
    return DateRead(None, why="it is not written as a date")


def parse_date(value: str) -> dt.date | None:
    """A date written as YYYY-MM-DD (a time after it is allowed); None otherwise."""
    read = read_date(value)
    return read.date if read.date and read.form in ("", ISO_WITH_TIME) else None
