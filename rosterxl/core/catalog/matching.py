"""Matching values against an allowed list: the portal's spelling of a value, and the nearest allowed value."""
from __future__ import annotations

import difflib
from itertools import chain, repeat
from operator import add, and_, mul, truediv

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
        self._bits: dict[str, int] | None = None       # each letter pair of the normalised values: its own bit
        self._masks: list[int] = []                     # each normalised value's letter pairs, as bits
        self._keys: list[str] = []
        self._sizes: list[int] = []
        self._typos: dict[str, str | None] = {}
        self._aligned: dict[str, tuple[str, int]] = {}     # the nearest value, and how many letters differ from it

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
        if self._bits is None:
            self._keys = list(self._norm_values)
            pairs = [_pairs(k) for k in self._keys]
            self._bits = {pair: 1 << i for i, pair in enumerate(dict.fromkeys(chain.from_iterable(pairs)))}
            self._masks = [sum(map(self._bits.__getitem__, p)) for p in pairs]
            self._sizes = list(map(len, pairs))
        mine = _pairs(key)
        # the share of letter pairs in common with each allowed value, 2|A&B| / (|A|+|B|), worked out in C: the
        # pairs in common are the bits both masks have (a pair no allowed value has is in none)
        shared = map(int.bit_count, map(and_, repeat(sum(map(self._bits.get, mine, repeat(0)))), self._masks))
        scores = map(truediv, map(mul, repeat(2), shared), map(add, repeat(len(mine)), self._sizes))
        best_ratio, best, aligned = 0.0, None, None
        for k in _two_highest(list(zip(scores, self._keys))):      # the two nearest, the higher first
            if _ratio(min(len(key), len(k)), len(key) + len(k)) < max(MIN_RATIO, best_ratio):
                continue           # too unlike in length (difflib's real_quick_ratio, an upper bound of its ratio)
            matched, differing = _difflib_aligned(key, k) if len(k) >= POPULAR_FROM else _aligned(key, k)
            ratio = _ratio(matched, len(key) + len(k))
            if ratio >= MIN_RATIO and (ratio, k) > (best_ratio, best or ""):
                best_ratio, best, aligned = ratio, k, differing
        if best:
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
        wrong = differing if against == b else edits(a, b)
        return nearest if wrong <= MAX_TYPO_EDITS and wrong * 4 <= len(value) else None   # '13' is not a slip of '1'


MIN_RATIO = 0.6
MAX_TYPO_EDITS = 2


def edits(a: str, b: str) -> int:
    """How many letters differ between two texts, as difflib aligns them (a swap counts as two)."""
    return (_difflib_aligned(a, b) if len(b) >= POPULAR_FROM else _aligned(a, b))[1]


def _ratio(matched: int, letters: int) -> float:
    """difflib's ratio, 2M/T, the same float."""
    return 2.0 * matched / letters if letters else 1.0


def _two_highest(scored: list[tuple[float, str]]) -> list[str]:
    """The values of the two highest (score, value), highest first: sorted(reverse=True)[:2], found by max in C."""
    if len(scored) < 2:
        return [k for _, k in scored]
    first = max(scored)
    scored.remove(first)
    return [first[1], max(scored)[1]]


# difflib treats a letter as popular, and junk, in a text of 200 letters or more (autojunk): _aligned does not
POPULAR_FROM = 200


def _difflib_aligned(a: str, b: str) -> tuple[int, int]:
    """The letters matched and the letters differing, as difflib.SequenceMatcher aligns a with b."""
    similar = difflib.SequenceMatcher(None, a, b)
    matched = sum(size for _, _, size in similar.get_matching_blocks())
    return matched, sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in similar.get_opcodes() if tag != "equal")


def _aligned(a: str, b: str) -> tuple[int, int]:
    """The letters matched and the letters differing (a swap counts as two) when a is aligned with b exactly as
    difflib.SequenceMatcher(None, a, b) aligns them for b shorter than POPULAR_FROM (no junk): the longest block
    in common, then the same on either side of it. Found with str.find in C, twice as fast as difflib's
    letter-by-letter look (a property test holds the two together)."""
    matched = 0
    blocks = []
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, k = _longest(a, b, alo, ahi, blo, bhi)
        if k:
            blocks.append((i, j, k))
            matched += k
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    blocks.sort()
    differing = i = j = 0
    for ai, bj, k in blocks:        # between two blocks, a replace, a delete or an insert
        differing += max(ai - i, bj - j)
        i, j = ai + k, bj + k
    return matched, differing + max(len(a) - i, len(b) - j)


def _longest(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> tuple[int, int, int]:
    """difflib's find_longest_match without junk: the longest a[i:i+k] == b[j:j+k] in a[alo:ahi] and b[blo:bhi];
    of the longest, the one that starts first in a, then first in b."""
    besti, bestj, best = alo, blo, 0
    find = b.find
    i = alo
    while i + best < ahi:         # a block longer than the best so far may start at i
        j = find(a[i:i + best + 1], blo, bhi)
        if j >= 0:
            best += 1
            besti, bestj = i, j
            while i + best < ahi:     # longer: it starts no sooner in b than its beginning does
                j = find(a[i:i + best + 1], j, bhi)
                if j < 0:
                    break
                best += 1
                bestj = j
        i += 1
    return besti, bestj, best


def _pairs(text: str) -> set[str]:
    return set(map(add, text, text[1:])) or {text}
