"""Guided risk-of-bias judgements in the workspace."""

import pytest
from PySide6.QtCore import Qt

from extractor.app.desktop import AppConfig, ReviewerProfile
from extractor.gui.main_window import MainWindow
from extractor.store.project import ProjectFile

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, team_demo_path):
    """The demo with RoB 2 added, Kolev et al selected, for a reviewer at this desktop."""
    AppConfig(profile=ReviewerProfile.new("Rita Rob")).save()
    opened = MainWindow(ProjectFile.open(team_demo_path), AppConfig.load())
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(lambda: opened.studies.proxy.rowCount() == 11)
    opened.review.add_rob_tool("ROB2")
    qtbot.waitUntil(lambda: "rob2" in opened.forms.pages)
    opened.studies.table.selectRow(0)
    qtbot.waitUntil(lambda: opened.controller.loaded_study_id is not None)
    return opened


def test_the_rule_proposes_and_a_departure_asks_for_its_reason(qtbot, window, demo_path):
    window.forms.setCurrentWidget(window.forms.pages["rob2"])
    page = window.forms.pages["rob2"]
    for key, answer in (("d1_1", "Y"), ("d1_2", "PY"), ("d1_3", "N")):
        button = page.editor(key).buttons[answer]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda key=key: page.rows[key].state.text() == "✓ Saved")
    note = page.rows["d1_judgement"].note
    assert note.text() == "Proposed by the ROB2 rule: Low"
    judgement = page.editor("d1_judgement").combo
    judgement.setCurrentIndex(judgement.findData("High"))
    judgement.activated.emit(judgement.currentIndex())
    qtbot.waitUntil(lambda: page.rows["d1_judgement"].state.text() == "✓ Saved")
    assert "give the reason for departing" in note.text()
    reason = page.editor("d1_override").edit
    qtbot.mouseClick(reason.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(reason, "Allocation was done by the recruiting surgeon")
    qtbot.mouseClick(page.editor("d1_support").edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.rows["d1_override"].state.text() == "✓ Saved")
    assert note.text() == "Proposed by the ROB2 rule: Low"
    window.close()
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        form = repo.forms.get("rob2")
        me = repo.reviewers.find("Rita Rob")
        data = repo.answers.load(repo.studies.find("Kolev et al").id, form, me.id)
    assert data.values["d1_judgement"] == "High"
    assert data.values["d1_override"] == "Allocation was done by the recruiting surgeon"


def test_one_assessment_per_result(qtbot, window, demo_path):
    page = window.forms.pages["rob2"]
    for label, answer in (("ALT at 6 months", "Low"), ("Remission at 1 year", "High")):
        page.result_box.setEditText(label)
        qtbot.keyClick(page.result_box.lineEdit(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda label=label: window.controller.results.get("rob2") == label)
        qtbot.waitUntil(lambda: page.editor("overall_judgement").saved_value() is None)
        combo = page.editor("overall_judgement").combo
        combo.setCurrentIndex(combo.findData(answer))
        combo.activated.emit(combo.currentIndex())
        qtbot.waitUntil(lambda: page.rows["overall_judgement"].state.text() == "✓ Saved")
    window.close()
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        form = repo.forms.get("rob2")
        me = repo.reviewers.find("Rita Rob")
        kolev = repo.studies.find("Kolev et al").id
        assert (
            repo.answers.load(kolev, form, me.id, "ALT at 6 months").values["overall_judgement"]
            == "Low"
        )
        assert (
            repo.answers.load(kolev, form, me.id, "Remission at 1 year").values["overall_judgement"]
            == "High"
        )
        assert repo.answers.load(kolev, form, me.id).values == {}
