"""The macro parts (macros/: rosterxl.bas and ribbon.xml): checking that they fit together and with
the ribbon functions' declared buttons; making the add-in (the library's `write_addin`) and saying what to do next."""
from __future__ import annotations

import ast
import inspect
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from rosterxl import RosterInputError, macros_folder, write_addin
from rosterxl.excel.buttons import BUTTONS

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
__all__ = ["CUSTOMUI_NS", "MacroParts", "build_addin", "macro_problems", "macros_folder", "problems", "read_parts"]


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


def build_addin(out: Path, workbook: Path | None = None) -> tuple[Path, str]:
    """An add-in (.xlam) or a macro-enabled workbook (.xlsm) with the Roster tab and its VBA; returns where it went
    and what the person does next."""
    built, kept = write_addin(out, workbook)
    before = f"The file that was there is kept as {kept.name}. " if kept else ""
    if out.suffix.lower() == ".xlam":
        return built, before + ("In Excel: File > Options > Add-ins > Manage: Excel Add-ins > Go > Browse, pick this "
                                "file and tick it. The Roster tab then shows in every workbook.")
    return built, before + "Open it in Excel and allow macros: the Roster tab is on the ribbon."


def macro_problems() -> tuple[int, list[str]]:
    """How many ribbon buttons the macro parts have, and every problem with them."""
    try:
        parts = read_parts()
    except (OSError, ValueError, ET.ParseError) as exc:
        raise RosterInputError("addin.unreadable", f"the macro parts cannot be read: {exc}") from None
    return len(parts.callbacks), problems(parts)
