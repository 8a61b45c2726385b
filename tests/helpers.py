"""Helpers shared by tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from extractor.cli import main


def dump(path: Path) -> list[str]:
    """The whole logical content of a database, to check that nothing changed."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def run_cli(capsys, *args: object) -> tuple[int, str, str]:
    """Run the command line in-process; returns exit status, stdout and stderr."""
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def sourced(label, data, ref=None, **gaps):
    """A study's answers as an export gathers them: one reviewer's unless `gaps`
    (open_cells, open_rows, complete) say otherwise."""
    from extractor.core.model import Citation, StudyInfo
    from extractor.core.sources import Sourced

    study = StudyInfo(label, label, ref, Citation())
    if gaps:
        return Sourced(study, None, data, **gaps)
    return Sourced.alone(study, None, data)
