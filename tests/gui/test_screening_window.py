"""Review > Screen references…: one key per decision and the next record at once,
highlighted terms, exclusion reasons at full text, and the lead resolving a
disagreement."""

from __future__ import annotations

import csv
import io
import json

import pytest
from PySide6.QtCore import Qt

from extractor.app.screening import highlight_terms
from extractor.store.project import ProjectFile
from windows import open_window, trigger

from helpers import run_cli
from pdfs import text_pdf

pytestmark = pytest.mark.gui

RIS = "".join(
    f"TY  - JOUR\nAU  - Author{n}, A.\nTI  - Rituximab in autoimmune hepatitis, report {n}\n"
    f"AB  - Mice treated with rituximab in study {n}.\nPY  - 2020\nDB  - Embase\nER  - \n\n"
    for n in range(1, 4)
)
FIRST, SECOND, THIRD = "Author1 2020", "Author2 2020", "Author3 2020"


@pytest.fixture
def project(tmp_path, capsys):
    path = tmp_path / "review.extractor"
    run_cli(capsys, "new", path, "--title", "Biologics in AIH")
    search = tmp_path / "embase.ris"
    search.write_text(RIS, encoding="utf-8")
    assert run_cli(capsys, "import", "references", path, search, "--yes")[0] == 0
    return path


def open_screening(qtbot, project):
    window = open_window(qtbot, project)
    trigger(window, "Review", "Screen references…")
    screen = window.review.screening_window
    qtbot.waitUntil(lambda: screen.board is not None)
    return window, screen


def verdicts(capsys, project):
    _, out, _ = run_cli(capsys, "screen", "list", project, "--json")
    return {row["reference"]: row for row in json.loads(out)}


def test_keys_decide_and_the_next_record_follows(qtbot, project, capsys):
    window, screen = open_screening(qtbot, project)
    assert screen.records.count() == 3
    assert screen.current().label == FIRST
    screen.include_terms.setText("rituximab, autoimmune hepat*")
    screen.exclude_terms.setText("mice")
    screen.exclude_terms.editingFinished.emit()
    qtbot.waitUntil(lambda: "#f7c1c1" in screen.detail.toHtml())
    html = screen.detail.toHtml()
    assert "#b9f0b9" in html  # rituximab and "autoimmune hepatitis" in green

    qtbot.keyClick(screen.records, Qt.Key.Key_I)
    assert screen.current().label == SECOND  # at once, before the decision is written
    qtbot.keyClick(screen.records, Qt.Key.Key_E)  # a screener's pace: no wait between keys
    assert screen.current().label == THIRD
    qtbot.waitUntil(lambda: screen.records.count() == 1)  # decided: off the list to screen
    assert screen.current().label == THIRD
    qtbot.keyClick(screen.records, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: screen.records.count() == 0)
    assert "Nothing left for you to screen" in screen.detail.toPlainText()
    assert screen.progress.text().startswith("You have screened 3 of 3")
    window.close()

    assert run_cli(capsys, "screen", "export", project, "-o", project.with_name("log.csv"))[0] == 0
    log = project.with_name("log.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(log)))
    assert [(r["reference"], r["reviewer"], r["decision"]) for r in rows] == [
        (FIRST, "Tess Tester", "include"),
        (SECOND, "Tess Tester", "exclude"),
        (THIRD, "Tess Tester", "maybe"),
    ]
    with ProjectFile.open(project) as reopened:
        terms = highlight_terms(reopened)
    assert (terms.include, terms.exclude) == (["rituximab", "autoimmune hepat*"], ["mice"])


def test_full_text_needs_a_reason_and_the_lead_resolves(qtbot, project, capsys, monkeypatch):
    for reviewer in ("Alice", "Bob"):
        run_cli(capsys, "screen", "decide", project, FIRST, SECOND, "--reviewer", reviewer,
                "--stage", "ta", "--decision", "include")  # fmt: skip
    run_cli(capsys, "screen", "decide", project, THIRD, "--reviewer", "Alice",
            "--stage", "ta", "--decision", "include")  # fmt: skip
    run_cli(capsys, "screen", "decide", project, THIRD, "--reviewer", "Bob",
            "--stage", "ta", "--decision", "exclude")  # fmt: skip
    full_text = project.with_name("first.pdf")
    full_text.write_bytes(text_pdf(2, "Rituximab in autoimmune hepatitis, report 1."))
    assert run_cli(capsys, "import", "fulltexts", project, full_text, "--reference", FIRST)[0] == 0
    window, screen = open_screening(qtbot, project)
    assert screen.records.count() == 0  # two reviewers decided every record already
    assert screen.agreement.text() == (
        "Alice and Bob agree: title and abstract 67% of 3 records (kappa 0.00, AC1 0.61)"
    )
    screen.stage_box.setCurrentIndex(1)  # full text
    qtbot.waitUntil(lambda: screen.records.count() == 2)
    assert screen.reading.currentWidget() is screen.full_text  # the PDF, to screen it by
    assert screen.reading.tabText(1) == "Full text (1)"
    qtbot.waitUntil(lambda: screen.full_text.view.page_count == 2)
    qtbot.keyClick(screen.records, Qt.Key.Key_E)  # no reason chosen: nothing written
    assert "Choose the reason" in screen.decisions.text()
    monkeypatch.setattr(
        "extractor.gui.screening_window.QInputDialog.getMultiLineText",
        lambda *a: ("Wrong population\nWrong intervention\nAge under 18\n", True),
    )
    screen.reasons_button.click()  # the lead's list: the keys follow it
    qtbot.waitUntil(lambda: screen.reason_box.count() == 4)
    assert screen.reason_box.itemText(3) == "3. Age under 18"
    qtbot.keyClick(screen.records, Qt.Key.Key_2)  # the second reason: excluded for it
    qtbot.waitUntil(lambda: screen.records.count() == 1)
    assert screen.current().label == SECOND

    screen.stage_box.setCurrentIndex(0)
    screen.show_box.setCurrentText("Disagreements")
    qtbot.waitUntil(lambda: screen.records.count() == 1)
    assert screen.current().label == THIRD
    assert "Alice: include; Bob: exclude" in screen.decisions.text()
    qtbot.mouseClick(screen.include_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.records.count() == 0)
    assert "No disagreements at title and abstract" in screen.detail.toPlainText()
    window.close()

    found = verdicts(capsys, project)
    assert found[THIRD]["title-abstract"] == "included"  # resolved: on to full text
    assert found[FIRST]["full-text"] == "awaiting"
    assert run_cli(capsys, "screen", "export", project, "-o", project.with_name("l.csv"))[0] == 0
    log = project.with_name("l.csv").read_text(encoding="utf-8")
    assert "full-text,Tess Tester,exclude,Wrong intervention" in log
    assert "title-abstract,Consensus,include" in log
