"""rosterxl against the district corpus (tests/district/build.py): every planted mistake is an error on its
cell with the right suggestion, and no correct cell is an error, with and without the district's config."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from rosterxl import Roster
from rosterxl.core.model import Severity

FILES = Path(__file__).parent / "files"
PLANTED = json.loads((FILES / "planted.json").read_text(encoding="utf-8"))
BOOKS = sorted({p["file"] for p in PLANTED})


def verdict(book: str, config: Path | None) -> dict:
    """What rosterxl found against what was planted: caught, missed, wrong suggestions, false errors."""
    issues = Roster.open([FILES / book], config).check()
    errors = {(i.sheet, i.cell): i for i in issues if i.severity is Severity.ERROR}
    planted = {(p["sheet"], p["cell"]): p for p in PLANTED if p["file"] == book}
    caught = [k for k in planted if k in errors]
    missed = [f"{s}!{c} ({planted[(s, c)]['why']})" for s, c in planted if (s, c) not in errors]
    wrong = [f"{s}!{c}: {[i.suggestion for i in issues if (i.sheet, i.cell) == (s, c)]} instead of "
             f"{planted[(s, c)]['suggestion']!r}" for s, c in caught if planted[(s, c)]["suggestion"]
             and planted[(s, c)]["suggestion"] not in {i.suggestion for i in issues if (i.sheet, i.cell) == (s, c)}]
    false = [f"{s}!{c}: {i.message}" for (s, c), i in errors.items() if (s, c) not in planted]
    warnings = sum(1 for i in issues if i.severity is Severity.WARNING)
    return {"planted": len(planted), "caught": len(caught), "missed": missed, "wrong": wrong, "false": false,
            "warnings": warnings}


@pytest.mark.parametrize("config", [None, FILES / "district.toml"], ids=["without config", "with config"])
@pytest.mark.parametrize("book", BOOKS)
def test_every_planted_mistake_is_an_error_with_its_fix_and_nothing_else_is(book, config):
    found = verdict(book, config)
    assert found["missed"] == []
    assert found["wrong"] == []
    assert found["false"] == []


if __name__ == "__main__":      # the figures for a closing note: python -m tests.district.test_district_files
    for name in BOOKS:
        for cfg in (None, FILES / "district.toml"):
            v = verdict(name, cfg)
            print(name, "with config" if cfg else "without config", json.dumps(v, ensure_ascii=False, indent=1))
