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


# ---- formulas a spreadsheet would run, in headers and values ---------------------------------------------------

@bad("an unknown column headed =HYPERLINK")
def _(f): return students_csv(f, [[*HEADER, '=HYPERLINK("http://example.com/x","click")'], [*GOOD, "x"]])
@bad("a header starting with a space and =")
def _(f): return students_csv(f, [[*HEADER, " =1+1"], [*GOOD, "x"]])
@bad("a formula behind a leading space")
def _(f): return students_csv(f, [HEADER, _rows(PASSWORD)[0][:1] + [" =1+1"] + GOOD[2:]])
@bad("formulas after a tab, a CR, @, + and -")
def _(f): return students_csv(f, [[*HEADER, "Notes"], *[[*r, v] for r, v in zip(
    _rows(*[PASSWORD] * 5), ["\t=1+1", "\r=1+1", "@SUM(1+1)", "+SUM(1,1)", "-2+3+cmd|' /C calc'!A0"])]])
@bad("data that starts like a formula")
def _(f): return students_csv(f, [[*HEADER, "Notes"], *[[*r[:1], v, *r[2:], v] for r, v in zip(
    _rows(*[PASSWORD] * 4), ["@home", "+1 555 0100", "-abc", "-5"])]])
@bad("a formula in a workbook's text cell")
def _(f): return book(f / "school.xlsx", {"Students": [[*HEADER, "@SUM(1+1)"], [*GOOD[:1], " =1+1", *GOOD[2:], "x"]]})
