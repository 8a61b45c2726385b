"""A form as a readable PDF (form export -o FORM.pdf), for a protocol's appendix."""

from __future__ import annotations

import pymupdf

from helpers import run_cli


def test_the_form_reads_as_a_reviewer_meets_it(demo_path, tmp_path, capsys):
    out = tmp_path / "aih.pdf"
    code, _, err = run_cli(capsys, "form", "export", demo_path, "aih", "-o", out)
    assert code == 0, err
    with pymupdf.open(out) as document:
        text = " ".join(" ".join(page.get_text().split()) for page in document)
        assert document.metadata["title"] == "Biologics in autoimmune hepatitis"
    assert "Form 'aih', version 1" in text
    for words in (
        "Study Category one choice",
        "☐ treatment ☐ induced",
        "☐ Non-randomised trial",
        "Age in years as reported: a single age, a range (37-65) or several ages.",
        "Arms one row per item, rows paired between reviewers by Agent",
        "Patients",
        "whole number, at least 0",
    ):
        assert words in text, words


def test_a_group_of_many_fields_reads_down_the_page(tmp_path, capsys):
    from extractor.resources import resource

    project = tmp_path / "ipd.extractor"
    form = resource("forms", "individual_patients.json")
    assert run_cli(capsys, "new", project, "--title", "Cases", "--form", form)[0] == 0
    out = tmp_path / "ipd.pdf"
    assert run_cli(capsys, "form", "export", project, "individual_patients", "-o", out)[0] == 0
    with pymupdf.open(out) as document:
        words = document[0].get_text()
    assert "Row 1" in words and "Follow-up (months)" in words
    assert "one choice: Female / Male / Not reported" in " ".join(words.split())
