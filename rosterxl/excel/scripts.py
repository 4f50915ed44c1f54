"""The ribbon's functions as xlwings scripts, for xlwings Lite and xlwings Server (which have no ribbon):
one @script per declared button (buttons.py), made here so they cannot drift from the buttons. Lite: put
`from rosterxl.excel.scripts import *` in main.py; Server: import this module in custom_scripts."""
from __future__ import annotations

from collections.abc import Callable

import xlwings as xw

from rosterxl.excel.buttons import BUTTONS, Button


def _script(button: Button) -> Callable[[xw.Book], None]:
    def run(book: xw.Book) -> None:
        button.function(book=book, **button.kwargs)
    run.__name__ = run.__qualname__ = button.script
    run.__doc__ = button.function.__doc__
    run.__module__ = __name__
    return xw.script(run)


SCRIPTS = {b.script: _script(b) for b in BUTTONS if b.script}
globals().update(SCRIPTS)
__all__ = sorted(SCRIPTS)
