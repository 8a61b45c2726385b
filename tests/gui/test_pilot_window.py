"""Form > Pilot the form shown… and Pilot report…: the lead pilots the form on the
first studies, reads both reviewers' answers side by side, and freezes it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from extractor.app.pilot import pilot_state
from extractor.store.project import ProjectFile
from windows import open_window, trigger

pytestmark = pytest.mark.gui


def state_of(path):
    with ProjectFile.open(path) as project, project.reading() as repo:
        return pilot_state(repo, "aih")


def test_the_lead_pilots_reads_side_by_side_and_freezes(qtbot, demo_path, monkeypatch):
    window = open_window(qtbot, demo_path)
    qtbot.waitUntil(lambda: "aih" in window.forms.pages)
    window.forms.setCurrentWidget(window.forms.pages["aih"])
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (4, True))
    trigger(window, "Form", "Pilot the form shown…")
    qtbot.waitUntil(lambda: state_of(demo_path) is not None)
    assert len(state_of(demo_path).studies) == 4
    studies = window.studies
    qtbot.waitUntil(
        lambda: any(studies.model.row_at(n).pilots for n in range(studies.model.rowCount()))
    )
    kolev = studies.model.index(studies.model.row_of(state_of(demo_path).studies[0]), 1)
    assert kolev.data(Qt.ItemDataRole.FontRole).bold()
    assert "A pilot study of Biologics in autoimmune hepatitis" in kolev.data(
        Qt.ItemDataRole.ToolTipRole
    )
    studies.status_filter.setCurrentIndex(studies.status_filter.findText("Pilot studies"))
    qtbot.waitUntil(lambda: studies.proxy.rowCount() == 4)

    trigger(window, "Form", "Pilot report…")
    qtbot.waitUntil(lambda: window.form_menu_part.pilot_dialog is not None)
    dialog = window.form_menu_part.pilot_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.tree.topLevelItemCount() > 0)
    assert dialog.tree.headerItem().text(1) == "Alice Moreau"
    design = next(
        dialog.tree.topLevelItem(n)
        for n in range(dialog.tree.topLevelItemCount())
        if dialog.tree.topLevelItem(n).text(0) == "Study design"
    )
    assert design.text(3).startswith("3 of 4 (75%)")
    assert design.isExpanded()  # a field they disagree on opens
    carey = next(
        design.child(n)
        for n in range(design.childCount())
        if design.child(n).text(0) == "Carey et al"
    )
    assert (carey.text(1), carey.text(2), carey.text(3)) == ("Case report", "Case series", "≠")

    qtbot.mouseClick(dialog.freeze_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state_of(demo_path).frozen_at is not None)
    assert state_of(demo_path).frozen_version == 1
    qtbot.waitUntil(lambda: not dialog.freeze_button.isEnabled())
