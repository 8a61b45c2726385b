"""`extractor search`: every attached PDF's text in an FTS5 index kept up to date as
PDFs come and go; phrases, prefixes and boolean queries; accents ignored."""

from __future__ import annotations

import json

import pymupdf

from helpers import run_cli
from pdfs import text_pdf


def article(*lines: str) -> bytes:
    document = pymupdf.open()
    for text in lines:
        page = document.new_page()
        page.insert_text((72, 72), text, fontsize=11)
    return document.tobytes()


def project_with_pdfs(tmp_path, capsys):
    project = tmp_path / "review.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    for label, year in (("Kolev et al", "2023"), ("Burak et al", "2013")):
        run_cli(capsys, "study", "add", project, "--label", label, "--year", year)
    (tmp_path / "Kolev2023.pdf").write_bytes(
        article(
            "Belimumab was given to six patients with refractory disease.",
            "Hépatite auto-immune: réponse complète chez trois patients.",
        )
    )
    (tmp_path / "Burak2013.pdf").write_bytes(
        article("Rituximab 1000 mg on days 1 and 15 in refractory autoimmune hepatitis.")
    )
    code, _, err = run_cli(
        capsys, "import", "pdfs", project, tmp_path / "Kolev2023.pdf", tmp_path / "Burak2013.pdf"
    )
    assert code == 0, err
    return project


def found(capsys, project, query):
    code, out, err = run_cli(capsys, "search", project, query, "--json")
    assert code == 0, err
    return [(hit["study"], hit["page"], hit["snippet"]) for hit in json.loads(out)]


def test_words_phrases_prefixes_and_boolean_queries(tmp_path, capsys):
    project = project_with_pdfs(tmp_path, capsys)
    code, out, err = run_cli(capsys, "search", project, "refractory")
    assert "search index: 2 PDFs indexed" in err  # indexed on first use
    assert out.splitlines()[-1] == "2 pages found"
    assert (
        "Kolev et al | Kolev2023.pdf | p. 1 | Belimumab was given to six patients with [refractory] disease."
        in out
    )

    assert found(capsys, project, '"autoimmune hepatitis"') == [
        (
            "Burak et al",
            1,
            "Rituximab 1000 mg on days 1 and 15 in refractory [autoimmune hepatitis].",
        )
    ]
    assert [hit[:2] for hit in found(capsys, project, "ritux*")] == [("Burak et al", 1)]
    assert [hit[:2] for hit in found(capsys, project, "refractory NOT rituximab")] == [
        ("Kolev et al", 1)
    ]
    either = {hit[:2] for hit in found(capsys, project, "belimumab OR rituximab")}
    assert either == {("Kolev et al", 1), ("Burak et al", 1)}
    # Accents folded, in the text and in the query alike.
    assert [hit[:2] for hit in found(capsys, project, "hepatite reponse")] == [("Kolev et al", 2)]
    assert [hit[:2] for hit in found(capsys, project, "HÉPATITE")] == [("Kolev et al", 2)]

    # Hyphens and dots are words to a reader: such a term is searched as a phrase.
    assert [hit[:2] for hit in found(capsys, project, "1000-mg")] == [("Burak et al", 1)]
    assert found(capsys, project, "IL-6 OR covid-19") == []
    code, _, err = run_cli(capsys, "search", project, '"unclosed')
    assert code == 1 and "the search '\"unclosed' cannot be read" in err
    code, _, err = run_cli(capsys, "search", project, "NOT rituximab")
    assert code == 1 and "NOT needs a word before it" in err


def test_the_index_follows_pdfs_replaced_and_detached(tmp_path, capsys):
    project = project_with_pdfs(tmp_path, capsys)
    assert found(capsys, project, "belimumab")
    newer = tmp_path / "Kolev2023-v2.pdf"
    newer.write_bytes(text_pdf(1, "Tocilizumab was given instead."))
    code, _, err = run_cli(
        capsys, "study", "replace", project, "Kolev et al", "Kolev2023.pdf", newer, "--yes"
    )
    assert code == 0, err
    code, _, err = run_cli(capsys, "search", project, "tocilizumab")
    assert "search index: 1 PDF indexed" in err
    assert [hit[:2] for hit in found(capsys, project, "tocilizumab")] == [("Kolev et al", 1)]
    assert found(capsys, project, "belimumab") == []

    code, _, err = run_cli(
        capsys, "study", "detach", project, "Burak et al", "Burak2013.pdf", "--yes"
    )
    assert code == 0, err
    code, out, err = run_cli(capsys, "search", project, "rituximab")
    assert "1 PDF no longer attached removed" in err
    assert out.strip() == "0 pages found"
