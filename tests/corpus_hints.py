"""Bad inputs of the checks that need no config (registered in corpus.py's INPUTS): a hand-typed Students CSV
with a date-like student ID, a 4-digit ID among zero-padded ones, and schools joined by a comma, in other capitals
or in a short form."""
from __future__ import annotations

from corpus import HEADER, bad, csv_text, student, write

SCHOOLS = ["Lincoln Elementary School"] * 3 + ["Washington Elementary School"] * 2 + [
    "lincoln elementary school", "Lincoln Elem.", "Lincoln Elementary School, Washington Elementary School"]


@bad("a hand-typed students CSV: date-like and zero-less IDs, schools in a comma, other capitals, a short form")
def _(f):
    rows = [student(Organizations=school, **{"Student ID": f"000441{n}", "Username": f"u{n}"})
            for n, school in enumerate(SCHOOLS)]
    rows += [student(**{"Student ID": "3/12/2025", "Username": "u8"}), student(**{"Student ID": "4418",
                                                                                  "Username": "u9"})]
    return write(f / "hand-typed.csv", csv_text([HEADER, *rows]).encode())
