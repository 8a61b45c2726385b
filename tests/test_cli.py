import argparse
import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from extractor import __version__
from extractor.resources import resource

from helpers import dump, run_cli


def test_version_through_the_installed_entry_point():
    result = subprocess.run(
        [sys.executable, "-m", "extractor", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"extractor {__version__}"


def test_wrong_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as caught:
        run_cli(capsys, "info")
    assert caught.value.code == 2
    assert run_cli(capsys, "form")[0] == 2


def test_new_project_holds_the_builtin_form(tmp_path, capsys):
    path = tmp_path / "r.extractor"
    assert run_cli(capsys, "new", path, "--title", "My review")[0] == 0
    code, out, _ = run_cli(capsys, "info", path, "--json")
    assert code == 0
    assert json.loads(out) == {
        "title": "My review",
        "studies": 0,
        "documents": 0,
        "reviewers": [],
        "forms": ["characteristics"],
        "extractions": {"not started": 0, "in progress": 0, "complete": 0},
        "open_conflicts": 0,
    }


def test_demo_project_info(tmp_path, capsys):
    path = tmp_path / "demo.extractor"
    assert run_cli(capsys, "demo", path)[0] == 0
    info = json.loads(run_cli(capsys, "info", path, "--json")[1])
    assert info["studies"] == 11 and info["documents"] == 11
    assert info["reviewers"] == ["Alice Moreau", "Ben Okafor"]
    assert info["forms"] == ["aih", "jbi_cs", "jbi_cr"]
    assert info["extractions"] == {"not started": 0, "in progress": 2, "complete": 42}
    # Six planted disagreements in the extraction (Kolev's country differs only in case
    # and spacing), and one checklist item of Carey's appraisal with its overall judgement.
    assert info["open_conflicts"] == 8
    assert "Open conflicts: 8" in run_cli(capsys, "info", path)[1]


def test_form_export_then_import_into_another_project(tmp_path, demo_path, capsys):
    exported = tmp_path / "aih.json"
    assert run_cli(capsys, "form", "export", demo_path, "aih", "-o", exported)[0] == 0
    assert json.loads(exported.read_text())["key"] == "aih"
    other = tmp_path / "other.extractor"
    run_cli(capsys, "new", other, "--title", "Other")
    code, out, _ = run_cli(capsys, "form", "import", other, exported)
    assert code == 0 and "added form 'aih'" in out
    assert json.loads(run_cli(capsys, "info", other, "--json")[1])["forms"] == [
        "characteristics",
        "aih",
    ]


def test_malformed_form_json_is_refused_and_the_project_unchanged(tmp_path, demo_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "key": "x",
                "name": "X",
                "sections": [{"title": "S", "fields": [{"key": "n", "type": "number"}]}],
            }
        )
    )
    before = dump(demo_path)
    code, _, err = run_cli(capsys, "form", "import", demo_path, bad)
    assert code == 1
    assert f"{bad}, form 'x', field 'n': unknown type 'number'" in err
    assert dump(demo_path) == before


def test_import_studies_adds_then_updates(tmp_path, capsys):
    path = tmp_path / "r.extractor"
    run_cli(capsys, "new", path, "--title", "R")
    studies = tmp_path / "studies.csv"
    studies.write_text(
        "label,ref,year,doi,notes\nKolev et al,22,2023,10.1/x,n\nBurak et al,24,,,\n"
    )
    code, out, err = run_cli(capsys, "import", "studies", path, studies)
    assert code == 0 and "2 studies added, 0 updated" in out
    assert "ignored columns notes" in err
    studies.write_text("label,ref,doi\nKolev et al. (2023),22,10.1/X\n")
    code, out, _ = run_cli(capsys, "import", "studies", path, studies)
    assert "0 studies added, 1 updated" in out  # matched by DOI


def test_export_data_in_every_format(tmp_path, demo_path, capsys):
    csv_path, xlsx_path, json_path = (tmp_path / f"data.{s}" for s in ("csv", "xlsx", "json"))
    for out in (csv_path, xlsx_path, json_path):
        code, _, err = run_cli(capsys, "export", "data", demo_path, "-o", out)
        assert code == 0
        assert "no consensus yet" in err
        assert "Draft: 8 unresolved conflicts" in err  # the demo's disagreements
    header = csv_path.read_text().splitlines()[0]
    assert header.startswith("study,category,country,design") and "arms.agent" in header
    book = load_workbook(xlsx_path)
    assert book.sheetnames == [
        "Draft",  # first, so that it is what opens: what the data still lacks
        "Biologics in autoimmune hepatit",
        "aih - Arms",
        "JBI checklist for case series",
        "JBI checklist for case reports",
        "Evidence",
    ]
    assert book["Evidence"].max_row > 11
    data = json.loads(json_path.read_text())
    kolev = next(s for s in data["studies"] if s["label"] == "Kolev et al")
    [extraction] = [e for e in kolev["extractions"] if e["form"] == "aih"]
    assert extraction["reviewer"] == "Consensus"  # as it stands, none stored yet
    [evidence] = extraction["evidence"]["country"]
    assert evidence["quote"] == "treated in Switzerland" and evidence["page"] == 1
    assert evidence["document"] == "Kolev.pdf" and len(evidence["rects"][0]) == 4


def test_export_data_all_sources_and_a_named_reviewer(tmp_path, demo_path, capsys):
    out = tmp_path / "all.json"
    assert run_cli(capsys, "export", "data", demo_path, "-o", out, "--source", "all")[0] == 0
    data = json.loads(out.read_text())
    assert all(len(s["extractions"]) == 4 for s in data["studies"])  # two reviewers, two forms
    out = tmp_path / "ben.csv"
    code, _, err = run_cli(capsys, "export", "data", demo_path, "-o", out, "--source", "Ben Okafor")
    assert code == 0 and err == ""
    assert "Carey et al,treatment,United States,Case series" in out.read_text()
    code, _, err = run_cli(capsys, "export", "data", demo_path, "-o", out, "--source", "Zoe")
    assert code == 1 and "no reviewer 'Zoe'" in err


def test_export_to_an_unknown_format_or_folder_fails_cleanly(tmp_path, demo_path, capsys):
    code, _, err = run_cli(capsys, "export", "data", demo_path, "-o", tmp_path / "x.txt")
    assert code == 1 and "choose a file ending .csv, .xlsx or .json" in err
    code, _, err = run_cli(capsys, "export", "data", demo_path, "-o", tmp_path / "no/x.csv")
    assert code == 1 and "cannot be written" in err


def test_builtin_form_resource_is_found():
    assert resource("forms", "study_characteristics.json").is_file()


def test_every_command_the_parser_knows_starts_from_the_extractor_command():
    from extractor.cli import COMMANDS, build_parser

    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == set(COMMANDS)


def test_a_copy_of_a_project_is_whole_and_never_written_over_a_file(tmp_path, demo_path, capsys):
    copy = tmp_path / "copy.extractor"
    code, out, err = run_cli(capsys, "copy", demo_path, "-o", copy)
    assert str(copy) in out
    assert code == 0, err
    assert dump(copy) == dump(demo_path)
    before = dump(copy)
    code, _, err = run_cli(capsys, "copy", demo_path, "-o", copy)
    assert code == 1 and "already exists" in err
    assert dump(copy) == before
    code, _, err = run_cli(capsys, "copy", demo_path, "-o", demo_path)
    assert code == 1 and dump(demo_path) == before
