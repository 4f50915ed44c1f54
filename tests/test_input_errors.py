"""Input errors have declared codes (rosterxl.core.input_errors): every code raised in the source is declared and
every declared one is raised; the raise sites' sentences name no option or command of the command line; each
face words what to do in its own terms (the Excel face never names a flag or a command); JSON failures carry the
code. Through the real command line and through the ribbon functions on xlwings' remote engine."""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from corpus import school
from helpers import book as write_book
from helpers import runner
from test_files_left import HOLDER
from xlwings_support import remote_book

from rosterxl import excel
from rosterxl.cli import app
from rosterxl.cli.advice import BUTTON_COMMANDS
from rosterxl.cli.advice import WORDS as CLI_WORDS
from rosterxl.core.input_errors import INPUT_CODES, RosterInputError
from rosterxl.excel.button_advice import WORDS as EXCEL_WORDS
from rosterxl.media import uploadset

SOURCE = Path(__file__).parent.parent / "rosterxl"
ERRORS = {"RosterInputError", "SisInputError"}
COMMANDS = sorted(typer.main.get_command(app).commands)
NAMES_THE_CLI = re.compile(r"--[a-z]|\brosterxl (?:" + "|".join(map(re.escape, COMMANDS)) + r")\b")


def raise_sites() -> list[tuple[str, int, ast.Call]]:
    """Every construction of an input error in the package: (module, line, the call)."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ERRORS | {"SheetUnreadable"}:
                found.append((str(path.relative_to(SOURCE.parent)), node.lineno, node))
    return found


def code_of(call: ast.Call) -> str | None:
    if call.func.id == "SheetUnreadable":
        return "workbook.sheet-unreadable"              # its one code, given by the class
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def test_every_code_raised_is_declared_and_every_declared_code_is_raised():
    sites = raise_sites()
    raised: dict[str, int] = {}
    for where, line, call in sites:
        code = code_of(call)
        if code is None:                                # only where an error is said again with its own code
            assert ast.unparse(call.args[0]) == "exc.code", f"{where}:{line}: the code is not written out"
            continue
        assert code in INPUT_CODES, f"{where}:{line}: '{code}' is not declared"
        raised[code] = raised.get(code, 0) + 1
    assert sorted(set(INPUT_CODES) - set(raised)) == [], "declared but never raised"
    assert len(sites) > 100


def test_each_face_words_only_declared_codes():
    assert sorted(set(CLI_WORDS) - set(INPUT_CODES)) == [] and sorted(set(EXCEL_WORDS) - set(INPUT_CODES)) == []


def test_a_json_failure_says_the_line_of_a_broken_csv_file(tmp_path):
    broken = tmp_path / "Students.csv"
    broken.write_bytes(b'First Name,Last Name\r\nAna,Ruiz\r\n"Bo,' + b"x" * 200_000 + b"\r\n")
    code, out, _ = cli("check", broken, "--format", "json")
    failure = json.loads(out)["error"]
    assert code == 2 and (failure["code"], failure["file"], failure["row"]) == ("csv.malformed", "Students.csv", 3)


def test_an_undeclared_code_is_a_fault_of_rosterxl():
    with pytest.raises(ValueError, match="undeclared input code"):
        RosterInputError("file.nowhere", "x.csv: what is wrong.")


def _texts(node: ast.AST, constants: dict[str, str]) -> list[str]:
    out = []
    for part in ast.walk(node):
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            out.append(part.value)
        elif isinstance(part, ast.Name) and part.id in constants:
            out.append(constants[part.id])
    return out


def test_the_sentences_written_at_the_raise_sites_name_no_option_or_command():
    """The facts are written once for every face: the command line's options and commands are its own words
    (rosterxl/cli/advice.py), so an Excel user never reads them."""
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                     for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.Constant)
                     and isinstance(n.value.value, str)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ERRORS:
                for text in _texts(node, constants):
                    assert not NAMES_THE_CLI.search(text), f"{path.name}:{node.lineno}: {text!r}"


# Facts the raise sites give (ast: their keywords); each face's wording is tried with every set it can word.
FACT_SETS = [{}, {"sources": "book.xlsx", "one": True}, {"sources": "a.xlsx, b.xlsx", "one": False},
             {"files": "a.xlsx, b.xlsx", "doing": "mark"}, {"files": "a.xlsx, b.xlsx", "doing": "fix"},
             {"doing": "mark"}, {"doing": "clear"}, {"given": "a.csv", "doing": "mark", "csv": True},
             {"given": "a.xlsx, b.xlsx", "doing": "fix", "csv": False}, {"merging": True}, {"merging": False},
             {"instead": "name", "in_place": "mark"}, {"instead": "name", "in_place": ""},
             {"instead": "upload folder"}, {"instead": "folder"}, *({"button": b} for b in BUTTON_COMMANDS)]


def wordings(words) -> dict[str, list[str]]:
    """Each declared code as the face words it, with every set of facts that face's wording can use."""
    said: dict[str, list[str]] = {}
    for code in INPUT_CODES:
        for facts in FACT_SETS:
            try:
                said.setdefault(code, []).append(
                    RosterInputError(code, "book.xlsx: what is wrong.", file="book.xlsx", **facts).worded(words))
            except KeyError:
                continue
        assert said.get(code), f"{code}: no set of facts can be worded"
    return said


def test_the_excel_face_words_every_code_without_an_option_or_a_command():
    for code, sentences in wordings(EXCEL_WORDS).items():
        for text in sentences:
            assert not NAMES_THE_CLI.search(text), f"{code}: {text}"
            assert "command line" not in text, f"{code}: {text}"


def test_the_facts_each_raise_site_gives_are_those_its_faces_word():
    """A face's wording that needs a fact the raise site does not give would fail on a person's input: every
    keyword set given at a raise site is one of FACT_SETS' shapes (or only where the error is)."""
    shapes = {frozenset(f) for f in FACT_SETS}
    for where, line, call in raise_sites():
        given = frozenset(k.arg for k in call.keywords if k.arg not in ("file", "sheet", "row", "column", None))
        assert not given or given in shapes, f"{where}:{line}: facts {sorted(given)}"
    wordings(CLI_WORDS)


def test_the_excel_face_words_the_flag_naming_advice_its_own_way():
    changed = RosterInputError("export.not-opened", "x", sources="Students", one=True)
    assert changed.worded(EXCEL_WORDS) == (
        "Students: Save changes saves the rows changed since the portal's export, and this was not opened from "
        "one (Open export makes such a workbook). Nothing was saved. To save every record, use Save CSVs.")
    assert changed.worded(CLI_WORDS).endswith("To save every record, leave out --changed-only.")
    busy = RosterInputError("output.busy", "up: busy, so nothing was saved.")
    assert busy.worded(EXCEL_WORDS).endswith("Try again when it has finished, or choose another folder.")
    assert busy.worded(CLI_WORDS).endswith("or save into another folder with --out-dir.")


# ---- through the command line --------------------------------------------------------------------------------

def cli(*args) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_a_json_failure_carries_the_code_and_the_sentence(tmp_path):
    code, out, err = cli("check", tmp_path / "nowhere.xlsx", "--format", "json")
    assert code == 2
    assert json.loads(out) == {"error": {"code": "file.not-found", "file": str(tmp_path / "nowhere.xlsx"),
                                         "message": f"{tmp_path / 'nowhere.xlsx'}: the file does not exist"}}
    assert "Cannot use this input: " in err and "the file does not exist" in err


def test_a_json_failure_words_the_advice_as_the_command_line_does(tmp_path):
    plain = school(tmp_path)
    code, out, err = cli("diff", plain, "--format", "json")
    assert code == 2
    failure = json.loads(out)["error"]
    assert failure["code"] == "export.not-opened" and failure["file"] == "school.xlsx"
    assert failure["message"] == "school.xlsx was not made by rosterxl open-export: there is no export to compare with."
    assert failure["message"] in " ".join(err.split())


def test_text_failures_print_no_json(tmp_path):
    code, out, err = cli("check", tmp_path / "nowhere.xlsx")
    assert code == 2 and out == "" and "the file does not exist" in err


def test_changed_only_on_the_command_line_names_its_option(tmp_path):
    plain = school(tmp_path)
    code, _, err = cli("export", plain, "--out-dir", tmp_path / "up", "--changed-only")
    assert code == 2
    assert " ".join(err.split()) == (
        "Cannot use this input: school.xlsx (sheet Students): --changed-only saves the rows changed since the "
        "portal's export, and this was not opened from one (rosterxl open-export makes such a workbook). Nothing "
        "was saved. To save every record, leave out --changed-only.")


def test_out_for_several_workbooks_on_the_command_line_names_its_options(tmp_path):
    one, two = school(tmp_path, "one.xlsx"), school(tmp_path, "two.xlsx")
    code, _, err = cli("check", one, two, "--mark", "--out", tmp_path / "marked.xlsx")
    assert code == 2
    assert " ".join(err.split()) == (
        "Cannot use this input: one.xlsx, two.xlsx: --out names the marked copy of one workbook; with several, each "
        "gets its own NAME.checked.xlsx beside it (or use --in-place).")
    code, out, _ = cli("check", one, two, "--mark", "--out", tmp_path / "marked.xlsx", "--format", "json")
    assert code == 2 and json.loads(out)["error"]["code"] == "output.conflict"


def test_out_onto_the_workbook_itself_offers_in_place(tmp_path):
    one = school(tmp_path)
    code, _, err = cli("check", one, "--mark", "--out", one)
    assert code == 2
    assert " ".join(err.split()) == (
        f"Cannot use this input: {one}: this is the file being read ({one}), and writing there would replace it. "
        "Choose another name, or use --in-place to mark the workbook itself (a backup copy is kept).")


# ---- through the ribbon (xlwings' remote engine) ----------------------------------------------------------------

def told(book) -> str:
    return book.json()["actions"][-1]["args"][0]


def test_save_changes_in_excel_names_the_buttons_not_the_option(tmp_path):
    book = remote_book(school(tmp_path))
    assert excel.save_csvs(book=book, folder=str(tmp_path / "up"), changed_only=True) == []
    assert told(book) == (
        "school.xlsx (sheet Students): Save changes saves the rows changed since the portal's export, and this was "
        "not opened from one (Open export makes such a workbook). Nothing was saved. To save every record, use "
        "Save CSVs.")
    assert not (tmp_path / "up").exists()


def test_a_busy_folder_in_excel_says_choose_another_folder_not_out_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(uploadset, "LOCK_WAIT", 0.5)
    book = remote_book(school(tmp_path, rows=None))
    (tmp_path / "up").mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "up" / uploadset.LOCK), "30"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert excel.save_csvs(book=book, folder=str(tmp_path / "up"), force=True) == []
    finally:
        holder.kill()
        holder.wait()
    text = told(book)
    assert text.endswith("so nothing was saved. Try again when it has finished, or choose another folder."), text
    assert not NAMES_THE_CLI.search(text)


def test_a_csv_of_unknown_kind_in_excel_is_told_to_be_named_not_given_entity(tmp_path):
    export = write_book(tmp_path / "book.xlsx", {"Students": [["First Name"], ["Ana"]]})
    odd = tmp_path / "roster.csv"
    odd.write_text("Colour,Size\nred,3\n", encoding="utf-8")
    book = remote_book(export)
    excel.open_export(str(odd), book=book)
    text = told(book)
    assert text.startswith("roster.csv: rosterxl cannot tell whether this file holds") and "Students.csv" in text
    assert not NAMES_THE_CLI.search(text), text
