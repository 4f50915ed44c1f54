"""The Roster add-in as a file: a workbook (a new one, or the person's) made into an add-in (.xlam) or a
macro-enabled workbook (.xlsm) that carries the Roster tab (macros/ribbon.xml) and the VBA behind it
(macros/rosterxl.bas with xlwings' own RunPython). The Excel face checks the macro parts against its buttons
and tells the person what to do next."""
from __future__ import annotations

import re
import tempfile
from importlib import resources
from pathlib import Path

from rosterxl.core.model import RosterInputError
from rosterxl.media.files import keep_before_replacing
from rosterxl.media.xlsx.macro_book import add_vba_project, write_note_workbook
from rosterxl.media.xlsx.package import Package
from rosterxl.media.xlsx.vbaproject import STANDARD, Module, class_from_export
from rosterxl.roster import write_template

UI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
MACRO_BOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
ADDIN_BOOK = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
PLAIN_BOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
ADDIN_SUFFIXES = (".xlam", ".xlsm")
__all__ = ["ADDIN_SUFFIXES", "add_ribbon", "macros_folder", "vba_modules", "write_addin", "write_addin_sheet"]


def macros_folder() -> Path:
    """The macro parts: macros/ at the top of the repository, which the wheel ships inside the package as
    rosterxl/macros (pyproject.toml's package-dir); in a source tree or an editable install, the folder itself."""
    shipped = Path(str(resources.files("rosterxl").joinpath("macros")))
    return shipped if shipped.is_dir() else Path(__file__).resolve().parents[1] / "macros"


def write_addin(out: Path, workbook: Path | None = None) -> tuple[Path, Path | None]:
    """The add-in (.xlam) or macro-enabled workbook (.xlsm) at `out`, made from `workbook`, or from a new
    template with every column (.xlsm) or a one-sheet note (.xlam) when none is given. Returns where it went
    and where a file that was there is kept."""
    if out.suffix.lower() not in ADDIN_SUFFIXES:
        raise RosterInputError("addin.name", f"{out.name}: an Excel add-in ends in .xlam (the buttons in every "
                               "workbook) and a macro-enabled workbook in .xlsm.", file=out.name)
    with tempfile.TemporaryDirectory() as folder:
        if workbook is None:
            workbook = Path(folder) / "book.xlsx"
            if out.suffix.lower() == ".xlam":
                write_addin_sheet(workbook)
            else:
                write_template(workbook, optional=["all"])
        kept = keep_before_replacing(out)
        return add_ribbon(workbook, out), kept


def add_ribbon(workbook: Path, out: Path, folder: Path | None = None) -> Path:
    """A copy of the workbook as .xlsm or .xlam with the Roster tab (customUI) and the VBA project behind it."""
    folder = folder or macros_folder()
    pkg = Package.open(workbook)
    if any(name.lower().endswith("vbaproject.bin") for name in pkg.parts):
        raise RosterInputError("workbook.has-macros", f"{workbook.name} has macros of its own, which the Roster "
                               "add-in would replace.", file=workbook.name)
    pkg.add("customUI/customUI.xml", (folder / "ribbon.xml").read_bytes(), None)
    rels = pkg.parts["_rels/.rels"]
    if UI_REL.encode() not in rels:
        entry = f'<Relationship Id="rosterxlRibbon" Type="{UI_REL}" Target="customUI/customUI.xml"/>'.encode()
        pkg.parts["_rels/.rels"] = rels.replace(b"</Relationships>", entry + b"</Relationships>")
    main = ADDIN_BOOK if out.suffix.lower() == ".xlam" else MACRO_BOOK
    types = pkg.parts["[Content_Types].xml"]
    for plain in (PLAIN_BOOK, MACRO_BOOK, ADDIN_BOOK):
        types = types.replace(plain.encode(), main.encode())
    pkg.parts["[Content_Types].xml"] = types
    add_vba_project(pkg, vba_modules(folder))
    pkg.save(out)
    return out


def vba_modules(folder: Path | None = None) -> list[Module]:
    """The Roster module, and xlwings' standalone VBA (its RunPython and the Dictionary class it uses) from the
    installed xlwings, so the buttons need no separate xlwings add-in and the VBA always matches the Python
    package's version."""
    folder = folder or macros_folder()
    import xlwings
    xlwings_folder = Path(xlwings.__file__).parent
    roster = (folder / "rosterxl.bas").read_text(encoding="utf-8")
    name = re.match(r'Attribute VB_Name = "(\w+)"', roster)
    if not name:
        raise RosterInputError("addin.unreadable", "rosterxl.bas does not begin with its Attribute VB_Name line")
    return [Module(name.group(1), STANDARD, roster),
            Module("xlwings", STANDARD, (xlwings_folder / "xlwings.bas").read_text(encoding="cp1252")),
            class_from_export("Dictionary", (xlwings_folder / "addin" / "Dictionary.cls").read_text(encoding="cp1252"))]


def write_addin_sheet(path: Path) -> None:
    """The add-in's own (hidden) workbook: one sheet saying what it is."""
    write_note_workbook(path, "Roster", [
        "rosterxl: the Roster tab's add-in.",
        "Excel keeps this workbook hidden; its buttons work on the workbook in front.",
        "Made by: rosterxl addin --out Roster.xlam"])
