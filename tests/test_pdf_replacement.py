"""A study's PDF replaced by another version of it: each quote found again points to
its new page and words; quotes the new file lacks go only when confirmed."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from extractor.app import extraction
from extractor.app.desktop import ReviewerProfile
from extractor.app.pdf_replacement import plan_replacement, replace_pdf
from extractor.app.studies import attach_pdf
from extractor.core.errors import InputError, RefusedError
from extractor.core.model import Citation, Evidence
from extractor.pdf.document import PdfDocument

from helpers import dump, run_cli

PREPRINT = ["Patients were treated in Switzerland.", "Zurich cohort, preprint only."]
ARTICLE = ["Published article", "Results", "Patients were treated in", "Switzerland."]


def pdf(tmp_path: Path, name: str, pages: list[list[str]]) -> Path:
    document = pymupdf.open()
    for lines in pages:
        page = document.new_page()
        for number, text in enumerate(lines):
            page.insert_text((72, 90 + 30 * number), text, fontsize=14)
    path = tmp_path / name
    path.write_bytes(document.tobytes())
    return path


def rects_of(path: Path, page: int, words: list[str]) -> tuple:
    document = PdfDocument.open(path.read_bytes(), str(path))
    found = [w for w in document.words(page - 1) if w.text in words]
    return tuple(w.rect for w in found)


@pytest.fixture
def quoted(project, tmp_path):
    """A study whose preprint holds two quotes: one the article has, one it lacks."""
    profile = ReviewerProfile.new("Tess Tester")
    with project.transaction() as repo:
        study, _ = repo.studies.upsert("Dutot et al 2003", None, Citation())
    old = attach_pdf(project, study.id, pdf(tmp_path, "preprint.pdf", [PREPRINT]))
    preprint = tmp_path / "preprint.pdf"
    country = Evidence(old.id, 1, rects_of(preprint, 1, ["Switzerland."]), "Switzerland")
    extraction.save_quote(
        project, profile, study.id, "aih", "country", country, "Switzerland", True
    )
    cohort = Evidence(old.id, 1, rects_of(preprint, 1, ["Zurich", "cohort,"]), "Zurich cohort")
    extraction.save_quote(project, profile, study.id, "aih", "design", cohort)
    return study, old, profile


def test_quotes_found_in_the_new_version_point_to_their_new_page_and_words(
    project, tmp_path, quoted
):
    study, old, profile = quoted
    article = pdf(tmp_path, "article.pdf", [["Cover page"], ARTICLE])
    plan = plan_replacement(project, old.id, article)
    assert plan.summary() == "1 quote found again, 1 not"
    assert [str(lost) for lost in plan.lost] == ["page 1: “Zurich cohort”"]

    before = dump(project.path)
    with pytest.raises(RefusedError, match=r"1 quote of preprint\.pdf is not in article\.pdf"):
        replace_pdf(project, plan)
    assert dump(project.path) == before

    new = replace_pdf(project, plan, lose=1)
    with project.reading() as repo:
        assert [d.filename for d in repo.documents.list(study.id)] == ["article.pdf"]
        data = repo.answers.load(study.id, repo.forms.get("aih"), profile.id)
        events = [(e.action, e.detail) for e in repo.audit.entries()][-2:]
    [quote] = data.evidence["country"]
    assert (quote.document_id, quote.page, quote.quote) == (new.id, 2, "Switzerland")
    assert quote.rects == rects_of(article, 2, ["Switzerland."])
    assert "design" not in data.evidence and data.values["country"] == "Switzerland"
    assert events[0][0] == "document.replace"
    assert "preprint.pdf" in events[0][1] and "1 quote found again, 1 not" in events[0][1]
    assert events[1][0] == "document.detach"


def test_the_same_file_again_or_a_damaged_one_is_refused_and_changes_nothing(
    project, tmp_path, quoted
):
    _, old, _ = quoted
    before = dump(project.path)
    copy = tmp_path / "same.pdf"
    copy.write_bytes((tmp_path / "preprint.pdf").read_bytes())
    with pytest.raises(RefusedError, match=r"same\.pdf: is the same file as preprint\.pdf"):
        plan_replacement(project, old.id, copy)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    with pytest.raises(InputError, match=r"broken\.pdf"):
        plan_replacement(project, old.id, broken)
    assert dump(project.path) == before


def test_a_quote_added_after_the_plan_stops_the_replacement(project, tmp_path, quoted):
    study, old, profile = quoted
    plan = plan_replacement(project, old.id, pdf(tmp_path, "article.pdf", [ARTICLE]))
    extra = Evidence(old.id, 1, rects_of(tmp_path / "preprint.pdf", 1, ["Patients"]), "Patients")
    extraction.save_quote(project, profile, study.id, "aih", "country", extra)
    with pytest.raises(RefusedError, match="changed meanwhile"):
        replace_pdf(project, plan, lose=1)


def test_the_command_line_lists_the_quotes_it_would_lose_and_needs_a_yes(
    demo_path, tmp_path, capsys
):
    from extractor.store.project import ProjectFile

    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        study = repo.studies.find("Kolev et al")
        [document] = repo.documents.list(study.id)
        quotes = repo.documents.quotes_in(document.id)
    assert quotes
    article = pdf(tmp_path, "kolev-published.pdf", [["Nothing quoted is here."]])
    before = dump(demo_path)
    code, _, err = run_cli(
        capsys, "study", "replace", demo_path, "Kolev et al", document.filename, article
    )
    assert code == 1 and f"{len(quotes)} quote" in err and "--yes" in err
    assert f"not in kolev-published.pdf: page {quotes[0].page}" in err
    assert dump(demo_path) == before
    code, out, err = run_cli(
        capsys, "study", "replace", demo_path, "Kolev et al", document.filename, article, "--yes"
    )
    assert code == 0, err
    assert out.startswith(f"replaced {document.filename} by kolev-published.pdf in Kolev et al")


def test_a_reviewers_package_quoting_the_replaced_pdf_follows_it(demo_path, tmp_path, capsys):
    from extractor.store.project import ProjectFile

    copy, package = tmp_path / "alice.extractor", tmp_path / "alice.zip"
    run_cli(capsys, "share", demo_path, "--reviewer", "Alice Moreau", "-o", copy)
    run_cli(capsys, "package", "export", copy, "--reviewer", "Alice Moreau", "-o", package)
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        study = repo.studies.find("Carey et al")
        [old] = repo.documents.list(study.id)
        data = repo.documents.data(old.id)
    published = pymupdf.open(stream=data, filetype="pdf")
    published.insert_page(0, text="Accepted manuscript")
    article = tmp_path / "carey-published.pdf"
    article.write_bytes(published.tobytes())
    code, _, err = run_cli(
        capsys, "study", "replace", demo_path, "Carey et al", old.filename, article
    )
    assert code == 0, err

    code, _, err = run_cli(capsys, "package", "import", demo_path, package)
    assert code == 0, err
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        alice = repo.reviewers.find("Alice Moreau")
        [new] = repo.documents.list(study.id)
        evidence = repo.answers.load(study.id, repo.forms.get("aih"), alice.id).evidence
        detail = [e.detail for e in repo.audit.entries() if e.action == "package.import"][-1]
    [country] = evidence["country"]
    assert (country.document_id, country.quote) == (new.id, "treated in United States")
    assert country.page == 2  # behind the new cover page
    assert "found again in a replaced PDF" in detail
