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
