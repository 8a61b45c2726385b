"""Outcome data in the window: the grid, its typing checks and the calculators,
driven as a reviewer drives them and checked in the project."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from extractor.app.desktop import AppConfig, ReviewerProfile
from extractor.gui.calculator_dialog import CalculatorDialog
from extractor.gui.main_window import MainWindow
from extractor.store.project import ProjectFile

from helpers import run_cli

pytestmark = pytest.mark.gui

COLUMNS = [
    "outcome", "timepoint", "arm", "unit", "n", "mean", "sd", "se", "ci_low", "ci_high",
    "median", "q1", "q3", "min", "max", "derivation",
]  # fmt: skip


@pytest.fixture
def window(qtbot, tmp_path, capsys):
    project = tmp_path / "trial.extractor"
    run_cli(capsys, "new", project, "--title", "Trials")
    studies = tmp_path / "studies.csv"
    with studies.open("w", newline="") as handle:
        csv.writer(handle).writerows([["label"], ["Edinburgh 1980"]])
    run_cli(capsys, "import", "studies", project, studies)
    config = AppConfig(profile=ReviewerProfile.new("Tess Tester"))
    config.save()
    opened = MainWindow(ProjectFile.open(project), AppConfig.load())
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    qtbot.waitUntil(lambda: bool(opened.forms.pages) and opened.studies.proxy.rowCount() > 0)
    opened.studies.select_study(opened.studies.model.row_at(0).id)
    qtbot.waitUntil(lambda: opened.controller.loaded_study_id is not None)
    yield opened
    if opened.project.is_open:
        opened.close()


def type_cell(qtbot, grid, row, key, text, value):
    """Type into a cell and wait until the project holds the value."""
    grid.table.item(row, COLUMNS.index(key)).setText(text)
    qtbot.waitUntil(lambda: len(grid._rows) > row and grid._rows[row].get(key) == value)


def add_row(qtbot, grid):
    rows = grid.table.rowCount()
    qtbot.mouseClick(grid.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: grid.table.rowCount() == rows + 1)
    return rows


def stored(window):
    with window.project.reading() as repo:
        form = repo.forms.get("characteristics")
        study = repo.studies.list()[0]
        me = next(r for r in repo.reviewers.list() if r.name == "Tess Tester")
        return repo.answers.load(study.id, form, me.id)


def test_typing_checks_warn_with_their_reason_and_never_refuse(qtbot, window):
    page = window.forms.pages["characteristics"]
    grid = page.editor("continuous")
    for arm, n, sd in (("Stroke unit", 100, "1.1"), ("General ward", 100, "10.5")):
        row = add_row(qtbot, grid)
        type_cell(qtbot, grid, row, "outcome", "Pain", "Pain")
        type_cell(qtbot, grid, row, "arm", arm, arm)
        type_cell(qtbot, grid, row, "n", str(n), n)
        type_cell(qtbot, grid, row, "sd", sd, float(sd))
    qtbot.waitUntil(lambda: grid.checks.isVisible())
    assert grid.checks.text().startswith(
        "⚠ Row 1 (Pain, Stroke unit): the SD (1.1) looks like an SE: × √n gives 11"
    )
    assert "1.1" in grid.table.item(0, COLUMNS.index("sd")).text()
    # A warning, not a refusal: the value is saved as typed.
    assert stored(window).groups["continuous"][0]["sd"] == 1.1
    type_cell(qtbot, grid, 0, "sd", "11.2", 11.2)
    qtbot.waitUntil(lambda: not grid.checks.isVisible())
    dichotomous = page.editor("dichotomous")
    row = add_row(qtbot, dichotomous)
    dichotomous.table.item(row, 0).setText("Death")
    qtbot.waitUntil(lambda: dichotomous._rows[row].get("outcome") == "Death")
    dichotomous.table.item(row, 3).setText("12")
    qtbot.waitUntil(lambda: dichotomous._rows[row].get("events") == 12)
    dichotomous.table.item(row, 4).setText("10")
    qtbot.waitUntil(lambda: "events (12) above the total (10)" in dichotomous.checks.text())


def test_the_calculator_writes_the_values_and_how_they_were_derived(qtbot, window):
    page = window.forms.pages["characteristics"]
    grid = page.editor("continuous")
    row = add_row(qtbot, grid)
    type_cell(qtbot, grid, row, "outcome", "Barthel index", "Barthel index")
    type_cell(qtbot, grid, row, "n", "30", 30)
    type_cell(qtbot, grid, row, "median", "15", 15.0)
    type_cell(qtbot, grid, row, "q1", "12", 12.0)
    type_cell(qtbot, grid, row, "q3", "21", 21.0)
    grid.table.setCurrentCell(row, COLUMNS.index("median"))
    seen = {}

    def press_ok():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CalculatorDialog)
        seen["choice"] = dialog.choice.currentText()
        seen["preview"] = dialog.preview.text()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, press_ok)
    qtbot.mouseClick(grid.calculate_button, Qt.MouseButton.LeftButton)
    assert seen["choice"] == "Mean and SD from the median"  # the row's values chose it
    assert seen["preview"].startswith("mean = 16.0695, sd = 7.0058")
    qtbot.waitUntil(lambda: bool(grid._rows[row].get("derivation")))
    qtbot.waitUntil(lambda: grid._rows[row].get("sd") == 7.0058)
    saved = stored(window).groups["continuous"][row]
    assert (saved["mean"], saved["sd"]) == (16.0695, 7.0058)
    assert saved["derivation"].startswith("mean by Luo et al. 2018 (median and IQR)")
    assert "SD by Wan et al. 2014 (IQR)" in saved["derivation"]
    shown = grid.table.item(row, COLUMNS.index("derivation"))
    assert shown.text() == saved["derivation"]
    # Each number of the row says how the row's values were found.
    sd_cell = grid.table.item(row, COLUMNS.index("sd"))
    assert sd_cell.toolTip() == f"Derivation: {saved['derivation']}"


def test_a_calculator_says_what_it_still_needs(qtbot):
    dialog = CalculatorDialog({"n": 25})
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.choice.currentText() == "SD from the SE"
    assert dialog.preview.text() == "Cannot calculate yet: se is empty"
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.inputs["SD from the SE"]["se"], "2.3")
    assert dialog.preview.text() == "sd = 11.5\nSD = SE × √n (SE 2.3, n 25)"
    assert ok.isEnabled()
    dialog.choice.setCurrentText("SD from a CI of the mean")
    edits = dialog.inputs["SD from a CI of the mean"]
    qtbot.keyClicks(edits["ci_low"], "1.2")
    qtbot.keyClicks(edits["ci_high"], "3.4")
    assert "t(24 df)" in dialog.preview.text()
    qtbot.keyClicks(edits["ci_high"], "x")
    assert dialog.preview.text() == "Cannot calculate yet: CI high: '3.4x' is not a number"
