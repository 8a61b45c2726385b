"""The instruments added with the form builder, through the command line: added to a
project, answered by two reviewers, compared, agreed on and drawn like the others."""

from __future__ import annotations

import json

import pymupdf

from extractor.app.rob import builtin_instrument
from extractor.store.project import ProjectFile

from helpers import run_cli


def test_two_reviewers_assess_with_the_newcastle_ottawa_scale(tmp_path, capsys):
    project = tmp_path / "nos.extractor"
    run_cli(capsys, "new", project, "--title", "Cohorts")
    studies = tmp_path / "studies.csv"
    studies.write_text("label,ref\nAdams et al,1\nBrown et al,2\n", encoding="utf-8")
    run_cli(capsys, "import", "studies", project, studies)
    code, _, err = run_cli(capsys, "rob", "add", project, "--tool", "NOS")
    assert code == 0, err
    scale = builtin_instrument("NOS")
    options = {f.key: f.options for f in scale.form.scalar_fields()}
    best = {q: options[q][0] for d in scale.bias_domains() for q in d.questions}
    with ProjectFile.open(project) as opened, opened.transaction() as repo:
        form = repo.forms.get("nos_cohort")
        for reviewer in ("Ann", "Ben"):
            who = repo.reviewers.add(reviewer)
            for study in ("Adams et al", "Brown et al"):
                found = repo.studies.find(study)
                answers = dict(best)
                if reviewer == "Ben" and study == "Brown et al":
                    answers["d1_2"] = options["d1_2"][1]  # no star: selection 3, still good
                    answers["d2_1"] = options["d2_1"][2]  # no comparability star: poor
                for key, value in answers.items():
                    repo.answers.set_value(found.id, form, who.id, key, value)
                for key, level in (("d1_judgement", "Low"), ("d2_judgement", "Low"),
                                   ("d3_judgement", "Low"), ("overall_judgement", "Low")):  # fmt: skip
                    proposed = "High" if (reviewer, study, key) in {
                        ("Ben", "Brown et al", "d2_judgement"),
                        ("Ben", "Brown et al", "overall_judgement"),
                    } else level  # fmt: skip
                    repo.answers.set_value(found.id, form, who.id, key, proposed)
    code, out, _ = run_cli(capsys, "conflicts", project, "--json")
    fields = {(c["study"], c["field"]) for c in json.loads(out)}
    assert fields == {
        ("Brown et al", "d1_2"),
        ("Brown et al", "d2_1"),
        ("Brown et al", "d2_judgement"),
        ("Brown et al", "overall_judgement"),
    }
    code, out, _ = run_cli(capsys, "agreement", project, "--json")
    overall = next(f for f in json.loads(out)["fields"] if f["field"] == "overall_judgement")
    assert (overall["compared"], overall["agreed"]) == (2, 1)
    figure = tmp_path / "nos.pdf"
    code, _, err = run_cli(
        capsys, "export", "rob", project, "--tool", "NOS", "--source", "Ben", "-o", figure
    )
    assert code == 0, err
    with pymupdf.open(figure) as document:
        summary = " ".join(document[-1].get_text().split())
    assert "D2: Comparability" in summary and "Risk of bias summary (NOS)" in summary
