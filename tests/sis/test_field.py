"""from-sis on real public exports that nobody here wrote (tests/sis/files/field, README there): every person
and class in the files is brought over or listed as not brought over with why, on the From the SIS sheet and
in the command's output, and `rosterxl check` passes the workbook from-sis wrote."""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from helpers import runner

from rosterxl import from_sis
from rosterxl.cli import app
from rosterxl.media.sisfiles import read_sis_files

FIELD = Path(__file__).parent / "files" / "field"
CONFIG = FIELD / "rosterxl.toml"
EXPORTS = {
    # export: (people, classes) in its files, and the check errors its workbook keeps, each the SIS's own
    "moodle-enrol_oneroster/Test_full_data_set.zip": ((6, 2), 0),
    # its two teachers have no email, and the portal's educator username is one: from-sis says so and leaves
    # the two Username cells for a person
    "moodle-enrol_oneroster/Test_minimal_data_set.zip": ((6, 2), 2),
    "moodle-enrol_oneroster/v1p2_full_dataset.zip": ((6, 2), 0),
    "moodle-enrol_oneroster/oneroster_test_data.zip": ((1, 1), 0),
    "oat-oneroster-import/OneRosterv1p1BaseCSV": ((2, 3), 0),
}
PEOPLE = ("person", "educator", "student")


def in_files(path: Path) -> tuple[int, int]:
    """The people and the classes the export's files hold: rows with a value in users.csv and classes.csv."""
    files = read_sis_files(path)
    filled = {name: [r for r in rows[1:] if any(c.strip() for c in r)] for name, rows in files.items()}
    return len(filled["users.csv"]), len(filled["classes.csv"])


@pytest.mark.parametrize("export", EXPORTS)
def test_every_record_of_a_real_export_is_brought_over_or_listed_with_why(export, tmp_path):
    (people, classes), check_errors = EXPORTS[export]
    assert in_files(FIELD / export) == (people, classes)
    result = from_sis(FIELD / export, tmp_path / "out.xlsx", CONFIG)
    records = result.records()
    listed_people = [x for x in result.left_out if x.kind in PEOPLE]
    listed_classes = [x for x in result.left_out if x.kind == "class/group"]
    assert records["Educators"] + records["Students"] + len(listed_people) == people
    assert records["Classes-Groups"] + len(listed_classes) == classes
    assert all(x.why for x in result.left_out)
    sheet = [r for r in openpyxl.load_workbook(result.workbook)["From the SIS"].iter_rows(values_only=True)]
    for left in result.left_out:
        assert (left.where.file, left.where.row, left.kind, left.name, left.why) in sheet
    check = runner.invoke(app, ["check", str(result.workbook), "--config", str(CONFIG), "--format", "json"])
    errors = [i for i in json.loads(check.output)["issues"] if i["severity"] == "error"]
    assert len(errors) == check_errors, errors


def test_the_command_names_what_it_left_out(tmp_path):
    done = runner.invoke(app, ["from-sis", str(FIELD / "moodle-enrol_oneroster/Test_full_data_set.zip"), "--out",
                               str(tmp_path / "out.xlsx"), "--config", str(CONFIG)])
    assert done.exit_code == 1                              # the files break their format (status in bulk files)
    assert "Not brought over: 4 records" in done.output
    assert "marked to be deleted" in done.output and "a parent" in done.output
    assert "'History Department' is a department org" in done.output
    assert "Ready to upload" not in done.output
