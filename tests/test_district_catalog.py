"""One way to find and build the district's catalog (rosterxl.district), the same for the command line, the
library and the live workbook: the config given, else rosterxl.toml beside the first file or in the workbook's
folder, else in the current folder, else the built-in catalog."""
from __future__ import annotations

from pathlib import Path

from rosterxl import district_catalog, example_district, find_config

CONFIG = 'district = "Riverside USD"\norganizations = ["Lincoln Elementary", "Adams Middle"]\n'


def _config(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rosterxl.toml").write_text(CONFIG, encoding="utf-8")
    return folder / "rosterxl.toml"


def test_a_catalog_given_is_used_as_it_is():
    catalog = example_district()
    assert district_catalog(catalog) is catalog


def test_a_config_beside_the_first_file_or_in_the_workbooks_folder_is_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = _config(tmp_path / "school")
    book = tmp_path / "school" / "roster.xlsx"
    assert find_config(book) == config                    # beside a file, whether or not the file is there yet
    assert find_config(tmp_path / "school") == config     # in a folder (the live workbook's)
    assert district_catalog(None, book).district == "Riverside USD"
    assert district_catalog(None, tmp_path / "school").lists["Organization"].values == ("Lincoln Elementary",
                                                                                        "Adams Middle")


def test_without_one_beside_the_current_folders_is_used_then_the_built_in_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    assert find_config(tmp_path / "elsewhere" / "a.xlsx") is None
    assert district_catalog(None, tmp_path / "elsewhere").lists["Organization"].is_open      # built in: no schools
    here = _config(tmp_path)
    assert find_config(tmp_path / "elsewhere" / "a.xlsx") == Path("rosterxl.toml")
    assert find_config(None).resolve() == here.resolve()
    assert district_catalog(None, tmp_path / "elsewhere").district == "Riverside USD"


def test_a_workbooks_own_lists_stand_in_only_for_the_lists_the_config_does_not_give(tmp_path):
    config = _config(tmp_path)
    own = {"Organization": ("Old School",), "Product": ("Imagine Math",)}
    catalog = district_catalog(config, lists=own)
    assert catalog.lists["Organization"].values == ("Lincoln Elementary", "Adams Middle")   # the config's wins
    assert catalog.lists["Product"].values == ("Imagine Math",)                              # the workbook's
