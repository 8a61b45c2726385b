"""Form > New form… and Edit the form shown…: a form built and revised in the
window, checked as it is edited, previewed, and saved as versions that keep every
answer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QPushButton

from extractor.core.forms import Form
from extractor.store.project import ProjectFile
from windows import open_window, trigger

from helpers import run_cli

pytestmark = pytest.mark.gui


def outline(editor) -> list[str]:
    """The editor's tree as lines: sections, "  field", "    sub-field"."""
    lines = []
    tree = editor.tree
    for s in range(tree.topLevelItemCount()):
        section = tree.topLevelItem(s)
        lines.append(section.text(0))
        for f in range(section.childCount()):
            item = section.child(f)
            lines.append("  " + item.text(0))
            lines += ["    " + item.child(n).text(0) for n in range(item.childCount())]
    return lines


def choose(editor, label: str) -> None:
    found = editor.tree.findItems(label, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert found, f"no {label!r} in the outline: {outline(editor)}"
    editor.tree.setCurrentItem(found[0])


def retype(editor, type_name: str) -> None:
    box = editor.properties.type_box
    index = box.findData(type_name)
    box.setCurrentIndex(index)
    box.activated.emit(index)


def relabel(qtbot, editor, label: str) -> None:
    edit = editor.properties.label_edit
    edit.selectAll()
    qtbot.keyClicks(edit, label)


def stored_form(path, key) -> Form | None:
    with ProjectFile.open(path) as project, project.reading() as repo:
        return repo.forms.get(key)


def drop(editor, moving: str, target: str, where: str) -> None:
    """Drag `moving` onto `target` in the outline ("above", "below" or "on" it)."""
    choose(editor, moving)
    tree = editor.tree
    item = tree.findItems(target, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    rect = tree.visualItemRect(item)
    y = {"above": rect.top() + 1, "below": rect.bottom() - 1, "on": rect.center().y()}[where]
    event = QDropEvent(
        QPointF(QPoint(rect.center().x(), y)),
        Qt.DropAction.MoveAction,
        QMimeData(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dropEvent(event)


def edit_demo_form(qtbot, demo_path):
    """The demo in a window, and the editor opened on its form (Form > Edit the form shown…)."""
    window = open_window(qtbot, demo_path)
    qtbot.waitUntil(lambda: "aih" in window.forms.pages)
    window.forms.setCurrentWidget(window.forms.pages["aih"])
    trigger(window, "Form", "Edit the form shown…")
    qtbot.waitUntil(lambda: window.form_menu_part.editor is not None)
    return window, window.form_menu_part.editor


def click_in_box(button_text: str) -> None:
    """Click a button of the message box the window is about to show."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        for button in box.findChildren(QPushButton):
            if button.text() == button_text:
                button.click()
                return

    QTimer.singleShot(0, click)


def test_a_form_is_built_checked_reordered_saved_and_reopened(qtbot, tmp_path, capsys, monkeypatch):
    path = tmp_path / "review.extractor"
    run_cli(capsys, "new", path, "--title", "Trials")
    window = open_window(qtbot, path)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Trial data", True))
    trigger(window, "Form", "New form…")
    qtbot.waitUntil(lambda: window.form_menu_part.editor is not None)
    editor = window.form_menu_part.editor
    assert editor.isVisible()
    assert not editor.save_button.isEnabled()  # no field yet
    assert "The form has no fields yet" in editor.problems_label.text()

    choose(editor, "Study")
    qtbot.mouseClick(editor.buttons["Add field"], Qt.MouseButton.LeftButton)
    relabel(qtbot, editor, "Country")
    assert editor.properties.key_label.text().startswith("country ")
    qtbot.mouseClick(editor.buttons["Add field"], Qt.MouseButton.LeftButton)
    relabel(qtbot, editor, "Arms")
    retype(editor, "group")
    assert not editor.save_button.isEnabled()
    assert editor.properties.field_problems.text() == "A group needs at least one field: add one."
    arms = editor.tree.currentItem()
    assert arms.foreground(0).color().name() == "#c62828"
    for label, type_name in (("Agent", "text"), ("Patients", "integer")):
        choose(editor, "Arms")
        qtbot.mouseClick(editor.buttons["Add a field to the group"], Qt.MouseButton.LeftButton)
        relabel(qtbot, editor, label)
        retype(editor, type_name)
    qtbot.keyClicks(editor.properties.min_edit, "10")
    qtbot.keyClicks(editor.properties.max_edit, "2")
    assert "The minimum 10 is above the maximum 2." in editor.properties.field_problems.text()
    assert not editor.save_button.isEnabled()
    editor.properties.max_edit.clear()
    qtbot.keyClicks(editor.properties.max_edit, "500")
    choose(editor, "Arms")
    editor.properties.key_field_box.setCurrentIndex(1)
    editor.properties.key_field_box.activated.emit(1)
    qtbot.mouseClick(editor.buttons["Add field"], Qt.MouseButton.LeftButton)
    relabel(qtbot, editor, "Design")
    retype(editor, "choice")
    assert editor.properties.field_problems.text() == "A choice field needs at least one choice."
    qtbot.keyClicks(editor.properties.choices_edit, "RCT")
    qtbot.keyClick(editor.properties.choices_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.properties.choices_edit, "Cohort")
    shown_as = editor.properties.display_box
    shown_as.setCurrentIndex(shown_as.findData("radio"))
    shown_as.activated.emit(shown_as.currentIndex())
    assert editor.save_button.isEnabled()

    qtbot.mouseClick(editor.buttons["Move up"], Qt.MouseButton.LeftButton)  # above Arms
    drop(editor, "Patients", "Agent", "above")
    drop(editor, "Agent", "Country", "on")  # out of its group: refused
    assert "within its group" in editor.status.text()
    assert outline(editor) == [
        "Study", "  Country", "  Design", "  Arms", "    Patients", "    Agent",
    ]  # fmt: skip

    def previewed() -> list[str]:
        page = editor.preview_page
        return [] if page is None else [f.key for f in page.form.fields()]

    qtbot.waitUntil(lambda: previewed() == ["country", "design", "arms"])

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored_form(path, "trial_data") is not None)
    qtbot.waitUntil(lambda: not editor.dirty)  # the window has heard it is saved
    form = stored_form(path, "trial_data")
    arms_field = form.field("arms")
    assert [s.key for s in arms_field.fields] == ["patients", "agent"]
    assert arms_field.key_field == "agent"
    assert (arms_field.subfield("patients").min, arms_field.subfield("patients").max) == (10, 500)
    assert form.field("design").options == ("RCT", "Cohort")
    assert form.field("design").display == "radio"
    qtbot.waitUntil(lambda: "trial_data" in window.forms.pages)

    # Saved, a field keeps its key however its label changes.
    choose(editor, "Country")
    relabel(qtbot, editor, "Country of the study")
    assert editor.properties.key_label.text().startswith("country (kept")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored_form(path, "trial_data").version == 2)
    qtbot.waitUntil(lambda: not editor.dirty)  # the window has heard it is saved
    assert stored_form(path, "trial_data").field("country").label == "Country of the study"

    editor.close()
    window.forms.setCurrentWidget(window.forms.pages["trial_data"])
    trigger(window, "Form", "Edit the form shown…")
    qtbot.waitUntil(lambda: window.form_menu_part.editor is not editor)
    reopened = window.form_menu_part.editor
    assert outline(reopened)[:3] == ["Study", "  Country of the study", "  Design"]


def test_removing_a_field_that_holds_answers_asks_first(qtbot, demo_path):
    _window, editor = edit_demo_form(qtbot, demo_path)
    choose(editor, "Patient comorbidity")
    qtbot.mouseClick(editor.buttons["Delete"], Qt.MouseButton.LeftButton)
    choose(editor, "Country")
    relabel(qtbot, editor, "Country of the study")

    click_in_box("Cancel")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.status.text().startswith("Not saved"))
    assert stored_form(demo_path, "aih").version == 1

    click_in_box("Save and remove them")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored_form(demo_path, "aih").version == 2)
    qtbot.waitUntil(lambda: not editor.dirty)  # the window has heard it is saved
    form = stored_form(demo_path, "aih")
    assert form.field("comorbidity") is None
    assert form.field("country").label == "Country of the study"
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        retired = repo.audit.entries(actions=("answer.retire",))
        kept = repo.form_versions.archived("aih")
    assert len(retired) == 22 and {e.field for e in retired} == {"comorbidity"}
    assert kept[0].version == 1 and set(kept[0].data) == {"Alice Moreau", "Ben Okafor"}


def test_changes_not_saved_keep_the_window_open_until_let_go(qtbot, demo_path, monkeypatch):
    window, editor = edit_demo_form(qtbot, demo_path)
    choose(editor, "Country")
    relabel(qtbot, editor, "Country of the study")
    asked = []

    def answer(choice):
        def ask(*args, **kwargs):
            asked.append(args[2])
            return choice

        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    window.close()
    assert window.isVisible() and editor.isVisible()
    assert asked == ["Close the editor without saving the changes?"]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    window.close()
    assert not window.isVisible() and window.form_menu_part.editor is None
    assert stored_form(demo_path, "aih").field("country").label == "Country"


def test_a_reviewers_copy_says_its_forms_come_from_the_lead(
    qtbot, demo_path, tmp_path, capsys, monkeypatch
):
    alice = tmp_path / "alice.extractor"
    assert run_cli(capsys, "share", demo_path, "--reviewer", "Alice Moreau", "-o", alice)[0] == 0
    window = open_window(qtbot, alice)
    qtbot.waitUntil(lambda: "aih" in window.forms.pages)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Mine", True))
    trigger(window, "Form", "New form…")
    qtbot.waitUntil(lambda: bool(told))
    assert "alice.extractor is Alice Moreau's copy: its forms are the lead's" in told[0]
    assert window.form_menu_part.editor is None
