"""Importing references from the command line: what it would do, then doing it in
one transaction, with duplicates across databases merged and likely ones listed."""

from __future__ import annotations

import json

from helpers import dump, run_cli

EMBASE = """TY  - JOUR
AU  - Kolev, Martin
AU  - Diem, Stefan
AU  - Semmo, Nasser
TI  - Belimumab treatment in autoimmune hepatitis: a case series
PY  - 2023
DO  - 10.1016/J.JHEP.2022.11.012
DB  - Embase
ER  -

TY  - JOUR
AU  - Burak, Kelly W.
AU  - Swain, Mark G.
TI  - Rituximab for refractory autoimmune hepatitis
PY  - 2013
DB  - Embase
ER  -

TY  - JOUR
AU  - Nobody, N
PY  - 2020
DB  - Embase
ER  -
""".replace("ER  -\n", "ER  - \n")  # as exported: a space after the dash

MEDLINE = """PMID- 36400000
DP  - 2023 Mar
TI  - Belimumab treatment in autoimmune hepatitis: a case series.
LID - 10.1016/j.jhep.2022.11.012 [doi]
FAU - Kolev, Martin
FAU - Diem, Stefan
FAU - Semmo, Nasser

PMID- 23456789
DP  - 2013
TI  - Rituximab for refractory autoimmune hepatitis - a case report
FAU - Burak, Kelly W

PMID- 34567890
DP  - 2019
TI  - Infliximab-induced autoimmune hepatitis
FAU - Santos, Ana
"""


def project_with(tmp_path, capsys):
    project = tmp_path / "review.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    return project


def test_without_yes_it_says_what_it_would_do_and_changes_nothing(tmp_path, capsys):
    project = project_with(tmp_path, capsys)
    embase = tmp_path / "embase.ris"
    embase.write_text(EMBASE, encoding="utf-8")
    before = dump(project)
    code, out, _ = run_cli(capsys, "import", "references", project, embase)
    assert code == 1
    assert out.splitlines()[0] == (
        "embase.ris (Embase): 2 records read; 2 would be added, 0 would be merged into"
        " references the project has"
    )
    assert "not read: embase.ris, record 3: no title (TI, T1 or ST)" in out
    assert "run again with --yes" in out
    assert dump(project) == before


def test_two_databases_merged_by_doi_and_likely_duplicates_listed(tmp_path, capsys):
    project = project_with(tmp_path, capsys)
    embase, pubmed = tmp_path / "embase.ris", tmp_path / "pubmed.nbib"
    embase.write_text(EMBASE, encoding="utf-8")
    pubmed.write_text(MEDLINE, encoding="utf-8")
    assert run_cli(capsys, "import", "references", project, embase, "--yes")[0] == 0
    code, out, err = run_cli(capsys, "import", "references", project, pubmed, "--yes")
    assert code == 0, err
    assert "pubmed.nbib (PubMed): 3 records read; 2 added, 1 merged" in out
    assert "record 1 joins Kolev et al 2023: same DOI" in out
    assert "record 2 (Burak 2013b) may be the same as Burak and Swain 2013" not in out
    code, out, _ = run_cli(capsys, "references", project, "--json")
    found = json.loads(out)
    assert [r["label"] for r in found["references"]] == [
        "Kolev et al 2023",
        "Burak and Swain 2013",
        "Burak 2013",
        "Santos 2019",
    ]
    kolev = found["references"][0]
    assert kolev["pmid"] == "36400000"  # the merge kept PubMed's identifier
    assert [s["database"] for s in kolev["sources"]] == ["Embase", "PubMed"]
    assert found["records"] == {"Embase": 2, "PubMed": 3}
    assert found["duplicates_removed"] == 1


def test_a_likely_duplicate_is_added_and_named_for_the_user_to_judge(tmp_path, capsys):
    project = project_with(tmp_path, capsys)
    first, second = tmp_path / "a.ris", tmp_path / "b.ris"
    first.write_text(EMBASE, encoding="utf-8")
    second.write_text(
        EMBASE.replace(
            "Rituximab for refractory autoimmune hepatitis",
            "Rituximab for refractory autoimmune hepatitis.",
        )
        .replace("DO  - 10.1016/J.JHEP.2022.11.012\n", "")
        .replace("Embase", "Scopus"),
        encoding="utf-8",
    )
    run_cli(capsys, "import", "references", project, first, "--yes")
    code, out, _ = run_cli(capsys, "import", "references", project, second, "--yes")
    assert code == 0
    assert (
        "record 1 (Kolev et al 2023b) may be the same as Kolev et al 2023: the same title, year and first author"
        in out
    )
    assert "record 2 (Burak and Swain 2013b) may be the same as Burak and Swain 2013" in out


def test_likely_duplicates_are_merged_or_kept_apart_by_the_user(tmp_path, capsys):
    project = project_with(tmp_path, capsys)
    first, second = tmp_path / "a.ris", tmp_path / "b.ris"
    first.write_text(EMBASE, encoding="utf-8")
    second.write_text(
        EMBASE.replace("DO  - 10.1016/J.JHEP.2022.11.012\n", "PMID- 1\n").replace(
            "Embase", "Scopus"
        ),
        encoding="utf-8",
    )
    run_cli(capsys, "import", "references", project, first, "--yes")
    run_cli(capsys, "import", "references", project, second, "--yes")
    code, out, _ = run_cli(capsys, "references", project, "--duplicates", "--json")
    pairs = [(p["first"], p["second"]) for p in json.loads(out)]
    assert pairs == [
        ("Kolev et al 2023", "Kolev et al 2023b"),
        ("Burak and Swain 2013", "Burak and Swain 2013b"),
    ]
    code, out, _ = run_cli(
        capsys, "references", project, "--merge", "Kolev et al 2023", "kolev et al 2023b"
    )
    assert (code, out.strip()) == (0, "Kolev et al 2023b merged into Kolev et al 2023")
    code, out, _ = run_cli(
        capsys, "references", project, "--keep", "Burak and Swain 2013", "Burak and Swain 2013b"
    )
    assert out.strip() == "Burak and Swain 2013 and Burak and Swain 2013b kept as two records"
    code, out, _ = run_cli(capsys, "references", project, "--duplicates")
    assert out.strip() == "no likely duplicates to judge"
    found = json.loads(run_cli(capsys, "references", project, "--json")[1])
    kolev = next(r for r in found["references"] if r["label"] == "Kolev et al 2023")
    assert [s["database"] for s in kolev["sources"]] == ["Embase", "Scopus"]  # every source kept
    assert found["duplicates_removed"] == 1
    assert len(found["references"]) == 3
    code, _, err = run_cli(
        capsys, "references", project, "--merge", "Kolev et al 2023", "Nobody 2020"
    )
    assert code == 1 and "no reference labelled 'Nobody 2020'" in err
