"""The window's meta-analysis: outcome data imported from the File menu, pooled in
the outputs' Meta-analysis tab, and its forest plot saved and kept for Export all."""

from __future__ import annotations

import csv

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from bcg import BCG, LONG_HEADER, long_rows
from extractor.app.desktop import AppConfig, ReviewerProfile
from extractor.app.meta_analysis import kept_analyses
from extractor.app.outcomes import has_outcome_data
from extractor.gui.main_window import MainWindow
from extractor.gui.readiness_dialog import ReadinessDialog
from extractor.store.project import ProjectFile

from helpers import run_cli

pytestmark = pytest.mark.gui


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture
def window(qtbot, tmp_path, capsys):
    project = tmp_path / "bcg.extractor"
    run_cli(capsys, "new", project, "--title", "BCG")
    run_cli(
        capsys,
        "import",
        "studies",
        project,
        write_csv(tmp_path / "s.csv", [["label"]] + [[b[0]] for b in BCG]),
    )
    AppConfig(profile=ReviewerProfile.new("Tess Tester")).save()
    opened = MainWindow(ProjectFile.open(project), AppConfig.load())
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    qtbot.waitUntil(lambda: opened.studies.proxy.rowCount() == len(BCG))
    yield opened
    if opened.project.is_open:
        opened.close()


def test_import_outcome_data_then_pool_it_and_save_the_forest_plot(
    qtbot, window, tmp_path, monkeypatch
):
    data = write_csv(tmp_path / "outcomes.csv", [LONG_HEADER, *long_rows(timepoint="")])
    monkeypatch.setattr(
        "extractor.gui.file_dialogs.QFileDialog.getOpenFileName", lambda *a, **k: (str(data), "")
    )
    action = next(
        a
        for a in window.menuBar().actions()[0].menu().actions()
        if "outcome data" in a.text().replace("&", "")
    )
    action.trigger()
    qtbot.waitUntil(lambda: has_outcome_data(window.project))
    # What the import says stays in the status bar; the study count has its own place.
    message = "Outcome data imported as Tess Tester, of 13 studies: 26 rows added, 0 updated"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == message)
    qtbot.waitUntil(lambda: window.session.lanes.pending() == 0)
    assert window.statusBar().currentMessage() == message
    assert window.project_label.text().startswith("13 studies · ")
    with window.project.reading() as repo:
        form = repo.forms.get("characteristics")
        tess = repo.reviewers.find("Tess Tester")
        data = repo.answers.load(repo.studies.find("Aronson 1948").id, form, tess.id)
    assert data.groups["dichotomous"][0]["events"] == 4  # imported as this desktop's reviewer

    window.outputs.show_outputs()
    qtbot.waitUntil(lambda: window.outputs.dialog is not None)
    tab = window.outputs.dialog.meta
    window.outputs.dialog.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.outcome.count() == 1)
    assert tab.outcome.currentText() == "Tuberculosis"
    assert (tab.experimental.currentText(), tab.control.currentText()) == ("BCG", "Control")
    assert tab.measure.currentData() == "RR"  # events and totals: a risk ratio
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result is not None)
    assert tab.summary.text().startswith(
        "RR 0.49 [0.34, 0.70] from 13 studies (random effects, REML)"
    )
    assert "τ² = 0.3132, I² = 92.2%" in tab.summary.text()
    assert tab.table.rowCount() == 13
    assert tab.table.item(0, 1).text() == "0.41 [0.13, 1.26]"
    assert tab.table.item(0, 2).text() == "5.1%"
    # The forest plot is drawn beside the results.
    qtbot.waitUntil(lambda: tab.preview.pixmap() is not None and not tab.preview.pixmap().isNull())
    assert tab.preview.toolTip() == "1 page"

    tab.method.setCurrentIndex(tab.method.findData("FE"))
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "fixed effect, inverse variance" in tab.summary.text())
    assert "Prediction interval" not in tab.summary.text()

    target = tmp_path / "forest.pdf"
    monkeypatch.setattr(
        "extractor.gui.file_dialogs.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    # The characteristics are not extracted: what the outputs lack is listed first.
    qtbot.waitUntil(lambda: window.outputs.dialog.findChild(ReadinessDialog) is not None)
    readiness = window.outputs.dialog.findChild(ReadinessDialog)
    qtbot.waitUntil(readiness.isVisible)
    qtbot.mouseClick(readiness.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    with pymupdf.open(target) as document:
        text = document[0].get_text()
    assert "Tuberculosis: BCG vs Control" in text and "Overall (13 studies)" in text
    qtbot.waitUntil(lambda: tab.kept.count() == 1)
    assert tab.kept.item(0).text() == "Tuberculosis: BCG vs Control (RR, FE)"
    kept = kept_analyses(window.project)
    assert [(k.outcome, k.method.value) for k in kept] == [("Tuberculosis", "FE")]
    tab.kept.setCurrentRow(0)
    forget = next(b for b in tab.findChildren(QPushButton) if b.text() == "Do not export")
    qtbot.mouseClick(forget, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.kept.count() == 0)
    assert kept_analyses(window.project) == []


def test_a_project_without_outcome_data_says_where_to_put_it(qtbot, window):
    window.outputs.show_outputs()
    qtbot.waitUntil(lambda: window.outputs.dialog is not None)
    tab = window.outputs.dialog.meta
    qtbot.waitUntil(lambda: "No outcome data yet" in tab.summary.text())
    assert "File > Import > Outcome data" not in tab.summary.text()
    assert "File > Import outcome data…" in tab.summary.text()
