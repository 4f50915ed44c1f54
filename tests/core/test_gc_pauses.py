"""The garbage collector waits while rosterxl reads and checks, and what the work made is not scanned after."""
from __future__ import annotations

import gc
import weakref

from rosterxl.core.gc_pauses import without_gc_pauses


class Node:
    pass


def test_the_collector_waits_inside_and_runs_again_after_even_nested():
    assert gc.isenabled()
    with without_gc_pauses():
        assert not gc.isenabled()
        with without_gc_pauses():
            assert not gc.isenabled()
        assert not gc.isenabled()             # the inner block ends: still waiting for the outer
    assert gc.isenabled()


def test_what_the_work_made_joins_the_oldest_generation_unscanned_and_cycles_are_still_freed():
    with without_gc_pauses():
        rows = [[str(i)] for i in range(1000)]
        cycle = Node()
        cycle.me = cycle
        gone = weakref.ref(cycle)
        del cycle
    assert not any(o is rows for o in gc.get_objects(0)) and any(o is rows for o in gc.get_objects(2))
    assert gone() is not None                 # a cycle waits for a full collection ...
    gc.collect()
    assert gone() is None                     # ... which frees it


def test_objects_frozen_by_someone_else_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with without_gc_pauses():
            made = [[1] for _ in range(10)]
        assert gc.get_freeze_count() == frozen and made and gc.isenabled()
    finally:
        gc.unfreeze()
