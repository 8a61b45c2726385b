"""Studies one at a time: added, edited, removed only when what goes is confirmed,
and a PDF detached with its quotes only when confirmed."""

import json

from extractor.store.project import ProjectFile

from helpers import dump, run_cli


def test_a_study_is_added_edited_and_its_label_stays_unique(demo_path, capsys):
    code, _, err = run_cli(
        capsys, "study", "add", demo_path, "--label", "Dutot et al", "--year", "2003"
    )
    assert code == 0, err
    code, _, err = run_cli(capsys, "study", "add", demo_path, "--label", "dutot et al")
    assert code == 1 and "already in the project" in err
    code, out, err = run_cli(
        capsys,
        "study",
        "edit",
        demo_path,
        "Dutot et al",
        "--label",
        "Dutot et al 2003",
        "--doi",
        "10.1/x",
    )
    assert code == 0, err
    assert "now Dutot et al 2003" in out
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        study = repo.studies.find("Dutot et al 2003")
        assert (study.citation.year, study.citation.doi) == (2003, "10.1/x")  # year kept


def test_removing_a_study_says_how_much_is_lost_and_needs_a_yes(demo_path, capsys):
    before = dump(demo_path)
    code, _, err = run_cli(capsys, "study", "remove", demo_path, "Kolev et al")
    assert code == 1
    assert "removing Kolev et al deletes Alice Moreau's" in err
    assert "Ben Okafor's" in err and "quotes" in err and "1 PDF" in err
    assert dump(demo_path) == before  # nothing removed without the yes
    code, out, err = run_cli(capsys, "study", "remove", demo_path, "Kolev et al", "--yes")
    assert code == 0, err
    assert out.startswith("removed Kolev et al and Alice Moreau's")
    info = json.loads(run_cli(capsys, "info", demo_path, "--json")[1])
    assert info["studies"] == 10
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        assert repo.studies.find("Kolev et al") is None
        [removed] = [e for e in repo.audit.entries() if e.action == "study.remove"]
        assert removed.old["label"] == "Kolev et al" and "answers" in removed.detail
        assert repo.audit.verify()[1] is None
    assert run_cli(capsys, "study", "add", demo_path, "--label", "Empty et al")[0] == 0
    code, out, _ = run_cli(capsys, "study", "remove", demo_path, "Empty et al")
    assert code == 0 and "nothing anyone entered" in out  # nothing to lose: no yes needed


def test_detaching_a_pdf_takes_its_quotes_only_when_confirmed(demo_path, capsys):
    code, _, err = run_cli(capsys, "study", "detach", demo_path, "Kolev et al", "Kolev.pdf")
    assert code == 1 and "deletes" in err and "quotes of evidence" in err
    code, _, err = run_cli(capsys, "study", "detach", demo_path, "Kolev et al", "Other.pdf")
    assert code == 1 and "its PDFs: Kolev.pdf" in err
    code, out, err = run_cli(
        capsys, "study", "detach", demo_path, "Kolev et al", "Kolev.pdf", "--yes"
    )
    assert code == 0, err
    assert out.strip() == "detached Kolev.pdf from Kolev et al"
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        kolev = repo.studies.find("Kolev et al")
        assert repo.documents.list(kolev.id) == []
        alice = repo.reviewers.find("Alice Moreau")
        data = repo.answers.load(kolev.id, repo.forms.get("aih"), alice.id)
        assert data.evidence == {} and data.values["country"] == "Switzerland"  # answers stay
