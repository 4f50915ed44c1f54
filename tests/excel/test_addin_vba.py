"""The Roster add-in carries its VBA: `rosterxl addin --out Roster.xlam` writes a VBA project built from
macros/rosterxl.bas and xlwings' standalone module, read back by independent readers (olefile,
oletools' olevba and its decompressor, LibreOffice)."""
from __future__ import annotations

import io
import os
import random
import re
import shutil
import struct
import zipfile
from pathlib import Path

import olefile
import pytest
import xlwings
from helpers import runner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from oletools.olevba import VBA_Parser, decompress_stream

from rosterxl.cli import app
from rosterxl.excel.addin import macros_folder
from rosterxl.media.xlsx.cfb import compound_file
from rosterxl.media.xlsx.vbaproject import compress, encrypt

XLWINGS = Path(xlwings.__file__).parent


def build(tmp_path: Path, name: str = "Roster.xlam", *extra: str) -> Path:
    result = runner.invoke(app, ["addin", "--out", str(tmp_path / name), *extra])
    assert result.exit_code == 0, result.output
    return tmp_path / name


def modules_of(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").rstrip("\n").split("\n")


@pytest.fixture(scope="module")
def addin(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("addin"))


def test_olevba_reads_exactly_our_module_source(addin):
    modules = modules_of(addin)
    ours = (macros_folder() / "rosterxl.bas").read_text(encoding="utf-8")
    assert lines(modules["Rosterxl"]) == lines(ours)


def test_the_subs_match_every_onaction_of_the_ribbon_inside_the_file(addin):
    with zipfile.ZipFile(addin) as z:
        ribbon = etree.fromstring(z.read("customUI/customUI.xml"))
        rels = z.read("_rels/.rels").decode()
    assert 'Target="customUI/customUI.xml"' in rels
    actions = {e.get("onAction") for e in ribbon.iter() if e.get("onAction")}
    subs = set(re.findall(r"(?m)^Sub (\w+)\(control As IRibbonControl\)", modules_of(addin)["Rosterxl"]))
    assert actions and actions == subs


def test_runpython_comes_with_the_add_in_from_the_installed_xlwings(addin):
    modules = modules_of(addin)
    assert lines(modules["xlwings"]) == lines((XLWINGS / "xlwings.bas").read_text(encoding="cp1252"))
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in modules["xlwings"]
    assert "Attribute VB_Name = \"Dictionary\"" in modules["Dictionary"]
    assert "Public Function RunPython" in modules["xlwings"]


def test_the_workbook_and_each_sheet_have_their_document_module(tmp_path):
    path = build(tmp_path, "Roster.xlsm")
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        types = z.read("[Content_Types].xml").decode()
        book_rels = z.read("xl/_rels/workbook.xml.rels").decode()
    assert 'codeName="ThisWorkbook"' in book
    names = [re.search(r'<sheetPr\b[^>]*codeName="(\w+)"', s).group(1) for s in sheets]
    modules = modules_of(path)
    assert set(names) | {"ThisWorkbook"} <= set(modules)
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert 'Extension="bin" ContentType="application/vnd.ms-office.vbaProject"' in types
    assert "relationships/vbaProject" in book_rels


def test_the_add_in_is_an_add_in(addin):
    with zipfile.ZipFile(addin) as z:
        assert "application/vnd.ms-excel.addin.macroEnabled.main+xml" in z.read("[Content_Types].xml").decode()


def test_a_workbook_with_macros_of_its_own_is_left_alone(tmp_path):
    path = build(tmp_path, "Roster.xlsm")
    result = runner.invoke(app, ["addin", "--out", str(tmp_path / "again.xlsm"), "--workbook", str(path)])
    assert result.exit_code == 2
    assert "has macros of its own" in result.output
    assert not (tmp_path / "again.xlsm").exists()


def test_an_out_path_that_is_not_an_add_in_gets_a_sentence(tmp_path):
    result = runner.invoke(app, ["addin", "--out", str(tmp_path / "Roster.xlsx")])
    assert result.exit_code == 2
    assert ".xlam" in result.output and "Traceback" not in result.output


def test_the_project_is_a_compound_file_olefile_reads_strictly(addin):
    with zipfile.ZipFile(addin) as z:
        data = z.read("xl/vbaProject.bin")
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    streams = {"/".join(e) for e in ole.listdir()}
    assert {"PROJECT", "PROJECTwm", "VBA/dir", "VBA/_VBA_PROJECT", "VBA/Rosterxl", "VBA/xlwings"} <= streams
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("cc61ffff000000")   # no p-code
    project = ole.openstream("PROJECT").read().decode("cp1252")
    assert "Module=Rosterxl" in project and "Class=Dictionary" in project


# ---- the compound file and the compression, against independent readers -------------------------------

def black_heights(ole: olefile.OleFileIO) -> None:
    """Every directory tree is a red-black tree: no red node has a red child, every path the same black count."""
    def walk(sid: int, parent_red: bool) -> int:
        if sid == olefile.NOSTREAM:
            return 1
        entry = ole.direntries[sid]
        red = entry.color == 0                                   # 0 red, 1 black
        assert not (red and parent_red)
        left, right = walk(entry.sid_left, red), walk(entry.sid_right, red)
        assert left == right
        return left + (0 if red else 1)
    for entry in ole.direntries:
        if entry is not None and entry.sid_child != olefile.NOSTREAM:
            walk(entry.sid_child, False)


@pytest.mark.parametrize("count", [1, 2, 3, 7, 12, 40])
def test_compound_files_of_every_shape_read_back(count):
    rng = random.Random(count)
    streams = {f"S{i}/{'x' * (i % 9)}n{i}" if i % 3 else f"top{i}": rng.randbytes(rng.choice([0, 5, 64, 4095, 4096,
                                                                                             9000]))
               for i in range(count)}
    ole = olefile.OleFileIO(io.BytesIO(compound_file(streams)), raise_defects=olefile.DEFECT_INCORRECT)
    for path, data in streams.items():
        assert ole.openstream(path).read() == data
    black_heights(ole)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=9000) | st.text(alphabet="ab \r\nSub", max_size=12000).map(str.encode))
def test_oletools_decompresses_what_we_compress(data):
    assert decompress_stream(bytearray(compress(data))) == data


def decrypt(hex_text: str, project_id: str) -> bytes:
    """[MS-OVBA] 2.4.3.3 Decryption, written from the specification, independently of the encryption."""
    raw = bytes.fromhex(hex_text)
    seed, version, key = raw[0], raw[1] ^ raw[0], raw[2] ^ raw[0]
    assert version == 2 and key == sum(project_id.encode("cp1252")) & 0xFF
    plain, previous, before = key, raw[2], raw[1]
    out = bytearray()
    for byte in raw[3:]:
        value = byte ^ ((before + plain) & 0xFF)
        out.append(value)
        before, previous, plain = previous, byte, value
    data = out[(seed & 6) // 2:]
    length = struct.unpack("<I", data[:4])[0]
    assert len(data) == 4 + length
    return bytes(data[4:])


def test_the_protection_values_decrypt_like_those_excel_wrote():
    """xlwings' quickstart workbook was saved by Excel: its CMG, DPB and GC decrypt to 'not protected', 'no
    password' and 'visible', and ours to the same."""
    with zipfile.ZipFile(XLWINGS / "quickstart_standalone.xlsm") as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
    project = ole.openstream("PROJECT").read().decode("cp1252")
    excel = dict(re.findall(r'(?m)^(ID|CMG|DPB|GC)="([^"]+)"', project))
    assert [decrypt(excel[k], excel["ID"]) for k in ("CMG", "DPB", "GC")] == [bytes(4), b"\0", b"\xff"]
    ours = "{11111111-2222-3333-4444-555555555555}"
    for seed in range(256):
        assert decrypt(encrypt(b"\xff", ours, seed), ours) == b"\xff"


# ---- LibreOffice opens the add-in and lists the module and its Subs --------------------------------------

LO_PYTHON = "/usr/bin/python3"


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"),
                    reason="LibreOffice is not installed here (.ci/run installs it)")
@pytest.mark.parametrize("name", ["Roster.xlam", "Roster.xlsm"])
def test_libreoffice_lists_the_module_and_its_subs(tmp_path, name):
    import json
    import subprocess
    path = build(tmp_path, name)
    probe = Path(__file__).parents[1] / "media" / "libreoffice" / "probe.py"
    result = subprocess.run([LO_PYTHON, str(probe), str(path), "4"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    macros = json.loads(result.stdout)["macros"]["VBAProject"]
    assert {"Rosterxl", "xlwings", "Dictionary", "ThisWorkbook"} <= set(macros)
    subs = set(re.findall(r"(?m)^Sub (\w+)\(control As IRibbonControl\)", macros["Rosterxl"]))
    with zipfile.ZipFile(path) as z:
        ribbon = etree.fromstring(z.read("customUI/customUI.xml"))
    assert subs == {e.get("onAction") for e in ribbon.iter() if e.get("onAction")}
