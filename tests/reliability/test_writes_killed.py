"""Killed while it saves answers, one transaction each, the project loses none that
it said were saved, keeps its audit chains whole and opens as before.

Each run saves answers into distinct fields, printing each once it is committed,
and is killed with SIGKILL after a seeded number of them, often in the middle of
the next. Set EXTRACTOR_KILLS for the long run (the issue's figure is 200)."""

import os
import random
import signal
import sqlite3
import subprocess
import sys

import pytest

from extractor.store.project import ProjectFile

KILLS = int(os.environ.get("EXTRACTOR_KILLS", "6"))

WRITER = """
import sys
from extractor.app.desktop import ReviewerProfile
from extractor.app.extraction import save_value
from extractor.store.project import ProjectFile

path, run = sys.argv[1], sys.argv[2]
profile = ReviewerProfile("writer-profile", "Wren Writer", "WW")
with ProjectFile.open(path) as project:
    with project.reading() as repo:
        form = repo.forms.get("aih")
        studies = [s.id for s in repo.studies.list()]
        fields = [f.key for f in form.scalar_fields() if f.type == "text"]
    slots = [(s, f) for f in fields for s in studies]
    for number, (study, field) in enumerate(slots):
        value = f"run {run}, answer {number}"
        save_value(project, profile, study, "aih", field, value)
        print(number, study, field, value, sep="\\t", flush=True)
"""


def saved_values(path):
    with ProjectFile.open(path) as project, project.reading() as repo:
        form = repo.forms.get("aih")
        writer = repo.reviewers.find("Wren Writer")
        if writer is None:
            return {}
        return {
            (study.id, key): value
            for study in repo.studies.list()
            for key, value in repo.answers.load(study.id, form, writer.id).values.items()
        }


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_answers_said_saved_survive_a_kill_at_any_moment(team_demo_path, tmp_path):
    demo_path = team_demo_path
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    chance = random.Random(20261203)
    confirmed_total = lost = 0
    for run in range(KILLS):
        wanted = chance.randrange(1, 30)
        writer = subprocess.Popen(
            [sys.executable, str(script), str(demo_path), str(run)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        confirmed = []
        assert writer.stdout is not None
        for line in writer.stdout:
            confirmed.append(line.rstrip("\n").split("\t"))
            if len(confirmed) == wanted:
                break
        writer.send_signal(signal.SIGKILL)  # most often while the next answer is saved
        writer.wait()
        assert len(confirmed) == wanted, "the writer stopped before it was killed"

        values = saved_values(demo_path)
        confirmed_total += len(confirmed)
        lost += sum(
            1 for _, study, field, value in confirmed if values.get((study, field)) != value
        )
        with sqlite3.connect(demo_path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        connection.close()
        with ProjectFile.open(demo_path) as project, project.reading() as repo:
            events, broken = repo.audit.verify()
        assert broken is None, f"run {run}: {broken}"
    print(f"{KILLS} kills, {confirmed_total} answers said saved, {lost} lost, {events} events")
    assert lost == 0
