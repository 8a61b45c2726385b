"""The dual-review round trip, ending in the conflict view driven with real clicks."""

import json

import pytest
from PySide6.QtCore import Qt

from extractor.app.desktop import AppConfig, ReviewerProfile
from extractor.gui.main_window import MainWindow
from extractor.store.project import ProjectFile

from helpers import run_cli

pytestmark = pytest.mark.gui


@pytest.fixture
def lead(tmp_path, capsys):
    """A lead project whose two reviewers extracted in their own copies."""
    lead = tmp_path / "lead.extractor"
    form = tmp_path / "aih.json"
    run_cli(capsys, "demo", tmp_path / "demo.extractor")
    run_cli(capsys, "form", "export", tmp_path / "demo.extractor", "aih", "-o", form)
    run_cli(capsys, "new", lead, "--title", "Lead", "--form", form)
    studies = tmp_path / "studies.csv"
    studies.write_text("label,ref\nKolev et al,22\nCarey et al,25\n")
    run_cli(capsys, "import", "studies", lead, studies)
    answers = {
        "Alice": "study,country,design\nKolev et al,Switzerland,Case series\nCarey et al,United States,Case report\n",
        "Ben": "study,country,design\nKolev et al,Switzerland,Case series\nCarey et al,USA,Case series\n",
    }
    packages = []
    for name, text in answers.items():
        copy, csv_file, package = (
            tmp_path / f"{name}.{suffix}" for suffix in ("extractor", "csv", "zip")
        )
        run_cli(capsys, "share", lead, "--reviewer", name, "-o", copy)
        csv_file.write_text(text)
        assert run_cli(capsys, "import", "extractions", copy, csv_file, "--reviewer", name)[0] == 0
        run_cli(capsys, "package", "export", copy, "--reviewer", name, "-o", package)
        packages.append(package)
    for _ in range(2):  # importing twice changes nothing the second time
        assert run_cli(capsys, "package", "import", lead, *packages)[0] == 0
    return lead


def test_resolving_in_the_conflict_view_gives_the_consensus_exports_use(
    qtbot, lead, tmp_path, capsys
):
    AppConfig(profile=ReviewerProfile.new("Lena Lead")).save()
    window = MainWindow(ProjectFile.open(lead), AppConfig.load())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.studies.proxy.rowCount() == 2)
    window.review.action.trigger()
    panel = window.conflicts
    assert panel.empty.isVisibleTo(panel) and "Reading" in panel.empty.text()  # not "none"
    qtbot.waitUntil(lambda: "0 of 2 resolved" in panel.progress.text())
    assert panel.table.rowCount() == 2 and not panel.empty.isVisibleTo(panel)

    panel.table.setCurrentCell(0, 0)  # Carey: country, United States vs USA
    assert panel.current().path == "country"
    qtbot.keyClicks(panel.reason_box, "the paper writes it out")
    qtbot.mouseClick(panel.take_a, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1 of 2 resolved" in panel.progress.text())

    assert panel.current().path == "design"
    qtbot.keyClicks(panel.value_box, "Case report")
    qtbot.mouseClick(panel.use_value, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "2 of 2 resolved" in panel.progress.text())
    assert panel.empty.isVisible()  # "Every disagreement is resolved"
    window.close()

    out = tmp_path / "consensus.json"
    code, _, err = run_cli(capsys, "export", "data", lead, "-o", out)
    assert code == 0 and "no consensus yet" not in err
    assert "unresolved conflict" not in err  # both decided; the reviewers left fields empty
    studies = {s["label"]: s["extractions"][0] for s in json.loads(out.read_text())["studies"]}
    assert studies["Carey et al"]["reviewer"] == "Consensus"
    assert studies["Carey et al"]["values"] == {"country": "United States", "design": "Case report"}
    assert studies["Kolev et al"]["values"] == {"country": "Switzerland", "design": "Case series"}
    found = json.loads(run_cli(capsys, "conflicts", lead, "--json")[1])
    assert all(c["resolved"] for c in found)
    with ProjectFile.open(lead) as project, project.transaction() as repo:
        resolutions = [e for e in repo.audit.entries() if e.action == "conflict.resolve"]
    assert [(e.reviewer, e.field) for e in resolutions] == [
        ("Lena Lead", "country"),
        ("Lena Lead", "design"),
    ]


def test_conflicts_are_worked_through_on_the_keyboard(qtbot, demo_path):
    window = MainWindow(ProjectFile.open(demo_path), AppConfig.load())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.review.action.trigger()
    panel = window.conflicts
    qtbot.waitUntil(lambda: panel.table.rowCount() == 8)
    assert panel.progress.text().startswith("<b>8 open conflicts</b>")
    assert "N next" in panel.keys_hint.text()
    panel.table.setFocus()
    panel.table.setCurrentCell(0, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_N)
    qtbot.keyClick(panel.table, Qt.Key.Key_N)
    third = panel.current()
    assert panel.table.currentRow() == 2
    # Both sides in full, each with its quotes and pages.
    assert panel.a_label.text() and panel.b_label.text()
    assert panel.a_title.text() == "A · Alice Moreau"
    qtbot.keyClick(panel.table, Qt.Key.Key_B)  # take B
    qtbot.waitUntil(lambda: "1 of 8 resolved" in panel.progress.text())
    # The decided row left the list; the selection is on the next open one, not row 1.
    assert panel.table.currentRow() == 2 and panel.current() != third
    assert not panel.current().resolved
    qtbot.keyClick(panel.table, Qt.Key.Key_P)
    assert panel.table.currentRow() == 1
    qtbot.keyClick(panel.table, Qt.Key.Key_E)
    assert panel.value_box.hasFocus()
    qtbot.keyClick(panel.value_box, Qt.Key.Key_Escape)
    assert panel.table.hasFocus()
    # A decision is undone like an answer, and redone.
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "0 of 8 resolved" in panel.progress.text())
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, redo)
    qtbot.waitUntil(lambda: "1 of 8 resolved" in panel.progress.text())
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "0 of 8 resolved" in panel.progress.text())
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, redo)
    qtbot.waitUntil(lambda: "1 of 8 resolved" in panel.progress.text())
    qtbot.waitUntil(lambda: window.session.lanes.pending() == 0)
    window.close()
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        [decided] = [c for c in repo.conflicts.list() if c.resolved]
        assert decided.decision.choice == "B" and decided.study.label == third.study
        actions = [e.action for e in repo.audit.entries() if e.action.startswith("conflict.")]
        assert actions == ["conflict.resolve", "conflict.reopen"] * 2 + ["conflict.resolve"]
        assert repo.audit.verify()[1] is None


def test_opening_the_view_fills_the_consensus_with_what_both_agree_on(
    qtbot, lead, tmp_path, capsys
):
    window = MainWindow(ProjectFile.open(lead), AppConfig())
    qtbot.addWidget(window)
    window.show()
    window.review.action.trigger()
    qtbot.waitUntil(lambda: window.conflicts.table.rowCount() == 2)  # the list comes first
    qtbot.waitUntil(lambda: window.session.lanes.pending() == 0)  # then the consensus is filled
    window.close()
    out = tmp_path / "consensus.json"
    code, _, err = run_cli(capsys, "export", "data", lead, "-o", out)
    assert code == 0 and "no consensus yet" not in err  # a consensus for every study
    studies = {s["label"]: s["extractions"][0] for s in json.loads(out.read_text())["studies"]}
    assert studies["Kolev et al"]["reviewer"] == "Consensus"
    assert studies["Kolev et al"]["values"]["country"] == "Switzerland"  # agreed, never resolved


def test_the_agreement_dialog_lists_every_field_and_saves_a_pdf(
    qtbot, demo_path, tmp_path, monkeypatch
):
    window = MainWindow(ProjectFile.open(demo_path), AppConfig())
    qtbot.addWidget(window)
    window.show()
    window.review.show_agreement()
    qtbot.waitUntil(lambda: window.review.agreement_dialog is not None)
    dialog = window.review.agreement_dialog
    fields = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "Study design" in fields and "Arms: Patients" in fields  # labels, never keys
    assert "before any disagreement was resolved" in dialog.summary.text()
    target = tmp_path / "agreement.pdf"
    monkeypatch.setattr(
        "extractor.gui.file_dialogs.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    assert target.read_bytes().startswith(b"%PDF")
    dialog.close()
    window.close()


def test_in_a_shared_copy_the_desktop_writes_as_the_copys_reviewer(
    qtbot, demo_path, tmp_path, capsys
):
    copy = tmp_path / "alice.extractor"
    run_cli(capsys, "share", demo_path, "--reviewer", "Alice Moreau", "-o", copy)
    AppConfig(profile=ReviewerProfile.new("Alice M.")).save()  # her desktop's own profile
    window = MainWindow(ProjectFile.open(copy), AppConfig.load())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(
        lambda: window.studies.proxy.rowCount() == 11 and window.controller.me_id is not None
    )
    proxy = window.studies.proxy
    tip = Qt.ItemDataRole.ToolTipRole
    firsts = [proxy.index(r, 3).data(tip).split("\n")[0] for r in range(11)]
    assert firsts == ["Biologics in autoimmune hepatitis: complete"] * 11  # her own answers
    window.studies.table.selectRow(3)  # Carey et al
    qtbot.waitUntil(lambda: window.controller.loaded_study_id is not None)
    page = window.forms.pages["aih"]
    qtbot.waitUntil(lambda: page.editor("country").edit.text() == "United States")
    age = page.editor("age").edit
    qtbot.mouseClick(age, Qt.MouseButton.LeftButton)
    age.selectAll()
    qtbot.keyClicks(age, "44 years")
    qtbot.keyClick(age, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: page.rows["age"].state.text() == "✓ Saved")
    window.close()
    info = json.loads(run_cli(capsys, "info", copy, "--json")[1])
    assert info["reviewers"] == ["Alice Moreau"]
    package = tmp_path / "alice.zip"
    assert (
        run_cli(capsys, "package", "export", copy, "--reviewer", "Alice Moreau", "-o", package)[0]
        == 0
    )
    assert run_cli(capsys, "package", "import", demo_path, package)[0] == 0
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        alice = repo.reviewers.find("Alice Moreau")
        data = repo.answers.load(
            repo.studies.find("Carey et al").id, repo.forms.get("aih"), alice.id
        )
    assert data.values["age"] == "44 years"


def test_copies_and_packages_from_the_review_menu(qtbot, demo_path, tmp_path):
    lead = MainWindow(ProjectFile.open(demo_path), AppConfig())
    qtbot.addWidget(lead)
    lead.show()
    copy = tmp_path / "chloe.extractor"
    lead.review.share_with("Chloe Third", copy)
    qtbot.waitUntil(copy.exists)
    qtbot.waitUntil(lambda: "send it to them" in lead.statusBar().currentMessage())

    AppConfig(profile=ReviewerProfile.new("Chloe T.")).save()
    reviewer = MainWindow(ProjectFile.open(copy), AppConfig.load())
    qtbot.addWidget(reviewer)
    reviewer.show()
    qtbot.waitUntil(
        lambda: reviewer.controller.me_id is not None and reviewer.studies.proxy.rowCount() == 11
    )
    qtbot.waitUntil(lambda: reviewer.controller.loaded_study_id is not None)
    country = reviewer.forms.pages["aih"].editor("country").edit
    qtbot.mouseClick(country, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(country, "Suisse")
    qtbot.keyClick(country, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: reviewer.forms.pages["aih"].rows["country"].state.text() == "✓ Saved")
    package = tmp_path / "chloe.zip"
    reviewer.review.write_my_package(package)
    qtbot.waitUntil(package.exists)
    reviewer.close()

    lead.review.import_packages([package])
    qtbot.waitUntil(lambda: "Chloe Third" in lead.statusBar().currentMessage())
    lead.close()
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        chloe = repo.reviewers.find("Chloe Third")
        data = repo.answers.load(
            repo.studies.find("Kolev et al").id, repo.forms.get("aih"), chloe.id
        )
    assert data.values == {"country": "Suisse"}
