"""File > Import full texts…: a folder of PDFs matched to references, the user asked
which reference a file is where two fit, and a report of how each was matched."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from extractor.app.references import reference_list
from windows import open_window, trigger

from helpers import run_cli
from pdfs import scanned_pdf, text_pdf

pytestmark = pytest.mark.gui

RIS = """TY  - JOUR
AU  - Kolev, Martin
TI  - Belimumab treatment in autoimmune hepatitis
PY  - 2023
DO  - 10.1016/j.jhep.2022.11.012
ER  -

TY  - JOUR
AU  - Smith, John
TI  - Tocilizumab after liver transplantation
PY  - 2020
ER  -

TY  - JOUR
AU  - Smith, Jane
TI  - Abatacept in overlap syndrome
PY  - 2020
ER  -
"""


def test_files_matched_and_one_chosen_by_the_user(qtbot, tmp_path, capsys, monkeypatch):
    project = tmp_path / "review.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    search = tmp_path / "embase.ris"
    search.write_text(RIS, encoding="utf-8")
    run_cli(capsys, "import", "references", project, search, "--yes")
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(text_pdf(1, "doi:10.1016/j.jhep.2022.11.012"))
    (folder / "Smith2020.pdf").write_bytes(scanned_pdf())
    monkeypatch.setattr(
        "extractor.gui.file_dialogs.QFileDialog.getExistingDirectory", lambda *a, **k: str(folder)
    )
    asked = []

    def choose(parent, title, text, items, *args):
        asked.append((text, list(items)))
        return items[1], True

    monkeypatch.setattr("extractor.gui.full_text_import.QInputDialog.getItem", choose)
    window = open_window(qtbot, project)
    trigger(window, "File", "Import full texts…")
    qtbot.waitUntil(lambda: isinstance(window.full_texts.report, QMessageBox))
    assert asked == [
        ("Smith2020.pdf could be the full text of (file name):", ["Smith 2020", "Smith 2020b"])
    ]
    first = window.full_texts.report
    assert first.text() == "1 full text kept with its reference"
    assert "a.pdf: Kolev 2023, by DOI 10.1016/j.jhep.2022.11.012 in the PDF" in first.detailedText()
    # The file the user placed is kept and reported on its own.
    qtbot.waitUntil(lambda: window.full_texts.report is not first)
    assert (
        "Smith2020.pdf: Smith 2020b, by the reference named"
        in window.full_texts.report.detailedText()
    )

    def kept():
        found = {r["label"]: r["full_texts"] for r in reference_list(window.project)["references"]}
        return {label: [f["file"] for f in files] for label, files in found.items() if files}

    qtbot.waitUntil(lambda: kept() == {"Kolev 2023": ["a.pdf"], "Smith 2020b": ["Smith2020.pdf"]})
    window.close()
