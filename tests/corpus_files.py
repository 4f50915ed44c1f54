"""Bad inputs around the files themselves (registered in corpus.py's INPUTS): a folder holding the hidden
temporary file a killed run left (a whole workbook, password included), which no command reads or removes from
a folder it only reads, and a workbook whose name is as long as a name can be."""
from __future__ import annotations

from corpus import bad, school


@bad("a folder with a killed run's temporary file")
def _(f):
    school(f)
    school(f, ".rosterxl-99999999-abcdefgh.tmp")          # no process has that number: a kill left it
    return f


@bad("a workbook with a 250-character name")
def _(f): return school(f, "n" * 245 + ".xlsx")
