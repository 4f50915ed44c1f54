"""from-sis on the fixtures (tests/sis/build.py): one district as OneRoster 1.1, OneRoster 1.2 and Clever gives
the same three sheets; every planted mistake of the broken sets is reported with its file, row and column; the
decisions of rosterxl.toml do what they say; the workbook opens in Excel and a password is never in a report."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import runner
from ooxml import not_xml, sdk_errors, validator

from rosterxl import Roster, RosterInputError, from_sis
from rosterxl.cli import app
from rosterxl.core.sis.contents import SisInputError
from rosterxl.roster import sis_sheets

FILES = Path(__file__).parent / "files"
CONFIG = FILES / "rosterxl.toml"
SETS = ("oneroster-1.1", "oneroster-1.2", "clever")
PLANTED = json.loads((FILES / "planted.json").read_text("utf-8"))


def sheets(workbook: Path) -> dict[str, list[list[str]]]:
    """The records of each sheet of a workbook, read back as a check reads them."""
    roster = Roster.open([workbook], CONFIG)
    return {t.sheet: [[h.text for h in t.headers]] + [r.values for r in roster.records(t)] for t in roster.tables}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("from-sis")
    return {name: from_sis(FILES / name, folder / f"{name}.xlsx", CONFIG).workbook for name in SETS}


def test_the_three_formats_give_the_same_sheets(made):
    first = sheets(made["oneroster-1.1"])
    assert [len(rows) - 1 for rows in first.values()] == [7, 6, 8]
    for name in SETS[1:]:
        assert sheets(made[name]) == first, name
    students = {r[5]: r for r in first["Students"][1:]}
    assert students["0007202"][6] == "Oak Ridge Middle School"           # in two schools: the one of her classes
    assert students["0007202"][7] == "ELA 7;Math 7"
    assert students["0004416"][4] == "K"                                 # TK, by the default grade decision
    assert students["0004416"][3] == "ZN4416"                            # the password pattern of the config
    classes = {r[0]: r for r in first["Classes-Groups"][1:]}
    assert "Science 8 (S802)" not in classes and "Science 8" in classes  # the spring class waits for its term
    assert classes["Kindergarten Homeroom"][4] == "arivera@maplevalley.example;tnunez@maplevalley.example"
    assert classes["Grade 3 Reading (R301)"][3] == "Imagine Language & Literacy"   # product by grade band
    educators = {r[2]: r for r in first["Educators"][1:]}
    assert educators["hpark@maplevalley.example"][3:6] == ["Admin", "", "Elm Street Elementary;Oak Ridge Middle School"]
    assert educators["mokafor@maplevalley.example"][3] == "Admin"


def test_the_valid_sets_have_no_errors(made):
    for name in SETS:
        result = from_sis(FILES / name, made[name].with_name(f"again-{name}.xlsx"), CONFIG)
        assert result.source_errors() == 0 and result.roster.errors() == 0, name
        assert [x.name for x in result.left_out] == ["Science 8"]


@pytest.mark.parametrize("name", SETS)
def test_every_planted_mistake_is_reported_with_file_row_and_column(name, tmp_path):
    result = from_sis(FILES / f"{name}-broken", tmp_path / "broken.xlsx", CONFIG)
    found = {(p.file, p.row, p.column) for p in result.problems}
    for planted in PLANTED[name]:
        assert (planted["file"], planted["row"], planted["column"]) in found, planted
    book = openpyxl.load_workbook(tmp_path / "broken.xlsx")
    listed = {(r[0], r[1], r[2] or None) for r in book["From the SIS"].iter_rows(values_only=True) if r[1]}
    for planted in PLANTED[name]:
        assert (planted["file"], planted["row"], planted["column"]) in listed, planted


def test_the_workbook_is_a_template_with_the_decisions_and_opens_in_excel(made):
    book = openpyxl.load_workbook(made["oneroster-1.2"])
    assert book.sheetnames[:2] == ["Instructions", "From the SIS"]
    text = [c for row in book["Instructions"].iter_rows(values_only=True) for c in row if c]
    assert "Made from your student information system" in text
    assert any("Students' External Assigned ID" in t for t in text) and "student_id" in text
    assert "made from the pattern {first_initial}{last_initial}{student_id_last4}" in text
    assert book["Students"].data_validations.dataValidation                 # dropdowns and red cells
    assert book["Students"].conditional_formatting
    assert "List_Organization" in book.defined_names
    assert not not_xml(made["oneroster-1.2"])
    sdk = validator()
    if sdk is not None:
        assert not sdk_errors(made["oneroster-1.2"], sdk)


def test_a_zip_gives_what_its_folder_gives(made, tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in (FILES / "clever").iterdir():
            z.write(path, f"clever-export/{path.name}")
    result = from_sis(archive, tmp_path / "zip.xlsx", CONFIG)
    assert result.format == "Clever"
    assert sheets(result.workbook) == sheets(made["clever"])


def test_what_cannot_be_converted_stops_with_a_sentence(tmp_path):
    shutil.copytree(FILES / "oneroster-1.1", tmp_path / "no-users")
    (tmp_path / "no-users" / "users.csv").unlink()
    with pytest.raises(SisInputError, match=r"users.csv: this file is missing"):
        from_sis(tmp_path / "no-users", tmp_path / "x.xlsx", CONFIG)
    shutil.copytree(FILES / "clever", tmp_path / "no-column")
    rows = (tmp_path / "no-column" / "students.csv").read_text().replace("Student_id,", "Pupil_id,")
    (tmp_path / "no-column" / "students.csv").write_text(rows)
    with pytest.raises(SisInputError, match=r"students.csv, column Student_id: this column is missing"):
        from_sis(tmp_path / "no-column", tmp_path / "x.xlsx", CONFIG)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "grades.csv").write_text("a,b\n1,2\n")
    with pytest.raises(RosterInputError, match="not OneRoster or Clever files"):
        from_sis(tmp_path / "other", tmp_path / "x.xlsx", CONFIG)
    assert not (tmp_path / "x.xlsx").exists()


def _config(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "rosterxl.toml"
    path.write_text(CONFIG.read_text("utf-8").replace("[sis]\n", "[sis]\n" + extra + "\n"), "utf-8")
    return path


def test_decisions_terms_roles_grades_and_deleted_records(tmp_path):
    shutil.copytree(FILES / "oneroster-1.1", tmp_path / "sis")
    users = (tmp_path / "sis" / "users.csv").read_text("utf-8")
    users = users.replace("u-s8,,,true", "u-s8,tobedeleted,2026-11-01T00:00:00.000Z,true")   # in a bulk file
    users = users.replace(",08,", ",UG,").replace("u-t2,,,true,org-elm,teacher", "u-t2,,,true,org-elm,aide")
    (tmp_path / "sis" / "users.csv").write_text(users, "utf-8")
    config = _config(tmp_path, 'terms = "all"\nroles = { aide = "Teacher" }\ngrades = { UG = "" }')
    sheets_ = sis_sheets(tmp_path / "sis", config)
    names = [r["class_name"] for r in sheets_.converted.classes]
    assert "Science 8 (S801)" in names and "Science 8 (S802)" in names         # every term
    assert {r["username"]: r["educator_type"] for r in sheets_.converted.educators}["dchen@maplevalley.example"] \
        == "Teacher"
    deleted = [x for x in sheets_.converted.left_out if "deleted" in x.why]
    assert [(x.where.file, x.where.row, x.name) for x in deleted] == [("users.csv", 15, "Noah D'Souza")]
    assert ("users.csv", 15, "status") in {(p.file, p.row, p.column) for p in sheets_.problems}   # bulk with status


def test_a_grade_without_a_portal_word_is_left_for_a_person(tmp_path):
    shutil.copytree(FILES / "oneroster-1.1", tmp_path / "sis")
    users = (tmp_path / "sis" / "users.csv").read_text("utf-8").replace(",08,", ",UG,")
    (tmp_path / "sis" / "users.csv").write_text(users, "utf-8")
    result = from_sis(tmp_path / "sis", tmp_path / "out.xlsx", CONFIG)
    grade = [i for i in result.roster.check() if i.sheet == "Students" and i.column == "Grade"]
    assert len(grade) == 1 and grade[0].severity.value == "error" and "UG" in grade[0].message
    assert result.marked >= 1


def test_random_passwords_are_in_the_password_cells_and_nowhere_else(tmp_path):
    config = _config(tmp_path, 'passwords = "random"\npassword_length = 8')
    config.write_text(config.read_text().replace('passwords = "pattern"\n', ""), "utf-8")
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["from-sis", str(FILES / "clever"), "--out", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.output
    as_json = runner.invoke(app, ["from-sis", str(FILES / "clever"), "--out", str(tmp_path / "j.xlsx"),
                                  "--config", str(config), "--format", "json"])
    assert as_json.exit_code == 0 and json.loads(as_json.output)["format"] == "Clever"
    book = openpyxl.load_workbook(out)
    sheet = book["Students"]
    column = [c.value for c in sheet[1]].index("Password")
    passwords = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert len(passwords) == 8 and all(len(p) == 8 for p in passwords) and len(set(passwords)) == 8
    with zipfile.ZipFile(out) as z:
        others = b"".join(z.read(n) for n in z.namelist() if n != "xl/sharedStrings.xml" and "sheet" not in n)
    for password in passwords:
        assert password not in result.output and password not in as_json.output
        assert password.encode() not in others
    report = [c for row in book["From the SIS"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not any(p in text for p in passwords for text in report)


def test_the_command_line_reports_problems_with_exit_1(tmp_path):
    result = runner.invoke(app, ["from-sis", str(FILES / "oneroster-1.1-broken"), "--out", str(tmp_path / "b.xlsx"),
                                 "--config", str(CONFIG)])
    assert result.exit_code == 1
    assert "users.csv, row 4, column role: 'techer' is not one of the format's values" in result.output
    missing = runner.invoke(app, ["from-sis", str(tmp_path / "nowhere"), "--out", str(tmp_path / "c.xlsx")])
    assert missing.exit_code == 2 and "nowhere" in missing.output


def test_the_ribbon_button_and_its_script_bring_the_export_into_the_open_workbook(tmp_path):
    from helpers import book as write_book
    from xlwings_support import remote_book, replay

    from rosterxl import excel
    from rosterxl.excel import scripts

    path = write_book(tmp_path / "book.xlsx", {"Sheet1": [["notes"]]})
    shutil.copy(CONFIG, tmp_path / "rosterxl.toml")
    book = remote_book(path)
    done = excel.from_sis(str(FILES / "oneroster-1.2-broken" / "users.csv"), book=book)
    assert done["Students"] == 7 and done["source_errors"] >= 8     # a class type the format lacks: a warning
    filled = openpyxl.load_workbook(replay(path, book.json()["actions"], tmp_path / "filled.xlsx"))
    assert {"Instructions", "From the SIS", "Classes-Groups", "Educators", "Students"} <= set(filled.sheetnames)
    students = filled["Students"]
    assert [c.value for c in students[1]][:3] == ["First Name", "Last Name", "Username"]
    assert students["A4"].value == "Mei" and students["F4"].value == "0004415"
    listed = {(r[0], r[1]) for r in filled["From the SIS"].iter_rows(values_only=True) if r[0]}
    assert ("users.csv", 4) in listed                         # enabledUser 'yes'
    assert "rosterxl_from_sis" in scripts.__all__


def test_every_sis_format_names_its_own_columns_in_messages():
    from rosterxl.core.sis.detect import FORMATS, only_sis_files

    assert [f.name for f in FORMATS] == ["OneRoster 1.1", "OneRoster 1.2", "Clever"]
    assert len({frozenset(f.names) for f in FORMATS}) == 1      # the same things named for each
    portal = {"classes-groups.csv", "educators.csv", "students.csv"}
    assert only_sis_files() and not only_sis_files() & portal
