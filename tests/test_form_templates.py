"""The form templates in resources/forms: each starts a project as it is, exports as
it was imported, and has what its kind of review needs."""

from __future__ import annotations

import json

import pytest

from extractor.resources import resource

from helpers import run_cli

TEMPLATES = sorted(resource("forms").glob("*.json"))


def test_the_library_holds_the_three_templates():
    assert [t.stem for t in TEMPLATES] == [
        "individual_patients",
        "interventions_outcomes",
        "study_characteristics",
    ]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.stem)
def test_a_template_starts_a_project_and_exports_as_it_was(template, tmp_path, capsys):
    project = tmp_path / "review.extractor"
    code, _, err = run_cli(capsys, "new", project, "--title", "A review", "--form", template)
    assert code == 0, err
    written = json.loads(template.read_text(encoding="utf-8"))
    out = tmp_path / "form.json"
    assert run_cli(capsys, "form", "export", project, written["key"], "-o", out)[0] == 0
    exported = json.loads(out.read_text(encoding="utf-8"))

    def keys(form):
        return [
            (field["key"], field["type"], [sub["key"] for sub in field.get("fields", [])])
            for section in form["sections"]
            for field in section["fields"]
        ]

    assert keys(exported) == keys(written)


def test_individual_patients_has_a_row_per_patient_with_what_case_tables_show():
    form = json.loads(resource("forms", "individual_patients.json").read_text(encoding="utf-8"))
    [patients] = [f for s in form["sections"] for f in s["fields"] if f["type"] == "group"]
    assert patients["key_field"] == "patient"
    assert [f["key"] for f in patients["fields"]] == [
        "patient", "age", "sex", "diagnosis", "prior_treatment", "agent", "dose",
        "response", "adverse_events", "follow_up",
    ]  # fmt: skip


def test_interventions_and_outcomes_has_every_outcome_type():
    form = json.loads(resource("forms", "interventions_outcomes.json").read_text(encoding="utf-8"))
    types = {f["type"] for s in form["sections"] for f in s["fields"]}
    assert {"dichotomous", "continuous", "effect_estimate", "group"} <= types
