"""Two processes writing to one project (the window and the command line) never
lose an update: each read-modify-write is one BEGIN IMMEDIATE transaction."""

import subprocess
import sys

from extractor.store.project import ProjectFile

ROUNDS = 15
WRITER = """
import sys
from pathlib import Path
from extractor.app.exchange import export_package
from extractor.app.project import open_project, retry_when_busy

path, name, folder = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
with open_project(path) as project:
    for n in range({rounds}):
        retry_when_busy(lambda: export_package(project, "Alice Moreau", folder / f"{{name}}-{{n}}.zip"))
"""


def test_two_processes_numbering_packages_never_reuse_a_number(demo_path, tmp_path):
    script = WRITER.format(rounds=ROUNDS)
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(demo_path), name, str(tmp_path)])
        for name in ("window", "command")
    ]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    with ProjectFile.open(demo_path) as project, project.reading() as repo:
        alice = repo.reviewers.find("Alice Moreau")
        assert repo.settings.get(f"package:sent:{alice.id}") == 2 * ROUNDS
        _, broken = repo.audit.verify()
    assert broken is None
    assert len(list(tmp_path.glob("*.zip"))) == 2 * ROUNDS
