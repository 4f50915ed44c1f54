"""The CSV medium: reading CSV files as Excel and the portal write them (any of their encodings and
delimiters) into grids of text, and the bytes of the upload CSV files (media.uploadset puts them in place)."""
from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, compress
from operator import methodcaller, not_
from pathlib import Path

from rosterxl.core.model import RosterInputError
from rosterxl.core.upload import formula_risk, may_be_formula, neutralised
from rosterxl.media.files import read_file

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass
class CsvText:
    rows: list[list[str]]
    encoding: str
    delimiter: str


def _encodings(data: bytes) -> list[tuple[str, str]]:
    """The encodings to try, in order, as (codec, what people call it)."""
    if data.startswith(codecs.BOM_UTF8):
        return [("utf-8-sig", "UTF-8 with BOM")]
    wide = _wide_unicode(data)
    if wide:
        return [wide]
    return [("utf-8", "UTF-8"), ("cp1252", "Windows-1252")]   # cp1252: Excel's "CSV" in the US


def _wide_unicode(data: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 text, with its byte order mark (Excel's "Unicode Text" is UTF-16) or without one: then
    told by the zero bytes beside nearly every letter of the first line (three for UTF-32, one for UTF-16)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):     # before UTF-16: FF FE 00 00 starts both
        return ("utf-32", "UTF-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ("utf-16", "UTF-16")
    head = data[:2000]
    head = head[:len(head) // 4 * 4]
    if len(head) < 8:
        return None
    zeros = [head[i::4].count(0) for i in range(4)]
    quarter = len(head) // 4
    if zeros[3] == quarter and zeros[2] > quarter * 0.9 and zeros[0] < quarter * 0.5:   # letters past U+FFFF
        return ("utf-32-le", "UTF-32")                                                    # are rare in names
    if zeros[0] == quarter and zeros[1] > quarter * 0.9 and zeros[3] < quarter * 0.5:
        return ("utf-32-be", "UTF-32")
    even, odd, half = head[0::2].count(0), head[1::2].count(0), len(head) // 2
    if odd > half * 0.3 and even <= half * 0.02:           # the header's letters at least, and names in any script
        return ("utf-16-le", "UTF-16")
    if even > half * 0.3 and odd <= half * 0.02:
        return ("utf-16-be", "UTF-16")
    return None


def _parse(data: bytes, codec: str, label: str, name: str, same: dict[str, str] | None = None) -> CsvText:
    """Decoded as it is parsed, a chunk at a time (faster than decoding the whole file first; UTF-8 cut into lines
    by splitlines, faster still than a text stream; without quote marks, split without csv.reader). With `same`,
    each value that repeats is one string, kept in `same` (the copies are let go a chunk at a time, never all held
    at once)."""
    if codec in ("utf-8", "utf-8-sig"):
        try:
            if b'"' not in data and b"\x00" not in data:
                return _split_plain(data, codec, label, same)
            return _parse_lines(chain.from_iterable(map(KEEP_ENDS, _utf8_texts(data, codec))), label, name, same)
        except _CutElsewhere:
            pass
    return _parse_lines(io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline=""), label, name, same)


def _parse_lines(lines: Iterator[str], label: str, name: str, same: dict[str, str] | None) -> CsvText:
    """The records of the text's lines (each with its line end, as a text stream gives them)."""
    first = next(lines, "")
    delimiter = _sniff_delimiter(first)
    reader = csv.reader(chain((first,) if first else (), lines), delimiter=delimiter, strict=True)
    try:
        rows = list(reader) if same is None else [[same.setdefault(v, v) for v in row] for row in reader]
    except csv.Error as exc:
        line = reader.line_num
        if "field larger than field limit" in str(exc):
            raise RosterInputError("csv.malformed",
                                   f"{name}, line {line}: a value is longer than {csv.field_size_limit():,} "
                                   "characters. A quote mark is probably missing, so the rest of the file reads as "
                                   "one value. Check the line in a text editor, or save the file again from Excel.",
                                   file=name, row=line) from None
        if "NUL" in str(exc) or "\x00" in str(exc):
            raise RosterInputError("csv.malformed",
                                   f"{name}, line {line}: the file holds NUL characters (code 0), which a CSV file "
                                   "does not: it may be damaged. Save it again from Excel as 'CSV UTF-8'.",
                                   file=name, row=line) from None
        raise RosterInputError("csv.malformed",
                               f"{name}, line {line}: the file is not a well-formed CSV file ({exc}). A quote mark "
                               "may be missing around a value.", file=name, row=line) from None
    return CsvText(rows=rows, encoding=label, delimiter=delimiter)


def _split_plain(data: bytes, codec: str, label: str, same: dict[str, str] | None) -> CsvText:
    """A file without a quote mark (most that Excel and the SIS write): each line split at the delimiter in C,
    faster than csv.reader and what it reads there (a blank line is a record of no values)."""
    rows: list[list[str]] = []
    delimiter = None
    for text in _utf8_texts(data, codec):
        lines = text.splitlines()
        if delimiter is None:
            delimiter = _sniff_delimiter(lines[0] if lines else "")
        if lines and max(map(len, lines)) > csv.field_size_limit():
            raise _CutElsewhere                     # csv.reader says which value is too long
        split = list(map(methodcaller("split", delimiter), lines))
        for i in compress(range(len(lines)), map(not_, lines)):
            split[i] = []
        rows.extend(split if same is None else [[same.setdefault(v, v) for v in row] for row in split])
    return CsvText(rows=rows, encoding=label, delimiter=delimiter or ",")


class _CutElsewhere(Exception):
    """splitlines() ended a line where a text stream does not (at a form feed, U+2028 ...): read as a stream."""


# Where str.splitlines() ends a line beyond \r and \n (a text stream, and so csv.reader, does not)
OTHER_LINE_ENDS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
KEEP_ENDS = methodcaller("splitlines", True)
# the same in UTF-8: those of one byte, and the leading bytes of \x85, \u2028 and \u2029 with the whole of each
ONE_BYTE_ENDS = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e")
CHUNK = 1 << 20


def _other_line_end(chunk: bytes) -> bool:
    """Whether valid UTF-8 holds one of OTHER_LINE_ENDS, looked for in its bytes: a byte is found by memchr, and a
    sequence of two or three bytes is looked for only after its first byte is found (in the decoded text, with a
    letter beyond U+00FF anywhere, each look is a slow scan of two bytes a letter: 5 ms for 10,000 records)."""
    return (any(map(chunk.__contains__, ONE_BYTE_ENDS)) or b"\xc2" in chunk and b"\xc2\x85" in chunk
            or b"\xe2" in chunk and (b"\xe2\x80\xa8" in chunk or b"\xe2\x80\xa9" in chunk))


def _utf8_texts(data: bytes, codec: str) -> Iterator[str]:
    """UTF-8 text decoded a megabyte at a time, each piece ending at a line's end. Raises _CutElsewhere where
    splitlines() would end a line at another character than \r or \n."""
    start = len(codecs.BOM_UTF8) if codec == "utf-8-sig" else 0      # utf-8-sig: chosen for a BOM only
    while start < len(data):
        end = data.find(b"\n", start + CHUNK)      # a cut after \n: never inside a character or a \r\n
        end = len(data) if end < 0 else end + 1
        chunk = data[start:end]
        text = chunk.decode("utf-8")
        if _other_line_end(chunk):
            raise _CutElsewhere
        yield text
        start = end


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of comma, semicolon and tab outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch == "\n" and not quoted:
            break
        elif ch in counts and not quoted:
            counts[ch] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _refuse_non_csv(data: bytes, name: str) -> None:
    if data.startswith(b"PK\x03\x04"):
        raise RosterInputError("file.unsupported", f"{name}: this is an Excel workbook (.xlsx), not a CSV file. "
                               "Give it a .xlsx name, or save it from Excel as CSV.", file=name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterInputError("file.unsupported", f"{name}: this is an old Excel (.xls) or password-protected file, "
                               "not a CSV file. Save it from Excel as CSV UTF-8.", file=name)
    if b"\x00" in data[:4096] and not _wide_unicode(data):
        text_like = sum(32 <= b < 127 or b in (9, 10, 13) for b in data[:4096]) > 0.9 * len(data[:4096])
        if text_like:
            raise RosterInputError("csv.malformed", f"{name}: the file holds NUL characters (code 0), which a CSV "
                                   "file does not: it may be damaged. Save it again from Excel as 'CSV UTF-8'.",
                                   file=name)
        raise RosterInputError("file.unsupported", f"{name}: this is not a text file, so it cannot be a CSV file. "
                               "Save the sheet from Excel as 'CSV UTF-8'.", file=name)


MAX_CSV_BYTES = 1024 ** 3     # a CSV over 1 GB is no roster (100,000 records are some 20 MB)


def read_csv_text(path: str | Path) -> CsvText:
    """All records of a CSV file as text, whatever encoding and delimiter Excel or the portal used."""
    path = Path(path)
    return csv_from_bytes(read_file(path, most=MAX_CSV_BYTES), path.name)


def csv_from_bytes(data: bytes, name: str, same: dict[str, str] | None = None) -> CsvText:
    """The records of CSV bytes (a file, or a member of a .zip) as text; `name` names it in messages; `same`: see
    _parse."""
    if not data.strip():
        raise RosterInputError("file.empty", f"{name}: the file is empty", file=name)
    _refuse_non_csv(data, name)
    attempts = _encodings(data)
    for codec, label in attempts:
        try:
            return _parse(data, codec, label, name, same)
        except UnicodeDecodeError:
            continue
    if attempts[0][0] == "utf-8-sig":
        raise RosterInputError("csv.encoding",
                               f"{name}: the file says it is UTF-8 but some of its characters are not. Save it "
                               "again from Excel as 'CSV UTF-8 (Comma delimited)' and try again.", file=name)
    raise RosterInputError("csv.encoding",
                           f"{name}: the characters in this file cannot be read. Save it again from Excel as "
                           "'CSV UTF-8 (Comma delimited)' and try again.", file=name)


def upload_csv_text(header: list[str], records: list[list[str]]) -> str:
    """RFC 4180: comma-separated, quoted where needed, CRLF line ends. The last guard: a cell that starts like a
    formula gets an apostrophe before it (the core refuses formulas before they get here)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(_inert(header))
    writer.writerows(_inert(row) if any(map(may_be_formula, row)) else row
                     for row in records)
    return buffer.getvalue()


def _inert(row: list[str]) -> list[str]:
    return [neutralised(c) if formula_risk(c) else c for c in row]


def upload_parts(header: list[str], records: list[list[str]], per_file: int = 10_000, bom: bool = False
                 ) -> list[bytes]:
    """The bytes of each file of one sheet: at most `per_file` records each, the header in every one."""
    chunks = [records[i:i + per_file] for i in range(0, len(records), per_file)] or [[]]
    return [upload_csv_text(header, chunk).encode("utf-8-sig" if bom else "utf-8") for chunk in chunks]
