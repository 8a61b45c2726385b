"""Dual screening on two computers: each reviewer screens blind in their own copy,
packages bring the decisions to the lead, and the lead's update opens full-text
screening in the copies without telling anyone how the other reviewer decided."""

from __future__ import annotations

import csv
import json

from extractor.store.project import ProjectFile

from helpers import run_cli
from pdfs import text_pdf

RIS = "".join(
    f"TY  - JOUR\nAU  - Author{n}, A.\nTI  - Rituximab in autoimmune hepatitis, report {n}\n"
    f"PY  - 2020\nDB  - Embase\nER  - \n\n"
    for n in range(1, 4)
)
FIRST, SECOND, THIRD = "Author1 2020", "Author2 2020", "Author3 2020"


def decide(capsys, project, references, reviewer, stage, decision, reason=""):
    args = ["screen", "decide", project, *references, "--reviewer", reviewer]
    args += ["--stage", stage, "--decision", decision, *(["--reason", reason] if reason else [])]
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    return out


def send(capsys, copy, reviewer, lead, package):
    assert run_cli(capsys, "package", "export", copy, "--reviewer", reviewer, "-o", package)[0] == 0
    code, out, err = run_cli(capsys, "package", "import", lead, package)
    assert code == 0, err
    return out


def listed(capsys, project):
    _, out, _ = run_cli(capsys, "screen", "list", project, "--json")
    return {row["reference"]: row for row in json.loads(out)}


def test_two_reviewers_screen_blind_in_their_copies(tmp_path, capsys):
    lead = tmp_path / "lead.extractor"
    run_cli(capsys, "new", lead, "--title", "Biologics in AIH")
    search = tmp_path / "embase.ris"
    search.write_text(RIS, encoding="utf-8")
    run_cli(capsys, "import", "references", lead, search, "--yes")
    alice, bob = tmp_path / "alice.extractor", tmp_path / "bob.extractor"
    assert run_cli(capsys, "share", lead, "--reviewer", "Alice", "-o", alice)[0] == 0
    assert run_cli(capsys, "share", lead, "--reviewer", "Bob", "-o", bob)[0] == 0

    decide(capsys, alice, [FIRST, SECOND, THIRD], "Alice", "ta", "include")
    decide(capsys, bob, [FIRST, SECOND], "Bob", "ta", "maybe")
    decide(capsys, bob, [THIRD], "Bob", "ta", "exclude")
    # In her copy Alice sees her own decisions only: every record awaits the team.
    assert {row["title-abstract"] for row in listed(capsys, alice).values()} == {"awaiting"}

    out = send(capsys, alice, "Alice", lead, tmp_path / "alice-1.zip")
    assert "3 screening decisions new or changed" in out
    send(capsys, bob, "Bob", lead, tmp_path / "bob-1.zip")
    found = listed(capsys, lead)
    assert [found[r]["title-abstract"] for r in (FIRST, SECOND, THIRD)] == [
        "included", "included", "conflict",
    ]  # fmt: skip
    run_cli(capsys, "screen", "resolve", lead, THIRD, "--stage", "ta", "--decision", "exclude")

    full_text = tmp_path / "first.pdf"
    full_text.write_bytes(text_pdf(2, "Rituximab in autoimmune hepatitis, report 1."))
    assert run_cli(capsys, "import", "fulltexts", lead, full_text, "--reference", FIRST)[0] == 0
    update = tmp_path / "update.zip"
    assert run_cli(capsys, "package", "export", lead, "--update", "-o", update)[0] == 0
    assert b"Bob" not in update.read_bytes()  # the team's verdicts, not who decided what
    for copy in (alice, bob):
        code, out, err = run_cli(capsys, "package", "import", copy, update)
        assert code == 0, err
    in_alice = listed(capsys, alice)
    assert [in_alice[r]["title-abstract"] for r in (FIRST, SECOND, THIRD)] == [
        "included", "included", "excluded",
    ]  # fmt: skip
    assert in_alice[FIRST]["full-text"] == "awaiting"  # full text is open in her copy
    _, out, _ = run_cli(capsys, "references", alice, "--json")
    first = next(r for r in json.loads(out)["references"] if r["label"] == FIRST)
    assert first["full_texts"] == [
        {"file": "first.pdf", "pages": 2, "matched": "the reference named"}
    ]  # the PDF to screen it by came with the update

    decide(capsys, alice, [FIRST, SECOND], "Alice", "ft", "include")
    decide(capsys, bob, [FIRST], "Bob", "ft", "include")
    decide(capsys, bob, [SECOND], "Bob", "ft", "exclude", "Wrong population")
    send(capsys, alice, "Alice", lead, tmp_path / "alice-2.zip")
    out = send(capsys, bob, "Bob", lead, tmp_path / "bob-2.zip")
    found = listed(capsys, lead)
    assert (found[FIRST]["full-text"], found[FIRST]["study"]) == ("included", FIRST)
    assert found[SECOND]["full-text"] == "conflict"
    code, out, _ = run_cli(capsys, "screen", "agreement", lead, "--json")
    stages = json.loads(out)["stages"]
    assert [(s["compared"], s["agreed"]) for s in stages] == [(3, 0), (2, 1)]


def test_a_decision_taken_back_and_a_record_merged_by_the_lead_follow(tmp_path, capsys):
    lead = tmp_path / "lead.extractor"
    run_cli(capsys, "new", lead, "--title", "Biologics in AIH")
    search = tmp_path / "embase.ris"
    search.write_text(RIS, encoding="utf-8")
    run_cli(capsys, "import", "references", lead, search, "--yes")
    alice = tmp_path / "alice.extractor"
    run_cli(capsys, "share", lead, "--reviewer", "Alice", "-o", alice)
    decide(capsys, alice, [FIRST, THIRD], "Alice", "ta", "include")
    send(capsys, alice, "Alice", lead, tmp_path / "a1.zip")

    # The lead finds the third record is the first again, and merges it.
    run_cli(capsys, "references", lead, "--merge", FIRST, THIRD)
    decide(capsys, alice, [THIRD], "Alice", "ta", "exclude")  # in her copy, unaware
    decide(capsys, alice, [FIRST], "Alice", "ta", "maybe")
    send(capsys, alice, "Alice", lead, tmp_path / "a2.zip")
    run_cli(capsys, "screen", "export", lead, "-o", tmp_path / "log.csv")
    rows = csv.DictReader((tmp_path / "log.csv").open(encoding="utf-8"))
    mine = [(r["reference"], r["decision"]) for r in rows if r["reviewer"] == "Alice"]
    # Her decision on the first record itself stands over the one on its duplicate.
    assert mine == [(FIRST, "maybe")]

    update = tmp_path / "update.zip"
    run_cli(capsys, "package", "export", lead, "--update", "-o", update)
    code, _, err = run_cli(capsys, "package", "import", alice, update)
    assert code == 0, err
    assert set(listed(capsys, alice)) == {FIRST, SECOND}  # the merged record is gone


def test_a_package_takes_back_only_what_the_reviewer_took_back(tmp_path, capsys):
    lead = tmp_path / "lead.extractor"
    run_cli(capsys, "new", lead, "--title", "Biologics in AIH")
    search = tmp_path / "embase.ris"
    search.write_text(RIS, encoding="utf-8")
    run_cli(capsys, "import", "references", lead, search, "--yes")
    bob = tmp_path / "bob.extractor"
    run_cli(capsys, "share", lead, "--reviewer", "Bob", "-o", bob)
    decide(capsys, lead, [FIRST], "Bob", "ta", "include")  # the lead types in Bob's sheet
    decide(capsys, bob, [SECOND, THIRD], "Bob", "ta", "exclude")
    send(capsys, bob, "Bob", lead, tmp_path / "b1.zip")
    with ProjectFile.open(bob) as copy, copy.transaction() as repo:  # Bob takes one back
        third = repo.references.find(THIRD)
        repo.screening.withdraw(third.id, repo.reviewers.find("Bob").id, "title-abstract")
    send(capsys, bob, "Bob", lead, tmp_path / "b2.zip")
    run_cli(capsys, "screen", "export", lead, "-o", tmp_path / "log.csv")
    rows = csv.DictReader((tmp_path / "log.csv").open(encoding="utf-8"))
    assert sorted((r["reference"], r["decision"]) for r in rows) == [
        (FIRST, "include"),  # never in his copy: no package takes it back
        (SECOND, "exclude"),
    ]


def test_a_full_text_merged_by_the_lead_stays_in_the_copies(tmp_path, capsys):
    lead = tmp_path / "lead.extractor"
    run_cli(capsys, "new", lead, "--title", "Biologics in AIH")
    search = tmp_path / "embase.ris"
    search.write_text(RIS, encoding="utf-8")
    run_cli(capsys, "import", "references", lead, search, "--yes")
    alice = tmp_path / "alice.extractor"
    run_cli(capsys, "share", lead, "--reviewer", "Alice", "-o", alice)
    full_text = tmp_path / "t.pdf"
    full_text.write_bytes(text_pdf(1))
    run_cli(capsys, "import", "fulltexts", lead, full_text, "--reference", THIRD)
    for number, merge in enumerate(([], [FIRST, THIRD])):
        if merge:
            run_cli(capsys, "references", lead, "--merge", *merge)
        update = tmp_path / f"u{number}.zip"
        run_cli(capsys, "package", "export", lead, "--update", "-o", update)
        assert run_cli(capsys, "package", "import", alice, update)[0] == 0
    _, out, _ = run_cli(capsys, "references", alice, "--json")
    files = {
        r["label"]: [f["file"] for f in r["full_texts"]] for r in json.loads(out)["references"]
    }
    assert files == {FIRST: ["t.pdf"], SECOND: []}
