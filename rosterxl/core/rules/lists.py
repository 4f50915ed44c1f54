"""List columns: the value is one the portal knows (grade, product, school, class/group...), several
values are separated by semicolons, and a school name is not a misspelling of a more frequent one."""
from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from itertools import compress, repeat
from operator import methodcaller, ne, not_

from rosterxl.core.catalog.columns import AllowedList, Column, Kind, normalise_value
from rosterxl.core.catalog.matching import ListMatcher
from rosterxl.core.layout import spelling_key
from rosterxl.core.model import Issue, Severity
from rosterxl.core.rules.base import (
    SHEET_EVIDENCE,
    Code,
    Context,
    LiveCell,
    blanks,
    casefolded,
    cell_indexes,
    check,
    is_list_column,
    printable,
    quote,
)
from rosterxl.core.rules.crossref import CLASS_UNKNOWN
from rosterxl.core.tables import Table
from rosterxl.core.text import SEPARATOR, clean_text, split_items

E, W = Severity.ERROR, Severity.WARNING
NOT_ALLOWED = Code("list.not-allowed", "a value not in its list, with the nearest allowed value", E,
                   "error (products: warning)")
SPELLING = Code("list.spelling", "a value in its list but spelled differently; the CSV uses the portal's spelling", W)
SEPARATOR_CODE = Code("multi.separator", "several values separated by `:` `,` `|` `/` or line breaks instead of `;`", E,
                      "error (schools, with no list of them: warning)")
TOO_MANY = Code("multi.too-many", "a student in more than one school", E)
REPEATED = Code("multi.repeated", "the same value twice in a cell", W)
MISSPELT = Code("organization.misspelt", "without a config: a school written unlike other rows (near miss, "
                "capitals, short form, comma)", W)
WRONG_SEPARATORS = {":": "colons", ",": "commas", "|": "vertical bars", "/": "slashes", "\n": "line breaks",
                    "\r\n": "line breaks"}
OPEN_LIST_SEPARATORS = (":", "|", "\n")
SURE = ("list.spelling", "multi.repeated")    # the portal's spelling of a value; a value twice kept once


def _allowed_text(allowed: AllowedList) -> str:
    if len(", ".join(allowed.values)) <= 80:
        return f" Allowed: {', '.join(allowed.values)}."
    return ""


Finding = tuple   # code, message, suggestion[, likely: the suggestion is offered to apply]


def _not_allowed(column: Column, value: str, matcher: ListMatcher, suggestion: str | None,
                 likely: bool = True) -> Finding | None:
    """A value not in its list. A typing slip of a known value is an error with the fix, offered to apply
    (`likely`, unless the caller knows the suggestion also guesses elsewhere): the portal cannot import what it
    does not know. Otherwise the list's own severity; against schools only seen in the Classes/Groups sheet,
    only a slip is reported (a school without classes there is not wrong)."""
    allowed = matcher.allowed
    typo = matcher.typo_of(value)
    if allowed.name == "ClassGroup":
        code = CLASS_UNKNOWN
        text = (f"The class/group {quote(column, value)} is not in the Classes/Groups sheet "
                "or the district config. Add it there, or correct the name here.")
    elif allowed.source == SHEET_EVIDENCE:
        if typo is None:
            return None
        code = NOT_ALLOWED
        text = (f"{quote(column, value)} is not a school of the Classes/Groups sheet; the portal would not find "
                "it.")
    elif allowed.name == "Organization" and allowed.source in ("config", "workbook"):
        code = NOT_ALLOWED.at(E if typo else allowed.severity)
        where = "your district config" if allowed.source == "config" else "this workbook's list (its dropdown)"
        text = f"{quote(column, value)} is not one of the schools (organizations) in {where}."
    else:
        code = NOT_ALLOWED.at(E if typo else allowed.severity)
        text = f"{quote(column, value)} is not a {allowed.label} the portal knows.{_allowed_text(allowed)}"
    nearest = typo or matcher.nearest(value)
    if nearest:
        text += f" Did you mean '{nearest}'?"
    return code, text, suggestion, likely and typo is not None and suggestion is not None


def _where(matcher: ListMatcher) -> str:
    """Where the spelling a value is given comes from, in the person's words."""
    return "the Classes/Groups sheet" if matcher.allowed.source == SHEET_EVIDENCE else "the portal's list"


def _split_wrong(item: str, matcher: ListMatcher) -> tuple[str, list[str]] | None:
    """The wrong separator inside item, and the values it separates, when every one is in the list."""
    for sep in WRONG_SEPARATORS:
        if sep in item:
            parts = [clean_text(p) for p in item.split(sep) if clean_text(p)]
            canon = [matcher.canonical(p) for p in parts]
            if len(parts) >= 2 and all(canon):
                return sep, canon
    return None


def _single(column: Column, value: str, matcher: ListMatcher) -> list[Finding]:
    text = clean_text(value)
    canonical = matcher.canonical(text)
    if canonical is not None:
        if canonical == text:
            return []
        return [(SPELLING, f"{quote(column, text)} is written '{canonical}' in {_where(matcher)}; "
                 "the CSV uses that spelling.", canonical)]
    split = _split_wrong(text.replace(SEPARATOR, ","), matcher)
    if split:
        return [(NOT_ALLOWED, f"{column.header} takes one value, and this cell has {len(split[1])}. "
                 "Keep one, or add a row for each.", None)]
    found = _not_allowed(column, text, matcher, matcher.nearest(text))
    return [found] if found else []


def _multi(column: Column, noun: str, value: str, matcher: ListMatcher) -> list[Finding]:
    items = value.split(SEPARATOR)
    if all(map(matcher.is_exact, items)) and len(set(items)) == len(items) \
            and (column.max_items is None or len(items) <= column.max_items):
        return []           # the common case: every value spelled exactly as in the list
    fixed, unknown, separators, respelled = [], [], set(), []
    for item in split_items(value):
        canonical = matcher.canonical(item)
        if canonical is not None:
            fixed.append(canonical)
            if canonical != item:
                respelled.append((item, canonical))
            continue
        split = _split_wrong(item, matcher)
        if split:
            separators.add(WRONG_SEPARATORS[split[0]])
            fixed.extend(split[1])
        else:
            unknown.append(item)
            fixed.append(matcher.nearest(item) or item)
    corrected = SEPARATOR.join(dict.fromkeys(fixed))
    findings: list[Finding] = []
    one = column.max_items is not None and len({v.casefold() for v in fixed}) > column.max_items
    if separators and one:      # a semicolon would not do either: the suggestion must pass the next check
        findings.append((SEPARATOR_CODE, f"The values in this cell are separated by "
                         f"{' and '.join(sorted(separators))}, and a {noun} belongs to exactly one school. "
                         "Keep one.", None))
    elif separators:
        findings.append((SEPARATOR_CODE, f"The values in this cell are separated by "
                         f"{' and '.join(sorted(separators))}. The portal needs a semicolon (;) between values.",
                         corrected))
    slips = all(map(matcher.typo_of, unknown))     # the corrected cell guesses no other value
    findings.extend(f for f in (_not_allowed(column, item, matcher, corrected if matcher.nearest(item) else None,
                                             slips) for item in unknown) if f)
    if respelled and not unknown and not separators:
        was, now = respelled[0]
        findings.append((SPELLING, f"'{was}' is written '{now}' in {_where(matcher)}; the CSV uses "
                         "that spelling.", corrected))
    return findings + _counts(column, noun, fixed, corrected)


def _counts(column: Column, noun: str, values: list[str], corrected: str) -> list[Finding]:
    findings: list[Finding] = []
    distinct = {v.casefold() for v in values}
    if len(distinct) < len(values):
        findings.append((REPEATED, "The same value is in this cell twice. The CSV keeps it once.",
                         corrected))
    if column.max_items is not None and len(distinct) > column.max_items:
        findings.append((TOO_MANY, f"A {noun} belongs to exactly one school, and this cell names "
                         f"{len(distinct)}. Keep one.", None))
    return findings


def _open_multi(column: Column, noun: str, value: str) -> list[Finding]:
    if ":" not in value and "|" not in value and "\n" not in value:
        parts = [p.strip() for p in value.casefold().split(SEPARATOR)]
        if len(set(parts)) == len(parts):
            return []       # no wrong separator, no value twice
    items = split_items(value)
    findings: list[Finding] = []
    for sep in OPEN_LIST_SEPARATORS:
        if sep in value:
            fixed = SEPARATOR.join(clean_text(p) for i in items for p in i.split(sep) if clean_text(p))
            findings.append((SEPARATOR_CODE.at(W), f"This cell seems to use {WRONG_SEPARATORS[sep]} between "
                             "values. The portal needs a semicolon (;) between values.", fixed, True))
            break
    return findings + _counts(column, noun, items, SEPARATOR.join(dict.fromkeys(items)))


def _live(column: Column, at: LiveCell) -> list[str]:
    """Red while a value (or any one of several) is not in its list, or a one-value column has several."""
    c, formulas = at.ref, []
    name = at.lists.get(column.list_name or "")
    if name and column.kind is Kind.LIST:
        spelled = at.lists.get(spelling_key(column.list_name or ""))    # another spelling is a warning, not red
        other = f",COUNTIF({spelled},TRIM({c}))=0" if spelled else ""
        formulas.append(f"AND({at.filled},COUNTIF({name},TRIM({c}))=0{other})")
    if name and column.kind is Kind.MULTI_LIST:
        cell = f'";"&SUBSTITUTE(SUBSTITUTE(TRIM({c}),"; ",";")," ;",";")&";"'
        items = f'(LEN({c})-LEN(SUBSTITUTE({c},";",""))+1)'
        found = f'SUMPRODUCT(--ISNUMBER(SEARCH(";"&{name}&";",{cell})))'
        formulas.append(f"AND({at.filled},{found}<{items})")
    if column.max_items == 1:
        formulas.append(f'ISNUMBER(SEARCH(";",TRIM({c})))')
    return formulas


@check("lists", [NOT_ALLOWED, SPELLING, SEPARATOR_CODE, TOO_MANY, REPEATED, CLASS_UNKNOWN], live=_live)
def lists(ctx: Context, table: Table) -> Iterator[Issue]:
    """What is wrong with a cell depends on its value alone: each distinct value is judged once."""
    noun = table.entity.noun
    for header, column in ctx.columns(table, is_list_column):
        matcher = ctx.matcher(column.list_name)
        if matcher.allowed.is_open and not column.is_multi:
            continue
        judge = (partial(_open_multi, column, noun) if matcher.allowed.is_open else
                 partial(_single, column, matcher=matcher) if column.kind is Kind.LIST else
                 partial(_multi, column, noun, matcher=matcher))
        joined = ctx.text(table, header) if matcher.allowed.is_open else None
        suspects = (_open_suspects_in(joined, ctx.values(table, header)) if joined is not None else
                    _suspects(ctx.distinct(table, header), column, matcher))
        judged = {value: findings for value in suspects if (findings := judge(value=value))}
        for row, value in ctx.rows_with(table, header, judged):
            for code, message, suggestion, *likely in judged[value]:
                yield ctx.issue(table, header, row.number, code, message, suggestion,
                                certain=code.code in SURE or (code.code == SEPARATOR_CODE.code
                                                            and not matcher.allowed.is_open),
                                likely=bool(likely and likely[0]))


OPEN_SEPARATORS = re.compile("[:|\n]")
APART = "\x1f"


def _open_suspects(ordered: tuple[str, ...]) -> tuple[tuple[str, ...], set[str]]:
    """The values casefolded, and those with a wrong separator or spaces at the ends of a value: each kind
    looked for in the whole column joined together first (one scan in C), value by value only when there."""
    joined = APART.join(ordered)
    folded_text = joined.casefold()
    if joined.count(APART) != len(ordered) - 1:        # a value holds APART itself
        folded = tuple(map(str.casefold, ordered))
        joined = folded_text = ""
    else:
        folded = tuple(folded_text.split(APART)) if ordered else ()
    suspect: set[str] = set()
    if not joined or any(sep in joined for sep in ":|\n"):
        suspect.update(compress(ordered, map(OPEN_SEPARATORS.search, ordered)))
    if not folded_text or not folded_text.replace(APART, "").isprintable():      # spaces other than ' '
        suspect.update(compress(ordered, map(not_, map(str.isprintable, folded))))
    for spaced in (" ;", "; "):
        if not folded_text or spaced in folded_text:
            suspect.update(compress(ordered, map(str.__contains__, folded, repeat(spaced))))
    edged = APART + folded_text + APART
    if not folded_text or f" {APART}" in edged or f"{APART} " in edged:
        suspect.update(compress(ordered, map(ne, folded, map(methodcaller("strip", " "), folded))))
    return folded, suspect


# A value twice in one cell of a column's text (Context.text, casefolded): an item (after an APART or a semicolon),
# then, after a semicolon and any other items, the same item again. Possessive: a failed try does not backtrack.
# Two patterns, each beginning with one character (the first item of a cell, the others): the regex engine looks for
# a literal first character fast, for one of a set of them letter by letter (4.1 -> 3.2 ms for 10,000 classes).
REPEATED_ITEM = tuple(re.compile(start + r"([^;\x1f]*+);(?:[^;\x1f]*+;)*?\1(?=[;\x1f])")
                      for start in ("\x1f", ";"))
SPACED = re.compile(" ;|; ")
EDGED = re.compile(r"\x1f | (?=\x1f)")          # a space at the start or the end of a cell


def _open_suspects_in(joined: str, values: tuple[str, ...]) -> set[str]:
    """The values of an open list's column that _suspects would look at, found in the column's text (Context.text:
    each value between two APARTs) with a few scans in C, not value by value: with a class/group in nearly every
    record, nearly every value is different, and judging the distinct values one by one costs as much as judging
    the cells. The same values as _suspects finds (a property test holds them together)."""
    cells: set[int] = set()
    if ":" in joined or "|" in joined or "\n" in joined:
        cells.update(_cells_at(joined, OPEN_SEPARATORS.finditer(joined)))
    apart = joined.replace(SEPARATOR, APART)      # a space beside either separator: two looks, not four
    if f" {APART}" in apart or f"{APART} " in apart:
        if " ;" in joined or "; " in joined:
            cells.update(_cells_at(joined, SPACED.finditer(joined)))
        if f" {APART}" in joined or f"{APART} " in joined:
            cells.update(_cells_at(joined, EDGED.finditer(joined)))
    if not printable(joined):      # spaces other than ' ', invisible characters: rare
        cells.update(i for i, value in enumerate(values) if not value.casefold().isprintable())
    folded = casefolded(joined)
    for repeated in REPEATED_ITEM:
        cells.update(_cells_at(folded, repeated.finditer(folded)))
    return {value for value in map(values.__getitem__, cells) if value.strip()}


def _cells_at(joined: str, found: Iterator[re.Match]) -> Iterator[int]:
    """The indexes of the cells in which matches at increasing positions of a column's text begin."""
    return cell_indexes(joined, map(re.Match.start, found))


def _suspects(values: frozenset[str], column: Column, matcher: ListMatcher) -> set[str]:
    """The distinct values a list check must look at: the others are plainly right, as found in C (a value of
    the list as the list spells it; several such values, none twice, no more than the column takes; in an open
    list, values apart by semicolons only and none twice)."""
    values = values - blanks(values)
    if column.kind is Kind.LIST:
        return set(values - matcher.plain_values)
    ordered = tuple(values)
    if matcher.allowed.is_open:
        folded, suspect = _open_suspects(ordered)
        items = tuple(map(methodcaller("split", SEPARATOR), folded))
    else:
        items = tuple(map(methodcaller("split", SEPARATOR), ordered))
        suspect = set(compress(ordered, map(not_, map(matcher.exact.issuperset, items))))
        if column.max_items is not None:
            suspect.update(compress(ordered, map(column.max_items.__lt__, map(len, items))))
    suspect.update(compress(ordered, map(ne, map(len, items), map(len, map(set, items)))))
    return suspect


@check("misspelt schools", [MISSPELT])
def misspelt_organizations(ctx: Context, table: Table) -> Iterator[Issue]:
    """Without a list of schools, the sheets' own evidence: a rare name that is nearly a frequent one, a name
    spelt with other capitals than other rows spell it, an abbreviation of a name written in full, known names
    joined by a comma. The names are counted over every sheet checked together."""
    if not ctx.catalog.lists["Organization"].is_open:
        return
    counts, spelled, likely = ctx.once("school names", lambda: _school_names(ctx))
    matcher = ctx.matcher("Organization")     # the Classes/Groups sheet's schools: the lists check respells those
    respelled = matcher.canonical if matcher.allowed.source == SHEET_EVIDENCE else lambda _item: None
    noun = table.entity.noun
    for header, column in ctx.columns(table, lambda c: c.list_name == "Organization"):
        judged = {value: found for value in ctx.distinct(table, header) if value.strip()
                  and (found := _school_findings(value, column, noun, counts, spelled, likely, respelled))}
        for row, value in ctx.rows_with(table, header, judged):
            for message, suggestion in judged[value]:
                yield ctx.issue(table, header, row.number, MISSPELT, message, suggestion,
                                likely=True)


def _school_findings(value: str, column: Column, noun: str, counts: Counter, spelled: dict[str, str],
                     likely: dict[str, str], respelled: Callable[[str], str | None]) -> list[tuple[str, str | None]]:
    items = split_items(value)
    for item in items:
        parts = [clean_text(p) for p in item.split(",") if clean_text(p)]
        if len(parts) >= 2 and all(counts[normalise_value(p)] > counts[normalise_value(item)] for p in parts):
            names = [spelled[normalise_value(p)] for p in parts]
            if column.max_items is not None and len(items) - 1 + len(names) > column.max_items:
                return [(f"'{item}' names {len(names)} schools joined by a comma, and a {noun} belongs to exactly "
                         "one school. Keep one.", None)]
            fixed = SEPARATOR.join(SEPARATOR.join(names) if x == item else x for x in items)
            return [(f"'{item}' names {len(names)} schools joined by a comma. The portal needs a semicolon (;) "
                     "between schools.", fixed)]
    found = []
    for item in items:
        if respelled(item) is not None:
            continue               # said once, by the lists check, with the Classes/Groups sheet's spelling
        key = normalise_value(item)
        right = likely.get(key)
        if right:
            message = (f"'{item}' appears {counts[key]} time(s), while '{spelled[right]}' appears {counts[right]} "
                       "times. If it is the same school, use the same spelling (the portal matches schools by name).")
        elif spelled.get(key, item) != item.strip():
            right = key
            message = (f"'{item}' is spelt '{spelled[key]}' in the other rows. Use the same spelling (the portal "
                       "matches schools by name).")
        else:
            right = _abbreviated(key, counts)
            message = (f"'{item}' looks like a short form of '{spelled.get(right or '')}', which other rows write "
                       "in full. Use the full name (the portal matches schools by name).")
        if right:
            found.append((message, SEPARATOR.join(spelled[right] if normalise_value(x) == key else x
                                                   for x in items)))
    return found


def _abbreviated(key: str, counts: Counter) -> str | None:
    """The one name written in full of which key is a short form, word by word (lincoln elem. -> lincoln
    elementary school)."""
    words = key.replace(".", " ").split()
    if not words or "." not in key and not any(len(w) <= 4 for w in words):
        return None
    fits = [name for name in counts if name != key and "," not in name and _short_form(words, name.split())]
    return fits[0] if len(fits) == 1 else None


def _short_form(words: list[str], full: list[str]) -> bool:
    if len(words) > len(full) or words == full[:len(words)] and len(words) == len(full):
        return False
    return all(f.startswith(w) for w, f in zip(words, full)) and words != full


def _school_names(ctx: Context) -> tuple[Counter, dict[str, str], dict[str, str]]:
    """Every school name of every sheet checked together: how often each appears, its most used spelling, and
    the rare ones that are likely typos of a frequent one."""
    counts: Counter = Counter()
    spellings: dict[str, Counter] = {}
    for table in ctx.tables:
        for header, _ in ctx.columns(table, lambda c: c.list_name == "Organization"):
            for value, times in Counter(ctx.values(table, header)).items():    # in the order first met
                for item in split_items(value):
                    key = normalise_value(item)
                    counts[key] += times
                    spellings.setdefault(key, Counter())[" ".join(item.split())] += times
    spelled = {key: _usual_spelling(found) for key, found in spellings.items()}
    return counts, spelled, _likely_typos(counts)


def _usual_spelling(found: Counter) -> str:
    """The spelling most rows use; between equals, the one with capitals (Lincoln, not lincoln)."""
    return max(found, key=lambda s: (found[s], s != s.lower(), -list(found).index(s)))


def _likely_typos(counts: Counter) -> dict[str, str]:
    typos = {}
    frequent = [v for v, n in counts.most_common() if n >= 3]
    for value, n in counts.items():
        for other in frequent:
            if counts[other] < max(3, 3 * n) or other == value:
                continue
            similar = difflib.SequenceMatcher(None, value, other)
            if similar.real_quick_ratio() >= 0.85 and similar.quick_ratio() >= 0.85 and similar.ratio() >= 0.85:
                typos[value] = other
                break
    return typos
