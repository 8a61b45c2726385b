"""The PRISMA counts tab of a project with a screening log: the log's counts shown
and not typed, the others typed and marked, and what is unsettled said."""

from __future__ import annotations

import pytest

from extractor.app.desktop import AppConfig
from extractor.app.outputs import prisma_counts
from extractor.gui.main_window import MainWindow
from extractor.store.project import ProjectFile

from helpers import run_cli

pytestmark = pytest.mark.gui

RIS = "".join(
    f"TY  - JOUR\nAU  - Author{n}, A.\nTI  - Rituximab in autoimmune hepatitis, report {n}\n"
    f"PY  - 2020\nDB  - Embase\nER  - \n\n"
    for n in range(1, 4)
)


def test_log_counts_are_shown_and_typed_ones_kept(qtbot, tmp_path, capsys):
    project = tmp_path / "review.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    search = tmp_path / "embase.ris"
    search.write_text(RIS, encoding="utf-8")
    run_cli(capsys, "import", "references", project, search, "--yes")
    for reviewer in ("Alice", "Bob"):
        run_cli(capsys, "screen", "decide", project, "Author1 2020", "Author2 2020",
                "--reviewer", reviewer, "--stage", "ta", "--decision", "exclude")  # fmt: skip
    window = MainWindow(ProjectFile.open(project), AppConfig())
    qtbot.addWidget(window)
    window.show()
    window.outputs.show_outputs()
    qtbot.waitUntil(lambda: window.outputs.dialog is not None)
    tab = window.outputs.dialog.prisma
    screened = tab.boxes["records_screened"]
    assert screened.value() == 3 and screened.isReadOnly()
    assert tab.boxes["records_excluded"].value() == 2
    assert not tab.boxes["excluded_automatic"].isReadOnly()
    assert "1 record not yet screened by both reviewers" in tab.source.text()

    tab.boxes["excluded_automatic"].setValue(0)
    tab.boxes["records_screened"].setValue(99)  # even set, a count of the log is not typed
    tab.save_button.click()
    qtbot.waitUntil(lambda: window.session.lanes.pending() == 0)
    window.outputs.dialog.close()
    window.close()
    with ProjectFile.open(project) as opened, opened.reading() as repo:
        typed = repo.prisma.load()
        counts = prisma_counts(repo)
    assert "records_screened" not in typed.numbers  # the log's stays the log's
    assert typed.numbers["excluded_automatic"] == 0
    assert (counts.numbers["records_screened"], counts.numbers["excluded_automatic"]) == (3, 0)
