"""The macro parts (macros/: rosterxl.bas and ribbon.xml): checking that they fit together and with
the ribbon functions' declared buttons, and building a macro-enabled workbook that carries the Roster tab."""
from __future__ import annotations

import ast
import inspect
import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rosterxl import RosterInputError, write_template
from rosterxl.excel.buttons import BUTTONS
from rosterxl.media.files import keep_before_replacing
from rosterxl.media.xlsx.macro_book import add_vba_project, write_note_workbook
from rosterxl.media.xlsx.package import Package
from rosterxl.media.xlsx.vbaproject import STANDARD, Module, class_from_export

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
UI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
MACRO_BOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
ADDIN_BOOK = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
PLAIN_BOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def macros_folder() -> Path:
    """The macro parts: macros/ at the top of the repository, which the wheel ships inside the package as
    rosterxl/macros (pyproject.toml's package-dir); in a source tree or an editable install, the folder itself."""
    shipped = Path(str(resources.files("rosterxl").joinpath("macros")))
    return shipped if shipped.is_dir() else Path(__file__).resolve().parents[2] / "macros"


@dataclass
class MacroParts:
    callbacks: list[str]                 # onAction names in the ribbon
    subs: dict[str, str]                 # Sub name -> its body
    calls: list[tuple[str, str]]         # (Sub name, Python code given to RunPython)


def read_parts(folder: Path | None = None) -> MacroParts:
    folder = folder or macros_folder()
    root = ET.parse(folder / "ribbon.xml").getroot()          # raises on XML that is not well-formed
    if root.tag != f"{{{CUSTOMUI_NS}}}customUI":
        raise ValueError(f"ribbon.xml: the root is {root.tag}, not customUI of the 2006 schema")
    callbacks = [e.get("onAction") for e in root.iter() if e.get("onAction")]
    vba = (folder / "rosterxl.bas").read_text(encoding="utf-8")
    subs = dict(re.findall(r"(?ms)^Sub (\w+)\(control As IRibbonControl\)\s*$(.*?)^End Sub", vba))
    calls = [(name, _python_text(expr)) for name, body in subs.items()
             for expr in re.findall(r"(?m)^\s*RunPython (.+)$", body)]
    return MacroParts(callbacks, subs, calls)


def _python_text(expr: str) -> str:
    """The Python code a VBA string expression gives RunPython; what VBA computes (a file path) becomes
    a sample Python string, as PyText would make it."""
    pieces = re.findall(r'"((?:[^"]|"")*)"|([^&"]+)', expr)
    return "".join(text.replace('""', '"') if text or not other.strip() else "'C:\\a path.csv'"
                   for text, other in pieces)


def problems(parts: MacroParts) -> list[str]:
    """Everything that would make a button fail or drift from its declaration: a callback without its Sub, a
    declared button missing from the ribbon or calling another function or other arguments, a RunPython
    call the function does not accept."""
    found = [f"ribbon.xml: the button's onAction '{c}' has no Sub {c}(control As IRibbonControl) in rosterxl.bas"
             for c in parts.callbacks if c not in parts.subs]
    declared = {b.sub: b for b in BUTTONS if b.sub}
    found += [f"ribbon.xml: no button calls {sub}, declared on rosterxl.excel.{b.function.__name__}"
              for sub, b in declared.items() if sub not in parts.callbacks]
    for sub, code in parts.calls:
        tree = ast.parse(code)
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]:
            name = call.func.attr
            expected = declared.get(sub)
            if expected is None:
                found.append(f"rosterxl.bas, Sub {sub}: no function of rosterxl.excel declares this button")
                continue
            if name != expected.function.__name__:
                found.append(f"rosterxl.bas, Sub {sub}: calls {name}, but the button is declared on "
                             f"{expected.function.__name__}")
                continue
            args = [ast.literal_eval(a) for a in call.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
            if kwargs != expected.kwargs:
                found.append(f"rosterxl.bas, Sub {sub}: passes {kwargs or 'no keywords'}, but the button is "
                             f"declared with {expected.kwargs or 'none'}")
            try:
                inspect.signature(expected.function).bind(*args, **kwargs)
            except TypeError as exc:
                found.append(f"rosterxl.bas, Sub {sub}: {name}(...) does not accept this call ({exc})")
    return found


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


def build_addin(out: Path, workbook: Path | None = None) -> tuple[Path, str]:
    """An add-in (.xlam) or a macro-enabled workbook (.xlsm, a new template with every column when no workbook is
    given) with the Roster tab and its VBA; returns where it went and what the person does next."""
    suffix = out.suffix.lower()
    if suffix not in (".xlam", ".xlsm"):
        raise RosterInputError("addin.name", f"{out.name}: an Excel add-in ends in .xlam (the buttons in every "
                               "workbook) and a macro-enabled workbook in .xlsm.", file=out.name)
    with tempfile.TemporaryDirectory() as folder:
        if workbook is None:
            workbook = Path(folder) / "book.xlsx"
            if suffix == ".xlam":
                write_addin_sheet(workbook)
            else:
                write_template(workbook, optional=["all"])
        kept = keep_before_replacing(out)
        built = add_ribbon(workbook, out)
    before = f"The file that was there is kept as {kept.name}. " if kept else ""
    if suffix == ".xlam":
        return built, before + ("In Excel: File > Options > Add-ins > Manage: Excel Add-ins > Go > Browse, pick this "
                                "file and tick it. The Roster tab then shows in every workbook.")
    return built, before + "Open it in Excel and allow macros: the Roster tab is on the ribbon."


def write_addin_sheet(path: Path) -> None:
    """The add-in's own (hidden) workbook: one sheet saying what it is."""
    write_note_workbook(path, "Roster", [
        "rosterxl: the Roster tab's add-in.",
        "Excel keeps this workbook hidden; its buttons work on the workbook in front.",
        "Made by: rosterxl addin --out Roster.xlam"])


def macro_problems() -> tuple[int, list[str]]:
    """How many ribbon buttons the macro parts have, and every problem with them."""
    try:
        parts = read_parts()
    except (OSError, ValueError, ET.ParseError) as exc:
        raise RosterInputError("addin.unreadable", f"the macro parts cannot be read: {exc}") from None
    return len(parts.callbacks), problems(parts)
