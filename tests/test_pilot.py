"""Piloting a form: the lead names the first studies, two reviewers extract them,
their answers are read side by side with agreement, and the form is frozen."""

from __future__ import annotations

import json

from helpers import run_cli


def test_a_pilot_shows_both_reviewers_answers_side_by_side_then_freezes(demo_path, capsys):
    code, out, err = run_cli(capsys, "form", "pilot", demo_path, "aih", "--studies", "4")
    assert code == 0, err
    assert (
        "pilot of form 'aih' on 4 studies: Kolev et al, Arvaniti et al, Burak et al, Carey et al"
        in out
    )

    code, out, err = run_cli(capsys, "form", "pilot", demo_path, "aih", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["state"] == "pilot"
    assert report["studies"] == ["Kolev et al", "Arvaniti et al", "Burak et al", "Carey et al"]
    assert report["reviewers"] == [["Alice Moreau", "Ben Okafor"]]
    fields = {item["field"]: item for item in report["fields"]}
    design = fields["design"]
    assert (design["compared"], design["agreed"]) == (4, 3)
    carey = next(a for a in design["answers"] if a["study"] == "Carey et al")
    assert carey == {"study": "Carey et al", "a": "Case report", "b": "Case series", "agree": False}
    improved = fields["arms.improved"]
    burak = next(a for a in improved["answers"] if a["study"] == "Burak et al, row 1")
    assert (burak["a"], burak["b"], burak["agree"]) == ("6", "4", False)

    code, out, _ = run_cli(capsys, "form", "pilot", demo_path, "aih")
    assert "Study design (design): agreed 3 of 4 (75%)" in out
    assert "    Carey et al: Case report | Case series   ≠" in out

    code, out, err = run_cli(capsys, "form", "freeze", demo_path, "aih")
    assert code == 0, err
    assert out.strip() == "froze form 'aih' at version 1: the pilot is over"
    assert (
        json.loads(run_cli(capsys, "form", "pilot", demo_path, "aih", "--json")[1])["state"]
        == "frozen"
    )


def test_a_form_without_a_pilot_says_how_to_begin_one(demo_path, capsys):
    code, _, err = run_cli(capsys, "form", "pilot", demo_path, "aih")
    assert code == 1 and "extractor form pilot PROJECT aih --studies N" in err
    code, _, err = run_cli(capsys, "form", "freeze", demo_path, "aih")
    assert code == 1 and "is not in pilot" in err


def test_the_lead_pilot_reaches_the_reviewers_copies_with_the_update(demo_path, tmp_path, capsys):
    from extractor.app.studies import overview
    from extractor.store.project import ProjectFile

    alice = tmp_path / "alice.extractor"
    assert run_cli(capsys, "share", demo_path, "--reviewer", "Alice Moreau", "-o", alice)[0] == 0
    assert run_cli(capsys, "form", "pilot", demo_path, "aih", "--study", "Burak et al")[0] == 0
    update = tmp_path / "update.zip"
    assert run_cli(capsys, "package", "export", demo_path, "--update", "-o", update)[0] == 0
    code, _, err = run_cli(capsys, "package", "import", alice, update)
    assert code == 0, err
    with ProjectFile.open(alice) as project:
        found = overview(project, None)
    piloted = {s.study.label: s.pilots for s in found.studies if s.pilots}
    assert piloted == {"Burak et al": ("Biologics in autoimmune hepatitis",)}
