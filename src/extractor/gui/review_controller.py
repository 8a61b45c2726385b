"""The window's dual review: the conflict view, agreement, reviewers' copies and
packages, and the risk-of-bias instruments of the Review menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from extractor.app import exchange, references, review, rob, search
from extractor.app.desktop import ReviewerProfile
from extractor.app.search import Hit
from extractor.core.model import Evidence
from extractor.core.rob import TOOLS
from extractor.core.words import counted
from extractor.gui import file_dialogs
from extractor.gui.agreement_dialog import AgreementDialog
from extractor.gui.conflict_panel import ConflictPanel
from extractor.gui.duplicates_dialog import DuplicatesDialog
from extractor.gui.pdf_panel import PdfPanel
from extractor.gui.screening_window import ScreeningWindow
from extractor.gui.search_dialog import SearchDialog
from extractor.gui.session import ProjectSession
from extractor.gui.study_panel import StudyPanel
from extractor.gui.undo import Decided, UndoHistory
from extractor.gui.window_part import WindowPart


class ReviewController(WindowPart):
    def __init__(
        self,
        session: ProjectSession,
        window: QMainWindow,
        *,
        right: QStackedWidget,
        forms: QWidget,
        conflicts: ConflictPanel,
        studies: StudyPanel,
        pdf: PdfPanel,
        profile: Callable[[], ReviewerProfile | None],
        changed: Callable[[], None],
        history: UndoHistory,
    ) -> None:
        """`right` swaps `forms` for `conflicts`; `profile()` is this desktop's reviewer
        profile; `changed` is told when the project's studies or answers changed;
        `history` is the window's undo history, where decisions go too."""
        super().__init__(session, window)
        self.history = history
        self.right, self.forms, self.conflicts = right, forms, conflicts
        self.studies, self.pdf = studies, pdf
        self._profile, self._changed = profile, changed
        self.agreement_dialog: AgreementDialog | None = None
        self.history_dialog: QDialog | None = None
        self.screening_window: ScreeningWindow | None = None
        self.search_dialog: SearchDialog | None = None
        self.duplicates_dialog: DuplicatesDialog | None = None
        self._found: Hit | None = None  # a search result to show once its study is loaded
        self.action = QAction("&Conflicts", window, checkable=True)
        self.action.setShortcut("Ctrl+K")
        self.action.setToolTip("Resolve the disagreements between two reviewers")
        self.action.toggled.connect(self.show_conflicts)
        conflicts.study_chosen.connect(self._conflict_study)
        conflicts.quote_wanted.connect(self._reveal_quote)
        conflicts.resolve.connect(self._resolve)
        session.replaced.connect(self._project_replaced)

    def _project_replaced(self) -> None:
        if self.agreement_dialog is not None:
            self.agreement_dialog.close()
            self.agreement_dialog = None
        for dialog in (self.screening_window, self.search_dialog, self.duplicates_dialog):
            if dialog is not None:
                dialog.close()
        self.screening_window = self.search_dialog = self.duplicates_dialog = None
        if self.history_dialog is not None:
            self.history_dialog.close()
            self.history_dialog = None
        if self.right.currentWidget() is self.conflicts:
            self.refresh_conflicts()

    # the conflict view

    def show_conflicts(self, on: bool) -> None:
        """Swap the form for the conflict view (and back); the PDF stays."""
        self.right.setCurrentWidget(self.conflicts if on else self.forms)
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        if on:
            self.refresh_conflicts()

    def refresh_conflicts(self, fill_consensus: bool = True) -> None:
        """Show the disagreements, then (unless a resolution just did) fill the
        consensus with what the reviewers agree on. The list comes first: building
        the consensus of a large review for the first time takes seconds."""
        project = self.session.project
        if fill_consensus:
            self.conflicts.set_loading()
        self.session.lanes.read.submit(
            lambda: review.conflict_rows(project), self.conflicts.set_rows, self._conflicts_failed
        )
        if not fill_consensus:
            return
        filling = "Filling the consensus with what both reviewers agree on…"
        self.window.statusBar().showMessage(filling)

        def filled(_: object) -> None:
            if self.window.statusBar().currentMessage() == filling:
                self.window.statusBar().clearMessage()

        self.session.lanes.write.submit(
            lambda: review.fill_consensus(project),
            filled,
            lambda error: self._status(f"Consensus not updated: {error}", 0),
        )

    def _conflicts_failed(self, error: BaseException) -> None:
        message = f"Conflicts could not be read: {error}"
        self._status(message, 0)
        self.conflicts.loading_failed(message)

    def _conflict_study(self, study_id: str) -> None:
        if self.studies.selected_study_id() != study_id:
            self.studies.select_study(study_id)
        else:
            self.load_side_evidence()

    def load_side_evidence(self) -> None:
        row = self.conflicts.current()
        if row is None or not self.conflicts.isVisible():
            return
        project = self.session.project
        self.session.lanes.read.submit(
            lambda: review.side_evidence(project, row.study_id, row.form, row.a_id, row.b_id),
            lambda sides: self.conflicts.set_evidence(*sides),
        )

    def _reveal_quote(self, quote: Evidence) -> None:
        if not self.pdf.reveal(quote):
            self._status("The document this quote came from is no longer attached.")

    def _resolve(self, row: review.ConflictRow, decision: dict[str, Any]) -> None:
        profile, project = self._profile(), self.session.project

        def done(_: object) -> None:
            self.history.record(Decided(row, decision))
            self._status(f"{row.study}: {row.label} resolved")
            self.refresh_conflicts(fill_consensus=False)
            self._changed()

        self.session.lanes.write.submit(
            lambda: review.resolve_conflict(project, profile, row, **decision),
            done,
            self._warning("Resolve", "Not resolved."),
        )

    def apply(self, decided: Decided, undoing: bool) -> None:
        """Take a decision back (to the one it replaced, or open) or make it again."""
        profile, project = self._profile(), self.session.project
        row = decided.row
        again = decided.before() if undoing else decided.decision

        def work() -> None:
            if again is None:
                review.reopen_conflict(project, profile, row)
            else:
                review.resolve_conflict(project, profile, row, **again)

        def done(_: object) -> None:
            (self.history.undone if undoing else self.history.redone)(decided)
            self._status(f"{'Undid' if undoing else 'Redid'}: {decided.label}")
            self.refresh_conflicts(fill_consensus=False)
            self._changed()

        def failed(error: BaseException) -> None:
            self.history.failed(decided, undoing)
            self._status(f"Could not {'undo' if undoing else 'redo'}: {error}")

        self.session.lanes.write.submit(work, done, failed)

    # agreement

    def show_screening(self) -> None:
        """The screening window, one per project, brought forward if open."""
        if self.screening_window is None:
            self.screening_window = ScreeningWindow(
                self.session, self._profile, self._changed, self.window
            )
            self.screening_window.finished.connect(self._screening_closed)
        self.screening_window.show()
        self.screening_window.activateWindow()

    # likely duplicates, judged side by side

    def show_duplicates(self) -> None:
        if self.duplicates_dialog is None:
            self.duplicates_dialog = DuplicatesDialog(self._judge_pair, self.window)
        self.duplicates_dialog.show()
        self.duplicates_dialog.activateWindow()
        self._load_pairs()

    def _load_pairs(self, said: str = "") -> None:
        dialog, project = self.duplicates_dialog, self.session.project
        assert dialog is not None
        self.session.lanes.read.submit(
            lambda: references.likely_duplicates(project),
            lambda pairs: dialog.show_pairs(pairs, said),
            lambda error: dialog.status.setText(f"The references could not be read: {error}"),
        )

    def _judge_pair(self, pair: references.LikelyPair, same: bool) -> None:
        project = self.session.project

        def judged(said: str) -> None:
            self._status(said)
            if self.screening_window is not None:
                self.screening_window.reload()
            self._load_pairs(f"{said}.")

        self.session.lanes.write.submit(
            lambda: references.judge_duplicates(project, pair.first, pair.second, same),
            judged,
            lambda error: self._load_pairs(f"Not done: {error}."),
        )

    # full-text search

    def show_search(self) -> None:
        if self.search_dialog is None:
            self.search_dialog = SearchDialog(self._search, self._open_hit, self.window)
        self.search_dialog.show()
        self.search_dialog.activateWindow()
        self.search_dialog.query.setFocus()

    def _search(self, query: str) -> None:
        """Index what is not indexed yet (a long job, with Cancel), then search."""
        project, dialog = self.session.project, self.search_dialog
        assert dialog is not None

        def indexed(update: search.IndexUpdate) -> None:
            line = update.line()
            said = f"{line[0].upper()}{line[1:]}." if update.indexed or update.unreadable else ""
            if not update.total:
                said = "No PDF is attached to a study yet: Study › Attach PDF…, or include records at full text."
            self.session.lanes.read.submit(
                lambda: search.search(project, query),
                lambda hits: dialog.show_hits(hits, said),
                lambda error: dialog.show_problem(str(error)),
            )

        self._long(
            "Indexing the PDFs",
            lambda control: search.update_index(project, control.progress),
            indexed,
            lambda error: dialog.show_problem(f"The PDFs could not be indexed: {error}"),
        )

    def _open_hit(self, hit: Hit) -> None:
        if self.studies.selected_study_id() == hit.study_id:
            self._show_hit(hit)
        else:
            self._found = hit
            self.studies.select_study(hit.study_id)

    def show_found(self) -> None:
        """The study of a search result is loaded: show the result's page."""
        hit, self._found = self._found, None
        if hit is not None:
            self._show_hit(hit)

    def _show_hit(self, hit: Hit) -> None:
        terms = hit.terms
        if not self.pdf.show_found(hit.document_id, hit.page, terms[0] if terms else ""):
            self._status(f"{hit.filename} is no longer attached to {hit.study}.")

    def _screening_closed(self) -> None:
        if self.screening_window is not None:
            self.screening_window.deleteLater()
            self.screening_window = None

    def show_agreement(self) -> None:
        def shown(found: review.Agreement) -> None:
            dialog = AgreementDialog(
                found.fields, lambda path: self._save_agreement(path, found), self.window
            )
            dialog.show()
            self.agreement_dialog = dialog

        project = self.session.project
        self.session.lanes.read.submit(
            lambda: review.agreement(project),
            shown,
            lambda error: self._status(f"Agreement could not be computed: {error}", 0),
        )

    def show_history(self, study: str | None = None) -> None:
        from extractor.app.history import history_filters, value_history
        from extractor.gui.history_dialog import HistoryDialog

        project = self.session.project

        def shown(filters: tuple[list[str], list[str]]) -> None:
            def load(study: str | None, field: str | None, reviewer: str | None) -> None:
                self.session.lanes.read.submit(
                    lambda: value_history(project, study, field, reviewer),
                    dialog.show_changes,
                    lambda error: dialog.show_problem(str(error)),
                )

            dialog = HistoryDialog(*filters, study, load, self.window)
            self.history_dialog = dialog
            dialog.show()
            dialog.refresh()

        self.session.lanes.read.submit(
            lambda: history_filters(project), shown, self._warning("Value history")
        )

    def _save_agreement(self, path: Path, found: review.Agreement) -> None:
        self.session.lanes.job.submit(
            lambda: review.save_agreement(path, found),
            lambda _: self._status(f"Wrote {path}"),
            self._warning("Save agreement"),
        )

    # risk-of-bias instruments

    def choose_rob_tool(self) -> None:
        tool, ok = QInputDialog.getItem(
            self.window,
            "Risk of bias",
            "Add the instrument (a tab beside the form):",
            list(TOOLS),
            0,
            False,
        )
        if ok:
            self.add_rob_tool(tool)

    def add_rob_tool(self, tool: str) -> None:
        def added(name: str) -> None:
            self._status(f"Added {name}")
            self._changed()

        project = self.session.project
        self.session.lanes.write.submit(
            lambda: rob.add_tool(project, tool).form.name, added, self._warning("Risk of bias")
        )

    # copies and packages

    def choose_share(self) -> None:
        name, ok = QInputDialog.getText(self.window, "Copy for a reviewer", "Reviewer's name:")
        if not ok or not name.strip():
            return
        suggested = f"{self.session.path.stem} - {name.strip()}.extractor"
        target = file_dialogs.save_file(
            self.window, "Save the copy", suggested, "Extractor projects (*.extractor)"
        )
        if target is not None:
            self.share_with(name.strip(), target)

    def share_with(self, name: str, target: Path) -> None:
        project = self.session.project
        self._long(
            "Copy for a reviewer",
            lambda control: exchange.share_copy(project, name, target, control.progress),
            lambda who: self._status(f"Wrote {target.name} for {who}: send it to them", 10000),
            self._warning("Copy for a reviewer"),
        )

    def choose_package(self) -> None:
        target = file_dialogs.save_file(
            self.window, "Write my package", "package.zip", "Reviewer packages (*.zip)"
        )
        if target is not None:
            self.write_my_package(target)

    def write_my_package(self, target: Path) -> None:
        profile, project = self._profile(), self.session.project
        self._long(
            "Reviewer package",
            lambda control: exchange.write_package(project, profile, target, control.progress),
            lambda what: self._status(f"Wrote {target.name} ({what}): send it to the lead", 10000),
            self._warning("Reviewer package"),
        )

    def choose_packages(self) -> None:
        paths = file_dialogs.open_files(self.window, "Import packages", "Packages (*.zip)")
        if paths:
            self.import_packages(paths)

    def import_packages(self, paths: list[Path]) -> None:
        def done(outcomes: list[exchange.PackageOutcome]) -> None:
            self._status("; ".join(map(package_line, outcomes)), 15000)
            self._changed()
            if self.right.currentWidget() is self.conflicts:
                self.refresh_conflicts()

        project = self.session.project
        self._long(
            "Importing packages",
            lambda control: exchange.import_packages(project, paths, progress=control.progress),
            done,
            self._warning("Import packages", "Nothing was imported from the package that failed."),
        )


def package_line(done: exchange.PackageOutcome) -> str:
    """What importing one package did, in a few words for the status bar."""
    if done.update is not None:
        update = done.update
        references = f", {counted(update.references, 'reference')}" if update.references else ""
        return (
            f"{done.path.name}: {counted(update.studies, 'study', 'studies')}, "
            f"{counted(update.documents, 'PDF')}, {counted(update.forms, 'form')}{references}"
        )
    assert done.reviewer is not None
    outcome = done.reviewer
    changed = (
        f"{counted(outcome.changed_values, 'value')} changed"
        if outcome.applied
        else "already imported"
    )
    if outcome.not_carried:
        changed += (
            f"; {counted(len(outcome.not_carried), 'answer')} made on an older version of a "
            "form not carried (kept in the audit log)"
        )
    return f"{done.path.name}: {outcome.reviewer}, {changed}"
