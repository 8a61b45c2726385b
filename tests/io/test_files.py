"""Outputs are written whole or not at all, and never over a project."""

import os

import pytest

from extractor.core.errors import ExtractorError
from extractor.io.files import write_output
from extractor.store.project import ProjectFile

from helpers import dump, run_cli


def test_an_output_onto_the_project_is_refused_and_the_project_survives(project, capsys):
    before = dump(project.path)
    project.close()
    code, _, err = run_cli(capsys, "form", "export", project.path, "aih", "-o", project.path)
    assert code == 1 and "outputs never overwrite" in err
    assert dump(project.path) == before


def test_an_output_onto_any_project_or_a_folder_is_refused(tmp_path):
    other = tmp_path / "other.extractor"
    ProjectFile.create(other, "Other").close()
    with pytest.raises(ExtractorError, match="outputs never overwrite"):
        write_output(other, "text")
    with pytest.raises(ExtractorError, match="is a folder"):
        write_output(tmp_path, "text")
    with pytest.raises(ExtractorError, match="does not exist"):
        write_output(tmp_path / "missing" / "out.csv", "text")


def test_a_link_in_place_of_the_temporary_file_is_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / ".out.csv.part").symlink_to(victim)
    write_output(tmp_path / "out.csv", "a,b\n")
    assert victim.read_text() == "keep me"
    assert (tmp_path / "out.csv").read_text() == "a,b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "victim.txt"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    out = tmp_path / "out.csv"
    out.write_text("old")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ExtractorError, match="No space left"):
        write_output(out, "new")
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
