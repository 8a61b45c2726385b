"""The main window's help, welcome panel, settings, backups and new projects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
)

from extractor.app import project
from extractor.core.errors import ExtractorError
from extractor.gui import help_dialogs
from extractor.gui.theme import apply_theme
from extractor.gui.welcome import WelcomePanel


class HelpActions:
    """Mixed into MainWindow: uses its project, runner, config and panels."""

    def _dialog(self, dialog: QDialog) -> None:
        dialog.show()
        self._open_dialog = dialog

    def _show_shortcuts(self) -> None:
        actions = [a for menu in self.menuBar().findChildren(QMenu) for a in menu.actions()]
        self._dialog(help_dialogs.shortcuts(self, actions))

    def show_welcome(self) -> None:
        if self.welcome is None:
            self.welcome = WelcomePanel(self.config.recent, self)
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.welcome)
            self.welcome.new_project.connect(self.new_project)
            self.welcome.open_project.connect(self._choose_project)
            self.welcome.open_recent.connect(lambda path: self.open_project(Path(path)))
            self.welcome.open_demo.connect(self._open_demo)
            self.studies.chosen_by_user.connect(lambda _: self._step("study"))
            self.pdf.view.selection_changed.connect(lambda on: self._step("select", on))
            self.pdf.use_as_value.connect(lambda *_: self._step("use"))
            self.conflicts_action.toggled.connect(lambda on: self._step("conflicts", on))
        self.welcome.show()

    def _step(self, key: str, happened: bool = True) -> None:
        if happened and self.welcome is not None:
            self.welcome.done(key)

    def edit_settings(self) -> None:
        from extractor.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.config, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        dialog.apply().save()
        self.controller.profile = self.config.profile
        if self.controller.me_id is None and self.config.profile is not None:
            self.controller.me_id = self._me_id = self.config.profile.id
        apply_theme(self.config.theme)
        self._schedule_backups()
        self.refresh()

    def _schedule_backups(self) -> None:
        minutes = self.config.backup_minutes
        if minutes > 0:
            self._backups.start(minutes * 60_000)
        else:
            self._backups.stop()

    def _back_up(self) -> None:
        self.runner.submit(
            lambda: project.back_up(self.project),
            lambda path: self.statusBar().showMessage(f"Backed up to {path}", 5000),
            lambda error: self.statusBar().showMessage(f"The backup failed: {error}", 10000),
        )

    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "New project", str(self.project.path.parent / "My review.extractor"),
            "Extractor projects (*.extractor)",
        )  # fmt: skip
        if not name:
            return
        path = Path(name) if name.endswith(".extractor") else Path(name + ".extractor")
        title, ok = QInputDialog.getText(
            self, "New project", "Title of the review:", text=path.stem
        )
        if not ok or not title.strip():
            return
        try:
            project.create_project(path, title.strip()).close()
        except ExtractorError as error:
            QMessageBox.warning(self, "New project", str(error))
            return
        self.open_project(path)

    def _open_demo(self) -> None:
        """Reopen the demo (written afresh, off the UI thread, if it was deleted)."""
        from extractor.app.project import demo_path_ready

        self.statusBar().showMessage("Opening the demo…")
        self.runner.submit(
            demo_path_ready,
            self.open_project,
            lambda error: QMessageBox.warning(
                self, "Demo", f"The demo could not be written.\n\n{error}"
            ),
        )
