"""Reading and checking build many small objects and no reference cycles; the cyclic garbage
collector would only pause the work (about a fifth of a check's time), so it waits until the end."""
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
            gc.enable()
