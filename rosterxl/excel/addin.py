"""The macro parts (macros/rosterxl.bas and macros/ribbon.xml): checking that they fit together and with
rosterxl.excel, and building a macro-enabled workbook that carries the Roster tab."""
from __future__ import annotations

import ast
import inspect
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
UI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
MACRO_BOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PLAIN_BOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def macros_folder() -> Path:
    return Path(__file__).resolve().parents[2] / "macros"


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
    """Everything that would make a button fail: a callback without its Sub, a RunPython call to a
    function rosterxl.excel does not have or that does not accept the call."""
    import rosterxl.excel as rx

    found = [f"ribbon.xml: the button's onAction '{c}' has no Sub {c}(control As IRibbonControl) in rosterxl.bas"
             for c in parts.callbacks if c not in parts.subs]
    for sub, code in parts.calls:
        tree = ast.parse(code)
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]:
            func = getattr(rx, call.func.attr, None)
            if func is None:
                found.append(f"rosterxl.bas, Sub {sub}: rosterxl.excel has no function {call.func.attr}")
                continue
            args = [ast.literal_eval(a) for a in call.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
            try:
                inspect.signature(func).bind(*args, **kwargs)
            except TypeError as exc:
                found.append(f"rosterxl.bas, Sub {sub}: {call.func.attr}(...) does not accept this call ({exc})")
    return found


def add_ribbon(workbook: Path, out: Path, folder: Path | None = None) -> Path:
    """A copy of the workbook as .xlsm with the Roster tab (customUI) in it."""
    from rosterxl.workbook.package import Package

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
