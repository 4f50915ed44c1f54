"""Reading and checking build many small objects and no reference cycles; the cyclic garbage
collector would only pause the work (about a fifth of a check's time), so it waits until the end. At the end,
what the work made joins the oldest generation without a scan: a collection of the young generation then would
walk every row only to find nothing to free (reference counting frees the rows when they are let go)."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_gc_pauses() -> Iterator[None]:
    was_enabled = gc.isenabled()     # nested use keeps it off until the outermost block ends
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():      # (where nothing else is kept frozen on purpose)
                gc.freeze()                    # every tracked object to the permanent generation and back
                gc.unfreeze()                  # into the oldest: two moves of whole lists, no scan
            gc.enable()
