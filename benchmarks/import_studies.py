"""`import studies` grows linearly with the rows: 10,000 rows within 2.3x the time
of 5,000 (matching each row against the project's studies by label, DOI and PMID
is a lookup, never a scan). `--rows N` also times one import of N rows (100,000
for the long run)."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from support import result

from extractor.app.project import create_project
from extractor.app.studies import import_studies

BUDGET = 2.3


def studies_csv(rows: int) -> str:
    lines = ["ref,label,authors,year,title,doi,pmid"]
    for n in range(rows):
        lines.append(
            f'{n + 1},Author{n} et al,"Author{n} A, Other B",{1990 + n % 35},'
            f'"Biologics in autoimmune hepatitis: case {n}",10.1000/aih.{n},{30000000 + n}'
        )
    return "\n".join(lines) + "\n"


def seconds_to_import(rows: int, folder: Path) -> float:
    folder.mkdir()
    source = folder / f"studies-{rows}.csv"
    source.write_text(studies_csv(rows), encoding="utf-8")
    with create_project(folder / f"p{rows}.extractor", "Scale") as project:
        start = time.perf_counter()
        import_studies(project, source)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=0, help="also time one import of N rows")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        # The better of two runs of each: a busy machine slows one run, not the rows.
        small = min(seconds_to_import(5_000, folder / f"a{n}") for n in range(2))
        large = min(seconds_to_import(10_000, folder / f"b{n}") for n in range(2))
        print(f"5,000 rows: {small:.2f} s; 10,000 rows: {large:.2f} s")
        if args.rows:
            print(f"{args.rows:,} rows: {seconds_to_import(args.rows, folder / 'long'):.1f} s")
    ratio = large / small
    print(f"10,000 / 5,000 rows: {ratio:.2f} (budget {BUDGET})")
    result("import_studies_growth", ratio, BUDGET, ratio <= BUDGET)


if __name__ == "__main__":
    main()
