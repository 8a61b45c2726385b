"""Computing every conflict of a large project, against reading the answers.

A project of N studies, each extracted by two reviewers with a 60-field form
(50 study-level fields and an arms group of two rows of five). Baseline: one SQL
query that reads both reviewers' answers. Measured: `conflicts` over the whole
project (load, align, normalise, compare, look up resolutions).
Budget: at most 3x the baseline at 1,000 studies, and 2,000 studies take at
most 2.3 times as long as 1,000. The work is N log N at best (indexed lookups
and sorting; the baseline read itself grows about 2.1x), and 2,000 log 2,000 is
2.2 times 1,000 log 1,000: a budget of 2.0 measured the caches, not the code.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

from sqlalchemy import insert, text
from support import median_seconds, result

from extractor.core.forms import parse_form
from extractor.store.models import Answer, Extraction, GroupRow, Study, new_id
from extractor.store.project import ProjectFile

RATIO_BUDGET = 3.0
GROWTH_BUDGET = 2.3
KINDS = ["text"] * 20 + ["integer"] * 10 + ["choice"] * 10 + ["decimal"] * 5 + ["yesno"] * 5
OPTIONS = ["Case report", "Case series", "Cohort", "RCT"]
BOTH_ANSWERS = """
SELECT e.study_id, e.reviewer_id, a.field_key, a.value, r.group_key, r.position
FROM answer a JOIN extraction e ON e.id = a.extraction_id
LEFT JOIN group_row r ON r.id = a.row_id
"""


def form_definition() -> dict:
    fields = []
    for number, kind in enumerate(KINDS):
        field = {"key": f"f{number}", "type": kind}
        if kind == "choice":
            field["options"] = OPTIONS
        fields.append(field)
    subs = [{"key": key, "type": "text"} for key in ("agent", "dose")]
    subs += [{"key": key, "type": "integer"} for key in ("patients", "improved", "lost")]
    fields.append({"key": "arms", "type": "group", "key_field": "agent", "fields": subs})
    return {"key": "big", "name": "Big form", "sections": [{"title": "All", "fields": fields}]}


def value_for(kind: str, rng: random.Random) -> object:
    return {
        "text": lambda: rng.choice(["Spain", "Canada", "United States", "Greece"]),
        "integer": lambda: rng.randint(0, 60),
        "choice": lambda: rng.choice(OPTIONS),
        "decimal": lambda: round(rng.uniform(0, 10), 1),
        "yesno": lambda: rng.choice(["yes", "no", "unclear"]),
    }[kind]()


def build(path: Path, studies: int) -> ProjectFile:
    rng = random.Random(studies)
    project = ProjectFile.create(path, "Benchmark")
    with project.transaction() as repo:
        form = parse_form(form_definition(), "big")
        repo.forms.save(form)
        form_id = repo.forms.id_of("big")
        alice, ben = repo.reviewers.add("Alice").id, repo.reviewers.add("Ben").id
        study_rows, extraction_rows, group_rows, answer_rows = [], [], [], []
        for number in range(studies):
            study_id = new_id()
            study_rows.append({"id": study_id, "label": f"Study {number}", "position": number})
            truth = {f"f{i}": value_for(kind, rng) for i, kind in enumerate(KINDS)}
            arms = [
                {
                    "agent": agent,
                    "dose": "5 mg",
                    "patients": rng.randint(1, 9),
                    "improved": 1,
                    "lost": 0,
                }
                for agent in ("Infliximab", "Adalimumab")
            ]
            for reviewer in (alice, ben):
                extraction_id = new_id()
                extraction_rows.append(
                    {
                        "id": extraction_id,
                        "study_id": study_id,
                        "form_id": form_id,
                        "reviewer_id": reviewer,
                        "result": "",
                        "status": "complete",
                    }
                )
                for key, value in truth.items():
                    if reviewer == ben and rng.random() < 0.05:  # Ben reads 5 % differently
                        value = value_for(KINDS[int(key[1:])], rng)
                    answer_rows.append(
                        {
                            "id": new_id(),
                            "extraction_id": extraction_id,
                            "row_id": None,
                            "field_key": key,
                            "value": value,
                            "updated_by": reviewer,
                        }
                    )
                for position, arm in enumerate(arms):
                    row_id = new_id()
                    group_rows.append(
                        {
                            "id": row_id,
                            "extraction_id": extraction_id,
                            "group_key": "arms",
                            "position": position,
                        }
                    )
                    for key, value in arm.items():
                        answer_rows.append(
                            {
                                "id": new_id(),
                                "extraction_id": extraction_id,
                                "row_id": row_id,
                                "field_key": key,
                                "value": value,
                                "updated_by": reviewer,
                            }
                        )
        session = repo.session
        for model, rows in (
            (Study, study_rows),
            (Extraction, extraction_rows),
            (GroupRow, group_rows),
            (Answer, answer_rows),
        ):
            session.execute(insert(model), rows)
    return project


def measure(studies: int, folder: Path) -> tuple[float, float, int]:
    project = build(folder / f"p{studies}.extractor", studies)

    def read_answers() -> None:
        with project.transaction() as repo:
            repo.session.execute(text(BOTH_ANSWERS)).fetchall()

    def all_conflicts() -> int:
        with project.transaction() as repo:
            return len(repo.conflicts.list())

    count = all_conflicts()
    baseline, measured = median_seconds(read_answers, 5), median_seconds(all_conflicts, 5)
    project.close()
    return baseline, measured, count


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="extractor-bench-"))
    base_1k, conflicts_1k, found_1k = measure(1000, folder)
    base_2k, conflicts_2k, found_2k = measure(2000, folder)
    ratio = conflicts_1k / base_1k
    growth = conflicts_2k / conflicts_1k
    print(
        f"1,000 studies: reading both reviewers' answers {base_1k * 1000:.0f} ms; "
        f"all conflicts {conflicts_1k * 1000:.0f} ms ({found_1k} conflicts)"
    )
    print(
        f"2,000 studies: reading {base_2k * 1000:.0f} ms; all conflicts {conflicts_2k * 1000:.0f} ms ({found_2k} conflicts)"
    )
    print(f"conflicts / reading at 1,000 studies: {ratio:.2f} (budget {RATIO_BUDGET:g})")
    print(f"2,000 / 1,000 studies: {growth:.2f} (budget {GROWTH_BUDGET:g})")
    ok = ratio <= RATIO_BUDGET and growth <= GROWTH_BUDGET
    result("conflicts_vs_read_ratio", ratio, RATIO_BUDGET, ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
