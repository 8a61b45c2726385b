"""The audit log is a hash chain: an event edited, deleted or inserted outside
Extractor is named by `extractor audit verify`; a reviewer's copy verifies too."""

import re
import sqlite3

import pytest

from extractor.store.project import ProjectFile

from helpers import run_cli


def tamper(path, *statements):
    connection = sqlite3.connect(path)
    with connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


def test_an_untouched_project_verifies(demo_path, capsys):
    code, out, _ = run_cli(capsys, "audit", "verify", demo_path)
    assert code == 0 and out.startswith("audit ok: ") and int(out.split()[2]) > 100


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("UPDATE audit_event SET new = '\"forged\"' WHERE id = 40", "event 40 .* edited"),
        ("DELETE FROM audit_event WHERE id = 40", "missing \\(deleted"),
        (
            "INSERT INTO audit_event (at, action, detail, reviewer_id)"
            " VALUES ('2026-01-01', 'value.set', '', NULL)",
            "not sealed",
        ),
        ("UPDATE audit_event SET reviewer_id = NULL WHERE id = 40", "reviewer or action"),
    ],
)
def test_a_change_made_outside_extractor_is_named(demo_path, capsys, statement, problem):
    tamper(demo_path, statement)
    code, _, err = run_cli(capsys, "audit", "verify", demo_path)
    assert code == 1
    assert err.startswith("audit broken at event ")
    assert re.search(problem, err), err


def test_work_after_a_check_stays_sealed_and_a_reviewers_copy_verifies(demo_path, tmp_path, capsys):
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        form, ben = repo.forms.get("aih"), repo.reviewers.find("Ben Okafor")
        study = repo.studies.find("Kolev et al")
        repo.answers.set_value(study.id, form, ben.id, "comparison", "Ben's own reading")
    resolve = ["resolve", demo_path, "--study", "Kolev et al", "--field", "comparison"]
    code, _, err = run_cli(capsys, *resolve, "--take", "B", "--by", "Alice Moreau")
    assert code == 0, err
    assert run_cli(capsys, "audit", "verify", demo_path)[0] == 0
    copy = tmp_path / "alice.extractor"
    assert run_cli(capsys, "share", demo_path, "--reviewer", "Alice Moreau", "-o", copy)[0] == 0
    code, out, err = run_cli(capsys, "audit", "verify", copy)
    assert code == 0, err
    assert int(out.split()[2]) > 10  # Alice's own events, still chained
