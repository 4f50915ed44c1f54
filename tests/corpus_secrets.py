"""Bad inputs about secrets and formulas (issue 22): a password under the headers people write (PW, Pwd, PIN,
Passcode, Contraseña, Passwort), with the stray spaces and characters that make checks speak of it; headers and
values a spreadsheet would run as formulas."""
from __future__ import annotations

from corpus import GOOD, HEADER, PASSWORD, bad, students_csv
from helpers import book

SPELLINGS = ("PW", "Pwd", "PIN", "Passcode", "Contraseña", "Passwort")


def _header(spelling: str) -> list[str]:
    return [spelling if h == "Password" else h for h in HEADER]


def _rows(*passwords: str) -> list[list[str]]:
    rows = []
    for n, password in enumerate(passwords):
        row = list(GOOD)
        row[2], row[3], row[5] = f"{row[2]}{n}", password, f"{row[5]}{n}"
        rows.append(row)
    return rows


for _spelling in SPELLINGS:
    def _csv(f, spelling=_spelling):
        return students_csv(f, [_header(spelling), *_rows(PASSWORD + " ", "\u200b" + PASSWORD, f"+{PASSWORD}(1)")])

    def _xlsx(f, spelling=_spelling):
        return book(f / "school.xlsx", {"Students": [_header(spelling), *_rows(" " + PASSWORD, PASSWORD + "\u00a0",
                                                                                 f"@{PASSWORD}")]})
    bad(f"a password headed {_spelling} (.csv)")(_csv)
    bad(f"a password headed {_spelling} (.xlsx)")(_xlsx)
