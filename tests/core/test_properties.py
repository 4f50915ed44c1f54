"""What must always hold: checking never changes a value; an upload CSV reads back as its records."""
from __future__ import annotations

import copy
import hashlib
from unittest.mock import patch

from conftest import GOOD_STUDENT, STUDENT_HEADER, make_table, student
from helpers import book
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rosterxl.cli import app
from rosterxl.core.catalog import matching
from rosterxl.core.catalog.catalog import builtin_catalog
from rosterxl.core.catalog.columns import AllowedList, Kind, normalise_value
from rosterxl.core.catalog.matching import ListMatcher
from rosterxl.core.rules import check_tables, excel_damage, formats, lists
from rosterxl.core.rules.base import APART, Context, casefolded, printable
from rosterxl.core.upload import upload_table
from rosterxl.media.csvfiles import read_csv_text
from rosterxl.roster import Roster

tricky = st.sampled_from(["", " ", "K", "kg", "13", "=1+1", " =1", ";@SUM(1)", "@home", "\t-x", "-5", "a;b",
                          "Imagine Reading:Imagine Math", "x\ny",
                          "EspaÃ±ol", "1.23457E+11", "007", "Peña ", "\u200bx", "Lincoln Elementary School"])
cell = st.one_of(tricky, st.text(max_size=8), st.integers(-5, 10**12), st.floats(allow_nan=False, allow_infinity=False))
rows = st.lists(st.lists(cell, min_size=len(STUDENT_HEADER), max_size=len(STUDENT_HEADER)), min_size=1, max_size=12)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_checking_never_changes_a_value(data):
    table = make_table([STUDENT_HEADER, *data])
    before = copy.deepcopy([(r.number, r.values, r.raw) for r in table.rows])
    check_tables([table], builtin_catalog())
    assert [(r.number, r.values, r.raw) for r in table.rows] == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows)
def test_an_upload_csv_reads_back_as_its_records(tmp_path, data):
    table = make_table([STUDENT_HEADER, *data])
    issues, ctx = check_tables([table], builtin_catalog())
    upload = upload_table(table, ctx.records(table), ctx.matchers())
    # check names every cell the export refuses as a formula
    assert set(upload.formulas) <= {i.cell for i in issues if i.code == "text.formula"}
    header, records = upload.header, upload.records
    [saved] = Roster(builtin_catalog(), [table]).save_csvs(tmp_path, force=True)
    if upload.formulas:                          # a formula is never saved, even forced
        assert saved.status == "refused" and saved.formulas == upload.formulas and not saved.files
        return
    if not records:
        assert saved.status == "empty" and not saved.files
        return
    back = read_csv_text(saved.files[0]).rows
    assert back == [header, *records]


def test_check_leaves_the_workbook_file_untouched(tmp_path):
    path = book(tmp_path / "school.xlsx", {"Students": [STUDENT_HEADER, GOOD_STUDENT, ["", "x", 12, "=1"]]})
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    CliRunner().invoke(app, ["check", str(path)])
    CliRunner().invoke(app, ["export", str(path), "--out-dir", str(tmp_path / "out"), "--force"])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


id_like = st.text(alphabet="0123456789+-.,/Ee xa²٣é\u00a0\t", max_size=9)
damaged = st.sampled_from(["007", "0012", "12", "1.23457E+11", "3/12/2025", "12.0", "", " ", "4-Mar", "²/1/2", "+1E5",
                           "-1.2e+3 ", "1,0", "٣/١/٢٠٢٥"])
ids = st.lists(st.one_of(id_like, damaged), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(ids, ids)
def test_a_column_judged_at_once_says_what_it_says_judged_value_by_value(student_ids, grades):
    """The checks look at a whole column at once through its values joined by a separator (Context.text); where a
    value holds the separator, they judge each value alone. Both ways find the same issues."""
    data = [student(student_id=s, grade=g, username=f"u{i}") for i, (s, g) in enumerate(zip(student_ids, grades))]

    def issues():
        found, _ = check_tables([make_table([STUDENT_HEADER, *data])], builtin_catalog())
        return [(i.cell, i.code, i.severity, i.message, i.suggestion) for i in found]
    at_once = issues()
    with patch.object(Context, "text", lambda self, table, header: None):
        assert issues() == at_once


excel_numbers = st.sampled_from([1234.0, 123456.0, 7.0, True, "001234", "0012", "12", 10**15 + 3, 1e15, 2.0**53])
typed_ids = st.lists(st.one_of(st.integers(-5, 10**16), st.floats(allow_nan=False, allow_infinity=False),
                               excel_numbers), min_size=1, max_size=10)


@settings(max_examples=150, deadline=None)
@given(typed_ids)
def test_ids_excel_stored_as_numbers_judged_at_once_or_one_by_one_say_the_same(student_ids):
    """A column of whole numbers Excel keeps exactly is judged at once (excel_damage._plain_numbers); judging each
    number alone finds the same."""
    data = [student(student_id=s, username=f"u{i}") for i, s in enumerate(student_ids)]

    def issues():
        found, _ = check_tables([make_table([STUDENT_HEADER, *data])], builtin_catalog())
        return [(i.cell, i.code, i.severity, i.message, i.suggestion) for i in found]
    at_once = issues()
    with patch.object(excel_damage, "_plain_numbers", lambda *args: None):
        assert issues() == at_once


# ---- column-at-once paths against the value-by-value ones they replace --------------------------------------

class_names = st.sampled_from(["Gr 1 Math", "gr 1 math", "Gr 2 Peña Art", "GR 2 PEÑA ART", "Straße", "STRASSE", "µ",
                               "Μ", "", " ", "a b", "x|y", "x:y", "x\ny", "\u00a0x", "\u200bx", "İ", "i̇", "ß"])
item = st.one_of(class_names, st.text(alphabet="ab ;:|\n\u00a0\u200bßµÀàİ", max_size=6))
open_cells = st.lists(st.lists(item, max_size=4).map(";".join), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(open_cells)
def test_an_open_list_column_judged_in_its_text_picks_the_values_judged_one_by_one(values):
    """lists._open_suspects_in looks at the column's text with a few scans; lists._suspects judges each distinct
    value: the same values to look at."""
    values = tuple(values)
    matcher = ListMatcher(builtin_catalog().lists["ClassGroup"])
    multi = type("Column", (), {"kind": Kind.MULTI_LIST, "max_items": None})
    assert matcher.allowed.is_open
    joined = APART + APART.join(values) + APART
    assert lists._open_suspects_in(joined, values) == lists._suspects(frozenset(values), multi, matcher)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab \u00a0\t\n\u200bßµÀÞþ×İ\x7f\xad", max_size=5), min_size=1, max_size=10))
def test_a_column_text_printable_and_casefolded_by_table_as_by_str(values):
    joined = APART + APART.join(values) + APART
    assert printable(joined) == joined.replace(APART, "").isprintable()
    assert casefolded(joined) == joined.casefold()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab ", max_size=7), min_size=1, max_size=20), st.integers(0, 4), st.integers(2, 6))
def test_lengths_and_spaces_found_at_once_are_the_cells_a_test_of_each_finds(values, low, high):
    """formats._misfits (wrong lengths judged once each, spaces at the ends found in the column's text) finds the
    records the former test of every value found."""
    table = make_table([STUDENT_HEADER, *[student(username=v or "x", first_name=v) for v in values]])
    ctx = Context(builtin_catalog(), [table])
    header = table.header_for("first_name")
    joined = ctx.text(table, header)
    expected = ctx.rows_where(table, header, lambda value: bool(value) and not (
        low <= len(value) <= high and value[0] != " " and value[-1] != " "))
    found = formats._misfits(ctx, table, header, joined, low, high)
    assert [(r.number, v) for r, v in found if v.strip()] == [(r.number, v) for r, v in expected if v.strip()]


def _difflib_nearest(allowed, value: str) -> tuple[str | None, int | None]:
    """The nearest allowed value as the list check found it with difflib alone (the two values sharing the most
    letter pairs, sorted; difflib's ratio of each, at least 0.6), and how many letters differ from it."""
    import difflib

    def pairs(text):
        return {text[i:i + 2] for i in range(len(text) - 1)} or {text}
    lookup = allowed.lookup()
    key, mine = normalise_value(value), pairs(normalise_value(value))
    top = sorted(((2 * len(mine & pairs(k)) / (len(mine) + len(pairs(k))), k) for k in lookup), reverse=True)[:2]
    best_ratio, best, differing = 0.0, None, None
    for _, k in top:
        similar = difflib.SequenceMatcher(None, key, k)
        if similar.ratio() >= 0.6 and (similar.ratio(), k) > (best_ratio, best or ""):
            best_ratio, best = similar.ratio(), k
            differing = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in similar.get_opcodes() if tag != "equal")
    return (lookup[best], differing) if best else (None, None)


short_texts = st.text(alphabet="abc d", max_size=12)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="abc d", max_size=30), st.text(alphabet="abc d", max_size=30))
def test_two_texts_aligned_by_find_as_difflib_aligns_them(a, b):
    """matching._aligned (longest blocks found with str.find) matches and differs in as many letters as difflib."""
    import difflib
    similar = difflib.SequenceMatcher(None, a, b)
    matched = sum(size for _, _, size in similar.get_matching_blocks())
    differing = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in similar.get_opcodes() if tag != "equal")
    assert matching._aligned(a, b) == (matched, differing)
    assert matching._ratio(matched, len(a) + len(b)) == similar.ratio()


@settings(max_examples=600, deadline=None)
@given(st.lists(short_texts, max_size=25), st.lists(short_texts, min_size=1, max_size=10))
def test_the_nearest_allowed_value_is_the_one_difflib_finds(values, typed):
    """ListMatcher.nearest (letter pairs as bits, the two highest by max, blocks found with str.find) picks the
    value difflib picks, ties included, and counts the same differing letters for a typing slip."""
    allowed = AllowedList("Test", "test", values=tuple(dict.fromkeys(values)))
    matcher = ListMatcher(allowed)
    for value in [*typed, *values[:3]]:
        expected, differing = _difflib_nearest(allowed, value)
        assert matcher.nearest(value) == expected
        if expected is not None:
            assert matcher._aligned[normalise_value(value)] == (normalise_value(expected), differing)
            assert matching.edits(normalise_value(value), normalise_value(expected)) == differing


def test_the_nearest_of_real_misspellings_is_the_one_difflib_finds():
    """The builtin lists, and misspellings as people type them."""
    for allowed in builtin_catalog().lists.values():
        matcher = ListMatcher(allowed)
        for value in [*allowed.values, *allowed.aliases]:
            for typed in (value, value[1:], value[:-1], value[:2] + value[3:], value[::-1], value.upper() + "x",
                          value[:1] + value[2:1:-1] + value[3:]):
                assert matcher.nearest(typed) == _difflib_nearest(allowed, typed)[0], (allowed.name, typed)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "a", "b c", "\x1f"]), min_size=0, max_size=4), min_size=1, max_size=12))
def test_a_column_of_the_records_is_as_zip_makes_it(rows):
    """Context's columns (slices of all values in one tuple when every record is as wide) are zip(*rows)'s."""
    from rosterxl.core.rules import base
    from rosterxl.core.tables import Row
    records = [Row(number, values) for number, values in enumerate(rows, start=2)]
    assert list(base._columns(records)) == list(zip(*rows))
    for relaid in (False, True):
        for column in zip(*rows):
            values, text = base._compact(column, relaid)
            assert values == column and (text is None) == any("\x1f" in v for v in column)
            assert text is None or text == "\x1f" + "\x1f".join(column) + "\x1f"
    table = make_table([STUDENT_HEADER, *[student(first_name=v[0] if v else "") for v in rows]])
    ctx = Context(builtin_catalog(), [table])
    header = table.header_for("first_name")
    assert ctx.values(table, header) == tuple(r.values[header.index] for r in table.records())
    assert (ctx.text(table, header) is None) == any("\x1f" in r.values[header.index] for r in table.records())
