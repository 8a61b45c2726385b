"""Connects the form panel and the PDF panel to the project for one study at a time.

Writes run in order on the session's write lane, reads on its read lane (after the
writes before them); the form shows "Saving…" until the write has committed, and
"✓ Saved" only then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from extractor.app import extraction
from extractor.app.desktop import ReviewerProfile
from extractor.app.ports import Project
from extractor.app.project import retry_when_busy
from extractor.core.errors import ValueProblem
from extractor.core.model import DocumentInfo, Evidence, ExtractionData, ReviewerInfo, Status
from extractor.core.values import parse_text
from extractor.gui.form_panel import FAILED, SAVING, FormPanel
from extractor.gui.pdf_panel import PdfPanel
from extractor.gui.pdf_text import Quote
from extractor.gui.session import ProjectSession
from extractor.gui.undo import (
    Change,
    Held,
    RowsChange,
    StatusChange,
    UndoHistory,
    held_at,
    undo_work,
)


class ExtractionController(QObject):
    message = Signal(str)  # for the status bar
    saved = Signal()  # an answer or status reached the project file
    study_loaded = Signal(str)

    def __init__(
        self,
        session: ProjectSession,
        forms: FormPanel,
        pdf: PdfPanel,
        ensure_profile: Callable[[], ReviewerProfile | None],
        history: UndoHistory,
    ) -> None:
        """`ensure_profile` asks for this desktop's reviewer profile when there is none;
        `history` is the window's undo history, where every saved change goes."""
        super().__init__()
        self.session = session
        self.forms = forms
        self.pdf = pdf
        self._ensure_profile = ensure_profile
        self.study_id: str | None = None
        self.loaded_study_id: str | None = None  # the study the panels show
        self.owner: ReviewerInfo | None = None  # whose answers are shown
        self.me_id: str | None = None  # whom this desktop writes as in this project
        # The reviewer the project itself says this desktop writes as (a reviewer's
        # copy, the demo): no profile is asked for there.
        self.works_as: ReviewerInfo | None = None
        self.results: dict[str, str] = {}  # per form, the result assessed ("" whole study)
        self.history = history
        self._load_request = 0
        forms.value_committed.connect(self._save_value)
        forms.result_chosen.connect(self._choose_result)
        forms.rows_action.connect(self._edit_rows)
        forms.status_chosen.connect(self._set_status)
        forms.evidence_requested.connect(self._show_evidence)
        pdf.use_as_value.connect(lambda document, quote: self._quote(document, quote, True))
        pdf.add_as_evidence.connect(lambda document, quote: self._quote(document, quote, False))

    @property
    def profile(self) -> ReviewerProfile | None:
        return self.session.config.profile

    @property
    def read_only(self) -> bool:
        return self.owner is not None and self.owner.id != self.me_id

    def show_study(self, study_id: str | None, owner: ReviewerInfo | None) -> None:
        """Load a study's documents and the owner's answers, off the UI thread."""
        if study_id != self.study_id:
            self.results = {}
        self.study_id, self.owner = study_id, owner
        self._load_request += 1
        request = self._load_request
        if study_id is None:
            self.loaded_study_id = None
            self.pdf.show_documents([], "Select a study to read its full text.")
            self.forms.show_nothing("Select a study.")
            return
        owner_id = owner.id if owner else self.me_id

        def loaded(bundle: extraction.StudyBundle) -> None:
            if request != self._load_request:
                return
            self.loaded_study_id = study_id
            # Another result of the same study keeps its PDF where the reader left it.
            if not self.pdf.showing(bundle.documents):
                self.pdf.show_documents(bundle.documents)
            name = owner.name if owner else self.my_name()
            self.forms.show_data(bundle.data, self.read_only, name, bundle.results, self.results)
            self.study_loaded.emit(study_id)

        results, project = dict(self.results), self.session.project
        self.session.lanes.read.submit(
            lambda: extraction.load_study(project, study_id, owner_id, results),
            loaded,
            lambda error: self.message.emit(f"The study could not be loaded: {error}"),
        )

    def _choose_result(self, form_key: str, result: str) -> None:
        """Switch a result-level assessment to another result (a new label starts one)."""
        if self.results.get(form_key, "") != result:
            self.results[form_key] = result
            self.show_study(self.study_id, self.owner)

    # writing

    def _write(
        self,
        work: Callable[[Project], object],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Run `work(project)` on the write lane, waiting there (not in the UI) while
        another program holds the file locked."""
        project = self.session.project
        self.session.lanes.write.submit(
            lambda: retry_when_busy(lambda: work(project)), on_done, on_error
        )

    def my_name(self) -> str:
        if self.works_as is not None:
            return self.works_as.name
        return self.profile.name if self.profile else "you"

    def _writer(self) -> ReviewerProfile | None:
        """The profile to write as; None when the answers shown are someone else's."""
        if self.read_only:
            self.message.emit("These are another reviewer's answers; they are read only.")
            return None
        fixed = self.works_as
        if fixed is not None:
            return ReviewerProfile(fixed.id, fixed.name, fixed.initials)
        profile = self.profile or self._ensure_profile()
        if profile is not None and self.me_id is None:
            self.me_id = profile.id
        return profile

    def _save_value(self, form_key: str, path: str, value: object) -> None:
        profile, study_id = self._writer(), self.study_id
        page = self.forms.pages.get(form_key)
        if profile is None or study_id is None or page is None:
            if page is not None:
                page.set_state(path, FAILED, "no reviewer profile; nothing saved")
            return
        page.set_state(path, SAVING)
        result = self.results.get(form_key, "")
        before = held_at(page.data, path)
        self._write(
            lambda project: extraction.save_value(
                project, profile, study_id, form_key, path, value, result
            ),
            lambda data: self._saved(study_id, form_key, path, data, before, result),
            lambda error: self._failed(study_id, form_key, path, error),
        )

    def _edit_rows(self, form_key: str, group: str, action: str, number: int, to: int) -> None:
        profile, study_id = self._writer(), self.study_id
        result = self.results.get(form_key, "")
        page = self.forms.pages.get(form_key)
        if profile is None or study_id is None or page is None:
            return

        def saved(edited: extraction.RowsEdited) -> None:
            row, removed = edited.number, edited.removed
            done = {"add": "added", "remove": "removed", "move": f"moved to {to}"}[action]
            label = f"{page.form.describe(group)}: row {row} {done}"
            change = RowsChange(study_id, form_key, result, group, label, action, row, to, removed)
            self.history.record(change)
            self._saved(study_id, form_key, group, edited.data)

        self._write(
            lambda project: extraction.edit_rows(
                project, profile, study_id, form_key, group, action, number, to, result
            ),
            saved,
            lambda error: self._failed(study_id, form_key, group, error),
        )

    def _set_status(self, form_key: str, status: Status | str) -> None:
        status = Status(status)  # a Qt signal may hand the enum over as plain text
        profile, study_id = self._writer(), self.study_id
        result = self.results.get(form_key, "")
        page = self.forms.pages.get(form_key)
        if profile is None or study_id is None or page is None:
            return
        before, label = page.data.status, f"{page.form.name} marked {status.value}"

        def saved(data: ExtractionData) -> None:
            change = StatusChange(study_id, form_key, result, label, before, data.status)
            self.history.record(change)
            self._status_saved(study_id, form_key, data)

        self._write(
            lambda project: extraction.set_status(
                project, profile, study_id, form_key, status, result
            ),
            saved,
            lambda error: self.message.emit(f"The status was not saved: {error}"),
        )

    def _quote(self, document: DocumentInfo, quote: Quote, use_as_value: bool) -> None:
        page = self.forms.current_page()
        path = page.current_path if page else None
        field = page.field_for(path) if page and path else None
        if page is None or path is None or field is None:
            self.message.emit("Click into a field of the form (or a cell of a table) first.")
            return
        profile, study_id = self._writer(), self.study_id
        if profile is None or study_id is None:
            return
        value, problem = None, None
        if use_as_value:
            try:
                value = parse_text(field, quote.text)
            except ValueProblem as error:
                # The quote is kept as evidence; its text waits in the field to be fixed.
                problem = f"the quote {error}; correct it"
                use_as_value = False
        evidence = Evidence(document.id, quote.page, quote.rects, quote.text)
        form_key = page.form.key
        result = self.results.get(form_key, "")
        before = held_at(page.data, path)
        if problem is None:
            page.set_state(path, SAVING)
        self._write(
            lambda project: extraction.save_quote(
                project,
                profile,
                study_id,
                form_key,
                path,
                evidence,
                value,
                use_as_value,
                result,
            ),
            lambda data: self._quote_saved(
                study_id, form_key, path, data, quote.text, problem, before, result
            ),
            lambda error: self._failed(study_id, form_key, path, error),
        )

    def _quote_saved(
        self,
        study_id: str,
        form_key: str,
        path: str,
        data: ExtractionData,
        text: str,
        problem: str | None,
        before: Held,
        result: str,
    ) -> None:
        if problem is None:
            self._saved(study_id, form_key, path, data, before, result)
            return
        self._remember(study_id, form_key, path, data, before, result)
        self.saved.emit()
        if study_id == self.study_id and form_key in self.forms.pages:
            page = self.forms.pages[form_key]
            page.saved(data, path, evidence_only=True)
            page.show_unsaved_text(path, text, problem)

    def _saved(
        self,
        study_id: str,
        form_key: str,
        path: str,
        data: ExtractionData,
        before: Held | None = None,
        result: str = "",
    ) -> None:
        if before is not None:
            self._remember(study_id, form_key, path, data, before, result)
        self.saved.emit()
        if study_id == self.study_id and form_key in self.forms.pages:
            self.forms.pages[form_key].saved(data, path)

    # undo and redo

    def _remember(
        self,
        study_id: str,
        form_key: str,
        path: str,
        data: ExtractionData,
        before: Held,
        result: str,
    ) -> None:
        page = self.forms.pages.get(form_key)
        label = page.form.describe(path) if page else path
        self.history.record(
            Change(study_id, form_key, result, path, label, before, held_at(data, path))
        )

    def apply(self, change: Change | RowsChange | StatusChange, undoing: bool) -> None:
        """Put the answers back as they were before `change` (or as it left them)."""
        profile = self._writer()
        if profile is None:
            self.history.failed(change, undoing)
            return
        why = "undone in the window" if undoing else "redone in the window"

        def done(data: ExtractionData) -> None:
            (self.history.undone if undoing else self.history.redone)(change)
            self.message.emit(f"{'Undid' if undoing else 'Redid'}: {change.label}")
            self.saved.emit()
            page = self.forms.pages.get(change.form_key)
            if change.study_id == self.study_id and page is not None:
                page.saved(data, change.place)

        def failed(error: BaseException) -> None:
            self.history.failed(change, undoing)
            self.message.emit(f"Could not {'undo' if undoing else 'redo'}: {error}")

        self._write(lambda project: undo_work(project, profile, change, undoing, why), done, failed)

    def _status_saved(self, study_id: str, form_key: str, data: ExtractionData) -> None:
        self.saved.emit()
        if study_id == self.study_id and form_key in self.forms.pages:
            self.forms.pages[form_key].status_saved(data)

    def _failed(self, study_id: str, form_key: str, path: str, error: BaseException) -> None:
        if study_id == self.study_id and form_key in self.forms.pages:
            self.forms.pages[form_key].set_state(path, FAILED, str(error))
        self.message.emit(f"Not saved: {error}")

    # evidence

    def _show_evidence(self, form_key: str, path: str) -> None:
        page = self.forms.pages.get(form_key)
        quotes = page.evidence_for(path) if page else []
        if quotes and not self.pdf.reveal(quotes[0]):
            self.message.emit("The document this quote came from is no longer attached.")
