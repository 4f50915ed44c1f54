"""Reading CSV files as Excel and the portal write them; writing the upload CSV."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers import visible
from hypothesis import given, settings
from hypothesis import strategies as st

from rosterxl.core.model import RosterInputError
from rosterxl.core.upload import formula_risk
from rosterxl.media import csvfiles as csvio
from rosterxl.media.uploadset import write_upload_set

ROWS = [["First Name", "Last Name", "Products"], ["José", "Peña", "Imagine Español;Imagine Reading"]]


def write(path: Path, text: str, encoding: str, bom: bytes = b"") -> Path:
    path.write_bytes(bom + text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding,bom,name", [
    ("utf-8", b"", "UTF-8"), ("utf-8", b"\xef\xbb\xbf", "UTF-8 with BOM"), ("cp1252", b"", "Windows-1252"),
    ("utf-16-le", b"\xff\xfe", "UTF-16"), ("utf-16-le", b"", "UTF-16"), ("utf-16-be", b"", "UTF-16"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32"), ("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32"),
    ("utf-32-le", b"", "UTF-32"), ("utf-32-be", b"", "UTF-32")])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_reads_the_encodings_and_delimiters_excel_writes(tmp_path, encoding, bom, name, delimiter):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(ROWS)   # as Excel quotes
    text = buffer.getvalue()
    got = csvio.read_csv_text(write(tmp_path / "s.csv", text, encoding, bom))
    assert got.rows == ROWS and got.encoding == name and got.delimiter == delimiter


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_wide_unicode_without_a_mark_with_names_in_other_scripts(tmp_path, encoding):
    rows = [["First Name", "Last Name"], ["Zoë", "Nguyễn"], ["明", "王"], ["Ольга", "Смирнова"], ["Ana", "Diaz"]]
    text = "".join(",".join(r) + "\r\n" for r in rows)
    assert csvio.read_csv_text(write(tmp_path / "w.csv", text, encoding)).rows == rows


def test_quoted_cells_with_delimiters_and_line_breaks(tmp_path):
    text = 'A,B\r\n"x, y","line1\nline2"\r\n'
    assert csvio.read_csv_text(write(tmp_path / "q.csv", text, "utf-8")).rows == [["A", "B"], ["x, y", "line1\nline2"]]


@pytest.mark.parametrize("inside", ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_characters_a_line_splitter_would_end_a_line_at_stay_in_their_value(tmp_path, inside, bom):
    text = f"A,B\r\nx{inside}y,2\r\n\"a{inside}\",3\r\nlast,4{inside}"
    rows = [["A", "B"], [f"x{inside}y", "2"], [f"a{inside}", "3"], ["last", f"4{inside}"]]
    assert csvio.read_csv_text(write(tmp_path / "c.csv", text, "utf-8", bom)).rows == rows
    assert csvio.read_csv_text(write(tmp_path / "c.csv", text, "utf-8", bom)).rows == list(csv.reader(
        io.StringIO(text, newline="")))


def test_a_file_read_in_chunks_reads_as_one_with_line_breaks_at_the_cuts(tmp_path, monkeypatch):
    monkeypatch.setattr(csvio, "CHUNK", 7)        # every few bytes a cut, inside quotes and between \r and \n
    text = 'A,B\r\n"one\r\ntwo","3"\r\nZoë,"a\nb\rc"\rx,y\n\r\nlast,line'
    expected = list(csv.reader(io.StringIO(text, newline="")))
    assert csvio.read_csv_text(write(tmp_path / "k.csv", text, "utf-8")).rows == expected
    assert len(expected) == 6


@pytest.mark.parametrize("content,words", [
    (b"", "empty"), (b"  \r\n", "empty"), (b"PK\x03\x04rest", "Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel"), (b"\x00\x01\x02binary", "not a text file"),
    (b'A,B\r\n"open,quote\r\n', "well-formed"), (b"\xef\xbb\xbfA,\xff\xfe\r\n", "says it is UTF-8"),
    (b"A,B\r\n\x81\x8d\x8f,x\r\n", "cannot be read")])
def test_files_it_cannot_read_get_a_clear_message(tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(RosterInputError, match=words) as caught:
        csvio.read_csv_text(path)
    assert "bad.csv" in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(RosterInputError, match="does not exist"):
        csvio.read_csv_text(tmp_path / "nope.csv")


def write_upload_files(folder, stem, header, records, per_file=10_000, bom=False):
    """One sheet's upload files, put in place as the export does."""
    return write_upload_set(folder, {stem: csvio.upload_parts(header, records, per_file, bom)}).files[stem]


def test_upload_csv_is_rfc4180_utf8_without_bom_by_default(tmp_path):
    [path] = write_upload_files(tmp_path, "Students", ["Name", "Note"], [["Peña", 'says "hi", ok']])
    data = path.read_bytes()
    assert data == 'Name,Note\r\nPeña,"says ""hi"", ok"\r\n'.encode("utf-8")
    [path] = write_upload_files(tmp_path, "Students", ["Name"], [["x"]], bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_split_into_numbered_files_of_at_most_the_limit(tmp_path):
    records = [[str(i)] for i in range(25_000)]
    paths = write_upload_files(tmp_path, "Students", ["Student ID"], records)
    assert [p.name for p in paths] == ["Students-01.csv", "Students-02.csv", "Students-03.csv"]
    counts = [len(list(csv.reader(p.open(newline="", encoding="utf-8")))) - 1 for p in paths]
    assert counts == [10_000, 10_000, 5_000]
    back = [r for p in paths for r in list(csv.reader(p.open(newline="", encoding="utf-8")))[1:]]
    assert back == records


def test_stale_parts_of_an_earlier_larger_run_are_removed(tmp_path):
    write_upload_files(tmp_path, "Students", ["A"], [["1"]] * 25, per_file=10)
    (tmp_path / "Students-notes.csv").write_text("mine")
    write_upload_files(tmp_path, "Students", ["A"], [["1"]] * 5, per_file=10)
    assert visible(tmp_path) == ["Students-notes.csv", "Students.csv"]


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    (tmp_path / "Students.csv").write_text("previous")

    def boom(header, records):
        raise OSError("disk full")
    monkeypatch.setattr(csvio, "upload_csv_text", boom)
    with pytest.raises(OSError):
        write_upload_files(tmp_path, "Students", ["A"], [["1"]])
    assert visible(tmp_path) == ["Students.csv"]
    assert (tmp_path / "Students.csv").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".rosterxl-export-")] == []


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cell, min_size=3, max_size=3), max_size=20))
def test_a_written_csv_reads_back_as_the_same_records(records):
    text = csvio.upload_csv_text(["A", "B", "C"], records)
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back[0] == ["A", "B", "C"]
    # the same records, but a cell that starts like a formula comes back behind an apostrophe, and is no formula
    assert back[1:] == [["'" + c if formula_risk(c) else c for c in r] for r in records]
    assert not any(formula_risk(c) for r in back for c in r)


def test_written_files_get_ordinary_permissions_or_keep_their_own(tmp_path):
    import os
    import stat
    [new] = write_upload_files(tmp_path, "Students", ["A"], [["1"]])
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
    new.chmod(0o640)
    write_upload_files(tmp_path, "Students", ["A"], [["2"]])
    assert stat.S_IMODE(new.stat().st_mode) == 0o640


plain_text = st.lists(st.sampled_from(["a", "é", "明", ",", ";", "\t", " ", "\r", "\n", "\r\n", "\x0c", "\u2028", "'"]),
                      max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(plain_text, st.booleans())
def test_a_file_without_quote_marks_reads_as_csv_reader_reads_it(text, bom):
    """Split line by line without csv.reader, as fast as it goes: the same records as csv.reader gives."""
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    if not data.strip() or not text.strip():
        return
    stream = io.StringIO(text, newline="")
    delimiter = csvio._sniff_delimiter(stream.readline())
    stream.seek(0)
    parsed = csvio.csv_from_bytes(data, "plain.csv")
    assert (parsed.rows, parsed.delimiter) == (list(csv.reader(stream, delimiter=delimiter, strict=True)), delimiter)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "\xa0", "\x85", "\x84", "\u2013", "\u2027", "\u2028", "\u2029", "\u202a",
                                 "\u1ebf", "\x0b", "\x1d", "\x1f", "\n"]), max_size=12).map("".join))
def test_other_line_ends_found_in_the_bytes_as_in_the_text(text):
    """_other_line_end looks in the UTF-8 bytes for what splitlines() ends a line at beyond \\r and \\n."""
    assert csvio._other_line_end(text.encode("utf-8")) == any(map(text.__contains__, csvio.OTHER_LINE_ENDS))
