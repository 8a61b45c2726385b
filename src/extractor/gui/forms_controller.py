"""The Form menu: a form edited, made new or from a template, and exported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox

from extractor.app import pilot
from extractor.app import project as projects
from extractor.app.form_revision import FormRevision, current_form, forms_locked
from extractor.app.pilot import DEFAULT_STUDIES
from extractor.core.form_draft import FormDraft
from extractor.core.forms import Form, FormKind
from extractor.gui import file_dialogs
from extractor.gui.form_editor import FormEditor
from extractor.gui.form_panel import FormPanel
from extractor.gui.pilot_dialog import PilotDialog
from extractor.gui.session import ProjectSession
from extractor.gui.window_part import WindowPart


class FormsController(WindowPart):
    def __init__(
        self,
        session: ProjectSession,
        window: QMainWindow,
        forms: FormPanel,
        changed: Callable[[], None],
    ) -> None:
        super().__init__(session, window)
        self.forms, self._changed = forms, changed
        self.editor: FormEditor | None = None
        self.pilot_dialog: PilotDialog | None = None
        self.pilot_key = ""
        session.replaced.connect(self._close_windows)

    def may_leave(self) -> bool:
        """Whether the project may be closed or another opened: asked of an editor
        holding changes not saved."""
        editor = self.editor
        if editor is None or not editor.isVisible() or editor.may_close():
            self._close_windows()
            return True
        editor.activateWindow()
        return False

    def _close_windows(self) -> None:
        """The editor and the pilot report belong to the project open when they were:
        they go with it."""
        if self.editor is not None:
            self.editor.dirty = False
            self.editor.close()
            self.editor = None
        if self.pilot_dialog is not None:
            self.pilot_dialog.close()
            self.pilot_dialog = None

    def edit_current(self) -> None:
        page = self.forms.current_page()
        if page is None:
            self._status("Open a project with a form, or make a new one (Form > New form…)")
            return
        if page.form.kind is FormKind.ROB:
            QMessageBox.information(
                self.window,
                "Form editor",
                f"{page.form.name} is a risk-of-bias tool: its questions and rules follow "
                "the published tool, so it is not edited here.",
            )
            return
        project, key = self.session.project, page.form.key
        self.session.lanes.read.submit(  # as saved now, not as the panel last showed it
            lambda: current_form(project, key),
            lambda form: self._open(FormDraft.of(form)),
            self._warning("Form editor", "The form could not be read."),
        )

    def new_form(self) -> None:
        name, given = QInputDialog.getText(self.window, "New form", "Name of the new form:")
        if given and name.strip():
            self._open(FormDraft.new(name.strip(), self._keys()))

    def from_template(self, template: Form) -> None:
        draft = FormDraft.of(template)
        draft.stored = False  # a new form of this project, made from the template
        taken = self._keys()
        if draft.key in taken:  # a second copy of a template is a form of its own
            draft.key = FormDraft.new(draft.name, taken).key
        self._open(draft, unsaved=True)

    def export_current(self) -> None:
        page = self.forms.current_page()
        if page is None:
            return
        path = file_dialogs.save_file(
            self.window,
            "Export form",
            f"{page.form.key}.json",
            "Form definitions, to share or import (*.json);;"
            "The form as a reviewer reads it, for a protocol's appendix (*.pdf)",
        )
        if path is None:
            return
        project, key = self.session.project, page.form.key
        self.session.lanes.read.submit(
            lambda: projects.export_form(project, key, path),
            lambda _: self._written(path),
            self._warning("Export form", "The form was not written."),
        )

    def pilot_current(self) -> None:
        page = self.forms.current_page()
        if page is None:
            return
        count, given = QInputDialog.getInt(
            self.window,
            "Pilot the form",
            f"Pilot {page.form.name} on how many studies (the first in the list)?\n"
            "Two reviewers extract them; the pilot report shows their answers side by side.",
            DEFAULT_STUDIES,
            1,
            1000,
        )
        if not given:
            return
        project, key = self.session.project, page.form.key
        self.session.lanes.write.submit(
            lambda: pilot.start_pilot(project, key, count),
            lambda state: self._piloted(page.form.name, state),
            self._warning("Pilot the form", "The pilot was not begun."),
        )

    def _piloted(self, name: str, state: pilot.PilotState) -> None:
        self._status(f"{name} is in pilot on {len(state.studies)} studies (in bold in the list)")
        self._changed()

    def pilot_report(self) -> None:
        page = self.forms.current_page()
        if page is None:
            return
        key = page.form.key
        if self.pilot_dialog is None:
            self.pilot_dialog = PilotDialog(self._freeze, self.window)
        self.pilot_key = key
        self._load_pilot()

    def _load_pilot(self) -> None:
        dialog, project, key = self.pilot_dialog, self.session.project, self.pilot_key
        assert dialog is not None

        def shown(report: pilot.PilotReport) -> None:
            dialog.show_report(report)
            dialog.show()
            dialog.activateWindow()

        self.session.lanes.read.submit(
            lambda: pilot.pilot_report(project, key),
            shown,
            self._warning("Pilot report"),
        )

    def _freeze(self) -> None:
        project, key = self.session.project, self.pilot_key

        def frozen(state: pilot.PilotState) -> None:
            self._status(f"Froze version {state.frozen_version} of the form")
            self._load_pilot()
            self._changed()

        self.session.lanes.write.submit(
            lambda: pilot.freeze_form(project, key), frozen, self._warning("Freeze the form")
        )

    def _written(self, path: Path) -> None:
        file_dialogs.show_written(self.window, f"Wrote {path.name}", path)

    def templates(self) -> list[Form]:
        return projects.form_templates()

    def _keys(self) -> set[str]:
        return {page.form.key for page in self.forms.pages.values()}

    def _open(self, draft: FormDraft, unsaved: bool = False) -> None:
        """Open the editor on `draft`, unless the project's forms are not changed here."""
        project = self.session.project
        self.session.lanes.read.submit(
            lambda: forms_locked(project),
            lambda locked: self._open_unless(locked, draft, unsaved),
            self._warning("Form editor"),
        )

    def _open_unless(self, locked: str, draft: FormDraft, unsaved: bool) -> None:
        if locked:
            QMessageBox.information(self.window, "Form editor", locked)
            return
        if self.editor is not None and self.editor.isVisible():
            if not self.editor.may_close():
                self.editor.activateWindow()
                return
            self.editor.dirty = False
            self.editor.close()
        self.editor = FormEditor(
            self.session, draft, self._saved, max(self.forms.width(), 360), self.window
        )
        self.editor.dirty = unsaved
        self.editor.show()
        self.editor.activateWindow()

    def _saved(self, revision: FormRevision) -> None:
        verb = "Added" if revision.added else f"Saved version {revision.form.version} of"
        self._status(f"{verb} the form {revision.form.name}")
        self._changed()
