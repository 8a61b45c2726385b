"""The extraction workspace driven as a reviewer drives it: real widgets, a real project."""

import pymupdf
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from extractor.app.demo import REVIEWER_A
from extractor.app.desktop import AppConfig, ReviewerProfile
from extractor.gui.main_window import MainWindow
from extractor.gui.pdf_panel import NO_PDF, NO_TEXT
from extractor.store.project import ProjectFile

from helpers import dump
from pdfs import damaged_pdf, encrypted_pdf, scanned_pdf, text_pdf

pytestmark = pytest.mark.gui


@pytest.fixture
def profile():
    config = AppConfig(profile=ReviewerProfile.new("Tess Tester"))
    config.save()
    return config.profile


def open_window(qtbot, path, profile):
    window = MainWindow(ProjectFile.open(path), AppConfig.load())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: bool(window.forms.pages) and window.studies.proxy.rowCount() > 0)
    return window


@pytest.fixture
def window(qtbot, team_demo_path, profile):
    opened = open_window(qtbot, team_demo_path, profile)
    yield opened
    if opened.project.is_open:
        opened.close()


def select(window, qtbot, label):
    """Click a study in the list and wait until its answers and PDF are shown."""
    proxy = window.studies.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 1).data() == label)
    study_id = window.studies.model.row_at(proxy.mapToSource(proxy.index(row, 0)).row()).id
    table = window.studies.table
    rect = table.visualRect(proxy.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.controller.loaded_study_id == study_id)
    wait_for_pdf(window, qtbot)
    return study_id


def wait_for_pdf(window, qtbot):
    view = window.pdf.view
    qtbot.waitUntil(lambda: view.page_count > 0 or view.message not in ("", "Opening…"))


def answers(path, reviewer_id, label):
    with ProjectFile.open(path) as project, project.transaction() as repo:
        form = repo.forms.get("aih")
        return repo.answers.load(repo.studies.find(label).id, form, reviewer_id)


def saved(editor_row):
    return editor_row.state.text() == "✓ Saved"


def type_answer(qtbot, page, key, text):
    """Click into a text field, type over what it holds, leave it, wait for the save."""
    field = page.editor(key).edit
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClicks(field, text)
    page.rows[key].set_state("")  # so that the wait below is for this save
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: saved(page.rows[key]))


def test_typed_answers_are_saved_when_the_field_is_left_and_found_again(
    qtbot, window, demo_path, profile
):
    select(window, qtbot, "Carey et al")
    page = window.forms.pages["aih"]
    country = page.editor("country").edit
    qtbot.mouseClick(country, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(country, "United States")
    qtbot.keyClick(country, Qt.Key.Key_Tab)  # leaving the field saves it
    qtbot.waitUntil(lambda: saved(page.rows["country"]))
    comorbidity = page.editor("comorbidity").edit
    qtbot.mouseClick(comorbidity.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(comorbidity, "Evans syndrome")
    qtbot.mouseClick(country, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved(page.rows["comorbidity"]))
    design = page.editor("design").combo
    design.setFocus()
    design.setCurrentIndex(design.findData("Case report"))
    design.activated.emit(design.currentIndex())
    qtbot.waitUntil(lambda: saved(page.rows["design"]))
    window.close()

    data = answers(demo_path, profile.id, "Carey et al")
    assert data.values == {
        "country": "United States",
        "comorbidity": "Evans syndrome",
        "design": "Case report",
    }
    window = open_window(qtbot, demo_path, profile)
    select(window, qtbot, "Carey et al")
    assert window.forms.pages["aih"].editor("country").edit.text() == "United States"
    proxy, tip = window.studies.proxy, Qt.ItemDataRole.ToolTipRole
    assert "Biologics in autoimmune hepatitis: in progress" in [
        proxy.index(r, 3).data(tip).split("\n")[0] for r in range(proxy.rowCount())
    ]
    window.close()


def test_an_invalid_number_is_marked_with_its_reason_and_not_saved(
    qtbot, window, demo_path, profile
):
    select(window, qtbot, "Burak et al")
    page = window.forms.pages["aih"]
    arms = page.editor("arms")
    qtbot.mouseClick(arms.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: arms.table.rowCount() == 1)
    arms.table.item(0, 2).setText("six")
    assert arms.table.item(0, 2).toolTip() == "Not saved: 'six' is not a whole number"
    arms.table.item(0, 0).setText("Rituximab")
    qtbot.waitUntil(lambda: saved(page.rows["arms"]))
    window.close()
    data = answers(demo_path, profile.id, "Burak et al")
    assert data.groups["arms"] == [
        {"agent": "Rituximab", "dose": None, "patients": None, "improved": None}
    ]


def test_selected_words_become_a_value_with_their_evidence(qtbot, window, demo_path, profile):
    select(window, qtbot, "Kolev et al")
    page = window.forms.pages["aih"]
    country = page.editor("country").edit
    qtbot.mouseClick(country, Qt.MouseButton.LeftButton)
    view = window.pdf.view
    qtbot.waitUntil(lambda: view.words(1) is not None)
    word = next(w for w in view.words(1) if w.text == "Switzerland")
    middle = (word.y0 + word.y1) / 2
    assert view.select_between(1, (word.x0 + 1, middle), (word.x1 - 1, middle))
    assert window.pdf.use_action.isEnabled()
    window.pdf.use_action.trigger()
    qtbot.waitUntil(lambda: saved(page.rows["country"]))
    assert country.text() == "Switzerland"
    assert page.rows["country"].evidence_button.isVisible()
    window.close()

    data = answers(demo_path, profile.id, "Kolev et al")
    assert data.values["country"] == "Switzerland"
    [evidence] = data.evidence["country"]
    assert evidence.page == 1 and evidence.quote == "Switzerland"
    assert evidence.rects == (word.rect,)


def test_a_quote_that_does_not_fit_is_kept_as_evidence_and_shown_for_fixing(
    qtbot, window, demo_path, profile
):
    select(window, qtbot, "Kolev et al")
    page = window.forms.pages["aih"]
    arms = page.editor("arms")
    qtbot.mouseClick(arms.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: arms.table.rowCount() == 1)
    arms.table.setFocus()
    arms.table.setCurrentCell(0, 2)  # Patients
    view = window.pdf.view
    qtbot.waitUntil(lambda: view.words(1) is not None)
    words = view.words(1)
    six = next(i for i, w in enumerate(words) if w.text == "6" and words[i + 1].text == "patients")
    start, end = words[six], words[six + 1]
    assert view.select_between(1, (start.x0 + 1, start.y0 + 2), (end.x1 - 1, end.y0 + 2))
    window.pdf.use_action.trigger()
    qtbot.waitUntil(lambda: "Not saved" in page.rows["arms"].state.text())
    assert arms.table.item(0, 2).text() == "6 patients"
    window.close()
    data = answers(demo_path, profile.id, "Kolev et al")
    assert data.groups["arms"][0]["patients"] is None
    assert data.evidence["arms[1].patients"][0].quote == "6 patients"


def test_clicking_an_evidence_marker_shows_the_quote_in_the_pdf(qtbot, window):
    window.owner_box.setCurrentIndex(window.owner_box.findText(REVIEWER_A))
    window.owner_box.activated.emit(window.owner_box.currentIndex())
    select(window, qtbot, "Riveiro-Barciela et al")
    page = window.forms.pages["aih"]
    qtbot.waitUntil(lambda: page.rows["country"].evidence_button.isVisible())
    assert page.editor("country").edit.isReadOnly()  # another reviewer's answers
    window.pdf.view.go_to_page(1)
    qtbot.mouseClick(page.rows["country"].evidence_button, Qt.MouseButton.LeftButton)
    view = window.pdf.view
    assert view.current_page == 1
    quote = view._quote
    assert quote is not None and quote[0] == 0 and len(quote[1]) == 1


def test_find_highlights_every_hit_and_steps_through_them(qtbot, window):
    select(window, qtbot, "Kolev et al")
    qtbot.keyClicks(window.pdf.find_box, "patients")
    qtbot.keyClick(window.pdf.find_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.pdf.view.hits) > 0)
    hits = len(window.pdf.view.hits)
    assert window.pdf.find_status.text().strip() == f"1 of {hits}"
    window.pdf.find_next_action.trigger()
    assert window.pdf.find_status.text().strip() == f"2 of {hits}"


def test_zoom_controls(qtbot, window):
    select(window, qtbot, "Kolev et al")
    view = window.pdf.view
    window.pdf.zoom_box.setEditText("150%")
    qtbot.keyClick(window.pdf.zoom_box.lineEdit(), Qt.Key.Key_Return)
    assert view.zoom == pytest.approx(1.5)
    window.pdf.zoom_in_action.trigger()
    assert view.zoom == pytest.approx(1.75)
    window.pdf.fit_page_action.trigger()
    page = view.page_rect(0)
    assert page.height() <= view.viewport().height()
    window.pdf.fit_width_action.trigger()
    assert view.page_rect(0).width() == pytest.approx(view.viewport().width() - 24, abs=2)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Qt's QPoint drag-event constructors
def drop(table, paths, point):
    """Drag files from a file manager and drop them on the study list at `point`."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    drag = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    for event in (QDragEnterEvent(point, *drag), QDragMoveEvent(point, *drag)):
        QApplication.sendEvent(table.viewport(), event)
        assert event.isAccepted()
    QApplication.sendEvent(table.viewport(), QDropEvent(QPointF(point), *drag))


def test_pdfs_are_attached_by_dropping_them_on_a_study(qtbot, window, demo_path, tmp_path):
    pdf = tmp_path / "extra paper.pdf"
    pdf.write_bytes(text_pdf(4))
    table = window.studies.table
    proxy = window.studies.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 1).data() == "Wong et al")
    drop(table, [pdf], table.visualRect(proxy.index(row, 1)).center())
    qtbot.waitUntil(lambda: proxy.index(row, 2).data() == "2")
    window.close()
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        documents = repo.documents.list(repo.studies.find("Wong et al").id)
    assert [d.filename for d in documents] == ["Wong.pdf", "extra paper.pdf"]
    assert documents[1].pages == 4


def test_a_dropped_folder_attaches_each_pdf_to_its_study_and_lists_the_rest(
    qtbot, window, demo_path, tmp_path, monkeypatch
):
    folder = tmp_path / "full texts"
    folder.mkdir()
    (folder / "Wong_2021_AIH.pdf").write_bytes(text_pdf(2))
    (folder / "santos-et-al.pdf").write_bytes(text_pdf(3))
    (folder / "scan_0001.pdf").write_bytes(text_pdf(1))  # no study by that name
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(200)) * 20)
    table = window.studies.table
    drop(table, [folder], table.viewport().rect().center())
    qtbot.waitUntil(lambda: window.study_files.report is not None)
    report = window.study_files.report
    assert report.text() == "Attached 2 PDFs; 2 files not attached."
    details = report.detailedText()
    assert "scan_0001.pdf: no study matches the file name" in details
    assert "broken.pdf: the PDF is damaged" in details
    report.close()
    window.close()
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        wong = repo.documents.list(repo.studies.find("Wong et al").id)
        santos = repo.documents.list(repo.studies.find("Santos et al").id)
    assert [d.filename for d in wong] == ["Wong.pdf", "Wong_2021_AIH.pdf"]
    assert [d.filename for d in santos] == ["Santos.pdf", "santos-et-al.pdf"]


def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "extractor.gui.main_window.QMessageBox.warning", lambda *args: shown.append(args[2])
    )
    notes = tmp_path / "notes.pdf"
    notes.write_text("not really a PDF")
    study = select(window, qtbot, "Wong et al")
    window.study_files.attach_files(study, [notes])
    qtbot.waitUntil(lambda: bool(shown))
    assert "notes.pdf was not attached" in shown[0] and "not a PDF file" in shown[0]


def test_a_protected_pdf_asks_for_its_password_again_until_it_is_right(
    qtbot, window, demo_path, tmp_path, monkeypatch
):
    asked, answers = [], iter([("wrong", True), ("secret", True)])

    def get_text(parent, title, label, echo):
        asked.append((label, echo))
        return next(answers)

    monkeypatch.setattr("extractor.gui.studies_controller.QInputDialog.getText", get_text)
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypted_pdf())
    study = select(window, qtbot, "Wong et al")
    window.study_files.attach_files(study, [locked])

    def attached():
        with window.session.project.reading() as repo:
            return any(d.filename == "locked.pdf" for d in repo.documents.list(study))

    qtbot.waitUntil(attached, timeout=15000)
    assert [label.split("\n")[0] for label, _ in asked] == [
        "locked.pdf is protected by a password.",
        "That password is not right. locked.pdf is protected by a password.",
    ]
    assert all(echo == QLineEdit.EchoMode.Password for _, echo in asked)
    window.close()
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        document = repo.documents.list(study)[-1]
        stored = repo.documents.data(document.id)
    assert document.filename == "locked.pdf"
    opened = pymupdf.open(stream=stored, filetype="pdf")  # kept without the password
    assert not opened.needs_pass and "Switzerland" in opened[0].get_text()


@pytest.fixture
def odd_documents(demo_path):
    """Kolev gets a damaged PDF, Burak a scanned one, Zarrabi none; stored directly,
    as a project made elsewhere could hold them."""
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        kolev = repo.studies.find("Kolev et al").id
        repo.documents.attach(kolev, "broken.pdf", damaged_pdf(), 1)
        burak = repo.studies.find("Burak et al").id
        repo.documents.attach(burak, "scan.pdf", scanned_pdf(), 1)
    return demo_path


def test_a_damaged_pdf_shows_a_message_and_the_app_goes_on(qtbot, odd_documents, profile):
    window = open_window(qtbot, odd_documents, profile)
    select(window, qtbot, "Kolev et al")
    panel = window.pdf
    panel.documents.setCurrentIndex(
        panel.documents.findText("broken.pdf", Qt.MatchFlag.MatchStartsWith)
    )
    qtbot.waitUntil(lambda: "cannot be shown" in panel.view.message)
    assert "the PDF is damaged" in panel.view.message
    select(window, qtbot, "Carey et al")  # the next study still opens
    qtbot.waitUntil(lambda: panel.view.page_count == 1)
    window.close()


def test_a_scanned_pdf_renders_and_says_selection_needs_text(qtbot, odd_documents, profile):
    window = open_window(qtbot, odd_documents, profile)
    select(window, qtbot, "Burak et al")
    panel = window.pdf
    panel.documents.setCurrentIndex(
        panel.documents.findText("scan.pdf", Qt.MatchFlag.MatchStartsWith)
    )
    qtbot.waitUntil(lambda: panel.notice.text() == NO_TEXT)
    assert panel.view.page_count == 1
    assert not panel.find_box.isEnabled()
    window.close()


def test_a_study_without_a_pdf_says_what_to_do(qtbot, demo_path, profile):
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        from extractor.core.model import Citation

        repo.studies.upsert("New et al", "99", Citation())
    window = open_window(qtbot, demo_path, profile)
    select(window, qtbot, "New et al")
    assert window.pdf.view.message == NO_PDF
    window.close()


def test_next_and_previous_study_and_status(qtbot, window, demo_path, profile):
    select(window, qtbot, "Kolev et al")
    window.studies.step(+1)
    qtbot.waitUntil(lambda: window.controller.study_id is not None)
    proxy = window.studies.proxy
    current = window.studies.table.currentIndex()
    assert proxy.index(current.row(), 1).data() == "Arvaniti et al"
    page = window.forms.pages["aih"]
    qtbot.waitUntil(lambda: window.controller.study_id == window.studies.selected_study_id())
    page.status_box.setCurrentIndex(page.status_box.findData(page.status_box.itemData(2)))
    page.status_box.activated.emit(2)
    tip = Qt.ItemDataRole.ToolTipRole
    qtbot.waitUntil(
        lambda: (
            proxy.index(current.row(), 3)
            .data(tip)
            .startswith("Biologics in autoimmune hepatitis: complete")
        )
    )
    window.studies.status_filter.setCurrentIndex(window.studies.status_filter.findData("complete"))
    assert proxy.rowCount() == 1


def test_the_layout_is_remembered(qtbot, demo_path, profile):
    window = open_window(qtbot, demo_path, profile)
    window.resize(790, 560)  # inside the offscreen screen, which a restored window must fit
    window.splitter.setSizes([150, 360, 280])
    sizes = window.splitter.sizes()
    window.close()
    again = open_window(qtbot, demo_path, profile)
    assert again.splitter.sizes() == sizes
    again.close()


def test_the_zoom_and_each_documents_page_are_kept_for_the_next_session(
    qtbot, team_demo_path, profile, tmp_path
):
    with ProjectFile.open(team_demo_path) as project, project.transaction() as repo:
        study = repo.studies.find("Burak et al")
        repo.documents.attach(study.id, "long.pdf", text_pdf(5), 5)
    window = open_window(qtbot, team_demo_path, profile)
    select(window, qtbot, "Burak et al")
    pdf = window.pdf
    pdf.select_document(pdf.documents.itemData(pdf.documents.findText("long.pdf (5 p.)")))
    qtbot.waitUntil(lambda: pdf.view.page_count == 5)
    pdf.view.setFocus()
    before = pdf.view.zoom
    qtbot.keyClick(pdf.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Ctrl+=
    zoom = pdf.view.zoom
    assert pdf.view.fit is None and zoom > before
    pdf.view.go_to_page(4)
    window.close()
    again = open_window(qtbot, team_demo_path, profile)
    select(again, qtbot, "Burak et al")
    pdf = again.pdf
    pdf.select_document(pdf.documents.itemData(pdf.documents.findText("long.pdf (5 p.)")))
    qtbot.waitUntil(lambda: pdf.view.page_count == 5)
    assert pdf.view.zoom == pytest.approx(zoom, abs=1e-3)
    qtbot.waitUntil(lambda: pdf.view.current_page == 4)
    again.close()


def test_who_works_here_is_asked_as_the_project_opens_not_at_the_first_edit(
    qtbot, team_demo_path, monkeypatch
):
    demo_path = team_demo_path
    asked = []
    monkeypatch.setattr(
        "extractor.gui.profile_dialog.ProfileDialog.exec", lambda dialog: asked.append(True) or 0
    )
    window = open_window(qtbot, demo_path, None)
    qtbot.waitUntil(lambda: window.profile_dialog is not None)  # before anything else
    dialog = window.profile_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.name, "Nadia Newcomer")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: AppConfig.load().profile is not None)
    window.activateWindow()  # as the window manager does when the dialog closes
    select(window, qtbot, "Carey et al")
    country = window.forms.pages["aih"].editor("country").edit
    qtbot.mouseClick(country, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(country, "USA")
    qtbot.keyClick(country, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: saved(window.forms.pages["aih"].rows["country"]))
    assert asked == []  # asked once, as the project opened
    profile = AppConfig.load().profile
    assert profile.name == "Nadia Newcomer" and profile.initials == "NN"
    window.close()
    assert answers(demo_path, profile.id, "Carey et al").values == {"country": "USA"}


def test_an_edit_waits_for_a_lock_held_by_another_program_and_is_then_saved(
    qtbot, window, demo_path, profile
):
    import sqlite3

    from PySide6.QtCore import QTimer

    select(window, qtbot, "Barth et al")
    page = window.forms.pages["aih"]
    other = sqlite3.connect(demo_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        country = page.editor("country").edit
        qtbot.mouseClick(country, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(country, "United States")
        qtbot.keyClick(country, Qt.Key.Key_Tab)
        assert page.rows["country"].state.text() == "Saving…"
        ticks = []
        QTimer.singleShot(300, lambda: ticks.append("UI alive"))
        qtbot.waitUntil(lambda: ticks == ["UI alive"])  # the UI thread is not waiting
        assert page.rows["country"].state.text() == "Saving…"
        other.execute("COMMIT")
        qtbot.waitUntil(lambda: saved(page.rows["country"]), timeout=15000)
    finally:
        other.close()
    window.close()
    assert answers(demo_path, profile.id, "Barth et al").values == {"country": "United States"}


def test_file_save_a_copy_writes_the_whole_project_and_offers_to_open_its_folder(
    qtbot, window, demo_path, tmp_path, monkeypatch
):
    from extractor.gui import file_dialogs

    target = tmp_path / "copies" / "review copy.extractor"
    target.parent.mkdir()
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    texts = {a.text(): a.shortcut().toString() for a in file_menu.actions()}
    assert texts["&New project…"] == "Ctrl+N" and texts["&Close"] == "Ctrl+W"
    next(a for a in file_menu.actions() if a.text() == "Save a &copy…").trigger()
    qtbot.waitUntil(lambda: window.written is not None)
    assert "Open folder" in {b.text() for b in window.written.buttons()}
    window.close()
    assert dump(target) == dump(demo_path)


def test_a_study_is_added_edited_and_removed_with_a_second_question_saying_how_much(
    qtbot, window, demo_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    files = window.study_files
    files.add_study()
    dialog = files.study_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    qtbot.keyClicks(dialog.label, "Dutot et al")
    dialog.year.setValue(2003)
    qtbot.keyClicks(dialog.doi, "10.1/dutot")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: window.studies.proxy.rowCount() == 12)
    qtbot.waitUntil(lambda: window.current_study_label() == "Dutot et al")

    files.edit_study()
    dialog = files.study_dialog
    assert dialog.label.text() == "Dutot et al" and dialog.year.value() == 2003
    dialog.label.setText("Dutot et al 2003")
    dialog.accept()
    qtbot.waitUntil(lambda: window.current_study_label() == "Dutot et al 2003")

    questions, warnings = [], []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: questions.append(a[2]) or QMessageBox.StandardButton.Yes
    )
    monkeypatch.setattr(QMessageBox, "exec", lambda box: warnings.append(box.text()) or 0)
    files.remove_study()  # nothing entered for it: asked once
    qtbot.waitUntil(lambda: window.studies.proxy.rowCount() == 11)
    assert questions == ["Remove Dutot et al 2003 from the project?"] and warnings == []

    select(window, qtbot, "Kolev et al")
    files.remove_study()  # two reviewers' answers: asked again, saying how much
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings[0].startswith("Removing Kolev et al deletes Alice Moreau's")
    qtbot.waitUntil(lambda: window.session.lanes.pending() == 0)
    assert window.studies.proxy.rowCount() == 11  # the second question was not answered yes
    window.close()
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        assert repo.studies.find("Kolev et al") is not None
        assert repo.studies.find("Dutot et al 2003") is None


def test_undo_and_redo_put_an_answer_and_its_quote_back_and_are_saved_and_logged(
    qtbot, window, demo_path, profile
):
    select(window, qtbot, "Carey et al")
    page = window.forms.pages["aih"]
    country = page.editor("country").edit
    type_answer(qtbot, page, "country", "USA")
    type_answer(qtbot, page, "country", "United States")
    qtbot.waitUntil(
        lambda: answers(demo_path, profile.id, "Carey et al").values == {"country": "United States"}
    )
    window.studies.table.setFocus()  # out of the text field: Ctrl+Z is the window's
    qtbot.keyClick(window.studies.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: country.text() == "USA")
    assert answers(demo_path, profile.id, "Carey et al").values == {"country": "USA"}
    assert window.statusBar().currentMessage() == "Undid: Country"
    qtbot.keyClick(window.studies.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: country.text() == "")
    qtbot.keyClick(
        window.studies.table,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: country.text() == "USA")
    window.close()
    assert answers(demo_path, profile.id, "Carey et al").values == {"country": "USA"}
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        logged = [e for e in repo.audit.entries() if e.field == "country" and e.detail]
        assert [e.detail for e in logged][-3:] == [
            "undone in the window",
            "undone in the window",
            "redone in the window",
        ]


def test_attaching_a_folder_shows_progress_and_a_cancel_keeps_nothing(
    qtbot, window, demo_path, tmp_path, monkeypatch
):
    import threading

    import extractor.app.studies as studies

    folder = tmp_path / "full texts"
    folder.mkdir()
    for name in ("Wong_2021.pdf", "Santos.pdf", "Barth.pdf"):
        (folder / name).write_bytes(text_pdf(1))
    reached, opened = threading.Event(), threading.Event()
    real = studies.read_pdf

    def held(path, password=None):
        if path.name == "Santos.pdf":  # the second file: hold until the test cancels
            reached.set()
            opened.wait(30)
        return real(path, password)

    monkeypatch.setattr(studies, "read_pdf", held)
    before = {s: len(answers_documents(demo_path, s)) for s in ("Wong et al", "Barth et al")}
    window.study_files.import_pdfs([folder])
    qtbot.waitUntil(reached.is_set)
    progress = window.study_files.progress
    qtbot.waitUntil(lambda: progress.maximum() == 3)
    progress.findChild(QPushButton).click()  # Cancel
    opened.set()
    qtbot.waitUntil(lambda: window.session.lanes.pending() == 0, timeout=30000)
    assert "cancelled" in window.statusBar().currentMessage()
    window.close()
    after = {s: len(answers_documents(demo_path, s)) for s in ("Wong et al", "Barth et al")}
    assert after == before  # one transaction: nothing of the folder was kept


def answers_documents(path, label):
    with ProjectFile.open(path) as project, project.reading() as repo:
        return repo.documents.list(repo.studies.find(label).id)


def test_undo_and_redo_put_rows_back_with_their_quotes_and_the_status_back(
    qtbot, window, demo_path, profile
):
    select(window, qtbot, "Burak et al")
    page = window.forms.pages["aih"]
    arms = page.editor("arms")
    for row, agent in enumerate(("Rituximab", "Infliximab", "Tacrolimus")):
        qtbot.mouseClick(arms.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda row=row: arms.table.rowCount() == row + 1)
        page.rows["arms"].set_state("")
        arms.table.item(row, 0).setText(agent)
        qtbot.waitUntil(lambda: saved(page.rows["arms"]))
    # A quote on the second row's patients, then that row is removed.
    arms.table.setFocus()
    arms.table.setCurrentCell(1, 2)
    view = window.pdf.view
    qtbot.waitUntil(lambda: view.words(1) is not None)
    word = view.words(1)[0]
    middle = (word.y0 + word.y1) / 2
    assert view.select_between(1, (word.x0 + 1, middle), (word.x1 - 1, middle))
    window.pdf.evidence_action.trigger()
    qtbot.waitUntil(
        lambda: bool(answers(demo_path, profile.id, "Burak et al").evidence.get("arms[2].patients"))
    )
    arms.table.setCurrentCell(1, 0)
    qtbot.mouseClick(arms.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: arms.table.rowCount() == 2)
    arms.table.setCurrentCell(1, 0)
    qtbot.mouseClick(arms.up_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: arms.table.item(0, 0).text() == "Tacrolimus")
    page.status_box.setCurrentIndex(page.status_box.findData("complete"))
    page.status_box.activated.emit(page.status_box.currentIndex())
    qtbot.waitUntil(
        lambda: answers(demo_path, profile.id, "Burak et al").status.value == "complete"
    )

    def agents():
        return [
            row["agent"] for row in answers(demo_path, profile.id, "Burak et al").groups["arms"]
        ]

    def press(undoing: bool = True) -> None:
        window.studies.table.setFocus()
        modifiers = Qt.KeyboardModifier.ControlModifier
        if not undoing:
            modifiers |= Qt.KeyboardModifier.ShiftModifier
        qtbot.keyClick(window.studies.table, Qt.Key.Key_Z, modifiers)

    press()
    qtbot.waitUntil(lambda: page.status_box.currentData() == "in progress")
    assert window.statusBar().currentMessage() == (
        "Undid: Biologics in autoimmune hepatitis marked complete"
    )
    press()
    qtbot.waitUntil(lambda: arms.table.item(0, 0).text() == "Rituximab")
    assert agents() == ["Rituximab", "Tacrolimus"]
    press()
    qtbot.waitUntil(lambda: arms.table.rowCount() == 3)
    assert window.statusBar().currentMessage() == "Undid: Arms: row 2 removed"
    restored = answers(demo_path, profile.id, "Burak et al")
    assert [row["agent"] for row in restored.groups["arms"]] == [
        "Rituximab",
        "Infliximab",
        "Tacrolimus",
    ]
    [quote] = restored.evidence["arms[2].patients"]
    assert quote.quote == word.text and quote.page == 1
    press(undoing=False)  # the removal again
    qtbot.waitUntil(lambda: arms.table.rowCount() == 2)
    assert agents() == ["Rituximab", "Tacrolimus"]
    press(undoing=False)  # the move again
    qtbot.waitUntil(lambda: agents() == ["Tacrolimus", "Rituximab"])
    press(undoing=False)
    qtbot.waitUntil(lambda: page.status_box.currentData() == "complete")
    window.close()
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        details = [(e.action, e.detail) for e in repo.audit.entries() if e.detail][-8:]
    undone, redone = "undone in the window", "redone in the window"
    assert details == [
        ("status.set", undone),
        ("row.move", undone),
        ("row.add", undone),  # the removed row, put back as row 3 and moved to 2
        ("row.move", undone),
        ("evidence.replace", undone),
        ("row.remove", redone),
        ("row.move", redone),
        ("status.set", redone),
    ]
