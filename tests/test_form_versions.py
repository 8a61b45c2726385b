"""A form revised after answers exist: every answer carried to its field in the new
version, converted, or (asked first) kept in the audit log and the old version's
data; packages made on an older version carried by the same rules."""

from __future__ import annotations

import json

from extractor.store.project import ProjectFile

from helpers import dump, run_cli


def exported_form(capsys, project, tmp_path):
    out = tmp_path / "aih.json"
    assert run_cli(capsys, "form", "export", project, "aih", "-o", out)[0] == 0
    return json.loads(out.read_text(encoding="utf-8"))


def written(tmp_path, definition, name="aih-2.json"):
    path = tmp_path / name
    path.write_text(json.dumps(definition), encoding="utf-8")
    return path


def section(definition, title):
    return next(s for s in definition["sections"] if s["title"] == title)["fields"]


def field(definition, key):
    for s in definition["sections"]:
        for item in s["fields"]:
            if item["key"] == key:
                return item
    raise KeyError(key)


def gentle(definition):
    """Renamed, moved and reordered fields, an added choice, integer to decimal: every
    answer can be carried."""
    field(definition, "country")["label"] = "Country of the study"
    field(definition, "design")["options"].append("Registry")
    arms = field(definition, "arms")
    next(s for s in arms["fields"] if s["key"] == "patients")["type"] = "decimal"
    arms["fields"].reverse()
    comparison = section(definition, "Interventions").pop()
    section(definition, "Study").insert(0, comparison)
    return definition


def harsh(definition):
    """A removed field, a removed choice in use, and text to whole numbers."""
    participants = section(definition, "Participants")
    participants.remove(field(definition, "comorbidity"))
    field(definition, "design")["options"].remove("Case series")
    field(definition, "age")["type"] = "integer"
    return definition


def all_data(capsys, project, tmp_path):
    out = tmp_path / "all.json"
    assert run_cli(capsys, "export", "data", project, "-o", out, "--source", "all")[0] == 0
    return {
        (s["label"], e["reviewer"]): e
        for s in json.loads(out.read_text(encoding="utf-8"))["studies"]
        for e in s["extractions"]
        if e.get("form", "aih") == "aih" and "values" in e and "country" in e["values"]
    }


def test_answers_follow_renamed_moved_and_retyped_fields_into_the_new_version(
    demo_path, tmp_path, capsys
):
    before = all_data(capsys, demo_path, tmp_path)
    changed = written(tmp_path, gentle(exported_form(capsys, demo_path, tmp_path)))
    code, out, err = run_cli(capsys, "form", "import", demo_path, changed)
    assert code == 0, err
    assert "version 1 → 2" in out
    assert (
        "renamed         Country of the study (country): 'Country' → 'Country of the study'" in out
    )
    assert "choices added   Study design (design): 'Registry'" in out
    assert "moved           Comparison (comparison): section 'Interventions' → 'Study'" in out
    assert "Patients (arms.patients): integer → decimal (23 answers, all converted)" in out
    after = all_data(capsys, demo_path, tmp_path)
    assert after.keys() == before.keys()
    for place, extraction in before.items():
        assert after[place]["values"] == extraction["values"]
        patients = [row["patients"] for row in extraction["groups"]["arms"]]
        now = [row["patients"] for row in after[place]["groups"]["arms"]]
        assert now == patients and all(isinstance(n, float) for n in now if n is not None)
    assert exported_form(capsys, demo_path, tmp_path)["version"] == 2
    # The same file again changes nothing and makes no version.
    code, out, _ = run_cli(capsys, "form", "import", demo_path, changed)
    assert (code, out.strip()) == (0, "form 'aih' is unchanged (version 2)")


def test_answers_that_cannot_be_carried_are_listed_and_go_only_with_yes(
    demo_path, tmp_path, capsys
):
    changed = written(tmp_path, harsh(exported_form(capsys, demo_path, tmp_path)))
    untouched = dump(demo_path)
    code, out, _ = run_cli(capsys, "form", "import", demo_path, changed, "--dry-run")
    assert code == 0 and out.strip().endswith("nothing changed (--dry-run)")
    assert "removed         Patient comorbidity (comorbidity): longtext (22 answers removed)" in out
    assert "Study design (design): 'Case series' (22 answers, 9 holding a removed choice)" in out
    assert "Age (age): text → integer (22 answers, 14 converted, 8 cannot be)" in out
    assert "Kolev et al (Alice Moreau), age: '37-65': '37-65' is not a whole number" in out
    assert (
        "Carey et al (Ben Okafor), design: 'Case series': 'Case series' is no longer a choice"
        in out
    )
    assert dump(demo_path) == untouched

    code, _, err = run_cli(capsys, "form", "import", demo_path, changed)
    assert (
        code == 1 and "39 answers cannot be carried to the new version; run again with --yes" in err
    )
    assert dump(demo_path) == untouched

    code, out, err = run_cli(capsys, "form", "import", demo_path, changed, "--yes")
    assert code == 0, err
    after = all_data(capsys, demo_path, tmp_path)
    kolev, carey = after[("Kolev et al", "Alice Moreau")], after[("Carey et al", "Alice Moreau")]
    assert "comorbidity" not in kolev["values"] and "age" not in kolev["values"]
    assert carey["values"]["age"] == 44 and carey["values"]["design"] == "Case report"

    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        retired = repo.audit.entries(actions=("answer.retire",))
    assert len(retired) == 39
    kolev_age = next(e for e in retired if e.study == "Kolev et al" and e.field == "age")
    assert kolev_age.old == "37-65" and "'37-65' is not a whole number" in kolev_age.detail

    code, out, _ = run_cli(capsys, "form", "versions", demo_path, "aih", "--json")
    history = json.loads(out)
    assert history["version"] == 2
    assert history["replaced"][0]["version"] == 1
    assert history["replaced"][0]["data_of"] == ["Alice Moreau", "Ben Okafor"]
    kept = tmp_path / "version-1.json"
    code, _, err = run_cli(
        capsys, "export", "data", demo_path, "-o", kept, "--form", "aih", "--version", "1"
    )
    assert code == 0, err
    old = json.loads(kept.read_text(encoding="utf-8"))
    assert old["definition"]["version"] == 1 and field(old["definition"], "comorbidity")
    alice = next(r for r in old["reviewers"] if r["reviewer"] == "Alice Moreau")
    kolev_then = next(e for e in alice["extractions"] if e["study"] == "Kolev et al")
    assert kolev_then["answers"]["age"] == "37-65"
    assert kolev_then["answers"]["comorbidity"].startswith("Pt 1: AIH, Sjogren disease")
    old_form = tmp_path / "aih-1.json"
    assert (
        run_cli(capsys, "form", "export", demo_path, "aih", "--version", "1", "-o", old_form)[0]
        == 0
    )
    assert field(json.loads(old_form.read_text(encoding="utf-8")), "comorbidity")


def retirements(path) -> int:
    with ProjectFile.open(path) as project, project.reading() as repo:
        return len(repo.audit.entries(actions=("answer.retire",)))


def test_a_package_made_on_an_older_version_is_carried_and_a_newer_one_refused(
    demo_path, tmp_path, capsys
):
    lead, alice = demo_path, tmp_path / "alice.extractor"
    assert run_cli(capsys, "share", lead, "--reviewer", "Alice Moreau", "-o", alice)[0] == 0
    older_lead = tmp_path / "older-lead.extractor"
    older_lead.write_bytes(lead.read_bytes())
    changed = written(tmp_path, harsh(gentle(exported_form(capsys, lead, tmp_path))))
    assert run_cli(capsys, "form", "import", lead, changed, "--yes")[0] == 0

    package = tmp_path / "alice-1.zip"  # made on version 1
    assert (
        run_cli(capsys, "package", "export", alice, "--reviewer", "Alice Moreau", "-o", package)[0]
        == 0
    )
    retired = retirements(lead)
    code, out, err = run_cli(capsys, "package", "import", lead, package)
    assert code == 0, err
    assert retirements(lead) == retired  # the lead's revision keeps them already: not twice
    assert "0 values changed" in out  # carried exactly as the lead's revision carried them
    assert "19 answers made on an older version of a form cannot be carried" in out
    assert "Kolev et al, age: '37-65': made on version 1 of form 'aih'" in out

    update = tmp_path / "update.zip"
    assert run_cli(capsys, "package", "export", lead, "--update", "-o", update)[0] == 0
    code, out, err = run_cli(capsys, "package", "import", alice, update)
    assert code == 0, err
    code, out, _ = run_cli(capsys, "form", "versions", alice, "aih", "--json")
    assert json.loads(out)["version"] == 2
    mine = all_data(capsys, alice, tmp_path)[("Carey et al", "Alice Moreau")]
    assert mine["values"]["age"] == 44 and "comorbidity" not in mine["values"]

    newer = tmp_path / "alice-2.zip"  # made on version 2
    assert (
        run_cli(capsys, "package", "export", alice, "--reviewer", "Alice Moreau", "-o", newer)[0]
        == 0
    )
    untouched = dump(older_lead)
    code, _, err = run_cli(capsys, "package", "import", older_lead, newer)
    assert code == 1
    assert "made on version 2 of form 'aih', newer than this project's version 1" in err
    assert dump(older_lead) == untouched


def test_decisions_on_disagreements_follow_the_new_version_or_are_reopened(
    demo_path, tmp_path, capsys
):
    for study, place, option, value in (
        ("Carey et al", "design", "--take", "B"),  # Case series: no longer a choice
        ("Burak et al", "arms[1].improved", "--value", "6"),
    ):
        args = ("resolve", demo_path, "--study", study, "--field", place, option, value)
        assert run_cli(capsys, *args)[0] == 0
    changed = written(tmp_path, harsh(exported_form(capsys, demo_path, tmp_path)))
    code, out, _ = run_cli(capsys, "form", "import", demo_path, changed, "--dry-run")
    assert "1 decision on disagreements cannot be carried and will be reopened" in out
    assert (
        "Carey et al (decision), design: 'Case series': 'Case series' is no longer a choice" in out
    )
    assert run_cli(capsys, "form", "import", demo_path, changed, "--yes")[0] == 0
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        reopened = repo.audit.entries(actions=("conflict.reopen",))
    assert [(e.study, e.field, e.old) for e in reopened] == [
        ("Carey et al", "design", "Case series")
    ]
    # The other decisions stand, and deciding goes on.
    code, out, _ = run_cli(capsys, "conflicts", demo_path, "--json")
    burak = next(c for c in json.loads(out) if c["field"] == "arms[1].improved")
    assert burak["resolved"]
    args = ("resolve", demo_path, "--study", "Wong et al", "--field", "aih_type", "--take", "A")
    code, _, err = run_cli(capsys, *args)
    assert code == 0, err


def test_the_quotes_behind_answers_that_go_are_kept_with_the_old_versions_data(
    demo_path, tmp_path, capsys
):
    changed = written(tmp_path, harsh(exported_form(capsys, demo_path, tmp_path)))
    assert run_cli(capsys, "form", "import", demo_path, changed, "--yes")[0] == 0
    kept = tmp_path / "v1.json"
    args = ("export", "data", demo_path, "-o", kept, "--form", "aih", "--version", "1")
    assert run_cli(capsys, *args)[0] == 0
    extractions = [e for r in json.loads(kept.read_text())["reviewers"] for e in r["extractions"]]
    quoted = [
        e
        for e in extractions
        if e["answers"].get("design") == "Case series" and "design" in e["quotes"]
    ]
    assert quoted, "a retired design answer's quote is kept"
    quote = quoted[0]["quotes"]["design"][0]
    assert quote["quote"] and quote["page"] >= 1 and quote["rects"]


def test_a_reviewers_copy_takes_its_forms_from_the_lead_only(demo_path, tmp_path, capsys):
    alice = tmp_path / "alice.extractor"
    assert run_cli(capsys, "share", demo_path, "--reviewer", "Alice Moreau", "-o", alice)[0] == 0
    changed = written(tmp_path, gentle(exported_form(capsys, demo_path, tmp_path)))
    code, _, err = run_cli(capsys, "form", "import", alice, changed)
    assert code == 1 and "is Alice Moreau's copy: its forms are the lead's" in err


def test_a_package_made_on_a_version_the_lead_no_longer_holds_is_refused(
    demo_path, tmp_path, capsys
):
    import sqlite3

    alice = tmp_path / "alice.extractor"
    assert run_cli(capsys, "share", demo_path, "--reviewer", "Alice Moreau", "-o", alice)[0] == 0
    changed = written(tmp_path, gentle(exported_form(capsys, demo_path, tmp_path)))
    assert run_cli(capsys, "form", "import", demo_path, changed)[0] == 0
    with sqlite3.connect(demo_path) as connection:  # as a project from before versions were kept
        connection.execute("DELETE FROM form_version")
    package = tmp_path / "alice.zip"
    assert (
        run_cli(capsys, "package", "export", alice, "--reviewer", "Alice Moreau", "-o", package)[0]
        == 0
    )
    untouched = dump(demo_path)
    code, _, err = run_cli(capsys, "package", "import", demo_path, package)
    assert (
        code == 1 and "made on version 1 of form 'aih', which this project no longer holds" in err
    )
    assert dump(demo_path) == untouched


def test_saving_a_form_opened_at_an_older_version_is_refused(demo_path, tmp_path, capsys):
    import pytest

    from extractor.app.form_revision import revise_form
    from extractor.app.project import read_form
    from extractor.core.errors import RefusedError

    changed = written(tmp_path, gentle(exported_form(capsys, demo_path, tmp_path)))
    assert run_cli(capsys, "form", "import", demo_path, changed)[0] == 0  # now version 2
    stale = read_form(written(tmp_path, harsh(exported_form(capsys, demo_path, tmp_path))))
    with (
        ProjectFile.open(demo_path) as project,
        pytest.raises(RefusedError, match="is at version 2 now, not 1"),
    ):
        revise_form(project, stale, "changed in the form editor", based_on=1)


def test_an_older_update_package_never_takes_a_copy_back_to_an_older_form(
    demo_path, tmp_path, capsys
):
    alice = tmp_path / "alice.extractor"
    assert run_cli(capsys, "share", demo_path, "--reviewer", "Alice Moreau", "-o", alice)[0] == 0
    first, second = tmp_path / "update-1.zip", tmp_path / "update-2.zip"
    assert run_cli(capsys, "package", "export", demo_path, "--update", "-o", first)[0] == 0
    changed = written(tmp_path, gentle(exported_form(capsys, demo_path, tmp_path)))
    assert run_cli(capsys, "form", "import", demo_path, changed)[0] == 0
    assert run_cli(capsys, "package", "export", demo_path, "--update", "-o", second)[0] == 0
    assert run_cli(capsys, "package", "import", alice, second)[0] == 0
    untouched = dump(alice)
    code, _, err = run_cli(capsys, "package", "import", alice, first)
    assert code == 1 and "an older update: it brings version 1 of form 'aih'" in err
    assert dump(alice) == untouched


def arms_of(definition):
    return field(definition, "arms")["fields"]


def test_a_decision_on_a_row_whose_pairing_may_change_is_reopened_never_moved(
    demo_path, tmp_path, capsys
):
    from extractor.core.model import ExtractionData

    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        form, study = repo.forms.get("aih"), repo.studies.find("Jenkins et al")
        people = {r.name: r for r in repo.reviewers.list()}
        for name, rows in (
            ("Alice Moreau", [{"dose": "5 mg"}, {"patients": 1}]),
            ("Ben Okafor", [{"patients": 2}, {"patients": 3}]),
        ):
            data = ExtractionData(groups={"arms": rows})
            repo.answers.write(study.id, form, people[name].id, data, fields=set(), groups={"arms"})
    for place in ("arms[1].patients", "arms[2].patients"):
        args = ("resolve", demo_path, "--study", "Jenkins et al", "--field", place, "--take", "B")
        assert run_cli(capsys, *args)[0] == 0
    definition = exported_form(capsys, demo_path, tmp_path)
    arms = field(definition, "arms")
    arms["fields"] = [sub for sub in arms["fields"] if sub["key"] != "dose"]
    changed = written(tmp_path, definition)
    code, out, _ = run_cli(capsys, "form", "import", demo_path, changed)
    assert code == 1  # two decisions would be reopened: asked first
    assert "Jenkins et al (decision), arms[1].patients: '2': the rows of its group" in out
    assert run_cli(capsys, "form", "import", demo_path, changed, "--yes")[0] == 0
    code, out, _ = run_cli(capsys, "conflicts", demo_path, "--json")
    jenkins = [c for c in json.loads(out) if c["study"] == "Jenkins et al"]
    assert jenkins and not any(c["resolved"] for c in jenkins)  # none settled by another's decision


def test_a_whole_row_decision_keeps_its_row_without_a_removed_empty_field(
    demo_path, tmp_path, capsys
):
    definition = exported_form(capsys, demo_path, tmp_path)
    arms_of(definition).append({"key": "route", "label": "Route", "type": "text"})
    assert (
        run_cli(capsys, "form", "import", demo_path, written(tmp_path, definition, "v2.json"))[0]
        == 0
    )
    args = ("resolve", demo_path, "--study", "Jenkins et al", "--field", "arms[2]", "--take", "B")
    assert run_cli(capsys, *args)[0] == 0
    field(definition, "arms")["fields"] = [s for s in arms_of(definition) if s["key"] != "route"]
    code, out, err = run_cli(
        capsys, "form", "import", demo_path, written(tmp_path, definition, "v3.json")
    )
    assert code == 0, err  # nothing is lost: no --yes needed
    assert "decision" not in out
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        kept = {d.path: d.value for d in repo.form_versions.decisions("aih")}
    assert kept["arms[2]"] == {"agent": "Adalimumab", "patients": 1, "improved": 0}


def test_a_copy_numbered_ahead_of_the_lead_takes_the_same_form_back_under_its_number(
    demo_path, tmp_path, capsys
):
    import sqlite3

    alice = tmp_path / "alice.extractor"
    assert run_cli(capsys, "share", demo_path, "--reviewer", "Alice Moreau", "-o", alice)[0] == 0
    with sqlite3.connect(alice) as connection:  # a copy numbered by an earlier Extractor
        connection.execute(
            "UPDATE form SET version = 3, definition = json_set(definition, '$.version', 3) "
            "WHERE key = 'aih'"
        )
    update = tmp_path / "update.zip"
    assert run_cli(capsys, "package", "export", demo_path, "--update", "-o", update)[0] == 0
    code, _, err = run_cli(capsys, "package", "import", alice, update)
    assert code == 0, err
    code, out, _ = run_cli(capsys, "form", "versions", alice, "aih", "--json")
    assert json.loads(out)["version"] == 1
