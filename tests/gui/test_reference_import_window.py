"""File > Import references…: what the import does is shown first, and nothing is
stored until the user agrees."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from extractor.app.references import reference_list
from windows import open_window, trigger

from helpers import dump, run_cli

pytestmark = pytest.mark.gui

RIS = """TY  - JOUR
AU  - Kolev, Martin
AU  - Diem, Stefan
AU  - Semmo, Nasser
TI  - Belimumab treatment in autoimmune hepatitis: a case series
PY  - 2023
DB  - Embase
ER  -

TY  - JOUR
AU  - Nobody, N
PY  - 2020
ER  -
""".replace("ER  -\n", "ER  - \n")


@pytest.fixture
def window(qtbot, tmp_path, capsys, monkeypatch):
    project = tmp_path / "review.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    opened = open_window(qtbot, project)
    qtbot.waitUntil(lambda: bool(opened.forms.pages))
    source = tmp_path / "embase.ris"
    source.write_text(RIS, encoding="utf-8")
    monkeypatch.setattr(
        "extractor.gui.file_dialogs.QFileDialog.getOpenFileName", lambda *a, **k: (str(source), "")
    )
    yield opened
    if opened.project.is_open:
        opened.close()


def open_import(qtbot, window):
    trigger(window, "File", "Import references…")
    qtbot.waitUntil(lambda: isinstance(window.study_files.report, QMessageBox))
    box = window.study_files.report
    qtbot.waitUntil(box.isVisible)
    return box


def test_the_plan_first_then_the_import(qtbot, window):
    box = open_import(qtbot, window)
    assert box.text() == (
        "embase.ris (Embase): 1 record read; 1 would be added, 0 would be merged into"
        " references the project has"
    )
    assert "embase.ris, record 2: no title" in box.detailedText()
    [accept] = [b for b in box.buttons() if b.text() == "Import"]
    accept.click()
    qtbot.waitUntil(
        lambda: "1 references added and 0 merged" in window.statusBar().currentMessage()
    )
    found = reference_list(window.project)
    assert [r["label"] for r in found["references"]] == ["Kolev et al 2023"]


def test_cancel_stores_nothing(qtbot, window):
    before = dump(window.project.path)
    box = open_import(qtbot, window)
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "No references were imported.")
    assert dump(window.project.path) == before
