"""The catalog, header mapping, the district config and learning from a portal template."""
from __future__ import annotations

from pathlib import Path

import pytest

from rosterxl import load_config as load_catalog
from rosterxl.core.catalog.catalog import builtin_catalog
from rosterxl.core.catalog.columns import Kind
from rosterxl.core.catalog.config import example_district
from rosterxl.core.catalog.headers import guess_entity, map_headers
from rosterxl.core.model import RosterInputError


def test_the_three_entities_and_their_required_columns():
    catalog = builtin_catalog()
    required = {k: [c.header for c in e.required()] for k, e in catalog.entities.items()}
    assert required == {
        "classes": ["Class/Group Name", "Organization", "Product"],
        "educators": ["First Name", "Last Name", "Username", "Educator Type", "Organizations"],
        "students": ["First Name", "Last Name", "Username", "External Assigned ID", "Organizations"],
    }
    students = catalog.entities["students"]
    assert students.column("database_id").kind is Kind.EXPORT_ONLY
    assert students.column("products").kind is Kind.MULTI_LIST
    assert students.column("student_id").max_length == 64


def test_unknown_headers_are_kept_as_pass_through_columns():
    headers = map_headers(builtin_catalog().entities["students"], ["First Name", "Favourite Colour"])
    assert headers[0].column.key == "first_name" and headers[1].column is None
    assert headers[1].text == "Favourite Colour"


def test_entity_is_guessed_from_headers_and_names():
    catalog = builtin_catalog()
    assert guess_entity(catalog, ["First Name", "Last Name", "Username", "Educator Type"]).key == "educators"
    assert guess_entity(catalog, ["First Name", "Username", "Student ID"]).key == "students"
    assert guess_entity(catalog, ["Class/Group Name", "Organization"]).key == "classes"
    assert guess_entity(catalog, ["First Name", "Last Name", "Username"]) is None   # could be either
    assert catalog.entity_for_name("Classes & Groups").key == "classes"
    assert catalog.entity_for_name("export_students_2026-09-01").key == "students"


def write(tmp_path: Path, text: str, name: str = "rosterxl.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_config_sets_schools_products_classes_lists_and_limits(tmp_path):
    path = write(tmp_path, '''
district = "Test USD"
organizations = ["North School", "South School"]
products = ["Imagine Reading"]
blank_password = "error"
[[classes]]
name = "Math 1"
organization = "North School"
[lists]
EducatorType = ["Administrator", "Teacher"]
[limits]
password_min = 6
records_per_file = 5000
[severity]
"text.spaces" = "error"
''')
    catalog = load_catalog(path)
    assert catalog.lists["Organization"].values == ("North School", "South School")
    assert catalog.lists["Product"].values == ("Imagine Reading",)
    assert catalog.lists["EducatorType"].values == ("Administrator", "Teacher")
    assert catalog.classes == (("Math 1", "North School"),)
    assert catalog.entities["students"].column("password").min_length == 6
    assert catalog.records_per_file == 5000 and catalog.blank_password == "error"
    assert catalog.severities["text.spaces"].value == "error"


@pytest.mark.parametrize("text,words", [
    ('organisations = ["A"]', "key 'organisations': this setting does not exist (did you mean 'organizations'?)"),
    ("[limits]\npassword_min = 'four'", "key 'limits.password_min'"),
    ("[limits]\nrecords_per_file = 20000",
     "key 'limits.records_per_file': Input should be less than or equal to 10000"),
    ("[lists]\nGrades = ['1']", "there is no list called 'Grades' (did you mean 'Grade'?)"),
    ('[severity]\n"list.unknown" = "error"', "there is no check called 'list.unknown'"),
    ('blank_password = "sometimes"', "key 'blank_password'"),
    ("organizations = [", "the config file has a mistake in its layout"),
])
def test_a_bad_config_names_the_file_the_key_and_the_problem(tmp_path, text, words):
    path = write(tmp_path, text)
    with pytest.raises(RosterInputError) as caught:
        load_catalog(path)
    assert str(path) in str(caught.value) and words in str(caught.value)


def test_missing_config(tmp_path):
    with pytest.raises(RosterInputError, match="does not exist"):
        load_catalog(tmp_path / "nope.toml")


def test_the_example_district():
    catalog = example_district()
    assert "Lincoln Elementary School" in catalog.lists["Organization"].values
    assert catalog.has_config


def test_learning_the_portal_template_header_text_order_and_samples(tmp_path):
    write(tmp_path, "Student ID,First Name,Last Name,Username,Organizations,Reading Level\r\n"
                    "S-1,Jamie,Example,jexample,Demo School,A\r\n"
                    "S-2,Sam,Example,sexample,Demo School,B\r\n", name="portal_students.csv")
    path = write(tmp_path, '[portal_templates]\nstudents = "portal_students.csv"\n')
    entity = load_catalog(path).entities["students"]
    assert [c.header for c in entity.columns[:6]] == ["Student ID", "First Name", "Last Name", "Username",
                                                     "Organizations", "Reading Level"]
    assert entity.sample_rows[0]["student_id"] == "S-1" and entity.sample_rows[1]["first_name"] == "Sam"
    assert map_headers(entity, ["Reading Level"])[0].column is not None
