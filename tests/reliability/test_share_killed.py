"""A share killed at any moment leaves no unpruned copy anywhere, and the project
opens as before."""

import os
import random
import signal
import subprocess
import sys

from extractor.store.project import ProjectFile

from helpers import dump

MARKER = "Zanzibar-only-Ben-wrote-this"
KILLS = int(os.environ.get("EXTRACTOR_SHARE_KILLS", "6"))


def test_killed_shares_leave_no_copy_of_another_reviewers_answers(demo_path, tmp_path):
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        form = repo.forms.get("aih")
        ben = repo.reviewers.find("Ben Okafor")
        study = repo.studies.find("Kolev et al")
        repo.answers.set_value(study.id, form, ben.id, "comparison", MARKER)
    before = dump(demo_path)
    out = tmp_path / "out"
    out.mkdir()
    chance = random.Random(13)
    environment = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    for attempt in range(KILLS):
        target = out / f"copy-{attempt}.extractor"
        command = [sys.executable, "-m", "extractor", "share", str(demo_path)]
        command += ["--reviewer", f"Reviewer {attempt}", "-o", str(target)]
        run = subprocess.Popen(command, env=environment, stderr=subprocess.DEVNULL)
        try:
            run.wait(timeout=chance.uniform(0.3, 2.5))
        except subprocess.TimeoutExpired:
            run.send_signal(signal.SIGKILL)
            run.wait()
    for folder in (out, tmp_path / "tmp"):
        for path in folder.rglob("*"):
            assert MARKER.encode() not in path.read_bytes(), path
    after = dump(demo_path)
    assert [line for line in before if line not in after] == []  # only shares were added
