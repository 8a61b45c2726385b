"""Dual screening from the command line: decisions, what is refused, conflicts and
their resolution, the log out and in again, and studies made from records included
at full text."""

from __future__ import annotations

import csv
import json

from helpers import dump, run_cli

RIS = """TY  - JOUR
AU  - Kolev, Martin
AU  - Diem, Stefan
TI  - Belimumab treatment in autoimmune hepatitis: a case series
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

TY  - JOUR
AU  - Santos, Ana
TI  - Infliximab-induced autoimmune hepatitis
PY  - 2019
DB  - Embase
ER  -
"""
KOLEV, BURAK, SANTOS = "Kolev and Diem 2023", "Burak 2013", "Santos 2019"


def project_with_references(tmp_path, capsys):
    project = tmp_path / "review.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    search = tmp_path / "embase.ris"
    search.write_text(RIS, encoding="utf-8")
    code, _, err = run_cli(capsys, "import", "references", project, search, "--yes")
    assert code == 0, err
    return project


def decide(capsys, project, references, reviewer, stage, decision, reason=""):
    args = ["screen", "decide", project, *references, "--reviewer", reviewer]
    args += ["--stage", stage, "--decision", decision]
    return run_cli(capsys, *args, *(["--reason", reason] if reason else []))


def status(capsys, project):
    return json.loads(run_cli(capsys, "screen", "status", project, "--json")[1])


def test_what_a_record_cannot_take_is_refused_and_nothing_changes(tmp_path, capsys):
    project = project_with_references(tmp_path, capsys)
    before = dump(project)
    code, _, err = decide(capsys, project, [KOLEV], "Alice", "ft", "include")
    assert code == 1
    assert "cannot be screened at full text: it has not passed title and abstract" in err
    code, _, err = decide(capsys, project, ["Nobody 1999"], "Alice", "ta", "include")
    assert code == 1 and "no reference labelled 'Nobody 1999'" in err
    code, _, err = decide(capsys, project, [KOLEV], "Consensus", "ta", "include")
    assert code == 1 and "'Consensus' is the name of the agreed answers" in err
    assert dump(project) == before

    for reviewer in ("Alice", "Bob"):
        decide(capsys, project, [KOLEV], reviewer, "ta", "include")
    code, _, err = decide(capsys, project, [KOLEV], "Alice", "ft", "exclude")
    assert code == 1 and "an exclusion at full text needs its reason" in err


def test_a_broken_decisions_file_names_each_bad_line_and_imports_nothing(tmp_path, capsys):
    project = project_with_references(tmp_path, capsys)
    sheet = tmp_path / "alice.csv"
    sheet.write_text(
        "Reference,Decision,Reason\n"
        f"{KOLEV},include,\n"
        "Nobody 1999,exclude,\n"
        f"{BURAK},perhaps,\n"
        f"{SANTOS},exclude,\n"
        f"{SANTOS},include,\n",
        encoding="utf-8",
    )
    before = dump(project)
    code, _, err = run_cli(
        capsys, "screen", "import", project, sheet, "--reviewer", "Alice", "--stage", "ta"
    )
    assert code == 1
    assert f"{sheet}, line 4: 'perhaps' is not a decision" in err
    code, _, err = run_cli(capsys, "screen", "import", project, sheet.with_name("x.csv"))
    assert code == 1
    sheet.write_text(
        "Reference,Decision\n"
        f"{KOLEV},include\nNobody 1999,exclude\n{SANTOS},exclude\n{SANTOS},include\n",
        encoding="utf-8",
    )
    code, _, err = run_cli(
        capsys, "screen", "import", project, sheet, "--reviewer", "Alice", "--stage", "ta"
    )
    assert code == 1
    assert f"{sheet}, line 3: no reference 'Nobody 1999'" in err
    assert f"{sheet}, line 5: Alice decides {SANTOS} at title-abstract again, differently" in err
    assert dump(project) == before


def test_conflicts_resolved_by_the_lead_make_a_study_of_an_included_record(tmp_path, capsys):
    project = project_with_references(tmp_path, capsys)
    studies = tmp_path / "studies.csv"  # a study the project already has: Kolev's, by DOI
    studies.write_text("label,doi\nKolev et al,10.1016/J.JHEP.2022.11.012\n", encoding="utf-8")
    assert run_cli(capsys, "import", "studies", project, studies)[0] == 0

    decide(capsys, project, [KOLEV, BURAK, SANTOS], "Alice", "ta", "include")
    decide(capsys, project, [KOLEV, BURAK], "Bob", "ta", "maybe")
    decide(capsys, project, [SANTOS], "Bob", "ta", "exclude")
    _, out, _ = run_cli(capsys, "screen", "conflicts", project)
    assert out.splitlines() == [
        f"{SANTOS} | title-abstract | Alice: include; Bob: exclude | open",
        "1 open of 1 disagreement",
    ]
    _, out, _ = run_cli(
        capsys, "screen", "resolve", project, SANTOS, "--stage", "ta", "--decision", "exclude"
    )
    assert out.strip() == f"{SANTOS}: exclude at title and abstract"

    decide(capsys, project, [KOLEV, BURAK], "Alice", "ft", "include")
    _, out, _ = decide(capsys, project, [KOLEV], "Bob", "ft", "include")
    assert out.splitlines()[1] == f"{KOLEV} included at full text: a report of study Kolev et al"
    _, out, _ = decide(capsys, project, [BURAK], "Bob", "ft", "exclude", "Insufficient data")
    assert "included at full text" not in out
    _, out, _ = run_cli(
        capsys, "screen", "resolve", project, BURAK, "--stage", "ft", "--decision", "include"
    )
    assert out.splitlines() == [
        f"{BURAK}: include at full text",
        f"{BURAK} included at full text: study {BURAK} made",
    ]
    _, out, _ = run_cli(capsys, "screen", "list", project, "--json")
    rows = {row["reference"]: row for row in json.loads(out)}
    assert rows[KOLEV]["study"] == "Kolev et al"  # joined the study with its DOI
    assert rows[BURAK]["study"] == BURAK
    assert rows[SANTOS]["full-text"] is None
    assert status(capsys, project)["full-text"] == {
        "records": 2, "included": 2, "excluded": 0, "conflicts": 0, "awaiting": 0,
    }  # fmt: skip

    _, out, _ = run_cli(capsys, "screen", "conflicts", project, "--json")
    assert [(c["reference"], c["stage"], c["resolved"]) for c in json.loads(out)] == [
        (SANTOS, "title-abstract", True),
        (BURAK, "full-text", True),
    ]
    _, out, _ = run_cli(capsys, "screen", "agreement", project, "--json")
    found = json.loads(out)
    assert (found["a"], found["b"]) == ("Alice", "Bob")
    assert [(s["compared"], s["agreed"]) for s in found["stages"]] == [(3, 0), (2, 1)]


def test_the_log_exported_imports_again_as_it_was(tmp_path, capsys):
    project = project_with_references(tmp_path, capsys)
    decide(capsys, project, [KOLEV, BURAK], "Alice", "ta", "include")
    decide(capsys, project, [KOLEV], "Bob", "ta", "include")
    decide(capsys, project, [BURAK], "Bob", "ta", "exclude")
    run_cli(capsys, "screen", "resolve", project, BURAK, "--stage", "ta", "--decision", "include")
    decide(capsys, project, [KOLEV], "Alice", "ft", "exclude", "Wrong population")
    log = tmp_path / "log.csv"
    code, out, _ = run_cli(capsys, "screen", "export", project, "-o", log)
    assert out.strip() == f"6 decisions written to {log}"
    header = log.read_text(encoding="utf-8").splitlines()[0]
    assert header == "reference,title,doi,pmid,stage,reviewer,decision,reason,decided_at"

    again = tmp_path / "again"
    again.mkdir()
    other = project_with_references(again, capsys)
    code, out, err = run_cli(capsys, "screen", "import", other, log)
    assert code == 0, err
    assert status(capsys, other) == status(capsys, project)
    code, out, _ = run_cli(capsys, "screen", "conflicts", other)
    assert f"{BURAK} | title-abstract | Alice: include; Bob: exclude | resolved" in out


def test_a_merged_duplicate_brings_its_decisions_and_a_missing_full_text(tmp_path, capsys):
    project = project_with_references(tmp_path, capsys)
    again = tmp_path / "scopus.ris"
    again.write_text(
        RIS.replace("DO  - 10.1016/j.jhep.2022.11.012\n", "").replace("Embase", "Scopus"),
        encoding="utf-8",
    )
    run_cli(capsys, "import", "references", project, again, "--yes")
    decide(capsys, project, [KOLEV], "Alice", "ta", "include")
    decide(capsys, project, ["Kolev and Diem 2023b"], "Bob", "ta", "include")
    decide(capsys, project, ["Kolev and Diem 2023b"], "Alice", "ta", "exclude")
    code, out, _ = run_cli(capsys, "references", project, "--merge", KOLEV, "Kolev and Diem 2023b")
    assert code == 0
    code, out, _ = run_cli(capsys, "screen", "list", project, "--json")
    row = next(r for r in json.loads(out) if r["reference"] == KOLEV)
    assert row["title-abstract"] == "included"  # Alice's own kept; Bob's moved over

    code, out, _ = run_cli(capsys, "screen", "retrieval", project, KOLEV, "--not-retrieved")
    assert out.strip() == f"{KOLEV}: full text not retrieved"
    code, _, err = decide(capsys, project, [KOLEV], "Alice", "ft", "include")
    assert code == 1 and "its full text was not retrieved" in err
    code, _, err = run_cli(capsys, "screen", "retrieval", project, BURAK, "--not-retrieved")
    assert code == 1 and "was not sent on to full text" in err


def test_a_study_made_of_a_record_goes_when_the_record_is_excluded_after_all(tmp_path, capsys):
    project = project_with_references(tmp_path, capsys)
    for stage in ("ta", "ft"):
        for reviewer in ("Alice", "Bob"):
            decide(capsys, project, [BURAK], reviewer, stage, "include")
    assert json.loads(run_cli(capsys, "info", project, "--json")[1])["studies"] == 1
    _, out, _ = run_cli(
        capsys, "screen", "resolve", project, BURAK, "--stage", "ft", "--decision", "exclude",
        "--reason", "Wrong population",
    )  # fmt: skip
    assert out.splitlines()[1] == f"{BURAK} no longer included: study {BURAK} removed"
    assert json.loads(run_cli(capsys, "info", project, "--json")[1])["studies"] == 0
    assert listed_study(capsys, project, BURAK) is None


def listed_study(capsys, project, label):
    _, out, _ = run_cli(capsys, "screen", "list", project, "--json")
    return next(r for r in json.loads(out) if r["reference"] == label)["study"]


def test_counts_the_log_does_not_give_are_kept_as_typed(tmp_path, capsys):
    project = project_with_references(tmp_path, capsys)
    typed = tmp_path / "typed.csv"
    typed.write_text(
        "data,node,box,description,boxtext,tooltips,url,n\n"
        "register_results,node2,box2,,,,,12\nrecords_screened,node7,box7,,,,,99\n",
        encoding="utf-8",
    )
    _, _, err = run_cli(capsys, "import", "prisma", project, typed)
    assert "typed.csv: 'records_screened' is counted from the screening log" in err
    out_csv = tmp_path / "prisma.csv"
    run_cli(capsys, "export", "prisma", project, "-o", out_csv)
    counts = {row["data"]: row["n"] for row in csv.DictReader(out_csv.open(encoding="utf-8"))}
    assert counts["register_results"] == "12"  # no register in the log: the typed count
    assert counts["records_screened"] == "3"  # the log's


def test_a_resolution_imported_from_a_log_also_takes_back_a_study(tmp_path, capsys):
    project = project_with_references(tmp_path, capsys)
    for stage in ("ta", "ft"):
        for reviewer in ("Alice", "Bob"):
            decide(capsys, project, [SANTOS], reviewer, stage, "include")
    log = tmp_path / "lead.csv"
    log.write_text(
        f"reference,stage,reviewer,decision,reason\n{SANTOS},ft,Consensus,exclude,Wrong design\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(capsys, "screen", "import", project, log)
    assert code == 0, err
    assert f"{SANTOS} no longer included: study {SANTOS} removed" in out
    assert listed_study(capsys, project, SANTOS) is None
