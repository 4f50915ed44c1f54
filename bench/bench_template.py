"""How long writing the three-entity template takes (its validation and formats cover 10,000 rows).
Target: under 1 second of work. Run: make bench (or python bench/bench_template.py)."""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rosterxl import write_template  # noqa: E402
from rosterxl.core.catalog.config import example_district  # noqa: E402


def main(runs: int = 7) -> None:
    catalog = example_district()
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            t0 = time.perf_counter()
            write_template(Path(folder) / "template.xlsx", catalog, optional=["all"])
            times.append(time.perf_counter() - t0)
        size = (Path(folder) / "template.xlsx").stat().st_size
    print(f"three-entity template, all columns, 10,000-row validation: median {statistics.median(times):.3f} s "
          f"of {runs} runs (min {min(times):.3f}, max {max(times):.3f}); {size:,} bytes  [< 1 s]")


if __name__ == "__main__":
    main()
