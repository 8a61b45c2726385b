import pytest

from extractor.core.errors import ValueProblem
from extractor.core.model import Citation, Evidence, ExtractionData, Status


@pytest.fixture
def ids(project):
    with project.transaction() as repo:
        study, _ = repo.studies.upsert("Kolev et al", "22", Citation())
        alice = repo.reviewers.add("Alice Moreau")
    return study.id, alice.id


def audit(project, action=None):
    with project.transaction() as repo:
        entries = repo.audit.entries()
    return [e for e in entries if action is None or e.action == action]


def test_every_write_of_an_answer_is_audited_with_old_and_new(project, small_form, ids):
    study, alice = ids
    with project.transaction() as repo:
        assert repo.answers.set_value(study, small_form, alice, "country", "Switzerland")
    with project.transaction() as repo:
        assert repo.answers.set_value(study, small_form, alice, "country", "Germany")
        assert not repo.answers.set_value(study, small_form, alice, "country", "Germany")
    entries = audit(project, "answer.set")
    assert [(e.reviewer, e.study, e.form, e.field, e.old, e.new) for e in entries] == [
        ("Alice Moreau", "Kolev et al", "aih", "country", None, "Switzerland"),
        ("Alice Moreau", "Kolev et al", "aih", "country", "Switzerland", "Germany"),
    ]
    assert all(e.at for e in entries)


def test_a_first_answer_starts_the_extraction_and_status_is_kept(project, small_form, ids):
    study, alice = ids
    with project.transaction() as repo:
        repo.answers.set_value(study, small_form, alice, "design", "rct")
        assert repo.answers.statuses("aih", alice) == {study: Status.IN_PROGRESS}
        repo.answers.set_status(study, small_form, alice, Status.COMPLETE)
    with project.transaction() as repo:
        data = repo.answers.load(study, small_form, alice)
    assert data.values == {"design": "RCT"}
    assert data.status is Status.COMPLETE


def test_values_are_checked_before_they_are_stored(project, small_form, ids):
    study, alice = ids
    with (
        pytest.raises(ValueProblem, match="'abc' is not a whole number"),
        project.transaction() as repo,
    ):
        repo.answers.add_row(study, small_form, alice, "arms", {"agent": "X"})
        repo.answers.set_value(study, small_form, alice, "arms[1].patients", "abc")
    with project.transaction() as repo:  # the whole transaction rolled back
        assert repo.answers.load(study, small_form, alice).groups == {}


def test_group_rows_can_be_added_changed_moved_and_removed(project, small_form, ids):
    study, alice = ids
    with project.transaction() as repo:
        repo.answers.add_row(
            study, small_form, alice, "arms", {"agent": "Infliximab", "patients": 7}
        )
        repo.answers.add_row(
            study, small_form, alice, "arms", {"agent": "Adalimumab", "patients": 1}
        )
        repo.answers.set_value(study, small_form, alice, "arms[2].improved", 1)
        repo.answers.move_row(study, small_form, alice, "arms", 2, 1)
    with project.transaction() as repo:
        rows = repo.answers.load(study, small_form, alice).groups["arms"]
        assert [r["agent"] for r in rows] == ["Adalimumab", "Infliximab"]
        assert rows[0]["improved"] == 1
        repo.answers.remove_row(study, small_form, alice, "arms", 1)
    with project.transaction() as repo:
        rows = repo.answers.load(study, small_form, alice).groups["arms"]
    assert rows == [{"agent": "Infliximab", "patients": 7, "improved": None}]
    actions = [e.action for e in audit(project) if e.action.startswith("row.")]
    assert actions == ["row.add", "row.add", "row.move", "row.remove"]
    [removed] = audit(project, "row.remove")
    assert removed.old == {"agent": "Adalimumab", "patients": 1, "improved": 1}


def test_writing_the_same_extraction_twice_changes_nothing(project, small_form, ids):
    study, alice = ids
    data = ExtractionData(
        values={"country": "Spain", "design": "Case series"},
        groups={"arms": [{"agent": "Rituximab", "patients": 35, "improved": 31}]},
    )
    with project.transaction() as repo:
        assert repo.answers.write(study, small_form, alice, data) == 3
    events = len(audit(project))
    with project.transaction() as repo:
        assert repo.answers.write(study, small_form, alice, data) == 0
    assert len(audit(project)) == events


def test_evidence_is_kept_with_its_answer(project, small_form, ids):
    study, alice = ids
    with project.transaction() as repo:
        document = repo.documents.attach(study, "kolev.pdf", b"%PDF-1.4 fake", 1)
        again = repo.documents.attach(study, "copy.pdf", b"%PDF-1.4 fake", 1)
        assert again.id == document.id  # same content, stored once
        repo.answers.set_value(study, small_form, alice, "country", "Switzerland")
        quote = Evidence(document.id, 2, ((10.0, 20.0, 30.0, 40.0),), "treated in Switzerland")
        repo.answers.add_evidence(study, small_form, alice, "country", quote)
    with project.transaction() as repo:
        data = repo.answers.load(study, small_form, alice)
    assert data.evidence == {"country": [quote]}
