"""Bad inputs from real SIS exports (tests/sis/variants.py), for every command: what Clever's own sandbox, the
Moodle plugin's OneRoster fixtures, Excel and Windows' zip tools write, and zips that break in their ways."""
from __future__ import annotations

import struct
from pathlib import Path

from corpus import PASSWORD, bad
from sis import variants
from sis.zips import deflate64_zip, folder_files


def with_password(folder: Path) -> Path:
    """The planted password as a Clever student's SIS password: it may reach the workbook's Password column only."""
    students = folder / "students.csv"
    students.write_text(students.read_text("utf-8").replace(",sgarcia,", f",sgarcia,{PASSWORD}"), "utf-8")
    return folder


@bad("SIS: Clever term dates 8/1/15 and grade 0")
def _(f): return with_password(variants.clever_short_years(f))
@bad("SIS: a Clever teacher of a section at another school")
def _(f): return variants.clever_other_school(f)
@bad("SIS: a class with a vocabulary mistake, one not readable")
def _(f): return variants.class_vocabulary(f)
@bad("SIS: rows shorter than the header")
def _(f): return variants.short_rows(f)
@bad("SIS: two empty header columns")
def _(f): return variants.stray_header_columns(f)
@bad("SIS: no user can be read")
def _(f): return variants.no_users(f)
@bad("SIS: day-first and undecidable dates")
def _(f): return variants.mixed_dates(f)
@bad("SIS: a bundle Excel saved again")
def _(f): return variants.excel_resaved(f)
@bad("SIS: a Deflate64 zip")
def _(f): return variants.deflate64(f)
@bad("SIS: a zip with backslash paths")
def _(f): return variants.backslashes(f)


@bad("SIS: a Deflate64 zip whose data is cut")
def _(f):
    path = deflate64_zip(f / "cut.zip", folder_files(variants.FILES / "clever"))
    data = bytearray(path.read_bytes())
    data[60:400] = bytes(340)                       # inside the first member's compressed bytes
    path.write_bytes(bytes(data))
    return path


@bad("SIS: a zip member compressed in a way no tool here reads")
def _(f):
    path = deflate64_zip(f / "ppmd.zip", folder_files(variants.FILES / "clever"))
    data = bytearray(path.read_bytes())
    at = 0
    while (at := data.find(b"PK", at)) >= 0:        # method 98 (PPMd) in every local and central header
        if data[at:at + 4] == b"PK\x03\x04":
            struct.pack_into("<H", data, at + 8, 98)
        elif data[at:at + 4] == b"PK\x01\x02":
            struct.pack_into("<H", data, at + 10, 98)
        at += 4
    path.write_bytes(bytes(data))
    return path
