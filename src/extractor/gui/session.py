"""The open project in the window: one object owns it, and everyone asks it.

Panels, controllers and dialogs hold the session, never the project itself, so
when another project is opened they all see the new one; those that show what
the old one held listen to `replaced` and refresh or close.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from extractor.app.desktop import AppConfig
from extractor.app.ports import Project
from extractor.gui.tasks import Lanes


class ProjectSession(QObject):
    replaced = Signal()  # another project is open now; views of the old one must go

    def __init__(self, project: Project, config: AppConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self.config = config
        self.lanes = Lanes(self)

    @property
    def project(self) -> Project:
        return self._project

    @property
    def path(self) -> Path:
        return self._project.path

    def replace(self, project: Project) -> None:
        """Close the project after every lane has finished with it; open `project`."""
        self.lanes.wait()
        old, self._project = self._project, project
        old.close()
        self.config.opened(project.path)
        self.config.save()
        self.replaced.emit()

    def close(self) -> None:
        self.lanes.wait()
        self._project.close()
