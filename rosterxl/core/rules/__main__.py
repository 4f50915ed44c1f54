"""`python -m rosterxl.core.rules` writes rosterxl/core/codes.py and the README's table of codes from the
checks' declarations, so that neither can drift from them."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from rosterxl.core.rules import codes_module, codes_table

ROOT = Path(__file__).resolve().parents[3]
TABLE = re.compile(r"\| code \| finds \| default \|\n(?:\|.*\|\n)+")


def main() -> int:
    (ROOT / "rosterxl" / "core" / "codes.py").write_text(codes_module(), encoding="utf-8")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if not TABLE.search(text):
        print("README.md has no table of codes to replace", file=sys.stderr)
        return 1
    readme.write_text(TABLE.sub(lambda _: codes_table() + "\n", text, count=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
