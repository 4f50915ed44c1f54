"""What `rosterxl fix` and the Fix button change: the suggestions that are sure to be right (the portal's
spelling of a list value, a semicolon between known values, a value given twice, stray spaces and invisible
characters, a mistyped Database ID whose original is certain), and the likely ones a person said yes to (a
typing slip of one known value, a school spelt as the other rows spell it, an ID's lost zeros): on the Issues
sheet's Apply? column, or all or by check on the command line. Everything else stays for a person."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rosterxl.core.codes import CODES
from rosterxl.core.model import Issue, RosterInputError, cell_position
from rosterxl.core.tables import Row, Table

# when a cell has several sure fixes, the one that cleans the text comes first: the next check sees the rest
ORDER = ("text.invisible", "text.spaces", "multi.separator", "multi.repeated", "list.spelling", "roundtrip.")
MAX_ROUNDS = 5


LIKELY_CODES = ("list.not-allowed", "cross.class-unknown", "organization.misspelt", "excel.number",
                "multi.separator")     # the checks whose suggestions can be likely fixes
YES = frozenset({"yes", "y", "x", "true", "1", "si", "sí", "ok"})    # what a person types in the Apply? column
NO = frozenset({"no", "n", "false", "0"})


@dataclass(frozen=True)
class Accept:
    """The likely fixes a person said yes to: every one (`everything`), those of some checks (`codes`, a code or
    its family: 'organization' takes 'organization.misspelt'), and single ones answered on the Issues sheet
    (`cells`: sheet, cell and the suggested fix the person saw, so a cell changed since is not fixed blindly).
    One answered No (`refused`) is left, whatever else is accepted."""

    everything: bool = False
    codes: frozenset[str] = frozenset()
    cells: frozenset[tuple[str, str, str]] = frozenset()
    refused: frozenset[tuple[str, str, str]] = frozenset()     # answered No: never applied, even with all

    def takes(self, issue: Issue) -> bool:
        if not issue.likely or issue.suggestion is None or (issue.sheet, issue.cell, issue.suggestion) in self.refused:
            return False
        return self.everything or (issue.sheet, issue.cell, issue.suggestion) in self.cells or any(
            issue.code == c or issue.code.startswith(f"{c}.") for c in self.codes)

    @classmethod
    def of(cls, words: Sequence[str]) -> Accept:
        """From what a person names: 'all', or the code of a check or its family ('organization'), several
        separated by commas."""
        names = [w.strip() for word in words for w in word.split(",") if w.strip()]
        families = {p for code in CODES for p in (code, code.split(".")[0])}
        unknown = [n for n in names if n.casefold() != "all" and n not in families]
        if unknown:
            offered = ", ".join(LIKELY_CODES)
            raise RosterInputError("choice.unknown",
                                   f"{', '.join(repr(u) for u in unknown)}: not a check rosterxl has. Likely "
                                   f"fixes are accepted all at once (all) or by the code of their check: {offered}.")
        return cls(everything=any(n.casefold() == "all" for n in names),
                   codes=frozenset(n for n in names if n.casefold() != "all"))

    @classmethod
    def answered(cls, answers: dict[tuple[str, str, str], str]) -> Accept:
        """The ones answered yes on the Issues sheet (core.marks.read_answers)."""
        said = {key: text.strip().casefold() for key, text in answers.items()}
        return cls(cells=frozenset(k for k, text in said.items() if text in YES),
                   refused=frozenset(k for k, text in said.items() if text in NO))

    def __or__(self, other: Accept) -> Accept:
        return Accept(self.everything or other.everything, self.codes | other.codes, self.cells | other.cells,
                      self.refused | other.refused)


NOTHING = Accept()


def not_applied(answers: dict[tuple[str, str, str], str], fixed: list[Fixed]) -> list[tuple[str, str]]:
    """The cells answered Yes whose fix was not written: the cell or its suggestion changed since the Issues sheet
    was made (or the problem is gone). By sheet and cell."""
    done = {(f.sheet, f.cell) for f in fixed}
    yes = Accept.answered(answers).cells
    return sorted({(sheet, cell) for sheet, cell, _ in yes if (sheet, cell) not in done},
                  key=lambda key: (key[0], cell_position(key[1])))


def waiting(issues: list[Issue], answers: dict[tuple[str, str, str], str]) -> list[Issue]:
    """The likely fixes no one has answered yet (core.marks.read_answers gives the answers)."""
    return [i for i in issues if i.fix == "likely" and (i.sheet, i.cell, i.suggestion) not in answers]


@dataclass(frozen=True)
class Fixed:
    """One cell fix changed: where, what it was, what it is now, and why."""

    sheet: str
    cell: str
    column: str
    was: str
    now: str
    why: str
    accepted: bool = False     # a likely fix a person said yes to (not one rosterxl is sure of)

    @property
    def position(self) -> tuple[int, int]:
        return cell_position(self.cell)

    def line(self) -> str:
        return f"{self.sheet}!{self.cell} ({self.column}): '{self.was}' -> '{self.now}'"


def chosen_fixes(issues: list[Issue], tables: list[Table], accept: Accept = NOTHING) -> dict[tuple[str, str], Issue]:
    """For each cell with a sure fix, or a likely one `accept` takes, the one to apply now (sure ones first, then
    by ORDER). Never a password; a sure fix never on a cell Excel stored as a number or a date (it would not be
    the value the person typed; a person who said yes to one has seen it)."""
    typed = {(t.sheet, row.number, index) for t in tables for row in t.records() if row.raw for index in row.raw}
    secret = {(t.sheet, h.letter) for t in tables for h in t.headers if h.secret}
    chosen: dict[tuple[str, str], Issue] = {}
    for issue in issues:
        sure = issue.certain and issue.suggestion is not None
        if not sure and not accept.takes(issue):
            continue
        row, column = cell_position(issue.cell)
        if (issue.sheet, issue.cell.rstrip("0123456789")) in secret or sure and (issue.sheet, row, column - 1) in typed:
            continue
        key = (issue.sheet, issue.cell)
        if key not in chosen or _rank(issue) < _rank(chosen[key]):
            chosen[key] = issue
    return chosen


def _rank(issue: Issue) -> tuple[bool, int]:
    return not issue.certain, next((i for i, prefix in enumerate(ORDER) if issue.code.startswith(prefix)), len(ORDER))


def apply_fixes(tables: list[Table], chosen: dict[tuple[str, str], Issue]) -> list[Table]:
    """The tables with the chosen suggestions in their cells (new tables: the old ones do not change)."""
    by_sheet: dict[str, dict[int, dict[int, str]]] = {}         # sheet -> row number -> column index -> text
    for (sheet, cell), issue in chosen.items():
        row, column = cell_position(cell)
        by_sheet.setdefault(sheet, {}).setdefault(row, {})[column - 1] = issue.suggestion or ""
    fixed = []
    for table in tables:
        cells = by_sheet.get(table.sheet)
        if not cells:
            fixed.append(table)
            continue
        rows = []
        for row in table.rows:
            mine = cells.get(row.number)
            if mine:
                values = list(row.values)
                for index, text in mine.items():
                    if index < len(values):
                        values[index] = text
                row = Row(row.number, values, row.raw)
            rows.append(row)
        fixed.append(replace(table, rows=tuple(rows)))
    return fixed


def fixed_cells(before: list[Table], after: list[Table]) -> list[Fixed]:
    """Every cell whose value differs between the tables before and after fixing, in sheet, row, column order."""
    found = []
    for old, new in zip(before, after):
        old_rows = {r.number: r for r in old.rows}
        for row in new.rows:
            was = old_rows.get(row.number)
            if was is None or was.values == row.values:
                continue
            for header in new.headers:
                i = header.index
                if was.values[i] != row.values[i]:
                    column = header.column.csv_header(header.text) if header.column else header.text
                    found.append(Fixed(new.sheet, f"{header.letter}{row.number}", column, was.values[i],
                                       row.values[i], ""))
    return found


def fix_summary(fixed: list[Fixed]) -> list[str]:
    """The lines the Issues sheet gives the changes: every cell, what it was, what it is now; the ones rosterxl
    was sure of, then the ones a person said yes to."""
    lines = []
    for accepted, said in ((False, "it was sure of"), (True, "you said yes to")):
        mine = [f for f in fixed if f.accepted is accepted]
        if mine:
            lines += [f"rosterxl fixed {len(mine):,} cell{'' if len(mine) == 1 else 's'} {said}:",
                      *(f"  {f.line()}" for f in mine)]
    return lines
