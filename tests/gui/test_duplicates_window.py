"""Review > Likely duplicates…: two records side by side, what differs tinted, and
the user's judgement: merged (every source kept) or kept as two."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from extractor.app.references import reference_list
from extractor.gui.theme import tint
from windows import open_window, trigger

from helpers import run_cli

pytestmark = pytest.mark.gui

EMBASE = """TY  - JOUR
AU  - Kolev, Martin
TI  - Belimumab treatment in autoimmune hepatitis
PY  - 2023
DO  - 10.1016/j.jhep.2022.11.012
DB  - Embase
ER  -

TY  - JOUR
AU  - Burak, Kelly W.
TI  - Rituximab for refractory autoimmune hepatitis
PY  - 2013
DB  - Embase
ER  -
"""
SCOPUS = """TY  - JOUR
AU  - Kolev, M.
TI  - Belimumab treatment in autoimmune hepatitis.
PY  - 2023
DB  - Scopus
ER  -

TY  - JOUR
AU  - Burak, K.
TI  - Rituximab for refractory autoimmune hepatitis
PY  - 2013
DB  - Scopus
ER  -
"""


def test_pairs_judged_side_by_side(qtbot, tmp_path, capsys):
    project = tmp_path / "review.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    for name, text in (("embase.ris", EMBASE), ("scopus.ris", SCOPUS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        run_cli(capsys, "import", "references", project, tmp_path / name, "--yes")
    window = open_window(qtbot, project)
    trigger(window, "Review", "Likely duplicates…")
    dialog = window.review.duplicates_dialog
    qtbot.waitUntil(lambda: dialog.list.count() == 2)
    assert dialog.status.text() == "2 pairs to judge"
    table = dialog.table
    assert (table.item(0, 0).text(), table.item(0, 1).text()) == ("Kolev 2023", "Kolev 2023b")
    assert table.item(6, 0).text() == "10.1016/j.jhep.2022.11.012"  # DOI: only the first has it
    assert table.item(6, 1).background().color() == tint("warning")
    assert table.item(3, 1).background().style() == Qt.BrushStyle.NoBrush  # the same year

    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.list.count() == 1)
    assert dialog.status.text() == "Kolev 2023b merged into Kolev 2023. 1 pair to judge"
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.list.count() == 0)
    assert "No likely duplicates left to judge." in dialog.status.text()

    found = reference_list(window.project)
    kolev = next(r for r in found["references"] if r["label"] == "Kolev 2023")
    assert [s["database"] for s in kolev["sources"]] == ["Embase", "Scopus"]
    assert len(found["references"]) == 3 and found["duplicates_removed"] == 1
    window.close()
