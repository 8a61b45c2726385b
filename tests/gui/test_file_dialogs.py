"""Where the file dialogs start: the last folder the reviewer chose a file in, else
their documents folder; never the folder the program was started from."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QWidget

from extractor.gui import file_dialogs

pytestmark = pytest.mark.gui


def test_dialogs_start_in_the_documents_folder_then_where_a_file_was_last_chosen(
    qtbot, tmp_path, monkeypatch
):
    QSettings().remove(file_dialogs.LAST_FOLDER)
    monkeypatch.chdir(tmp_path)  # the working directory is never offered
    parent = QWidget()
    qtbot.addWidget(parent)
    asked_in = []
    chosen = tmp_path / "reviews" / "studies.csv"
    chosen.parent.mkdir()

    def dialog(_parent, _title, folder, _filters):
        asked_in.append(Path(folder))
        return str(chosen), ""

    monkeypatch.setattr(file_dialogs.QFileDialog, "getOpenFileName", dialog)
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", dialog)
    assert file_dialogs.open_file(parent, "Import studies", "CSV (*.csv)") == chosen
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert asked_in[0] in (Path(documents), Path.home()) and asked_in[0] != tmp_path
    file_dialogs.save_file(parent, "Save tables", "tables.pdf", "PDF (*.pdf)")
    assert asked_in[1] == chosen.parent / "tables.pdf"  # where the last file was chosen
