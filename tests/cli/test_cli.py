"""The command line: check, export and demo on real files, with their exit codes."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD_STUDENT, STUDENT_HEADER
from helpers import book, visible
from typer.testing import CliRunner

from rosterxl.cli import app

runner = CliRunner()
CLASSES = [["Class/Group Name", "Organization", "Product"],
           ["Gr 3 Reading", "Lincoln Elementary School", "Imagine Reading"]]


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows(rows)
    return path


def test_clean_csv_exits_0(tmp_path):
    path = write_csv(tmp_path / "students.csv", [STUDENT_HEADER, GOOD_STUDENT])
    result = run("check", path)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output and "Ready to upload" in result.output


def test_errors_exit_1_and_are_grouped_by_sheet_with_cells(tmp_path):
    bad = list(GOOD_STUDENT)
    bad[4] = "Kindergarden"
    path = book(tmp_path / "school.xlsx", {"Classes-Groups": CLASSES, "Students": [STUDENT_HEADER, bad]})
    result = run("check", path)
    assert result.exit_code == 1
    assert "Students" in result.output and "E2" in result.output and "Kindergarden" in result.output


def test_json_format(tmp_path):
    bad = list(GOOD_STUDENT)
    bad[2] = ""
    path = write_csv(tmp_path / "students.csv", [STUDENT_HEADER, bad])
    result = run("check", path, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    [issue] = data["issues"]
    assert set(issue) == {"file", "entity", "sheet", "row", "column", "cell", "code", "severity", "message",
                          "suggestion", "fixable", "fix"}
    assert issue["file"] == "students.csv" and issue["fix"] is None
    assert (issue["cell"], issue["code"], issue["severity"]) == ("C2", "required.missing", "error")
    assert data["summary"]["errors"] == 1
    assert data["summary"]["sheets"][0] == {"sheet": "students.csv", "file": "students.csv", "entity": "Students",
                                           "records": 1, "errors": 1, "warnings": 0, "sample_rows": 0}


def test_files_are_checked_together(tmp_path):
    classes = write_csv(tmp_path / "classes.csv", CLASSES)
    student = list(GOOD_STUDENT)
    student[7] = "Gr 9 Art"
    students = write_csv(tmp_path / "students.csv", [STUDENT_HEADER, student])
    data = json.loads(run("check", classes, students, "--format", "json").stdout)
    assert [i["code"] for i in data["issues"]] == ["cross.class-unknown"]


def test_entity_option_overrides_the_guess(tmp_path):
    path = write_csv(tmp_path / "roster.csv", [["First Name", "Last Name", "Username", "Organizations"],
                                               ["A", "B", "abc", "S"]])
    assert run("check", path).exit_code == 2
    result = run("check", path, "--entity", "students", "--format", "json")
    assert [i["code"] for i in json.loads(result.stdout)["issues"]] == ["sheet.missing-column"]


@pytest.mark.parametrize("name,content,words", [
    ("empty.csv", b"", "empty"),
    ("header.csv", b"First Name,Last Name,Username,Student ID,Organizations\r\n", "no records"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a text file"),
    ("broken.xlsx", b"PK\x03\x04 not really", "damaged"),
    ("latin.csv", b"First Name,Last Name\r\n\x81\x8d,x\r\n", "cannot be read"),
    ("notes.docx", b"hello", "reads .xlsx workbooks and .csv files only"),
])
def test_inputs_it_cannot_use_exit_2_with_a_clear_message(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("check", path)
    assert result.exit_code == 2
    assert words in " ".join(result.output.split()) and "Traceback" not in result.output


def test_export_writes_clean_sheets_and_refuses_sheets_with_errors(tmp_path):
    bad = list(GOOD_STUDENT)
    bad[4] = "13"
    path = book(tmp_path / "school.xlsx", {"Classes-Groups": CLASSES, "Students": [STUDENT_HEADER, bad]})
    result = run("export", path, "--out-dir", tmp_path / "out")
    assert result.exit_code == 1
    assert visible(tmp_path / "out") == ["Classes-Groups.csv"]
    assert "Students: not saved" in " ".join(result.output.split())
    result = run("export", path, "--out-dir", tmp_path / "out", "--force")
    assert result.exit_code == 0
    assert visible(tmp_path / "out") == ["Classes-Groups.csv", "Students.csv"]


def test_export_writes_the_portal_headers_canonical_values_and_leaves_samples_out(tmp_path):
    from rosterxl.core.catalog.builtin import STUDENTS

    sample = [STUDENTS.sample_rows[0].get(k, "") for k in ("first_name", "last_name", "username", "password",
              "grade", "student_id", "organizations", "classes", "products")]
    row = list(GOOD_STUDENT)
    row[4], row[8] = "kg", " imagine reading ;IMAGINE MATH;; "
    header = ["first name", *STUDENT_HEADER[1:], "Notes"]
    path = book(tmp_path / "school.xlsx", {"Students": [header, sample + [""], row + ["keep me"]]})
    result = run("export", path, "--out-dir", tmp_path)
    assert result.exit_code == 0, result.output
    assert "(1 sample row left out)" in result.output
    with (tmp_path / "Students.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [*STUDENT_HEADER, "Notes"]
    assert rows[1][4] == "K" and rows[1][8] == "Imagine Reading;Imagine Math" and rows[1][9] == "keep me"
    assert len(rows) == 2


def test_export_splits_past_the_limit(tmp_path):
    rows = [STUDENT_HEADER] + [[*GOOD_STUDENT[:2], f"user{i}", "pass1", "3", f"S{i:05d}", *GOOD_STUDENT[6:]]
                               for i in range(10_050)]
    path = write_csv(tmp_path / "students.csv", rows)
    result = run("export", path, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert visible(tmp_path / "out") == ["Students-01.csv", "Students-02.csv"]


def test_passwords_appear_only_in_the_csv(tmp_path):
    row = list(GOOD_STUDENT)
    row[3] = "Zq9"          # too short: an error about this password
    path = write_csv(tmp_path / "students.csv", [STUDENT_HEADER, row])
    for fmt in ("text", "json"):
        result = run("check", path, "--format", fmt, "--max-issues", "0")
        assert "Zq9" not in result.output
    result = run("export", path, "--out-dir", tmp_path / "out", "--force")
    assert "Zq9" not in result.output
    assert "Zq9" in (tmp_path / "out" / "Students.csv").read_text(encoding="utf-8")


def test_config_is_found_beside_the_file(tmp_path):
    (tmp_path / "rosterxl.toml").write_text('organizations = ["North School"]\n')
    path = write_csv(tmp_path / "students.csv", [STUDENT_HEADER, GOOD_STUDENT])
    data = json.loads(run("check", path, "--format", "json").stdout)
    assert [i["code"] for i in data["issues"]] == ["list.not-allowed"]


def test_demo_writes_the_example_checks_it_and_saves_clean_sheets(tmp_path):
    result = run("demo", "--dir", tmp_path / "demo")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo" / "example-district.xlsx").is_file()
    saved = visible(tmp_path / "demo" / "upload")
    assert saved == ["Classes-Groups.csv", "Educators.csv"]
    text = " ".join(result.output.split())
    assert "Students: not saved" in text and "Lincon Elementary School" in text


def test_the_installed_command_prints_no_progress_bar_when_piped(tmp_path):
    path = write_csv(tmp_path / "students.csv", [STUDENT_HEADER, GOOD_STUDENT])
    proc = subprocess.run([sys.executable, "-m", "rosterxl", "check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == ""
    assert "Ready to upload" in proc.stdout


def test_export_to_a_place_it_cannot_write_exits_2(tmp_path):
    path = write_csv(tmp_path / "students.csv", [STUDENT_HEADER, GOOD_STUDENT])
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    result = run("export", path, "--out-dir", blocker)
    assert result.exit_code == 2 and "Cannot save the CSV files" in result.output


def test_bare_rosterxl_shows_the_help_and_every_help_names_the_exit_codes():
    bare = subprocess.run([sys.executable, "-m", "rosterxl"], capture_output=True, text=True, timeout=60)
    assert bare.returncode == 0 and "Commands:" in bare.stdout and "Exit codes: 0" in bare.stdout
    for name in ("check", "fix", "export", "open-export", "diff", "clear", "template", "addin", "demo"):
        text = runner.invoke(app, [name, "--help"]).output
        assert "Exit codes: 0" in " ".join(text.split()), name
        assert "<list[" not in text and "{" not in text, name
    commands = bare.stdout.split("Commands:")[1].strip("\n").split("\n\n")[0]
    listing = [line.split(None, 1)[1] for line in commands.splitlines()]
    assert listing and all(summary.endswith(".") and "..." not in summary for summary in listing)


def test_text_lists_errors_first_and_folds_many_issues_of_one_kind(tmp_path):
    rows = [STUDENT_HEADER] + [[*GOOD_STUDENT[:2], f"u{i}", "pass1", "Kindergarden" if i < 15 else "3",
                                f"S-{i}", *GOOD_STUDENT[6:]] for i in range(20)]
    rows[18][1] = "Lopez "                      # a warning, in a row above nothing: still listed after the errors
    path = book(tmp_path / "many.xlsx", {"Students": rows})
    text = runner.invoke(app, ["check", str(path)]).output
    lines = [line for line in text.splitlines() if line.strip()]
    first_warning = next(i for i, line in enumerate(lines) if " warning " in line)
    assert all(" error " not in line for line in lines[first_warning:])
    assert "… 12 more cells of Grade with this error (list.not-allowed)" in " ".join(text.split())
    report = json.loads(runner.invoke(app, ["check", str(path), "--format", "json"]).stdout)
    assert sum(i["code"] == "list.not-allowed" for i in report["issues"]) == 15     # JSON keeps every cell


def test_the_text_says_how_many_issues_the_limit_left_out(tmp_path):
    rows = [STUDENT_HEADER] + [[*GOOD_STUDENT[:2], f"user{i}", "pass1", "Kindergarden", f"S-{i}", *GOOD_STUDENT[6:]]
                               for i in range(6)]                    # 6 of one kind: too few to fold
    path = book(tmp_path / "some.xlsx", {"Students": rows})
    every = " ".join(runner.invoke(app, ["check", str(path)]).output.split())
    assert "more" not in every                                        # all 6 shown, nothing left out
    limited = " ".join(runner.invoke(app, ["check", str(path), "--max-issues", "2"]).output.split())
    assert "… and 4 more. See them all" in limited
