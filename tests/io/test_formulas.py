"""No CSV or XLSX we write carries a formula, whoever typed the text; a CSV we
wrote reads back to the same values."""

import openpyxl
import pytest

from extractor.app.outputs import export_data
from extractor.core.model import Citation
from extractor.io.csvfile import parse_csv
from extractor.io.spreadsheet_safety import csv_cell, csv_text

ATTACKS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def test_formula_like_text_is_prefixed_and_numbers_are_not():
    assert [csv_cell(text) for text in ATTACKS] == ["'" + text for text in ATTACKS]
    assert [csv_cell(value) for value in (-5, "-5", "+2.5e3", 0, None)] == [
        "-5", "-5", "+2.5e3", "0", ""
    ]  # fmt: skip


def test_a_written_csv_reads_back_to_the_text_that_was_typed():
    table = parse_csv(csv_text([["study", "country"], *[["S", t] for t in ATTACKS]]).encode(), "x")
    assert [record.cells["country"] for record in table.records] == [t.strip() for t in ATTACKS]


def test_exported_data_carries_no_formula(project, tmp_path, capsys, small_form):
    with project.transaction() as repo:
        alice = repo.reviewers.add("Alice")
        study, _ = repo.studies.upsert("=cmd|'/c calc'!A1", "1", Citation())
        repo.answers.set_value(study.id, small_form, alice.id, "country", "@SUM(1+1)")
    export_data(project, tmp_path / "d.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "d.xlsx").worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "=cmd|'/c calc'!A1" in [cell.value for cell in cells]
    export_data(project, tmp_path / "d.csv")
    assert "'=cmd|'/c calc'!A1" in (tmp_path / "d.csv").read_text()
    assert "'@SUM(1+1)" in (tmp_path / "d.csv").read_text()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b'{"key": "aih", "sections": []}', "is JSON (it starts with {), not a CSV file"),
        (b"%PDF-1.7\n...", "is a PDF, not a CSV file"),
        (b"PK\x03\x04rest", "is a zip archive (an XLSX workbook"),
        (b"SQLite format 3\x00", "is a database (an Extractor project?), not a CSV file"),
    ],
)
def test_a_file_of_another_kind_is_called_what_it_is(tmp_path, capsys, content, kind):
    from helpers import dump, run_cli

    project = tmp_path / "r.extractor"
    run_cli(capsys, "new", project, "--title", "R")
    given = tmp_path / "answers.csv"
    given.write_bytes(content)
    before = dump(project)
    code, _, err = run_cli(capsys, "import", "extractions", project, given, "--reviewer", "Ann")
    assert code == 1 and f"{given}: {kind}" in err and "column" not in err
    assert dump(project) == before


def test_a_text_longer_than_an_excel_cell_is_cut_with_a_note_and_kept_whole(project, tmp_path):
    with project.transaction() as repo:
        form = repo.forms.get("aih")
        study, _ = repo.studies.upsert("Kolev et al", "1", Citation())
        ann = repo.reviewers.add("Ann Arbor")
        huge = "".join(f"{n:06d} " for n in range(6000))  # 42,000 characters
        repo.answers.set_value(study.id, form, ann.id, "country", huge)
    out = tmp_path / "data.xlsx"
    export_data(project, out)
    book = openpyxl.load_workbook(out)
    cell = next(c for c in book[form.name][2] if isinstance(c.value, str) and "000000" in c.value)
    assert len(cell.value) <= 32_767 and cell.value.endswith("the sheet 'Long text']")
    parts = [row for row in book["Long text"].iter_rows(min_row=2, values_only=True)]
    assert [(p[1], p[2], p[3]) for p in parts] == [
        ("Kolev et al", "Country", 1),
        ("Kolev et al", "Country", 2),
    ]
    assert "".join(p[4] for p in parts) == huge.strip()  # text is kept without end spaces
