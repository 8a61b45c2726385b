import json
import zipfile

import pytest
from sqlalchemy import text

from extractor.store.project import ProjectFile

from helpers import dump, run_cli

MARKER = "Zanzibar-only-Ben-wrote-this"
LEAD_PATH: list = []  # the lead's project, for changes that look a reviewer up in it


@pytest.fixture
def lead(demo_path, capsys):
    """The demo as the lead holds it, with a value only Ben wrote."""
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        form = repo.forms.get("aih")
        ben = repo.reviewers.find("Ben Okafor")
        study = repo.studies.find("Kolev et al")
        repo.answers.set_value(study.id, form, ben.id, "comparison", MARKER)
    return demo_path


def test_a_shared_copy_holds_no_other_reviewers_answers_anywhere(lead, tmp_path, capsys):
    copy = tmp_path / "alice.extractor"
    code, _, err = run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", copy)
    assert code == 0, err
    raw = copy.read_bytes()
    assert MARKER.encode() not in raw
    assert b"27, 58" not in raw  # Ben's reading of Arvaniti's ages
    assert not copy.with_name(copy.name + "-wal").exists()
    info = json.loads(run_cli(capsys, "info", copy, "--json")[1])
    assert info["reviewers"] == ["Alice Moreau"] and info["studies"] == 11
    assert info["documents"] == 11 and info["extractions"]["complete"] == 22  # form and checklist
    with ProjectFile.open(copy) as project, project.transaction() as repo:
        assert not [e for e in repo.audit.entries() if e.reviewer == "Ben Okafor"]


def make_copy_with_answers(lead, tmp_path, capsys, name, csv_text):
    copy = tmp_path / f"{name.split()[0].lower()}.extractor"
    run_cli(capsys, "share", lead, "--reviewer", name, "-o", copy)
    answers = tmp_path / f"{name}.csv"
    answers.write_text(csv_text)
    code, _, err = run_cli(capsys, "import", "extractions", copy, answers, "--reviewer", name)
    assert code == 0, err
    return copy


def test_packages_round_trip_idempotent_and_newer_ones_update(lead, tmp_path, capsys):
    copy = make_copy_with_answers(
        lead,
        tmp_path,
        capsys,
        "Chloe Third",
        "study,country,design\nKolev et al,Switzerland,Case series\n",
    )
    first = tmp_path / "chloe-1.zip"
    assert (
        run_cli(capsys, "package", "export", copy, "--reviewer", "Chloe Third", "-o", first)[0] == 0
    )
    code, out, err = run_cli(capsys, "package", "import", lead, first)
    assert code == 0, err
    assert "Chloe Third, package 1: 1 extraction, 2 values changed" in out
    before = dump(lead)
    code, out, _ = run_cli(capsys, "package", "import", lead, first)
    assert "already imported; nothing changed" in out
    assert dump(lead) == before

    edits = tmp_path / "edit.csv"
    edits.write_text("study,country\nKolev et al,Swiss Confederation\n")
    run_cli(capsys, "import", "extractions", copy, edits, "--reviewer", "Chloe Third")
    second = tmp_path / "chloe-2.zip"
    run_cli(capsys, "package", "export", copy, "--reviewer", "Chloe Third", "-o", second)
    code, out, _ = run_cli(capsys, "package", "import", lead, second)
    assert "package 2" in out and "1 value changed" in out
    with ProjectFile.open(lead) as project, project.transaction() as repo:
        chloe = repo.reviewers.find("Chloe Third")
        data = repo.answers.load(
            repo.studies.find("Kolev et al").id, repo.forms.get("aih"), chloe.id
        )
        entries = repo.audit.entries()
    assert data.values["country"] == "Swiss Confederation"
    imports = [e for e in entries if e.action == "package.import"]
    assert [(e.old, e.new) for e in imports] == [(0, 1), (1, 2)]
    assert any(e.action == "answer.set" and e.old == "Switzerland" for e in entries)


def test_evidence_travels_with_the_package(lead, tmp_path, capsys):
    copy = tmp_path / "alice.extractor"
    run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", copy)
    with ProjectFile.open(copy) as project, project.transaction() as repo:
        alice = repo.reviewers.find("Alice Moreau")
        study = repo.studies.find("Carey et al")
        repo.answers.set_value(study.id, repo.forms.get("aih"), alice.id, "age", "44 years")
    package = tmp_path / "alice.zip"
    run_cli(capsys, "package", "export", copy, "--reviewer", "Alice Moreau", "-o", package)
    code, _, err = run_cli(capsys, "package", "import", lead, package)
    assert code == 0, err
    with ProjectFile.open(lead) as project, project.transaction() as repo:
        alice = repo.reviewers.find("Alice Moreau")
        data = repo.answers.load(
            repo.studies.find("Carey et al").id, repo.forms.get("aih"), alice.id
        )
    assert data.values["age"] == "44 years"
    assert data.evidence["country"][0].quote == "treated in United States"


def rewrite(package, target, change):
    with zipfile.ZipFile(package) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    change(entries)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


@pytest.fixture
def package(lead, tmp_path, capsys):
    copy = tmp_path / "alice.extractor"
    run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", copy)
    path = tmp_path / "alice.zip"
    run_cli(capsys, "package", "export", copy, "--reviewer", "Alice Moreau", "-o", path)
    return path


def altered_answers(entries):
    entries["answers.json"] = entries["answers.json"].replace(b"Switzerland", b"Austria")


def newer_format(entries):
    manifest = json.loads(entries["manifest.json"])
    manifest["format_version"] = 99
    entries["manifest.json"] = json.dumps(manifest).encode()


def foreign_project(entries):
    manifest = json.loads(entries["manifest.json"])
    manifest["project_id"] = "00000000-0000-0000-0000-000000000000"
    entries["manifest.json"] = json.dumps(manifest).encode()


def claims(who):
    """The manifest edited to name another reviewer (the signature cannot follow)."""

    def change(entries):
        manifest = json.loads(entries["manifest.json"])
        with ProjectFile.open(LEAD_PATH[0]) as project, project.reading() as repo:
            found = repo.reviewers.consensus() if who == "consensus" else repo.reviewers.find(who)
        manifest["reviewer"] = {"id": found.id, "name": found.name, "initials": found.initials}
        entries["manifest.json"] = json.dumps(manifest).encode()

    return change


def unsigned(entries):
    manifest = json.loads(entries["manifest.json"])
    del manifest["signature"]
    entries["manifest.json"] = json.dumps(manifest).encode()


def escaping_path(entries):
    entries["../../evil.py"] = b"import os"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (altered_answers, "checksum does not match"),
        (newer_format, "made by a newer Extractor"),
        (foreign_project, "belongs to another project"),
        (claims("Ben Okafor"), "holds no key for Ben Okafor"),
        (claims("consensus"), "claims to be the consensus"),
        (unsigned, "not signed with Alice Moreau's key"),
        (escaping_path, "unexpected entries ['../../evil.py']"),
    ],
)
def test_bad_packages_are_refused_and_change_nothing(
    lead, package, tmp_path, capsys, change, message
):
    LEAD_PATH[:] = [lead]
    bad = tmp_path / "bad.zip"
    rewrite(package, bad, change)
    before = dump(lead)
    code, _, err = run_cli(capsys, "package", "import", lead, bad)
    assert code == 1 and message in err and str(bad) in err
    assert dump(lead) == before


def test_a_truncated_package_is_refused(lead, package, tmp_path, capsys):
    bad = tmp_path / "cut.zip"
    bad.write_bytes(package.read_bytes()[: package.stat().st_size // 2])
    before = dump(lead)
    code, _, err = run_cli(capsys, "package", "import", lead, bad)
    assert code == 1 and "not a reviewer package" in err
    assert dump(lead) == before


def test_an_update_brings_new_studies_pdfs_and_forms_and_keeps_answers(lead, tmp_path, capsys):
    from pdfs import text_pdf

    copy = make_copy_with_answers(
        lead, tmp_path, capsys, "Chloe Third", "study,country\nKolev et al,Switzerland\n"
    )
    studies, pdf = tmp_path / "more.csv", tmp_path / "Newman 2024.pdf"
    studies.write_text("label,ref\nNewman et al,33\n")
    pdf.write_bytes(text_pdf(2))
    run_cli(capsys, "import", "studies", lead, studies)
    run_cli(capsys, "import", "pdfs", lead, pdf)
    update = tmp_path / "update.zip"
    code, _, err = run_cli(capsys, "package", "export", lead, "--update", "-o", update)
    assert code == 0, err
    code, out, err = run_cli(capsys, "package", "import", copy, update)
    assert code == 0, err
    assert "update: 1 study, 1 PDF, 0 forms" in out
    before = dump(copy)
    assert (
        "update: 0 studies, 0 PDFs, 0 forms"
        in run_cli(capsys, "package", "import", copy, update)[1]
    )
    assert dump(copy) == before
    info = json.loads(run_cli(capsys, "info", copy, "--json")[1])
    assert info["studies"] == 12 and info["documents"] == 12
    assert info["reviewers"] == ["Chloe Third"]
    with ProjectFile.open(copy) as project, project.transaction() as repo:
        chloe = repo.reviewers.find("Chloe Third")
        data = repo.answers.load(
            repo.studies.find("Kolev et al").id, repo.forms.get("aih"), chloe.id
        )
    assert data.values == {"country": "Switzerland"}


def test_an_altered_update_is_refused(lead, tmp_path, capsys):
    update = tmp_path / "update.zip"
    run_cli(capsys, "package", "export", lead, "--update", "-o", update)
    bad = tmp_path / "bad-update.zip"
    rewrite(
        update,
        bad,
        lambda e: e.__setitem__("project.json", e["project.json"].replace(b"Kolev", b"Kolew")),
    )
    copy = tmp_path / "copy.extractor"
    run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", copy)
    before = dump(copy)
    code, _, err = run_cli(capsys, "package", "import", copy, bad)
    assert code == 1 and "checksum does not match" in err
    assert dump(copy) == before


def test_every_table_says_what_a_reviewers_copy_keeps():
    from extractor.store.models import Base
    from extractor.store.sharing import prune_statements

    assert all("share" in table.info for table in Base.metadata.tables.values())
    assert len(prune_statements()) >= 8  # reviewers, extractions and what hangs off them, ...


def test_a_decision_taking_the_other_reviewers_answer_does_not_reach_the_copy(
    lead, tmp_path, capsys
):
    code, _, err = run_cli(
        capsys,
        "resolve",
        lead,
        "--study",
        "Kolev et al",
        "--field",
        "comparison",
        "--take",
        "B",
        "--by",
        "Alice Moreau",
    )
    assert code == 0, err
    copy = tmp_path / "alice.extractor"
    assert run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", copy)[0] == 0
    assert MARKER.encode() not in copy.read_bytes()  # not through the audit log either


def test_a_table_no_model_declares_stops_the_copy(lead, tmp_path, capsys):
    import sqlite3

    with sqlite3.connect(lead) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.execute("INSERT INTO notes VALUES ('Ben thinks Kolev is biased')")
    connection.close()
    copy = tmp_path / "alice.extractor"
    code, _, err = run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", copy)
    assert code == 1 and "tables notes are not Extractor's" in err
    assert not copy.exists()


def test_a_copy_keeps_its_reviewers_screening_and_no_pairing(lead, tmp_path, capsys):
    from extractor.core.model import ScreeningInfo
    from extractor.core.references import Reference

    with ProjectFile.open(lead) as project, project.transaction() as repo:
        study = repo.studies.find("Kolev et al")
        alice, ben = repo.reviewers.find("Alice Moreau"), repo.reviewers.find("Ben Okafor")
        record = repo.references.add(Reference(title="Belimumab in AIH"), "Kolev 2023", 0)
        repo.screening.decide(ScreeningInfo(record, alice.id, "full-text", "include"))
        repo.screening.decide(ScreeningInfo(record, ben.id, "full-text", "exclude", MARKER))
        repo.conflicts.assign([study.id], alice, ben)
    copy = tmp_path / "alice.extractor"
    assert run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", copy)[0] == 0
    assert MARKER.encode() not in copy.read_bytes()
    with ProjectFile.open(copy) as project, project.transaction() as repo:
        [kept] = repo.screening.decisions()
        assert (kept.reviewer_id, kept.decision) == (alice.id, "include")
        assert repo.session.execute(text("SELECT count(*) FROM assignment")).scalar() == 0
        assert repo.prisma.load().numbers["records_screened"] == 350  # the lead's counts stay


def test_a_share_that_cannot_be_written_changes_nothing(lead, tmp_path, capsys):
    before = dump(lead)
    out = tmp_path / "out"
    out.mkdir()
    target = out / ("x" * 245 + ".extractor")  # its temporary name is too long to exist
    code, _, err = run_cli(capsys, "share", lead, "--reviewer", "New Person", "-o", target)
    assert code == 1 and "cannot be written" in err
    assert dump(lead) == before  # no reviewer added, no share logged
    assert list(out.iterdir()) == []


def test_a_share_that_fails_half_way_leaves_nothing_behind(lead, tmp_path, capsys, monkeypatch):
    from extractor.store import sharing

    def full_disk(incomplete, target):
        raise OSError(28, "No space left on device")

    before = dump(lead)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(sharing, "_move_into_place", full_disk)
    code, _, err = run_cli(capsys, "share", lead, "--reviewer", "New Person", "-o", out / "c")
    assert code == 1 and "No space left" in err
    assert dump(lead) == before
    assert list(out.iterdir()) == []


def alice_package(copy, tmp_path, capsys, name):
    path = tmp_path / name
    code, _, err = run_cli(
        capsys, "package", "export", copy, "--reviewer", "Alice Moreau", "-o", path
    )
    assert code == 0, err
    return path


def test_an_older_package_replayed_after_a_newer_one_is_refused(lead, tmp_path, capsys):
    copy = tmp_path / "alice.extractor"
    run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", copy)
    first = alice_package(copy, tmp_path, capsys, "1.zip")
    second = alice_package(copy, tmp_path, capsys, "2.zip")
    assert run_cli(capsys, "package", "import", lead, second)[0] == 0
    before = dump(lead)
    code, _, err = run_cli(capsys, "package", "import", lead, first)
    assert code == 1 and "package 1 of Alice Moreau is older than package 2" in err
    assert dump(lead) == before
    code, out, _ = run_cli(capsys, "package", "import", lead, second)
    assert code == 0 and "already imported" in out


def test_a_second_copy_of_a_reviewer_goes_on_numbering(lead, tmp_path, capsys):
    first_copy, second_copy = tmp_path / "a1.extractor", tmp_path / "a2.extractor"
    run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", first_copy)
    run_cli(capsys, "package", "import", lead, alice_package(first_copy, tmp_path, capsys, "1.zip"))
    run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", second_copy)
    code, out, err = run_cli(
        capsys, "package", "import", lead, alice_package(second_copy, tmp_path, capsys, "2.zip")
    )
    assert code == 0 and "package 2" in out, err


def test_a_package_from_a_copy_of_another_project_file_is_refused(lead, tmp_path, capsys):
    import shutil

    twin = tmp_path / "twin.extractor"
    shutil.copyfile(lead, twin)  # the same project id, its own keys
    copy = tmp_path / "alice-of-twin.extractor"
    run_cli(capsys, "share", twin, "--reviewer", "Alice Moreau", "-o", copy)
    run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", tmp_path / "alice.extractor")
    before = dump(lead)
    package = alice_package(copy, tmp_path, capsys, "twin.zip")
    code, _, err = run_cli(capsys, "package", "import", lead, package)
    assert code == 1 and "not signed with Alice Moreau's key" in err
    assert dump(lead) == before


def test_a_package_given_to_a_reviewers_copy_is_refused(lead, tmp_path, capsys):
    alice, ben = tmp_path / "alice.extractor", tmp_path / "ben.extractor"
    run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", alice)
    run_cli(capsys, "share", lead, "--reviewer", "Ben Okafor", "-o", ben)
    before = dump(ben)
    package = alice_package(alice, tmp_path, capsys, "alice.zip")
    code, _, err = run_cli(capsys, "package", "import", ben, package)
    assert code == 1 and "this is Ben Okafor's copy" in err
    assert dump(ben) == before


def test_a_package_may_not_touch_studies_assigned_to_others(lead, tmp_path, capsys):
    copy = tmp_path / "alice.extractor"
    run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", copy)
    package = alice_package(copy, tmp_path, capsys, "alice.zip")
    run_cli(
        capsys, "assign", lead, "--a", "Ben Okafor", "--b", "Chloe Third", "--study", "Kolev et al"
    )
    before = dump(lead)
    code, _, err = run_cli(capsys, "package", "import", lead, package)
    assert code == 1 and "Kolev et al is assigned to other reviewers" in err
    assert dump(lead) == before


def test_a_package_rewritten_to_name_another_reviewer_with_a_copy_is_refused(
    lead, package, tmp_path, capsys
):
    LEAD_PATH[:] = [lead]
    run_cli(capsys, "share", lead, "--reviewer", "Ben Okafor", "-o", tmp_path / "ben.extractor")
    forged = tmp_path / "forged.zip"
    rewrite(package, forged, claims("Ben Okafor"))
    before = dump(lead)
    code, _, err = run_cli(capsys, "package", "import", lead, forged)
    assert code == 1 and "not signed with Ben Okafor's key" in err
    assert dump(lead) == before


def seal_broken_in(copy, statement):
    """Change a copy's audit log as an SQLite editor would, outside Extractor."""
    import sqlite3

    with sqlite3.connect(copy) as connection:
        connection.execute(statement)
    connection.close()


def test_a_package_whose_audit_log_was_edited_outside_extractor_is_refused(lead, tmp_path, capsys):
    copy = make_copy_with_answers(
        lead, tmp_path, capsys, "Chloe Third", "study,country\nKolev et al,Switzerland\n"
    )
    seal_broken_in(
        copy,
        "UPDATE audit_event SET new = '\"Austria\"' WHERE id = "
        "(SELECT max(id) FROM audit_event WHERE action = 'answer.set')",
    )
    package = tmp_path / "chloe.zip"
    run_cli(capsys, "package", "export", copy, "--reviewer", "Chloe Third", "-o", package)
    before = dump(lead)
    code, _, err = run_cli(capsys, "package", "import", lead, package)
    assert code == 1, err
    assert "Chloe Third's audit log in the package does not hold at event" in err
    assert "answer.set): edited outside Extractor; refused" in err
    assert dump(lead) == before


def test_a_history_cut_short_after_a_package_is_refused(lead, tmp_path, capsys):
    copy = make_copy_with_answers(
        lead, tmp_path, capsys, "Chloe Third", "study,country\nKolev et al,Switzerland\n"
    )
    first = tmp_path / "1.zip"
    run_cli(capsys, "package", "export", copy, "--reviewer", "Chloe Third", "-o", first)
    code, _, err = run_cli(capsys, "package", "import", lead, first)
    assert code == 0, err
    # The last event of her chain removed, then work goes on: the chain itself holds.
    seal_broken_in(
        copy,
        "DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event WHERE chain = "
        "(SELECT id FROM reviewer WHERE name = 'Chloe Third'))",
    )
    later = tmp_path / "later.csv"
    later.write_text("study,country\nKolev et al,Norway\n")
    run_cli(capsys, "import", "extractions", copy, later, "--reviewer", "Chloe Third")
    second = tmp_path / "2.zip"
    run_cli(capsys, "package", "export", copy, "--reviewer", "Chloe Third", "-o", second)
    before = dump(lead)
    code, _, err = run_cli(capsys, "package", "import", lead, second)
    assert code == 1, err
    assert "Chloe Third's audit log no longer begins with the" in err
    assert "their history was rewritten since" in err
    assert dump(lead) == before


def test_a_new_copy_of_a_reviewer_starts_a_history_of_its_own(lead, tmp_path, capsys):
    copy = make_copy_with_answers(
        lead, tmp_path, capsys, "Chloe Third", "study,country\nKolev et al,Switzerland\n"
    )
    first = tmp_path / "1.zip"
    run_cli(capsys, "package", "export", copy, "--reviewer", "Chloe Third", "-o", first)
    code, _, err = run_cli(capsys, "package", "import", lead, first)
    assert code == 0, err
    copy.unlink()  # a laptop lost: the lead shares again
    again = make_copy_with_answers(
        lead, tmp_path, capsys, "Chloe Third", "study,country\nKolev et al,Norway\n"
    )
    second = tmp_path / "2.zip"
    run_cli(capsys, "package", "export", again, "--reviewer", "Chloe Third", "-o", second)
    code, _, err = run_cli(capsys, "package", "import", lead, second)
    assert code == 0, err
    with ProjectFile.open(lead) as project, project.reading() as repo:
        imports = repo.audit.entries(actions=("package.import",))
    assert "audit log of" in imports[-1].detail and "verified" in imports[-1].detail
