"""Importing 10,000 RIS records, de-duplication included, against 5,000.

Records as a search exports them, one in twenty a duplicate of another (the same
DOI, or the same title with other punctuation). Measured: `import references
--yes` into a new project: reading, labelling, finding duplicates and storing.
Budget: 10,000 records within 2.3 times the time of 5,000: the duplicates are
looked for within a year and an author's initial, not across every pair.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

from support import median_seconds, result

from extractor.app.references import import_references
from extractor.store.project import ProjectFile

BUDGET = 2.3
WORDS = [
    "autoimmune",
    "hepatitis",
    "rituximab",
    "belimumab",
    "infliximab",
    "biologic",
    "therapy",
    "refractory",
    "response",
    "remission",
    "trial",
    "cohort",
    "case",
    "series",
    "liver",
    "fibrosis",
    "outcome",
    "adults",
    "children",
]
NAMES = ["Smith", "Jones", "Kolev", "Burak", "Carey", "Barth", "Santos", "Wong", "Lee", "Zarrabi"]


def ris(count: int, seed: int) -> str:
    rng = random.Random(seed)
    records = []
    for number in range(count):
        original = number % 20 == 19 and number > 20
        source = rng.randrange(number) if original else number
        local = random.Random(source)
        title = " ".join(local.choice(WORDS) for _ in range(9)).capitalize()
        if original and rng.random() < 0.5:
            title += "."  # the same record, other punctuation
        author = f"{local.choice(NAMES)}{source % 97}, A"
        records.append(
            f"TY  - JOUR\nAU  - {author}\nTI  - {title}\nPY  - {1990 + source % 35}\n"
            f"DO  - 10.1000/ref.{source}\nAB  - {title} in {source} patients.\nER  - \n"
        )
    return "\n".join(records)


def import_into_new(folder: Path, name: str, text: str) -> float:
    path = folder / f"{name}.ris"
    path.write_text(text, encoding="utf-8")

    def run() -> None:
        project_path = folder / f"{name}-{random.random()}.extractor"
        project = ProjectFile.create(project_path, "Benchmark")
        try:
            import_references(project, path, "Embase", apply=True)
        finally:
            project.close()

    return median_seconds(run, 3)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        small = import_into_new(Path(folder), "5000", ris(5000, 1))
        large = import_into_new(Path(folder), "10000", ris(10000, 1))
    ratio = large / small
    print(f"5,000 records: {small:.2f} s; 10,000 records: {large:.2f} s")
    result("reference_import_growth", ratio, BUDGET, ratio <= BUDGET)
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
