"""Values keep their exact value: in the project, after an upgrade, in every export."""

import json
import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from extractor.app.outputs import export_data
from extractor.core.forms import parse_form
from extractor.core.model import Citation
from extractor.store.project import ProjectFile

FIXTURES = Path(__file__).parent.parent / "fixtures"
BIG = 2**70 + 1
PRECISE = 0.12345678901234568  # 17 significant digits
FORM = {
    "key": "f",
    "name": "F",
    "kind": "extraction",
    "version": 1,
    "sections": [
        {
            "title": "S",
            "fields": [
                {"key": "n", "label": "N", "type": "integer"},
                {"key": "x", "label": "X", "type": "decimal"},
            ],
        }
    ],
}


@pytest.fixture
def exact(tmp_path):
    form = parse_form(FORM, "f")
    project = ProjectFile.create(tmp_path / "p.extractor", "Exact")
    with project.transaction() as repo:
        repo.forms.save(form)
        alice = repo.reviewers.add("Alice")
        study, _ = repo.studies.upsert("Kolev et al", "1", Citation())
        repo.answers.set_value(study.id, form, alice.id, "n", BIG)
        repo.answers.set_value(study.id, form, alice.id, "x", PRECISE)
    yield project
    project.close()


def test_integers_beyond_64_bits_and_17_digit_decimals_are_stored_exactly(exact):
    with exact.reading() as repo:
        study = repo.studies.find("Kolev et al")
        data = repo.answers.load(study.id, repo.forms.get("f"), repo.reviewers.find("Alice").id)
    assert data.values == {"n": BIG, "x": PRECISE}
    assert isinstance(data.values["n"], int)


def test_every_data_export_keeps_them(exact, tmp_path):
    export_data(exact, tmp_path / "d.csv")
    row = (tmp_path / "d.csv").read_text().splitlines()[1]
    assert row == f"Kolev et al,{BIG},{PRECISE!r}"
    export_data(exact, tmp_path / "d.json")
    text = (tmp_path / "d.json").read_text()
    assert f'"n": {BIG}' in text and f'"x": {PRECISE!r}' in text
    export_data(exact, tmp_path / "d.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "d.xlsx").worksheets[0]
    header, values = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    cells = dict(zip(header, values, strict=True))
    assert cells["N"] == str(BIG)  # beyond a spreadsheet's 15 digits: kept as text
    assert cells["X"] == repr(PRECISE)  # 17 digits: openpyxl would write 16
    notes = openpyxl.load_workbook(tmp_path / "d.xlsx")["Notes"]
    rows = list(notes.iter_rows(min_row=3, values_only=True))
    assert rows == [("Kolev et al", "N", "n", str(BIG)), ("Kolev et al", "X", "x", repr(PRECISE))]


def test_an_upgrade_keeps_a_stored_float_to_the_last_digit(tmp_path):
    path = tmp_path / "old.extractor"
    shutil.copyfile(FIXTURES / "schema-0001.extractor", path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE answer SET value = ? WHERE field_key = 'patients'", (PRECISE,))
    connection.close()
    with ProjectFile.open(path) as project, project.reading() as repo:
        study = repo.studies.find("Kolev et al")
        data = repo.answers.load(study.id, repo.forms.get("aih"), repo.reviewers.find("Alice").id)
    assert data.groups["arms"][0]["patients"] == PRECISE
    assert json.loads(json.dumps(PRECISE)) == PRECISE
