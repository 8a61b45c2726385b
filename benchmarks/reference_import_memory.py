"""Importing 50,000 RIS records: the memory it takes, with progress heard throughout.

The records are made as `reference_import.py` makes them (one in twenty a duplicate).
Measured: the peak resident memory of a process that imports them into a new project
(`import_references` with `apply`), against the same process's peak after importing
1,000 (the interpreter, the libraries and a project), and how often progress was
reported. Budget: the 50,000 records add at most 2 GB to that baseline, far below a
24 GB machine, and progress is heard at least every 500 records.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from reference_import import ris
from support import result

BUDGET_MB = 2048.0
CHILD = """
import resource, sys
from pathlib import Path
sys.path.insert(0, {here!r})
from extractor.app.references import import_references
from extractor.store.project import ProjectFile

reports = []
project = ProjectFile.create(Path({project!r}), "Benchmark")
try:
    found = import_references(
        project, Path({source!r}), "Embase", apply=True,
        progress=lambda done, total, text: reports.append(done),
    )
finally:
    project.close()
steps = [b - a for a, b in zip(reports, reports[1:])]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(found.added), max(steps or [0]))
"""


def peak_kb(folder: Path, count: int) -> tuple[int, int, int]:
    """Peak RSS (kB), references added and the most records between two reports."""
    source = folder / f"{count}.ris"
    source.write_text(ris(count, 3), encoding="utf-8")
    code = CHILD.format(
        here=str(Path(__file__).parent),
        project=str(folder / f"{count}.extractor"),
        source=str(source),
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    return int(out[0]), int(out[1]), int(out[2])


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        base, _, _ = peak_kb(Path(folder), 1000)
        large, added, gap = peak_kb(Path(folder), 50_000)
    extra = (large - base) / 1024
    print(
        f"peak memory: 1,000 records {base / 1024:.0f} MB; 50,000 records {large / 1024:.0f} MB"
        f" ({added} references); progress at most every {gap} records"
    )
    ok = extra <= BUDGET_MB and 0 < gap <= 500
    result("reference_import_50k_extra_mb", extra, BUDGET_MB, ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
