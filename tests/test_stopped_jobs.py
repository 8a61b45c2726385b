"""Long jobs stopped part way (a Cancel in the window raises from their progress
report): each one reported how far it got, and stopping at any report left the
project as it was and no file behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.app import exchange, studies
from extractor.app import project as projects
from extractor.store.project import ProjectFile

from helpers import dump


class Stop(Exception):
    pass


def reports_of(job) -> list[tuple[int, int, str]]:
    """Every progress report of a job run to its end."""
    seen: list[tuple[int, int, str]] = []
    job(lambda done, total, what: seen.append((done, total, what)))
    return seen


def stopped_at(job, report: int) -> None:
    """Run a job and stop it at its `report`-th progress report."""
    count = 0

    def progress(done: int, total: int, what: str) -> None:
        nonlocal count
        count += 1
        if count == report:
            raise Stop

    with pytest.raises(Stop):
        job(progress)


def nothing_left(folder: Path, before: set[Path]) -> bool:
    return set(folder.iterdir()) == before


def test_a_reviewers_copy_stopped_at_any_step_writes_nothing_and_adds_no_one(demo_path):
    target = demo_path.with_name("copy for Cleo.extractor")
    with ProjectFile.open(demo_path) as project:

        def job(progress):
            return exchange.share_copy(project, "Cleo Ng", target, progress)

        before, folder = dump(demo_path), set(demo_path.parent.iterdir())
        steps = [what for _, _, what in reports_of(job)]
        assert steps == [
            "Reading the project",
            "Removing what is not Cleo Ng's",
            "Writing the copy",
            "Checking the copy",
            "Checking the copy",
        ]
        target.unlink()
        project.close()
        after_share = dump(demo_path)
        assert after_share != before  # the share itself adds Cleo and logs it
        before = after_share
        for report in range(1, len(steps) + 1):
            with ProjectFile.open(demo_path) as again:
                stopped_at(
                    lambda p, again=again: exchange.share_copy(again, "Dan Roe", target, p), report
                )
            assert dump(demo_path) == before, report
            assert nothing_left(demo_path.parent, folder), report


def test_a_package_stopped_while_reading_writes_nothing_and_keeps_its_number(team_demo_path):
    target = team_demo_path.with_name("package.zip")
    with ProjectFile.open(team_demo_path) as project:
        before = dump(team_demo_path)
        stopped_at(lambda p: exchange.export_package(project, "Alice Moreau", target, p), 3)
        assert not target.exists()
        assert dump(team_demo_path) == before
        seen = reports_of(lambda p: exchange.export_package(project, "Alice Moreau", target, p))
    total = seen[0][1]
    assert total > 0 and [done for done, _, _ in seen[:-1]] == list(range(total))
    assert seen[-1] == (1, 1, "Writing package.zip")
    assert target.exists()
    with ProjectFile.open(team_demo_path) as project, project.reading() as repo:
        alice = repo.reviewers.find("Alice Moreau")
        assert repo.settings.get(f"package:sent:{alice.id}") == 1  # the stopped one used none


def test_a_studies_import_stopped_part_way_adds_none(project, tmp_path):
    csv = tmp_path / "studies.csv"
    csv.write_text(
        "label,title,year\n" + "".join(f"Study {n} 2020,Title {n},2020\n" for n in range(20)),
        encoding="utf-8",
    )
    before = dump(project.path)
    stopped_at(lambda p: studies.import_studies(project, csv, p), 12)
    assert dump(project.path) == before
    seen = reports_of(lambda p: studies.import_studies(project, csv, p))
    assert seen[0] == (0, 0, "Reading studies.csv")
    assert seen[-1] == (19, 20, "Adding Study 19 2020")
    with project.reading() as repo:
        assert len(repo.studies.list()) == 20


def test_a_copy_of_the_project_stopped_part_way_leaves_no_file(demo_path, monkeypatch):
    import extractor.store.database as database

    monkeypatch.setattr(database, "_PAGES_PER_STEP", 8)  # the demo is a few hundred pages
    target = demo_path.with_name("copy.extractor")
    with ProjectFile.open(demo_path) as project:
        folder = set(demo_path.parent.iterdir())
        stopped_at(lambda p: projects.save_copy(project, target, p), 2)
        assert nothing_left(demo_path.parent, folder)
        seen = reports_of(lambda p: projects.save_copy(project, target, p))
    assert len(seen) > 2 and seen[-1][0] == seen[-1][1]
    assert dump(target) == dump(demo_path)


def test_a_references_import_stopped_at_any_report_stores_nothing(tmp_path):
    from extractor.app import references

    records = "".join(
        f"TY  - JOUR\nAU  - Author{n}, A\nTI  - Title number {n}\nPY  - 2001\nER  - \n\n"
        for n in range(1200)
    )
    source = tmp_path / "search.ris"
    source.write_text(records, encoding="utf-8")
    path = tmp_path / "review.extractor"
    ProjectFile.create(path, "Review").close()
    with ProjectFile.open(path) as project:

        def job(progress):
            return references.import_references(project, source, apply=True, progress=progress)

        before = dump(path)
        steps = [(done, what) for done, _, what in reports_of(job)]
        assert steps[:2] == [(0, "Reading search.ris"), (0, "Looking for duplicates")]
        assert [done for done, _ in steps[2:]] == [0, 500, 1000]
    for report in range(1, 6):  # each stop into a new project: the run above imported
        fresh = tmp_path / f"fresh-{report}.extractor"
        ProjectFile.create(fresh, "Review").close()
        with ProjectFile.open(fresh) as other:
            untouched = dump(fresh)
            stopped_at(
                lambda progress, other=other: references.import_references(
                    other, source, apply=True, progress=progress
                ),
                report,
            )
        assert dump(fresh) == untouched
    assert before != dump(path)  # the full run did import
