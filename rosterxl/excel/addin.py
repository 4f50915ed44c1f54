"""The macro parts (rosterxl/macros: rosterxl.bas and ribbon.xml): checking that they fit together and with
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
from rosterxl.media.xlsx.package import Package

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
UI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
MACRO_BOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PLAIN_BOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def macros_folder() -> Path:
    """The macro parts, shipped inside the package."""
    return Path(str(resources.files("rosterxl").joinpath("macros")))


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
    """A copy of the workbook as .xlsm with the Roster tab (customUI) in it."""
    folder = folder or macros_folder()
    pkg = Package.open(workbook)
    pkg.add("customUI/customUI.xml", (folder / "ribbon.xml").read_bytes(), None)
    rels = pkg.parts["_rels/.rels"]
    if UI_REL.encode() not in rels:
        entry = f'<Relationship Id="rosterxlRibbon" Type="{UI_REL}" Target="customUI/customUI.xml"/>'.encode()
        pkg.parts["_rels/.rels"] = rels.replace(b"</Relationships>", entry + b"</Relationships>")
    pkg.parts["[Content_Types].xml"] = pkg.parts["[Content_Types].xml"].replace(PLAIN_BOOK.encode(),
                                                                                MACRO_BOOK.encode())
    return pkg.save(out)


def import_module_with_excel(workbook: Path, folder: Path | None = None) -> str:
    """With Excel on this machine (Windows or macOS), put the VBA module into the workbook; else say why not."""
    folder = folder or macros_folder()
    try:
        import xlwings as xw
        if not any(e.name in ("excel", "mac") for e in xw.engines):
            raise RuntimeError("no desktop Excel here")
        book = xw.Book(str(workbook))
        book.api.VBProject.VBComponents.Import(str(folder / "rosterxl.bas"))
        book.save()
        return "The VBA module is in the workbook: the Roster tab's buttons work."
    except Exception as exc:           # no Excel, or "Trust access to the VBA project" is off
        return (f"The VBA module could not be added here ({exc}). Open the workbook in Excel, press Alt+F11, "
                f"choose File > Import File and pick {folder / 'rosterxl.bas'}; then save.")


def build_addin(out: Path, workbook: Path | None = None) -> tuple[Path, str]:
    """A macro-enabled workbook with the Roster tab (a new template with every column when no workbook is
    given); returns where it went and what the person still has to do."""
    with tempfile.TemporaryDirectory() as folder:
        if workbook is None:
            workbook = Path(folder) / "template.xlsx"
            write_template(workbook, optional=["all"])
        built = add_ribbon(workbook, out.with_suffix(".xlsm"))
    return built, import_module_with_excel(built)


def macro_problems() -> tuple[int, list[str]]:
    """How many ribbon buttons the macro parts have, and every problem with them."""
    try:
        parts = read_parts()
    except (OSError, ValueError, ET.ParseError) as exc:
        raise RosterInputError(f"the macro parts cannot be read: {exc}") from None
    return len(parts.callbacks), problems(parts)
