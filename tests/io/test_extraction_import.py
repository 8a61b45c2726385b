import json

import pytest

from extractor.app.demo import REVIEWER_A, REVIEWER_B, demo_form
from extractor.store.project import ProjectFile

from helpers import dump, run_cli

HEADER = "study,country,design,arms.agent,arms.patients,arms.improved\n"


@pytest.fixture
def target(tmp_path, capsys):
    """A project with the small form (key aih) and two studies."""
    path = tmp_path / "target.extractor"
    form = tmp_path / "form.json"
    from conftest import SMALL_FORM

    form.write_text(json.dumps(SMALL_FORM))
    run_cli(capsys, "new", path, "--title", "T", "--form", form)
    studies = tmp_path / "studies.csv"
    studies.write_text("label,ref\nKolev et al,22\nJenkins et al,31\n")
    run_cli(capsys, "import", "studies", path, studies)
    return path


def test_rows_of_a_study_become_its_group_rows(target, tmp_path, capsys):
    source = tmp_path / "answers.csv"
    source.write_text(
        HEADER + "Kolev et al,Switzerland,Case series,Belimumab,6,3\n"
        "31,United States,Case report,Infliximab,7,0\n"
        "Jenkins et al,,,Adalimumab,1,1\n"
    )
    code, out, _ = run_cli(capsys, "import", "extractions", target, source, "--reviewer", "Alice")
    assert code == 0, out
    with ProjectFile.open(target) as project, project.transaction() as repo:
        form = repo.forms.get("aih")
        alice = repo.reviewers.find("Alice")
        jenkins = repo.answers.load(repo.studies.find("Jenkins et al").id, form, alice.id)
    assert jenkins.values == {"country": "United States", "design": "Case report"}
    assert [(r["agent"], r["patients"]) for r in jenkins.groups["arms"]] == [
        ("Infliximab", 7),
        ("Adalimumab", 1),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "study,country,dose\nKolev et al,Switzerland,5\n",
            ", line 1: column 'dose' is not a field of form 'aih'",
        ),
        (
            HEADER + "Kolev et al,Switzerland,Case series,Belimumab,six,3\n",
            ", line 2: column 'arms.patients': 'six' is not a whole number",
        ),
        (
            HEADER + "Kolev et al,Switzerland,Case series,Belimumab,6,3\nSmith et al,UK,,,,\n",
            ", line 3: unknown study 'Smith et al'",
        ),
        (
            HEADER + 'Kolev et al,"Switzerland,Case series,Belimumab,6,3\n',
            ", line 2: broken CSV",
        ),
        (
            HEADER + "Kolev et al,Switzerland,Cohort study,Belimumab,6,3\n",
            "'Cohort study' is not one of the options",
        ),
        (
            HEADER + "Kolev et al,Switzerland,,Belimumab,6,3\nKolev et al,Germany,,X,1,1\n",
            ", line 3: column 'country' says 'Germany' but line 2 gave another value",
        ),
        (
            "study,arms\nKolev et al,x\n",
            "column 'arms' is not a field of form 'aih' (a group's fields are written group.field)",
        ),
    ],
)
def test_bad_extraction_csv_is_refused_and_nothing_is_written(
    target, tmp_path, capsys, content, expected
):
    source = tmp_path / "bad.csv"
    source.write_text(content)
    before = dump(target)
    code, _, err = run_cli(capsys, "import", "extractions", target, source, "--reviewer", "Alice")
    assert code == 1
    assert f"{source}{expected}" in err or (str(source) in err and expected in err)
    assert dump(target) == before


def test_a_file_that_is_not_utf8_names_the_line(target, tmp_path, capsys):
    source = tmp_path / "latin1.csv"
    source.write_bytes((HEADER + "Kolev et al,Zürich,,,,\n").encode("latin-1"))
    before = dump(target)
    code, _, err = run_cli(capsys, "import", "extractions", target, source, "--reviewer", "Alice")
    assert code == 1
    assert f"{source}, line 2: not UTF-8 text" in err
    assert dump(target) == before


def test_every_problem_in_a_file_is_listed(target, tmp_path, capsys):
    source = tmp_path / "bad.csv"
    source.write_text(HEADER + "Nobody,,,,,\nKolev et al,,,X,-1,\n")
    code, _, err = run_cli(capsys, "import", "extractions", target, source, "--reviewer", "Alice")
    assert code == 1
    assert "line 2: unknown study 'Nobody'" in err
    assert "line 3: column 'arms.patients': -1 is below the minimum 0" in err


def test_exported_csv_imports_into_an_empty_project_with_identical_answers(
    demo_path, tmp_path, capsys
):
    form_file, studies = tmp_path / "aih.json", tmp_path / "studies.csv"
    run_cli(capsys, "form", "export", demo_path, "aih", "-o", form_file)
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        rows = [f"{s.label},{s.ref}" for s in repo.studies.list()]
    studies.write_text("label,ref\n" + "\n".join(rows) + "\n")
    empty = tmp_path / "empty.extractor"
    run_cli(capsys, "new", empty, "--title", "Copy", "--form", form_file)
    run_cli(capsys, "import", "studies", empty, studies)

    for reviewer in (REVIEWER_A, REVIEWER_B):
        exported = tmp_path / f"{reviewer}.csv"
        again = tmp_path / f"{reviewer}-again.csv"
        args = ("-o", exported, "--source", reviewer)
        assert run_cli(capsys, "export", "data", demo_path, *args)[0] == 0
        # Complete, as in the demo: an empty place then reads "NR" again, not "not extracted".
        code, _, err = run_cli(
            capsys,
            *("import", "extractions", empty, exported, "--reviewer", reviewer),
            *("--status", "complete"),
        )
        assert code == 0, err
        run_cli(capsys, "export", "data", empty, "-o", again, "--source", reviewer)
        assert again.read_bytes() == exported.read_bytes()

    assert answers(demo_path) == answers(empty)


def answers(path):
    form = demo_form()
    with ProjectFile.open(path) as project, project.transaction() as repo:
        found = {}
        for study in repo.studies.list():
            for name in (REVIEWER_A, REVIEWER_B):
                data = repo.answers.load(study.id, form, repo.reviewers.find(name).id)
                found[(study.label, name)] = (data.values, data.groups)
        return found


def test_importing_the_same_file_twice_changes_nothing(target, tmp_path, capsys):
    source = tmp_path / "answers.csv"
    source.write_text(HEADER + "Kolev et al,Switzerland,Case series,Belimumab,6,3\n")
    args = ("import", "extractions", target, source, "--reviewer", "Alice")
    assert "3 values changed" in run_cli(capsys, *args)[1]
    before = dump(target)
    assert "0 values changed" in run_cli(capsys, *args)[1]
    assert dump(target) == before


def test_the_status_can_be_set_with_the_answers(target, tmp_path, capsys):
    source = tmp_path / "answers.csv"
    source.write_text(HEADER + "Kolev et al,Switzerland,Case series,Belimumab,6,3\n")
    args = ("import", "extractions", target, source, "--reviewer", "Alice", "--status", "complete")
    assert run_cli(capsys, *args)[0] == 0
    info = json.loads(run_cli(capsys, "info", target, "--json")[1])
    assert info["extractions"] == {"not started": 0, "in progress": 0, "complete": 1}
