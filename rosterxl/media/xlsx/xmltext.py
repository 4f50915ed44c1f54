"""Text as it must be written into a workbook's XML. XML 1.0 cannot hold most control characters (a cell can:
Excel stores them as `_x0007_`), so they are written the way Excel writes them, and a literal `_x0007_` in
the text is kept literal by escaping its underscore (`_x005F_`), as Excel does."""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

# what XML 1.0 forbids, plus the two non-characters; tab, line feed and carriage return are allowed
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]")
LITERAL = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def excel_text(text: str) -> str:
    """Control characters as Excel stores them (`_x0007_`), a literal `_x0007_` kept literal: for a writer
    (openpyxl) that escapes the XML itself but refuses control characters."""
    if text.isprintable() and "_x" not in text:      # the common case: nothing to write another way
        return text
    text = LITERAL.sub(r"_x005F_\1", text)
    return NOT_XML.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def xml_text(text: str) -> str:
    """Escaped for an element's text, control characters as Excel writes them."""
    if "_x" in text or not (text.isprintable()       # most text (a note's lines too): no control character
                            or text.replace("\n", " ").replace("\t", " ").replace("\r", " ").isprintable()):
        text = excel_text(text)
    return escape(text) if "&" in text or "<" in text or ">" in text else text     # most text: nothing to escape


def is_plain(text: str) -> bool:
    """True when xml_text gives `text` back as it is (printable, nothing to escape, no `_x`): checked in C, so a
    whole row's texts, joined by spaces (which no `_xHHHH_` can span), are looked at in one go."""
    return text.isprintable() and "_x" not in text and "&" not in text and "<" not in text and ">" not in text
