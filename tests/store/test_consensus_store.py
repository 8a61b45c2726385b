"""The stored consensus follows both reviewers' answers and the resolutions."""

from extractor.core.model import Citation, ExtractionData, Status


def consensus_of(project, form, study):
    with project.transaction() as repo:
        return repo.answers.load(study, form, repo.reviewers.consensus().id)


def answer(project, form, study, reviewer, country, arms):
    data = ExtractionData(
        values={"country": country, "design": "Case series"}, groups={"arms": arms}
    )
    with project.transaction() as repo:
        repo.answers.write(study, form, reviewer, data)


def test_the_consensus_is_rewritten_when_agreed_answers_change_and_only_then(project, small_form):
    with project.transaction() as repo:
        study = repo.studies.upsert("Kolev et al", "22", Citation())[0].id
        alice, ben = repo.reviewers.add("Alice").id, repo.reviewers.add("Ben").id
    arms = [{"agent": "Belimumab", "patients": 6, "improved": 3}]
    for reviewer in (alice, ben):
        answer(project, small_form, study, reviewer, "Switzerland", arms)
    with project.transaction() as repo:
        assert repo.conflicts.refresh_consensus() > 0
    assert consensus_of(project, small_form, study).values["country"] == "Switzerland"

    with project.transaction() as repo:
        assert repo.conflicts.refresh_consensus() == 0  # nothing changed: nothing written

    fewer = [{"agent": "Belimumab", "patients": 5, "improved": 3}]
    for reviewer in (alice, ben):  # both correct themselves the same way
        answer(project, small_form, study, reviewer, "Germany", fewer)
    with project.transaction() as repo:
        assert repo.conflicts.refresh_consensus() > 0
    stored = consensus_of(project, small_form, study)
    assert stored.values["country"] == "Germany"
    assert stored.groups["arms"][0]["patients"] == 5


def test_extractions_written_at_once_are_as_if_written_one_by_one(tmp_path, small_form):
    from extractor.store.project import ProjectFile

    data = ExtractionData(
        values={"country": "Switzerland", "design": "Case series"},
        groups={
            "arms": [
                {"agent": "Belimumab", "patients": 6, "improved": 3},
                {"agent": "Rituximab", "patients": None, "improved": 1},
            ]
        },
        status=Status.COMPLETE,
    )
    made = {}
    for way in ("one by one", "at once"):
        project = ProjectFile.create(tmp_path / f"{way}.extractor", "Test review")
        with project.transaction() as repo:
            repo.forms.save(small_form)
            study = repo.studies.upsert("Kolev et al", "22", Citation())[0].id
            who = repo.reviewers.consensus().id
            if way == "one by one":
                changes = repo.answers.write(
                    study, small_form, who, data, fields={"country", "design"}, groups={"arms"}
                )
            else:
                changes = repo.answers.create_many([(study, small_form, data, "")], who)
        with project.transaction() as repo:
            stored = repo.answers.load(study, small_form, who)
            log = [(e.action, e.field, e.old, e.new) for e in repo.audit.entries()]
        made[way] = (changes, stored.values, stored.groups, stored.status, log)
        project.close()
    assert made["at once"] == made["one by one"]
