"""Bad inputs of the column-at-once checks and the CSV reading (registered in corpus.py's INPUTS): IDs of digits
beyond ASCII (a regex's \\d and str.isdigit differ there; int() refuses a superscript one, as in a date-like
'²/1/2'), and a CSV with no quote mark whose values hold a form feed and a line separator (read as csv.reader
reads them, not cut into more records)."""
from __future__ import annotations

from corpus import HEADER, bad, csv_text, student, write


@bad("student IDs of Arabic-Indic and superscript digits")
def _(f):
    ids = ["٣/١/٢٠٢٥", "١٢٣٤", "²³", "²/1/2", "+1E5"]
    rows = [student(**{"Student ID": sid, "Username": f"u{n}"}) for n, sid in enumerate(ids)]
    return write(f / "odd-digits.csv", csv_text([HEADER, *rows]).encode())


@bad("a CSV without quote marks whose values hold a form feed and a line separator")
def _(f):
    rows = [student(**{"First Name": "Ana\x0cMaria", "Username": "u1"}),
            student(**{"Last Name": "Diaz\u2028Lopez", "Username": "u2"}), [], student(Username="u3")]
    return write(f / "odd-breaks.csv", csv_text([HEADER, *rows]).encode())
