from __future__ import annotations

import os
from pathlib import Path

# xlwings' remote engine (used to test the Excel functions) is PolyForm Noncommercial: schools qualify,
# and its documented key for that use is "noncommercial". Set before anything imports xlwings.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import pytest

from rosterxl.core.catalog.catalog import Catalog, builtin_catalog
from rosterxl.core.catalog.config import DistrictConfig, apply_config
from rosterxl.core.model import Issue
from rosterxl.core.rules import check_tables
from rosterxl.core.tables import Table, table_from_grid

STUDENT_HEADER = ["First Name", "Last Name", "Username", "Password", "Grade", "Student ID", "Organizations",
                  "Classes/Groups", "Products"]
GOOD_STUDENT = ["Ana", "Lopez", "alopez", "tiger42", "3", "S-0001", "Lincoln Elementary School",
                "Gr 3 Reading", "Imagine Reading"]


def district(**settings) -> Catalog:
    config = {"organizations": ["Lincoln Elementary School", "Roosevelt Middle School"]} | settings
    return apply_config(DistrictConfig.model_validate(config), "test.toml")


def make_table(rows: list[list], entity: str = "students", catalog: Catalog | None = None,
               sheet: str | None = None) -> Table:
    catalog = catalog or builtin_catalog()
    table = table_from_grid(catalog, rows, source="test.xlsx", sheet=sheet or entity.capitalize(),
                            entity=catalog.entities[entity])
    assert table is not None
    return table


def students(*rows: list, header: list[str] = STUDENT_HEADER) -> list[list]:
    return [header, *rows]


def student(**changes) -> list:
    row = list(GOOD_STUDENT)
    for name, value in changes.items():
        header = name if name in STUDENT_HEADER else name.replace("_", " ").title().replace("Id", "ID")
        row[STUDENT_HEADER.index(header)] = value
    return row


def check(*tables: Table, catalog: Catalog | None = None) -> list[Issue]:
    issues, _ = check_tables(list(tables), catalog or builtin_catalog())
    return issues


def found(issues: list[Issue], code: str) -> list[str]:
    """The cells an issue with this code was raised on."""
    return [i.cell for i in issues if i.code == code]


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    return tmp_path
