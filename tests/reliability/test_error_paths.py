"""A command that fails changes nothing: every check comes before any write."""

import pytest

from helpers import dump, run_cli

FAILING = [
    ["assign", "{p}", "--a", "New One", "--b", "New Two", "--study", "No Such Study"],
    ["assign", "{p}", "--a", "Alice Moreau", "--b", "Alice Moreau"],
    ["resolve", "{p}", "--study", "Kolev et al", "--field", "nope", "--take", "A"],
    ["resolve", "{p}", "--study", "Nobody", "--field", "country", "--take", "A", "--by", "X Y"],
    ["import", "rob", "{p}", "{t}/missing.csv", "--tool", "QUIPS", "--reviewer", "New Person"],
    ["export", "tables", "{p}", "-o", "{t}/t.txt", "--fields", "country"],
    ["export", "tables", "{p}", "-o", "{t}/missing/t.pdf", "--fields", "country"],
    ["export", "synthesis", "{p}", "--by", "nope", "-o", "{t}/s.csv"],
    ["export", "rob", "{p}", "-o", "{t}/r.jpg", "--tool", "QUIPS"],
    ["export", "data", "{p}", "-o", "{t}/d.csv", "--source", "all"],
    ["agreement", "{p}", "-o", "{t}/a.txt"],
    ["package", "export", "{p}", "--reviewer", "Nobody", "-o", "{t}/p.zip"],
    ["share", "{p}", "--reviewer", "Consensus", "-o", "{t}/c.extractor"],
    ["share", "{p}", "--reviewer", "New Person", "-o", "{p}"],
    ["form", "export", "{p}", "aih", "-o", "{p}"],
    ["import", "extractions", "{p}", "{t}/missing.csv", "--reviewer", "New Person"],
    ["import", "pdfs", "{p}", "{t}/missing.pdf"],
]


@pytest.mark.parametrize("command", FAILING, ids=[" ".join(c[:2]) for c in FAILING])
def test_a_failing_command_leaves_the_project_as_it_was(demo_path, tmp_path, capsys, command):
    before = dump(demo_path)
    arguments = [a.replace("{p}", str(demo_path)).replace("{t}", str(tmp_path)) for a in command]
    code, _, err = run_cli(capsys, *arguments)
    assert code in (1, 2), err
    assert err.startswith(("extractor:", "usage:")), err
    assert dump(demo_path) == before
