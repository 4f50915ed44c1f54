"""What a cell's value becomes in the upload CSV: trimmed, list values in the portal's spelling,
several values joined with semicolons. Checking never changes a cell; only the CSV is written this way."""
from __future__ import annotations

import difflib

from rosterxl.catalog.columns import AllowedList, Column, Kind, normalise_value

CONTROL = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 127]))
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad" + CONTROL), None)
SEPARATOR = ";"


def clean_text(value: str) -> str:
    """Surrounding spaces (also non-breaking ones) and zero-width characters removed."""
    return value.translate(INVISIBLE).strip().strip("\u00a0").strip()


def split_items(value: str) -> list[str]:
    """'A ; B;;C' -> ['A', 'B', 'C']."""
    if value.isprintable():      # no invisible characters: plain trimming will do
        return [item for item in (p.strip() for p in value.split(SEPARATOR)) if item]
    return [item for item in (clean_text(p) for p in value.split(SEPARATOR)) if item]


class ListMatcher:
    """Matches values against one allowed list: exact spelling, then case and spaces, then aliases;
    the nearest allowed value as a suggestion (computed once per distinct value)."""

    def __init__(self, allowed: AllowedList):
        self.allowed = allowed
        self._lookup = allowed.lookup()
        self._exact = set(allowed.values)
        self._norm_values = dict(self._lookup)      # aliases too: 'kindergarden' is nearest to K
        self._nearest: dict[str, str | None] = {}
        self._pairs: list[tuple[set[str], str]] | None = None

    def is_exact(self, value: str) -> bool:
        return value in self._exact

    def canonical(self, value: str) -> str | None:
        """The portal's spelling of value, or None when the value is not in the list."""
        if value in self._exact:
            return value
        return self._lookup.get(normalise_value(value))

    def nearest(self, value: str) -> str | None:
        """The allowed value most like this one: the closest by shared letter pairs, confirmed by difflib."""
        key = normalise_value(value)
        if key not in self._nearest:
            if self._pairs is None:
                self._pairs = [(_pairs(k), k) for k in self._norm_values]
            mine = _pairs(key)
            top = sorted(((2 * len(mine & theirs) / (len(mine) + len(theirs)), k)
                          for theirs, k in self._pairs), reverse=True)[:2]
            ratio, best = max(((difflib.SequenceMatcher(None, key, k).ratio(), k) for _, k in top),
                              default=(0.0, None))
            self._nearest[key] = self._norm_values[best] if best and ratio >= 0.6 else None
        return self._nearest[key]


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


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
