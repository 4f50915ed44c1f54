"""Matching values against an allowed list: the portal's spelling of a value, and the nearest allowed value."""
from __future__ import annotations

import difflib
from itertools import repeat
from operator import add, mul, truediv

from rosterxl.core.catalog.columns import AllowedList, normalise_value
from rosterxl.core.text import clean_text


class ListMatcher:
    """Matches values against one allowed list: exact spelling, then case and spaces, then aliases;
    the nearest allowed value as a suggestion (computed once per distinct value)."""

    def __init__(self, allowed: AllowedList):
        self.allowed = allowed
        self._lookup = allowed.lookup()
        self._exact = frozenset(allowed.values)
        self._plain: frozenset[str] | None = None
        self._norm_values = dict(self._lookup)      # aliases too: 'kindergarden' is nearest to K
        self._nearest: dict[str, str | None] = {}
        self._pairs: list[set[str]] | None = None      # each normalised value's letter pairs, in _keys's order
        self._keys: list[str] = []
        self._sizes: list[int] = []
        self._typos: dict[str, str | None] = {}
        self._aligned: dict[str, tuple[str, int]] = {}     # the nearest value, and how many letters differ from it
        self._against: dict[str, difflib.SequenceMatcher] = {}     # by allowed value

    @property
    def exact(self) -> frozenset[str]:
        """The list's values as the portal spells them."""
        return self._exact

    @property
    def plain_values(self) -> frozenset[str]:
        """The list's values that are already clean text (no spaces around, nothing invisible)."""
        if self._plain is None:
            self._plain = frozenset(v for v in self._exact if clean_text(v) == v)
        return self._plain

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
            self._nearest[key] = self._closest(key)
        return self._nearest[key]

    def _closest(self, key: str) -> str | None:
        if self._pairs is None:
            self._keys = list(self._norm_values)
            self._pairs = [_pairs(k) for k in self._keys]
            self._sizes = list(map(len, self._pairs))
        mine = _pairs(key)
        # the share of letter pairs in common with each allowed value, 2|A&B| / (|A|+|B|), worked out in C
        shared = map(len, map(mine.intersection, self._pairs))
        scores = map(truediv, map(mul, repeat(2), shared), map(add, repeat(len(mine)), self._sizes))
        top = sorted(zip(scores, self._keys), reverse=True)[:2]      # the two nearest (heapq.nlargest's order)
        best_ratio, best, aligned = 0.0, None, None
        for _, k in top:
            similar = self._against.get(k)
            if similar is None:      # difflib's look at the allowed value (b), done once for every value checked
                similar = self._against[k] = difflib.SequenceMatcher(None, "", k)
            similar.set_seq1(key)
            bar = max(MIN_RATIO, best_ratio)
            if similar.real_quick_ratio() < bar or similar.quick_ratio() < bar:
                continue           # an upper bound of difflib's ratio: it cannot win
            ratio = similar.ratio()
            if (ratio, k) > (best_ratio, best or ""):
                best_ratio, best, aligned = ratio, k, _differing(similar)
        if best and best_ratio >= MIN_RATIO:
            self._aligned[key] = (best, aligned)
            return self._norm_values[best]
        return None

    def typo_of(self, value: str) -> str | None:
        """The allowed value this one is a typing slip of (a letter or two wrong, missing, doubled or swapped):
        'Imagine Raeding' -> 'Imagine Reading'. None when it is not that close to any."""
        if value not in self._typos:
            self._typos[value] = self._typo(value)
        return self._typos[value]

    def _typo(self, value: str) -> str | None:
        nearest = self.nearest(value)
        if nearest is None:
            return None
        a, b = normalise_value(value), normalise_value(nearest)
        apart = abs(len(a) - len(b))        # no alignment has fewer differing letters than this
        if apart > MAX_TYPO_EDITS or apart * 4 > len(value):
            return None
        against, differing = self._aligned.get(a, ("", 0))
        wrong = differing if against == b else _differing(difflib.SequenceMatcher(None, a, b))
        return nearest if wrong <= MAX_TYPO_EDITS and wrong * 4 <= len(value) else None   # '13' is not a slip of '1'


MIN_RATIO = 0.6
MAX_TYPO_EDITS = 2


def edits(a: str, b: str) -> int:
    """How many letters differ between two texts, as difflib aligns them (a swap counts as two)."""
    return _differing(difflib.SequenceMatcher(None, a, b))


def _differing(aligned: difflib.SequenceMatcher) -> int:
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in aligned.get_opcodes() if tag != "equal")


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}
