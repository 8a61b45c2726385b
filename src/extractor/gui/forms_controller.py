"""The Form menu: a form edited, made new or from a template, and exported."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox

from extractor.app import project as projects
from extractor.app.form_revision import FormRevision, current_form
from extractor.core.form_draft import FormDraft
from extractor.core.forms import Form, FormKind
from extractor.gui import file_dialogs
from extractor.gui.form_editor import FormEditor
from extractor.gui.form_panel import FormPanel
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
        taken = self._keys()
        if draft.key in taken:  # a second copy of a template is a form of its own
            draft.key = FormDraft.new(draft.name, taken).key
        self._open(draft, unsaved=True)

    def export_current(self) -> None:
        page = self.forms.current_page()
        if page is None:
            return
        path = file_dialogs.save_file(
            self.window, "Export form", f"{page.form.key}.json", "Form definitions (*.json)"
        )
        if path is None:
            return
        project, key = self.session.project, page.form.key
        self.session.lanes.read.submit(
            lambda: projects.export_form(project, key, path),
            lambda _: self._status(f"Wrote {path.name}"),
            self._warning("Export form", "The form was not written."),
        )

    def templates(self) -> list[Form]:
        return projects.form_templates()

    def _keys(self) -> set[str]:
        return {page.form.key for page in self.forms.pages.values()}

    def _open(self, draft: FormDraft, unsaved: bool = False) -> None:
        if self.editor is not None and self.editor.isVisible():
            if not self.editor.may_close():
                self.editor.raise_()
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
