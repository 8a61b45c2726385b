"""The window's help, welcome panel, settings, backups and new projects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
)

from extractor.app import backups as project_backups
from extractor.app import project as projects
from extractor.app.form_revision import FormRevision
from extractor.core.errors import ExtractorError
from extractor.gui import file_dialogs, help_dialogs
from extractor.gui.form_saving import save_form
from extractor.gui.pdf_panel import PdfPanel
from extractor.gui.session import ProjectSession
from extractor.gui.study_panel import StudyPanel
from extractor.gui.theme import apply_theme
from extractor.gui.welcome import WelcomePanel
from extractor.gui.window_part import WindowPart


class DesktopController(WindowPart):
    def __init__(
        self,
        session: ProjectSession,
        window: QMainWindow,
        *,
        studies: StudyPanel,
        pdf: PdfPanel,
        conflicts_action: QAction,
        open_project: Callable[[Path], None],
        choose_project: Callable[[], None],
        settings_changed: Callable[[], None],
    ) -> None:
        """`settings_changed` is told after the settings or the forms changed."""
        super().__init__(session, window)
        self.studies, self.pdf, self.conflicts_action = studies, pdf, conflicts_action
        self._open_project, self._choose_project = open_project, choose_project
        self._settings_changed = settings_changed
        self.welcome: WelcomePanel | None = None
        self.open_dialog: QDialog | None = None  # the help dialog shown last
        self.backups = QTimer(self)
        self.backups.timeout.connect(self._back_up)
        self.schedule_backups()

    # help

    def show_dialog(self, dialog: QDialog) -> None:
        dialog.show()
        self.open_dialog = dialog

    def show_guide(self) -> None:
        self.show_dialog(help_dialogs.guide(self.window))

    def show_about(self) -> None:
        self.show_dialog(help_dialogs.about(self.window))

    def show_shortcuts(self) -> None:
        menus = self.window.menuBar().findChildren(QMenu)
        actions = [a for menu in menus for a in menu.actions()]
        self.show_dialog(help_dialogs.shortcuts(self.window, actions))

    # the welcome panel and its guided path

    def show_welcome(self) -> None:
        if self.welcome is None:
            self.welcome = WelcomePanel(self.session.config.recent, self.window)
            self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.welcome)
            self.welcome.new_project.connect(self.new_project)
            self.welcome.open_project.connect(self._choose_project)
            self.welcome.open_recent.connect(lambda path: self._open_project(Path(path)))
            self.welcome.open_demo.connect(self._open_demo)
            self.studies.chosen_by_user.connect(lambda _: self.step("study"))
            self.pdf.view.selection_changed.connect(lambda on: self.step("select", on))
            self.pdf.use_as_value.connect(lambda *_: self.step("use"))
            self.conflicts_action.toggled.connect(lambda on: self.step("conflicts", on))
        self.welcome.show()
        body = self.welcome.widget()
        if body is not None:  # as tall as it needs, the rest to the PDF and the form
            # The intro wraps: its height is the one at the window's width, not the
            # size hint's (which assumes a narrow label, so many lines).
            needed = body.heightForWidth(self.window.width())
            height = needed if needed > 0 else body.sizeHint().height()
            self.window.resizeDocks([self.welcome], [height], Qt.Orientation.Vertical)

    def step(self, key: str, happened: bool = True) -> None:
        if happened and self.welcome is not None:
            self.welcome.done(key)

    # settings and backups

    def edit_settings(self) -> None:
        from extractor.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session.config, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        dialog.apply().save()
        apply_theme(self.session.config.theme)
        self.schedule_backups()
        self._settings_changed()

    def schedule_backups(self) -> None:
        minutes = self.session.config.backup_minutes
        if minutes > 0:
            self.backups.start(minutes * 60_000)
        else:
            self.backups.stop()

    def _back_up(self) -> None:
        project = self.session.project
        self.session.lanes.job.submit(
            lambda: project_backups.back_up(project),
            lambda path: self._status(f"Backed up to {path}", 5000),
            lambda error: self._status(f"The backup failed: {error}", 10000),
        )

    def restore_from_backup(self) -> None:
        """List this project's backups (each opened to count what it holds) and copy
        the chosen one out, both off the window's thread."""
        path = self.session.path
        self.session.lanes.job.submit(
            lambda: project_backups.backups(path),
            self._choose_backup,
            self._warning("Restore from backup"),
        )

    def _choose_backup(self, found: list[project_backups.Backup]) -> None:
        from extractor.gui.restore_dialog import RestoreDialog

        path = self.session.path
        dialog = RestoreDialog(found, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted or (chosen := dialog.chosen()) is None:
            return
        target = path.with_name(f"{path.stem} restored {chosen.taken:%Y-%m-%d %H%M%S}{path.suffix}")
        self.session.lanes.job.submit(
            lambda: project_backups.restore(chosen.path, target),
            self._open_project,
            self._warning("Restore from backup"),
        )

    # projects

    def new_project(self) -> None:
        chosen = file_dialogs.save_file(
            self.window, "New project", "My review.extractor", "Extractor projects (*.extractor)"
        )
        if chosen is None:
            return
        path = (
            chosen
            if chosen.suffix == ".extractor"
            else chosen.with_name(chosen.name + ".extractor")
        )
        title, ok = QInputDialog.getText(
            self.window, "New project", "Title of the review:", text=path.stem
        )
        if not ok or not title.strip():
            return
        page_size = self.session.config.page_size
        try:
            projects.create_project(path, title.strip(), page_size=page_size).close()
        except ExtractorError as error:
            QMessageBox.warning(self.window, "New project", str(error))
            return
        self._open_project(path)

    def choose_form_file(self) -> None:
        path = file_dialogs.open_file(
            self.window, "Import form", "Form definitions (*.json);;All files (*)"
        )
        if path is not None:
            self.import_form(path)

    def import_form(self, path: Path) -> None:
        """Add a form from its JSON definition, or make it the new version of the form
        with its key (asking first where answers cannot be carried)."""
        try:
            form = projects.read_form(path)
        except ExtractorError as error:
            QMessageBox.warning(
                self.window, "Import form", f"The form was not imported.\n\n{error}"
            )
            return

        def done(revision: FormRevision) -> None:
            if not revision.changed:
                self._status(f"{form.name} is unchanged")
                return
            if not revision.applied:
                self._status("The form was not imported")
                return
            verb = "Added" if revision.added else f"Saved version {revision.form.version} of"
            self._status(f"{verb} the form {form.name}")
            self._settings_changed()

        save_form(
            self.window,
            self.session,
            form,
            f"imported from {path.name}",
            done,
            self._warning("Import form", "The form was not imported."),
        )

    def _open_demo(self) -> None:
        """Reopen the demo (written afresh, off the UI thread, if it was deleted)."""
        self._status("Opening the demo…", 0)
        self.session.lanes.job.submit(
            projects.demo_path_ready,
            self._open_project,
            self._warning("Demo", "The demo could not be written."),
        )
