"""`extractor ocr`: scanned pages found, read by Tesseract once into the PDF's own
text layer, and then searched and quoted like any text, a quote from them marked
as OCR text; without Tesseract, a message naming what to install."""

from __future__ import annotations

import json
import shutil

import pymupdf
import pytest

from extractor.core.model import Evidence, ExtractionData
from extractor.store.project import ProjectFile

from helpers import run_cli
from pdfs import scanned_text_pdf

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract is not installed (tesseract-ocr)"
)


def project_with_scan(tmp_path, capsys):
    project = tmp_path / "review.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    run_cli(capsys, "study", "add", project, "--label", "Burak et al", "--year", "2013")
    scan = tmp_path / "Burak2013.pdf"
    scan.write_bytes(scanned_text_pdf())
    assert run_cli(capsys, "import", "pdfs", project, scan)[0] == 0
    return project


@needs_tesseract
def test_scanned_pages_are_read_once_and_then_work_as_text(tmp_path, capsys):
    project = project_with_scan(tmp_path, capsys)
    code, out, _ = run_cli(capsys, "ocr", project, "--list")
    assert out.strip() == "Burak et al | Burak2013.pdf: no text on p. 1"
    assert json.loads(run_cli(capsys, "search", project, "rituximab", "--json")[1]) == []

    code, out, err = run_cli(capsys, "ocr", project, "Burak et al")
    assert code == 0, err
    assert out.startswith("Burak et al | Burak2013.pdf: 1 page read by OCR (p. 1), ")
    code, out, _ = run_cli(capsys, "ocr", project)
    assert out.strip() == "every page of every PDF has text: nothing to read by OCR"

    [hit] = json.loads(run_cli(capsys, "search", project, "transaminases", "--json")[1])
    assert (hit["study"], hit["page"]) == ("Burak et al", 1)

    with ProjectFile.open(project) as opened, opened.transaction() as repo:
        study = repo.studies.find("Burak et al")
        [document] = repo.documents.list(study.id)
        words = pymupdf.open(stream=repo.documents.data(document.id), filetype="pdf")[0].get_text(
            "words"
        )
        rituximab = next(w for w in words if w[4] == "Rituximab")
        assert 70 < rituximab[0] < 80 and 85 < rituximab[3] < 105  # over the scanned word
        form = repo.forms.list()[0]
        field = form.scalar_fields()[0].key
        quote = Evidence(document.id, 1, (tuple(rituximab[:4]),), "Rituximab")
        reviewer = repo.reviewers.add("Alice")
        repo.answers.write(study.id, form, reviewer.id, ExtractionData(values={field: "x"}))
        repo.answers.replace_evidence(study.id, form, reviewer.id, {field: [quote]})
    appendix = tmp_path / "evidence.pdf"
    assert run_cli(capsys, "export", "evidence", project, "-o", appendix)[0] == 0
    text = " ".join(page.get_text() for page in pymupdf.open(appendix))
    assert "p. 1 (OCR text of a scanned page), Burak2013.pdf" in " ".join(text.split())


def test_without_tesseract_the_message_names_what_to_install(tmp_path, capsys, monkeypatch):
    project = project_with_scan(tmp_path, capsys)
    monkeypatch.setattr("extractor.pdf.ocr.shutil.which", lambda name: None)
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    code, _, err = run_cli(capsys, "ocr", project)
    assert code == 1
    assert "OCR needs Tesseract, which is not installed" in err
    assert "sudo apt install tesseract-ocr" in err and "brew install tesseract" in err
