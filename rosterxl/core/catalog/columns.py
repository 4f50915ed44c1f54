"""What a rostering column is: its header, whether it is required, what may go in it."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum

from rosterxl.core.model import Severity


class Kind(str, Enum):
    TEXT = "text"
    EMAIL = "email"
    LIST = "list"                # one value from an allowed list
    MULTI_LIST = "multi-list"    # several values from an allowed list, separated by semicolons
    WHOLE_NUMBER = "whole number"
    EXPORT_ONLY = "export-only"  # written by the portal's export (Database ID); never typed


def normalise_header(text: str) -> str:
    """'Classes / Groups ' -> 'classesgroups': headers match without regard to case, spaces, punctuation."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def normalise_value(text: str) -> str:
    """List values match without regard to case and surrounding or doubled spaces."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class AllowedList:
    """The values a list column accepts, in the portal's spelling, plus spellings it understands."""

    name: str                              # defined name in templates and key in rosterxl.toml
    label: str                             # what people call it: "grade", "product"
    values: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)   # other spelling -> portal spelling
    severity: Severity = Severity.ERROR    # for a value not in the list
    source: str = "built-in"               # "built-in", "config", or "example district"

    @property
    def is_open(self) -> bool:
        """An empty list checks nothing: the values live in the portal, not here."""
        return not self.values

    def lookup(self) -> dict[str, str]:
        table = {normalise_value(a): v for a, v in self.aliases.items()}
        table.update({normalise_value(v): v for v in self.values})
        return table


@dataclass(frozen=True)
class Column:
    key: str                    # stable name used in code and config: "student_id"
    header: str                 # the portal's header text
    kind: Kind = Kind.TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    spellings: tuple[str, ...] = ()     # other header texts the portal uses for it, kept as a sheet writes them
    list_name: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    length_severity: Severity = Severity.ERROR
    max_items: int | None = None        # multi-value columns that take exactly one (a student's school)
    unique: str | None = None           # None, "exact", or "ignore-case"
    unique_severity: Severity = Severity.ERROR
    keeps_digits: bool = False          # IDs, usernames, passwords: Excel must not turn them into numbers
    number_range: tuple[int, int] | None = None   # sensible range for whole numbers (a warning outside)
    secret: bool = False                # passwords: never printed
    dropdown: bool = False              # a several-values column whose template still offers its list to pick one
    help: str = ""                      # what goes here, in plain words

    @property
    def is_multi(self) -> bool:
        return self.kind is Kind.MULTI_LIST

    def names(self) -> set[str]:
        return {normalise_header(self.header), *(normalise_header(a) for a in (*self.spellings, *self.aliases))}

    def csv_header(self, text: str) -> str:
        """The header the CSV writes for a sheet's header text: a spelling the portal uses, kept as the sheet
        wrote it; a loose variant of one ('student_id', 'ORGANIZATION') in the portal's spelling; any other
        name the column goes by, the column's header."""
        spellings = (self.header, *self.spellings)
        if text in spellings:
            return text
        norm = normalise_header(text)
        return next((s for s in spellings if normalise_header(s) == norm), self.header)


@dataclass(frozen=True)
class Entity:
    key: str                 # "classes", "educators", "students"
    name: str                # the portal's record type: "Classes/Groups"
    sheet: str               # sheet name in workbooks (Excel forbids "/" in sheet names)
    file_stem: str           # upload CSV file name
    noun: str                # one record, in plain words: "student"
    columns: tuple[Column, ...]
    sample_rows: tuple[dict[str, str], ...] = ()
    sheet_aliases: tuple[str, ...] = ()
    secret_words: tuple[str, ...] = ()   # the district's own words for a secret header (rosterxl.toml)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]
