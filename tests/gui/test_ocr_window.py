"""A scanned PDF in the workspace: the notice offers OCR, and once read, the PDF is
shown again with text to find and quote."""

from __future__ import annotations

import shutil

import pytest

from extractor.gui.pdf_panel import NO_TEXT
from windows import open_window

from helpers import run_cli
from pdfs import scanned_text_pdf

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed"),
]


def test_the_notice_reads_a_scan_by_ocr(qtbot, tmp_path, capsys):
    project = tmp_path / "review.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    run_cli(capsys, "study", "add", project, "--label", "Burak et al", "--year", "2013")
    scan = tmp_path / "Burak2013.pdf"
    scan.write_bytes(scanned_text_pdf(with_text_page=False))
    run_cli(capsys, "import", "pdfs", project, scan)
    window = open_window(qtbot, project)
    panel = window.pdf
    qtbot.waitUntil(lambda: panel.notice.text() == NO_TEXT)
    assert panel.ocr_button.isVisible() and not panel.find_box.isEnabled()

    panel.ocr_button.click()
    qtbot.waitUntil(lambda: "read by OCR" in window.statusBar().currentMessage(), timeout=20000)
    qtbot.waitUntil(lambda: panel.find_box.isEnabled(), timeout=10000)
    assert not panel.notice.isVisible()
    panel.find_box.setText("transaminases")
    panel.find_box.returnPressed.emit()
    qtbot.waitUntil(lambda: len(panel.view.hits) == 1)
    window.close()
