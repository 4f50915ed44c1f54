"""The install guide (docs/install.md) stays true to the add-in: every button of the ribbon is described,
every picture it shows exists and is rendered from real files by docs/pictures.py, and the troubleshooting
covers the usual failures."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from rosterxl.excel.addin import CUSTOMUI_NS, macros_folder

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "install.md"
TEXT = GUIDE.read_text(encoding="utf-8")


def test_every_button_of_the_ribbon_is_described():
    ribbon = ET.parse(macros_folder() / "ribbon.xml").getroot()
    labels = [b.get("label") for b in ribbon.iter(f"{{{CUSTOMUI_NS}}}button")]
    described = re.findall(r"(?m)^\| \*\*(.+?)\*\* \|", TEXT)
    assert labels and described == labels


def test_every_picture_exists_and_the_script_makes_it():
    pictures = re.findall(r"!\[[^\]]*\]\((images/[^)]+)\)", TEXT)
    script = (ROOT / "docs" / "pictures.py").read_text(encoding="utf-8")
    assert len(pictures) == 3
    for picture in pictures:
        assert (GUIDE.parent / picture).read_bytes().startswith(b"\x89PNG")
        assert Path(picture).name in script


def test_the_troubleshooting_covers_the_usual_failures():
    for words in ("Cannot run the macro", "Python not found", "version mismatch", "blocked macros",
                  "administrator rights", "xlwings Lite", "Installing on a Mac"):
        assert words in TEXT, words


@pytest.mark.skipif((shutil.which("soffice") is None or shutil.which("pdftoppm") is None),
                    reason="LibreOffice is not installed here (.ci/run installs it)")
def test_libreoffice_renders_the_pictures_from_real_files(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "docs" / "pictures.py"), str(tmp_path)], capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    made = sorted(p.name for p in tmp_path.glob("*.png"))
    assert made == ["issues-sheet.png", "marked-students.png", "roster-tab.png"]
    for png in tmp_path.glob("*.png"):
        width, height = int.from_bytes(png.read_bytes()[16:20], "big"), int.from_bytes(png.read_bytes()[20:24], "big")
        assert width > 800 and height > 100
