"""The public library: `from rosterxl import Roster` runs check and save with the results the command line
gives, and the README's library example runs as written."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from helpers import visible
from typer.testing import CliRunner

from rosterxl import Issue, Roster, RosterInputError, Severity, load_config, write_demo_workbook
from rosterxl.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_check_and_save_give_what_the_command_line_gives(tmp_path):
    book = write_demo_workbook(tmp_path / "school.xlsx")
    roster = Roster.open([book])
    result = runner.invoke(app, ["check", str(book), "--format", "json"])
    printed = json.loads(result.stdout)
    assert [i.as_dict() for i in roster.check()] == printed["issues"]
    assert roster.summary() == printed["summary"]
    assert result.exit_code == (1 if roster.errors() else 0)
    saved = roster.save_csvs(tmp_path / "library", force=True)
    assert runner.invoke(app, ["export", str(book), "--out-dir", str(tmp_path / "cli"), "--force"]).exit_code == 0
    written = sorted(p.name for s in saved for p in s.files)
    assert written == visible(tmp_path / "cli")
    for name in written:
        assert (tmp_path / "library" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()


def test_one_save_policy_sheet_by_sheet(tmp_path):
    roster = Roster.open([write_demo_workbook(tmp_path / "school.xlsx")])
    saved = {s.sheet: s for s in roster.save_csvs(tmp_path / "out")}
    assert saved["Students"].status == "refused" and saved["Students"].errors == 8 and not saved["Students"].files
    assert saved["Educators"].status == "saved" and saved["Educators"].records == 4
    assert visible(tmp_path / "out") == ["Classes-Groups.csv", "Educators.csv"]


def test_the_public_names(tmp_path):
    import rosterxl

    assert {"Roster", "Issue", "Severity", "load_config"} <= set(rosterxl.__all__)
    issues = Roster.open([write_demo_workbook(tmp_path / "school.xlsx")], load_config()).check()
    assert all(isinstance(i, Issue) and isinstance(i.severity, Severity) for i in issues)
    assert {i.severity for i in issues} == {Severity.ERROR, Severity.WARNING}


def test_an_input_it_cannot_use_is_a_sentence(tmp_path):
    for path, words in ((tmp_path / "nothing.xlsx", "does not exist"), (tmp_path / "a.pdf", ".xlsx workbooks")):
        try:
            Roster.open([path])
        except RosterInputError as exc:
            assert words in str(exc)
        else:
            raise AssertionError(f"{path.name} was accepted")


def test_the_readme_library_example_runs(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## As a library"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    write_demo_workbook(tmp_path / "school.xlsx")
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(here)
    assert (tmp_path / "upload" / "Educators.csv").is_file()
