import json

from extractor.store.project import ProjectFile

from helpers import dump, run_cli


def conflicts(capsys, path):
    code, out, _ = run_cli(capsys, "conflicts", path, "--json")
    assert code == 0
    return json.loads(out)


def test_conflicts_of_the_demo_as_json(demo_path, capsys):
    found = conflicts(capsys, demo_path)
    assert {(c["study"], c["field"]) for c in found} == {
        ("Arvaniti et al", "age"),
        ("Burak et al", "arms[1].improved"),
        ("Carey et al", "design"),
        ("Riveiro-Barciela et al", "arms[1].dose"),
        ("Jenkins et al", "arms[2]"),
        ("Wong et al", "aih_type"),
        ("Carey et al", "d8_judgement"),
        ("Carey et al", "overall_judgement"),
    }
    jenkins = next(c for c in found if c["study"] == "Jenkins et al")
    assert jenkins["a"] is None
    assert jenkins["b"] == {"agent": "Adalimumab", "dose": None, "patients": 1, "improved": 0}
    burak = next(c for c in found if c["study"] == "Burak et al")
    assert (burak["a"], burak["b"], burak["resolved"]) == (6, 4, False)


def test_resolving_every_conflict_gives_a_consensus_that_exports_use(demo_path, tmp_path, capsys):
    decisions = [
        ("Arvaniti et al", "age", "--take", "A"),
        ("24", "arms[1].improved", "--value", "6"),
        ("Carey et al", "design", "--take", "B"),
        ("Riveiro-Barciela et al", "arms[1].dose", "--take", "A"),
        ("Jenkins et al", "arms[2]", "--value-json", "null"),
        ("Wong et al", "aih_type", "--take", "A"),
        ("Carey et al", "d8_judgement", "--take", "A"),
        ("Carey et al", "overall_judgement", "--take", "A"),
    ]
    for study, field, option, value in decisions:
        args = ("resolve", demo_path, "--study", study, "--field", field, option, value)
        code, _, err = run_cli(capsys, *args, "--reason", "checked the paper", "--by", "Lead")
        assert code == 0, err
    assert all(c["resolved"] for c in conflicts(capsys, demo_path))
    assert json.loads(run_cli(capsys, "info", demo_path, "--json")[1])["open_conflicts"] == 0
    out = tmp_path / "consensus.json"
    code, _, err = run_cli(capsys, "export", "data", demo_path, "-o", out)
    assert code == 0 and err == ""  # the consensus exists: no warning
    studies = {s["label"]: s["extractions"][0] for s in json.loads(out.read_text())["studies"]}
    assert all(e["reviewer"] == "Consensus" for e in studies.values())
    assert studies["Carey et al"]["values"]["design"] == "Case series"
    assert studies["Burak et al"]["groups"]["arms"][0]["improved"] == 6
    assert len(studies["Jenkins et al"]["groups"]["arms"]) == 1
    assert studies["Kolev et al"]["values"]["country"] == "Switzerland"  # agreed: filled in


def test_a_bad_resolution_is_refused_and_changes_nothing(demo_path, capsys):
    before = dump(demo_path)
    for args, message in [
        (
            ("--study", "Kolev et al", "--field", "country", "--take", "A"),
            "no disagreement at 'country'",
        ),
        (
            ("--study", "Burak et al", "--field", "arms[1].improved", "--value", "many"),
            "'many' is not a whole number",
        ),
        (
            ("--study", "Jenkins et al", "--field", "arms[2]", "--value", "x"),
            "a whole row takes --value-json",
        ),
        (("--study", "Nobody", "--field", "age", "--take", "A"), "no study 'Nobody'"),
    ]:
        code, _, err = run_cli(capsys, "resolve", demo_path, *args)
        assert code == 1 and message in err
    assert dump(demo_path) == before


def test_agreement_json_and_csv(demo_path, tmp_path, capsys):
    code, out, _ = run_cli(capsys, "agreement", demo_path, "--json")
    assert code == 0
    result = json.loads(out)
    design = next(f for f in result["fields"] if f["field"] == "design")
    assert design == {
        "field": "design",
        "form": "aih",
        "label": "Study design",
        "compared": 11,
        "agreed": 10,
        "percent": 90.91,
        "kappa": design["kappa"],
        "ac1": design["ac1"],
    }
    assert 0 < design["kappa"] < 1 and 0 < design["ac1"] < 1
    country = next(f for f in result["fields"] if f["field"] == "country")
    assert country["kappa"] is None and country["percent"] == 100.0
    assert result["overall"]["compared"] >= result["overall"]["agreed"] > 0
    csv_path = tmp_path / "agreement.csv"
    assert run_cli(capsys, "agreement", demo_path, "-o", csv_path)[0] == 0
    lines = csv_path.read_text().splitlines()
    assert lines[0] == "form,field,compared,agreed,percent,kappa,ac1"
    assert "aih,country,11,11,100.0,," in lines


def test_agreement_pdf_report_holds_every_field(demo_path, tmp_path, capsys):
    import pymupdf

    out = tmp_path / "agreement.pdf"
    code, _, err = run_cli(capsys, "agreement", demo_path, "-o", out)
    assert code == 0, err
    with pymupdf.open(out) as document:
        text = "".join(page.get_text() for page in document)
    assert "Reviewers: Alice Moreau and Ben Okafor" in text
    # Fields and forms in the form's words, never their keys.
    for field in ("Study design", "Arms: Improved", "Overall", "90.9 %", "0.81"):
        assert field in text
    assert "arms.improved" not in text and "jbi_cr" not in text
    # A checklist's many "Answer"s are told apart by their question, never by a key.
    assert "D1 Clear criteria for inclusion: Answer" in " ".join(text.split())
    assert "_judgement" not in text
    assert "Draft: 8 unresolved conflicts" in text and "Draft: 8 unresolved conflicts" in err


def test_studies_assigned_to_pairs_and_a_third_reviewer_arbitrates(demo_path, tmp_path, capsys):
    third = tmp_path / "chloe.csv"
    third.write_text("study,design\nCarey et al,Cohort\nKolev et al,Case series\n")
    run_cli(capsys, "import", "extractions", demo_path, third, "--reviewer", "Chloe Third")
    code, out, _ = run_cli(
        capsys,
        "assign",
        demo_path,
        "--a",
        "Alice Moreau",
        "--b",
        "Chloe Third",
        "--study",
        "Carey et al",
    )
    assert code == 0 and "1 study assigned to Alice Moreau and Chloe Third" in out
    carey = [c for c in conflicts(capsys, demo_path) if c["study"] == "Carey et al"]
    assert {(c["reviewer_a"], c["reviewer_b"]) for c in carey} == {("Alice Moreau", "Chloe Third")}
    assert {c["field"] for c in carey} >= {"design", "country"}  # Chloe left country empty
    ben_pair = conflicts_between(capsys, demo_path, "Alice Moreau", "Ben Okafor")
    assert ("Carey et al", "design") in {(c["study"], c["field"]) for c in ben_pair}
    code, _, err = run_cli(
        capsys,
        "resolve",
        demo_path,
        "--study",
        "Carey et al",
        "--field",
        "design",
        "--take",
        "A",
        "--by",
        "Dana Arbiter",
        "--reason",
        "third opinion",
    )
    assert code == 0, err
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        [event] = [e for e in repo.audit.entries() if e.action == "conflict.resolve"]
    assert event.reviewer == "Dana Arbiter"


def conflicts_between(capsys, path, a, b):
    code, out, _ = run_cli(capsys, "conflicts", path, "--json", "--a", a, "--b", b)
    assert code == 0
    return json.loads(out)


def test_synthesis_of_the_demo_by_agent_matches_the_review(demo_path, tmp_path, capsys):
    out = tmp_path / "synthesis.json"
    args = ("export", "synthesis", demo_path, "--by", "category,arms.agent", "-o", out)
    assert run_cli(capsys, *args, "--source", "Alice Moreau")[0] == 0
    rows = {(r["category"], r["arms.agent"]): r for r in json.loads(out.read_text())}
    assert (
        rows[("treatment", "Belimumab")]["studies"],
        rows[("treatment", "Belimumab")]["improved"],
    ) == (2, 5)
    assert rows[("treatment", "Belimumab")]["patients"] == 8
    assert (
        rows[("treatment", "Rituximab")]["improved"],
        rows[("treatment", "Rituximab")]["patients"],
    ) == (41, 45)
    pdf = tmp_path / "synthesis.pdf"
    assert (
        run_cli(capsys, "export", "synthesis", demo_path, "--by", "arms.agent", "-o", pdf)[0] == 0
    )
    import pymupdf

    with pymupdf.open(pdf) as document:
        text = document[0].get_text()
    assert "Rituximab" in text and "Improved (sum)" in text
