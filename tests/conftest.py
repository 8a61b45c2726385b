"""Shared fixtures: an isolated desktop config, projects on temporary files."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from extractor.app.demo import write_demo
from extractor.core.forms import parse_form
from extractor.store.project import ProjectFile

SMALL_FORM = {
    "key": "aih",
    "name": "Biologics in AIH",
    "kind": "extraction",
    "version": 1,
    "sections": [
        {
            "title": "Study",
            "fields": [
                {"key": "country", "label": "Country", "type": "text"},
                {
                    "key": "design",
                    "label": "Study design",
                    "type": "choice",
                    "options": ["Case report", "Case series", "Cohort", "RCT"],
                },
                {
                    "key": "arms",
                    "label": "Arms",
                    "type": "group",
                    "key_field": "agent",
                    "fields": [
                        {"key": "agent", "label": "Agent", "type": "text"},
                        {"key": "patients", "label": "Patients", "type": "integer", "min": 0},
                        {"key": "improved", "label": "Improved", "type": "integer", "min": 0},
                    ],
                },
            ],
        }
    ],
}


@pytest.fixture(autouse=True)
def isolated_desktop(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test gets its own config and data dirs: no test sees the user's settings."""
    home = tmp_path_factory.mktemp("desktop")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # the log folder
    qt = sys.modules.get("PySide6.QtCore")
    if qt is not None:  # Qt reads XDG_CONFIG_HOME once: the window's settings move here
        for kind in (qt.QSettings.Format.NativeFormat, qt.QSettings.Format.IniFormat):
            qt.QSettings.setPath(kind, qt.QSettings.Scope.UserScope, str(home / "config"))
    return home


@pytest.fixture
def small_form():
    return parse_form(SMALL_FORM, "test form")


@pytest.fixture
def project(tmp_path: Path, small_form):
    """A new project with the small form, open for the test, closed after it."""
    opened = ProjectFile.create(tmp_path / "review.extractor", "Test review")
    with opened.transaction() as repo:
        repo.forms.save(small_form)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.extractor"
    write_demo(path).close()
    return path


@pytest.fixture
def demo_path(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo project, built once per test session."""
    path = tmp_path / "demo.extractor"
    shutil.copyfile(demo_master, path)
    return path


@pytest.fixture
def team_demo_path(demo_path: Path) -> Path:
    """The demo as a team's own project: the desktop writes as its reviewer profile,
    not as one of the demo's reviewers."""
    from extractor.store.sharing import WORKS_AS

    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        repo.settings.set(WORKS_AS, None)
    return demo_path
