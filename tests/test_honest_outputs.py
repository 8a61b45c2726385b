"""Outputs are correct and complete, or say on their face what they lack: a value,
"NR" only for a complete extraction's silence, "[not extracted]", "[in conflict]";
a draft line on every page; --final refuses; Export all never half-writes."""

import json

import pymupdf
import pytest
from openpyxl import load_workbook

from extractor.core.model import Citation, ExtractionData, Status
from extractor.store.project import ProjectFile

from helpers import dump, run_cli


@pytest.fixture(params=["consensus stored", "no consensus yet"])
def review(project, request):
    """Three studies, two reviewers. Kolev: they disagree on the country and on one
    arm's patients, and only Ann entered a second arm. Burak: both complete, and
    neither gives a design. Carey: only Ann started, and left the design empty.
    Every output reads the same whether the consensus is stored yet or not: never
    one reviewer's answers where the two disagree."""
    form = None
    with project.transaction() as repo:
        form = repo.forms.get("aih")
        ann = repo.reviewers.add("Ann Arbor", "AA")
        bob = repo.reviewers.add("Bob Brown", "BB")
        kolev = repo.studies.upsert("Kolev et al", "1", Citation())[0]
        burak = repo.studies.upsert("Burak et al", "2", Citation())[0]
        carey = repo.studies.upsert("Carey et al", "3", Citation())[0]
        arm = {"agent": "Belimumab", "patients": 6, "improved": 3}
        repo.answers.write(
            kolev.id,
            form,
            ann.id,
            ExtractionData(
                {"country": "Switzerland", "design": "Case series"},
                {"arms": [arm, {"agent": "Rituximab", "patients": 2, "improved": 1}]},
            ),
        )
        repo.answers.write(
            kolev.id,
            form,
            bob.id,
            ExtractionData(
                {"country": "Austria", "design": "Case series"},
                {"arms": [{**arm, "patients": 7}]},
            ),
        )
        for reviewer in (ann, bob):
            repo.answers.write(
                burak.id,
                form,
                reviewer.id,
                ExtractionData({"country": "Canada"}, status=Status.COMPLETE),
            )
        repo.answers.write(carey.id, form, ann.id, ExtractionData({"country": "United States"}))
        if request.param == "consensus stored":
            repo.conflicts.refresh_consensus()  # as opening the conflict view does
    return project.path


def pdf_text(path):
    with pymupdf.open(path) as document:
        return [page.get_text() for page in document]


def test_tables_say_why_a_place_has_no_value_and_every_page_is_a_draft(review, tmp_path, capsys):
    out = tmp_path / "tables.pdf"
    code, _, err = run_cli(capsys, "export", "tables", review, "-o", out)
    assert code == 0
    assert "Draft: 3 unresolved conflicts, 2 fields not extracted" in err
    assert (
        "Kolev et al, Biologics in AIH, Country: unresolved conflict (Ann Arbor and Bob Brown)"
        in err
    )
    pages = pdf_text(out)
    assert all("Draft: 3 unresolved conflicts, 2 fields not extracted" in page for page in pages)
    text = " ".join(" ".join(pages).split())
    kolev = text[text.index("Kolev et al") : text.index("Burak et al")]
    assert "[in conflict]" in kolev and "Switzerland" not in kolev and "Austria" not in kolev
    assert "Patients: [in conflict]" in kolev
    assert "[in conflict: 1 row entered by one reviewer only]" in kolev
    burak = text[text.index("Burak et al") : text.index("Carey et al")]
    assert "Canada NR" in burak  # complete: the study does not report its design
    carey = text[text.index("Carey et al") : text.index("Abbreviations")]
    assert carey == "Carey et al United States [not extracted] [not extracted] "


def test_data_files_carry_the_same_words_and_list_the_gaps(review, tmp_path, capsys):
    csv_path, xlsx_path, json_path = (tmp_path / f"data.{s}" for s in ("csv", "xlsx", "json"))
    for out in (csv_path, xlsx_path, json_path):
        assert run_cli(capsys, "export", "data", review, "-o", out)[0] == 0
    rows = csv_path.read_text().splitlines()
    assert rows[1].startswith("Kolev et al,[in conflict],Case series,Belimumab,[in conflict],3")
    assert (
        rows[2] == "Kolev et al,[in conflict],Case series,[in conflict],[in conflict],[in conflict]"
    )
    assert rows[3] == "Burak et al,Canada,NR,NR,NR,NR"
    assert (
        rows[4]
        == "Carey et al,United States,[not extracted],[not extracted],[not extracted],[not extracted]"
    )
    book = load_workbook(xlsx_path)
    assert book.sheetnames[0] == "Draft"
    assert book["Draft"]["A2"].value == "Draft: 3 unresolved conflicts, 2 fields not extracted"
    assert [c.value for c in book["Biologics in AIH"][2]][4:] == ["[in conflict]", "Case series"]
    data = json.loads(json_path.read_text())
    assert data["draft"] == "Draft: 3 unresolved conflicts, 2 fields not extracted"
    kolev = next(s for s in data["studies"] if s["label"] == "Kolev et al")["extractions"][0]
    assert kolev["gaps"] == {
        "country": "[in conflict]",
        "arms[1].patients": "[in conflict]",
        "arms[+]": "[in conflict: 1 row entered by one reviewer only]",
    }
    # The words read back as no value: our own export imports as it was.
    again = tmp_path / "again.csv"
    code, _, err = run_cli(
        capsys, "import", "extractions", review, csv_path, "--reviewer", "Cy Check"
    )
    assert code == 0, err
    assert run_cli(capsys, "export", "data", review, "-o", again, "--source", "Cy Check")[0] == 0
    assert "[in conflict]" not in again.read_text()


def test_a_final_export_with_gaps_writes_nothing_and_exits_1(review, tmp_path, capsys):
    before = dump(review)
    for command, name in (
        ("tables", "t.pdf"),
        ("data", "d.xlsx"),
        ("synthesis", "s.csv"),
        ("prisma", "p.pdf"),
        ("all", "folder"),
    ):
        extra = ("--by", "arms.agent") if command == "synthesis" else ()
        code, _, err = run_cli(
            capsys, "export", command, review, "-o", tmp_path / name, "--final", *extra
        )
        assert code == 1, command
        assert "not final, so nothing was written: Draft: 3 unresolved conflicts" in err
        assert not (tmp_path / name).exists()
    assert dump(review) == before


def test_export_all_makes_a_new_nested_folder_and_writes_each_output_on_its_own(
    review, tmp_path, capsys, monkeypatch
):
    import extractor.app.export_all as export_all

    def broken(*args, **kwargs):
        raise RuntimeError("the DOCX writer broke")

    real = export_all.export_tables

    def tables_but_not_docx(project, out, *args, **kwargs):
        if out.suffix == ".docx":
            broken()
        return real(project, out, *args, **kwargs)

    monkeypatch.setattr(export_all, "export_tables", tables_but_not_docx)
    folder = tmp_path / "new" / "outputs"
    code, _, err = run_cli(capsys, "export", "all", review, "-o", folder)
    assert code == 1
    assert (
        "tables.docx was not written: an internal error (RuntimeError: the DOCX writer broke)"
        in err
    )
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["failed"] == [
        {
            "file": "tables.docx",
            "problem": "an internal error (RuntimeError: the DOCX writer broke)",
        }
    ]
    written = sorted(entry["file"] for entry in manifest["files"])
    assert "tables.pdf" in written and "tables.docx" not in written
    assert sorted(p.name for p in folder.iterdir()) == sorted([*written, "manifest.json"])
    assert manifest["draft"].startswith("Draft: 3 unresolved conflicts")
    assert {"kind", "study", "form", "field", "reviewer", "path"} <= set(manifest["gaps"][0])
    assert not list(folder.parent.glob(".outputs.building-*"))


def test_export_all_of_a_project_without_group_rows_writes_every_output(tmp_path, capsys):
    path = tmp_path / "empty.extractor"
    run_cli(capsys, "new", path, "--title", "Nothing yet")
    studies = tmp_path / "studies.csv"
    studies.write_text("label,ref\nKolev et al,1\n")
    run_cli(capsys, "import", "studies", path, studies)
    folder = tmp_path / "outputs"
    code, _, err = run_cli(capsys, "export", "all", path, "-o", folder)
    assert code == 0, err
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["failed"] == []
    synthesis = next(
        f["file"]
        for f in manifest["files"]
        if f["file"].endswith(".pdf") and "synthesis" in f["file"]
    )
    assert "No study has a row to group yet" in pdf_text(folder / synthesis)[0]
    assert "Draft: 1 study not extracted at all" in err
    assert "Kolev et al, Study characteristics: not extracted" in err


@pytest.mark.parametrize("stored", [True, False])
def test_a_risk_of_bias_figure_draws_a_judgement_in_conflict_apart(
    demo_path, tmp_path, capsys, stored
):
    if stored:  # a resolution stores the consensus; without one it is shown as it would be
        resolve = ["--study", "Carey et al", "--field", "d8_judgement", "--form", "jbi_cr"]
        run_cli(capsys, "resolve", demo_path, *resolve, "--take", "A")
    out = tmp_path / "rob.pdf"
    code, _, err = run_cli(capsys, "export", "rob", demo_path, "--tool", "JBI-CR", "-o", out)
    assert code == 0, err
    text = " ".join(pdf_text(out))
    assert "In conflict (left out of the summary)" in text
    csv = tmp_path / "rob.csv"
    run_cli(capsys, "export", "rob", demo_path, "--tool", "JBI-CR", "-o", csv)
    carey = next(line for line in csv.read_text().splitlines() if line.startswith("Carey et al"))
    assert ",," in carey and "In conflict" not in carey  # empty: robvis would read words


def test_the_evidence_appendix_ties_every_value_to_its_quotes(review, tmp_path, capsys):
    from extractor.core.model import Evidence

    from pdfs import text_pdf

    with ProjectFile.open(review) as project, project.transaction() as repo:
        form = repo.forms.get("aih")
        kolev = repo.studies.find("Kolev et al")
        document = repo.documents.attach(kolev.id, "kolev.pdf", text_pdf(3), 3)
        for name, quote, page in (
            ("Ann Arbor", "treated in Switzerland", 2),
            ("Bob Brown", "Vienna", 3),
        ):
            reviewer = repo.reviewers.find(name)
            evidence = {"country": [Evidence(document.id, page, ((1, 2, 3, 4),), quote)]}
            repo.answers.replace_evidence(kolev.id, form, reviewer.id, evidence)
    out = tmp_path / "evidence.pdf"
    code, _, err = run_cli(capsys, "export", "evidence", review, "-o", out)
    assert code == 0, err
    pages = pdf_text(out)
    assert all("Draft: 3 unresolved conflicts" in page for page in pages)
    text = " ".join(" ".join(pages).split())
    kolev = text[text.index("1. Kolev et al") : text.index("2. Burak et al")]
    assert "(values: Consensus)" in kolev
    # The consensus is open on the country: each reviewer's quote comes with their value.
    assert (
        "Country [in conflict] “treated in Switzerland” — Ann Arbor, p. 2, kolev.pdf "
        "(their value: Switzerland) “Vienna” — Bob Brown, p. 3, kolev.pdf (their value: Austria)"
    ) in kolev
    assert "Study design Case series no quote" in kolev


def test_a_group_whose_rows_are_all_undecided_has_no_made_up_row():
    from extractor.core.forms import parse_form
    from extractor.io.extraction_csv import write_extractions_csv

    from conftest import SMALL_FORM
    from helpers import sourced

    form = parse_form(SMALL_FORM, "f")
    item = sourced("Kolev et al", ExtractionData(), open_rows={"arms": 1}, complete=True)
    lines = write_extractions_csv(form, form.field("arms"), [item]).splitlines()
    assert lines[1:] == ["Kolev et al,NR,NR,[in conflict],[in conflict],[in conflict]"]


def test_in_the_appendix_a_quote_follows_its_arm_whatever_order_each_reviewer_entered(
    review, tmp_path, capsys
):
    from extractor.core.model import Evidence

    from pdfs import text_pdf

    with ProjectFile.open(review) as project, project.transaction() as repo:
        form = repo.forms.get("aih")
        wong = repo.studies.upsert("Wong et al", "4", Citation())[0]
        document = repo.documents.attach(wong.id, "wong.pdf", text_pdf(1), 1)
        x, y = {"agent": "Xmab", "patients": 1}, {"agent": "Ymab", "patients": 2}
        ann, bob = repo.reviewers.find("Ann Arbor"), repo.reviewers.find("Bob Brown")
        repo.answers.write(wong.id, form, ann.id, ExtractionData(groups={"arms": [x, y]}))
        repo.answers.write(wong.id, form, bob.id, ExtractionData(groups={"arms": [y, x]}))
        evidence = {"arms[1].patients": [Evidence(document.id, 1, ((1, 2, 3, 4),), "two on Ymab")]}
        repo.answers.replace_evidence(wong.id, form, bob.id, evidence)
        repo.conflicts.refresh_consensus()
    out = tmp_path / "evidence.pdf"
    assert run_cli(capsys, "export", "evidence", review, "-o", out)[0] == 0
    text = " ".join(" ".join(pdf_text(out)).split())
    wong = text[text.index("4. Wong et al") :]
    assert "Arms 2: Agent Ymab" in wong  # the consensus follows Ann's order: Ymab second
    assert "Arms 2: Patients 2 “two on Ymab” — Bob Brown, p. 1, wong.pdf" in wong
    assert "Arms 1: Patients 1 no quote" in wong
