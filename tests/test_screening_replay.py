"""Replaying the reference review's screening log gives its PRISMA counts exactly:
352 records from three databases, 2 duplicates, 350 screened, 265 excluded, 85 full
texts assessed, 55 excluded (age 15, methodology 30, insufficient data 10), 30
included, each a study ready for extraction."""

from __future__ import annotations

import csv
import json

import pymupdf

from extractor.core.prisma import reference_review

from helpers import run_cli

DATABASES = (("MEDLINE", 150), ("Embase", 150), ("Cochrane CENTRAL", 52))
REASONS = ("Age criteria", "Different methodology", "Insufficient data")


def ris_record(number: int, database: str, doi: str, title: str) -> str:
    return (
        f"TY  - JOUR\nAU  - Author{number:03d}, A.\nAU  - Second, B.\n"
        f"TI  - {title}\nPY  - {2000 + number % 24}\nJO  - Journal {number % 7}\n"
        f"DO  - {doi}\nDB  - {database}\nER  - \n\n"
    )


def search_files(tmp_path):
    """Three exports; the last two Cochrane records are Embase records again: one
    with its DOI in capitals, one with its title punctuated differently."""
    files, number = [], 0
    for database, n in DATABASES:
        text = ""
        for _ in range(n):
            number += 1
            text += ris_record(number, database, f"10.1000/aih.{number}", f"Study {number} of AIH")
        files.append((database, text))
    database, text = files[2]
    records = text.split("\n\n")[:-3]
    records.append(ris_record(200, database, "10.1000/AIH.200", "Study 200 of AIH").strip())
    records.append(ris_record(201, database, "10.1000/aih.201", "Study 201 of AIH.").strip())
    files[2] = (database, "\n\n".join(records) + "\n\n")
    paths = []
    for database, text in files:
        path = tmp_path / f"{database.split()[0].lower()}.ris"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def log_rows(labels: list[str]) -> list[dict[str, str]]:
    """Two reviewers' decisions and the lead's resolutions, as a team would log them."""
    rows = []

    def add(label, stage, reviewer, decision, reason=""):
        rows.append(
            {"reference": label, "stage": stage, "reviewer": reviewer, "decision": decision,
             "reason": reason}
        )  # fmt: skip

    passed, excluded = labels[:85], labels[85:]
    for n, label in enumerate(excluded):  # 265 excluded at title and abstract
        add(label, "ta", "Alice", "exclude")
        add(label, "ta", "Bob", "include" if n < 5 else "exclude")
        if n < 5:  # five disagreements, resolved as exclusions
            add(label, "ta", "Consensus", "exclude")
    for n, label in enumerate(passed):
        add(label, "ta", "Alice", "maybe" if n < 3 else "include")  # maybe sends it on
        add(label, "ta", "Bob", "include")
    for n, label in enumerate(passed[:55]):
        reason = REASONS[0] if n < 15 else REASONS[1] if n < 45 else REASONS[2]
        add(label, "ft", "Alice", "exclude", reason)
        if n in (20, 21):  # Bob excludes for another reason; the lead settles it
            add(label, "ft", "Bob", "exclude", REASONS[2])
            add(label, "ft", "Consensus", "exclude", reason)
        else:
            add(label, "ft", "Bob", "exclude", reason)
    for n, label in enumerate(passed[55:]):
        add(label, "ft", "Alice", "include")
        add(label, "ft", "Bob", "exclude" if n == 0 else "include", REASONS[1] if n == 0 else "")
        if n == 0:
            add(label, "ft", "Consensus", "include")
    return rows


def test_the_reference_review_replayed_gives_its_prisma_counts(tmp_path, capsys):
    project = tmp_path / "aih.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    for path in search_files(tmp_path):
        code, out, err = run_cli(capsys, "import", "references", project, path, "--yes")
        assert code == 0, err
    code, out, _ = run_cli(capsys, "references", project, "--json")
    listed = json.loads(out)
    assert (len(listed["references"]), listed["duplicates_removed"]) == (350, 2)
    labels = [item["label"] for item in listed["references"]]

    assert run_cli(capsys, "screen", "reasons", project, "--set", *REASONS)[0] == 0
    log = tmp_path / "log.csv"
    with log.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["reference", "stage", "reviewer", "decision", "reason"])
        writer.writeheader()
        # Full-text rows first: the import takes title and abstract first all the same.
        writer.writerows(sorted(log_rows(labels), key=lambda r: r["stage"] != "ft"))
    code, out, err = run_cli(capsys, "screen", "import", project, log)
    assert code == 0, err
    assert "30 studies" not in err

    code, out, _ = run_cli(capsys, "screen", "status", project, "--json")
    assert json.loads(out) == {
        "title-abstract": {"records": 350, "included": 85, "excluded": 265, "conflicts": 0,
                           "awaiting": 0},
        "full-text": {"records": 85, "included": 30, "excluded": 55, "conflicts": 0,
                      "awaiting": 0},
    }  # fmt: skip
    # Typed in by hand: nothing was removed by automation or for other reasons.
    prisma_in = tmp_path / "typed.csv"
    prisma_in.write_text(
        "data,node,box,description,boxtext,tooltips,url,n\n"
        "excluded_automatic,node6,box6,,,,,0\nexcluded_other,node6,box6,,,,,0\n",
        encoding="utf-8",
    )
    assert run_cli(capsys, "import", "prisma", project, prisma_in)[0] == 0

    counts_out = tmp_path / "prisma.csv"
    code, out, err = run_cli(capsys, "export", "prisma", project, "-o", counts_out)
    assert code == 0, err
    counts = {row["data"]: row["n"] for row in csv.DictReader(counts_out.open(encoding="utf-8"))}
    expected = reference_review()
    for key, value in expected.numbers.items():
        if key != "register_results":  # no register was searched: the log has none
            assert counts[key] == str(value), key
    assert counts["database_specific_results"] == "MEDLINE, 150; Embase, 150; Cochrane CENTRAL, 52"
    assert (
        counts["dbr_excluded"]
        == "Age criteria, 15; Different methodology, 30; Insufficient data, 10"
    )
    assert "do not add up" not in err

    code, out, _ = run_cli(capsys, "info", project, "--json")
    assert json.loads(out)["studies"] == 30

    diagram = tmp_path / "prisma.pdf"
    assert run_cli(capsys, "export", "prisma", project, "-o", diagram)[0] == 0
    text = pymupdf.open(diagram)[0].get_text()
    assert "Records screened (n = 350)" in text
    assert "Records marked as ineligible by automation tools (n = 0)†" in " ".join(text.split())
    assert "Typed in by hand" in text
    assert "Screening:" not in text  # drafted only for the extraction still to come
    assert "Draft: 30 studies not extracted at all" in text


def test_an_unfinished_screening_is_a_draft_diagram_and_refused_as_final(tmp_path, capsys):
    project = tmp_path / "aih.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    [medline, *_] = search_files(tmp_path)
    run_cli(capsys, "import", "references", project, medline, "--yes")
    code, out, _ = run_cli(capsys, "references", project, "--json")
    first, second = [item["label"] for item in json.loads(out)["references"][:2]]
    run_cli(capsys, "screen", "decide", project, first, second, "--reviewer", "Alice",
            "--stage", "ta", "--decision", "include")  # fmt: skip
    run_cli(capsys, "screen", "decide", project, first, "--reviewer", "Bob",
            "--stage", "ta", "--decision", "exclude")  # fmt: skip

    diagram = tmp_path / "prisma.pdf"
    code, out, err = run_cli(capsys, "export", "prisma", project, "-o", diagram)
    assert code == 0
    assert "149 records not yet screened by both reviewers at title and abstract" in err
    assert "1 disagreement at title and abstract not resolved yet" in err
    text = " ".join(pymupdf.open(diagram)[0].get_text().split())
    assert "Draft" in text and "149 records not yet screened" in text

    code, _, err = run_cli(capsys, "export", "prisma", project, "-o", diagram, "--final")
    assert code == 1 and "the screening is not finished" in err
