"""The window's studies: importing study records, attaching PDFs to a study."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow

from extractor.app import studies
from extractor.gui.session import ProjectSession
from extractor.gui.study_panel import StudyPanel
from extractor.gui.window_part import WindowPart


class StudiesController(WindowPart):
    def __init__(
        self,
        session: ProjectSession,
        window: QMainWindow,
        panel: StudyPanel,
        changed: Callable[[str | None], None],
    ) -> None:
        """`changed(study_id)` is told when studies or a study's PDFs changed."""
        super().__init__(session, window)
        self.panel = panel
        self._changed = changed
        panel.files_dropped.connect(self.attach_files)

    def attach_files(self, study_id: str, files: list[Path]) -> None:
        """Attach PDFs to a study, one by one, on the jobs lane."""
        project = self.session.project
        for path in files:
            self.session.lanes.job.submit(
                partial(studies.attach_pdf, project, study_id, path),
                lambda document: self._attached(study_id, document.filename),
                self._warning("Attach PDF", f"{path.name} was not attached."),
            )

    def _attached(self, study_id: str, name: str) -> None:
        self._status(f"Attached {name}")
        self._changed(study_id)

    def choose_pdfs(self) -> None:
        study_id = self.panel.selected_study_id()
        if study_id is None:
            self._status("Select a study first, then attach its PDF.")
            return
        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Attach PDF", "", "PDF files (*.pdf);;All files (*)"
        )
        self.attach_files(study_id, [Path(name) for name in names])

    def choose_studies_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Import studies", "", "CSV files (*.csv);;All files (*)"
        )
        if name:
            self.import_studies(Path(name))

    def import_studies(self, path: Path) -> None:
        def done(outcome: studies.StudiesImport) -> None:
            self._status(f"{outcome.added} studies added, {outcome.updated} updated")
            self._changed(None)

        project = self.session.project
        self.session.lanes.job.submit(
            lambda: studies.import_studies(project, path),
            done,
            self._warning("Import studies", "Nothing was imported."),
        )
