"""A value's history: who set what, when, from where, old and new."""

import json

from extractor.store.project import ProjectFile

from helpers import run_cli


def test_history_tells_typed_imported_packaged_and_resolved_changes_apart(
    demo_path, tmp_path, capsys
):
    answers = tmp_path / "ben.csv"
    answers.write_text("study,comparison\nKolev et al,Placebo\n")
    code, _, err = run_cli(
        capsys, "import", "extractions", demo_path, answers, "--reviewer", "Ben Okafor"
    )
    assert code == 0, err
    resolve = ["resolve", demo_path, "--study", "Kolev et al", "--field", "comparison"]
    code, _, err = run_cli(capsys, *resolve, "--take", "B", "--reason", "protocol says so")
    assert code == 0, err
    code, out, _ = run_cli(
        capsys, "history", demo_path, "--study", "Kolev et al", "--field", "comparison", "--json"
    )
    changes = json.loads(out)
    sources = [(c["reviewer"], c["old"], c["new"], c["source"]) for c in changes]
    assert ("Ben Okafor", "Placebo", "imported from ben.csv") in [
        (r, n, s) for r, _, n, s in sources
    ]
    assert any(s.startswith("resolution: took B: protocol says so") for *_, s in sources)
    assert all(c["study"] == "Kolev et al" and c["field"] == "comparison" for c in changes)


def test_history_filters_by_reviewer_and_a_group_takes_in_its_rows(demo_path, capsys):
    code, out, _ = run_cli(capsys, "history", demo_path, "--reviewer", "Alice Moreau", "--json")
    assert code == 0
    changes = json.loads(out)
    assert changes and {c["reviewer"] for c in changes} == {"Alice Moreau"}
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        groups = [g.key for g in repo.forms.get("aih").groups()]
    _, out, _ = run_cli(capsys, "history", demo_path, "--field", groups[0], "--json")
    fields = {c["field"] for c in json.loads(out)}
    assert fields and all(f.startswith(f"{groups[0]}[") for f in fields)


def test_history_of_an_unknown_study_says_so(demo_path, capsys):
    code, _, err = run_cli(capsys, "history", demo_path, "--study", "Nobody et al")
    assert code == 1 and "no study 'Nobody et al'" in err
