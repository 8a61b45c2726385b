"""The window's studies: importing study records, attaching PDFs to a study."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QMessageBox

from extractor.app import outcomes, pdf_replacement, references, studies
from extractor.core.errors import PasswordError
from extractor.core.model import DocumentInfo, StudyInfo
from extractor.core.words import counted
from extractor.gui import file_dialogs
from extractor.gui.session import ProjectSession
from extractor.gui.study_dialog import StudyDialog
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
        self.report: QMessageBox | None = None  # what a batch of PDFs left out
        self.study_dialog: StudyDialog | None = None
        # The PDF shown: set by the window, which knows it.
        self.current_document: Callable[[], DocumentInfo | None] = lambda: None
        panel.files_dropped.connect(self.attach_files)
        panel.files_to_match.connect(self.import_pdfs)

    def choose_pdf_folder(self) -> None:
        folder = file_dialogs.folder(self.window, "Attach the PDFs of a folder")
        if folder is not None:
            self.import_pdfs([folder])

    def import_pdfs(self, paths: list[Path]) -> None:
        """Attach each PDF to the study its name points to (studies.import_pdfs),
        asking where two fit, and say what was left out and why."""
        project = self.session.project
        self._long(
            "Attaching PDFs",
            lambda control: studies.import_pdfs(project, paths, progress=control.progress),
            self._pdfs_imported,
            self._warning("Attach PDFs", "Nothing was attached."),
        )

    def _pdfs_imported(self, outcome: studies.PdfImport) -> None:
        left_out = list(outcome.skipped)
        for path, labels in outcome.undecided:
            label, chosen = QInputDialog.getItem(
                self.window,
                "Which study?",
                f"{path.name} could be the full text of:",
                labels,
                0,
                False,
            )
            study_id = self.panel.study_id_of(label) if chosen else None
            if study_id is None:
                left_out.append(f"{path}: no study chosen")
            else:
                self._attach(study_id, path)
        self._changed(None)
        attached = counted(len(outcome.attached), "PDF")
        if not left_out:
            self._status(f"Attached {attached} to the studies their names point to", 10000)
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Attach PDFs",
            f"Attached {attached}; {counted(len(left_out), 'file')} not attached.",
            parent=self.window,
        )
        box.setDetailedText("\n".join(left_out))
        box.setInformativeText("\n".join(left_out[:8]) + ("\n…" if len(left_out) > 8 else ""))
        box.open()
        self.report = box  # kept while it is shown; tests read it

    def read_by_ocr(self, document: DocumentInfo) -> None:
        """Read a scanned PDF's pages by OCR (a long job with Cancel); the PDF shown
        again holds their text."""
        from extractor.app import ocr

        project = self.session.project

        def done(result: ocr.OcrDone) -> None:
            self._status(result.line(), 10000)
            self._changed(document.study_id)

        self._long(
            f"Reading {document.filename} by OCR",
            lambda control: ocr.read_by_ocr(project, document.id, progress=control.progress),
            done,
            self._warning("Read the text by OCR", f"{document.filename} was not changed."),
        )

    def attach_files(self, study_id: str, files: list[Path]) -> None:
        """Attach PDFs to a study, one by one, on the jobs lane."""
        for path in files:
            self._attach(study_id, path)

    def _attach(self, study_id: str, path: Path, password: str | None = None) -> None:
        self.session.lanes.job.submit(
            partial(studies.attach_pdf, self.session.project, study_id, path, password),
            lambda document: self._attached(study_id, document.filename),
            partial(self._not_attached, study_id, path, password),
        )

    def _not_attached(
        self, study_id: str, path: Path, tried: str | None, error: BaseException
    ) -> None:
        """A protected file asks for its password, again while it is wrong; any
        other problem is shown."""
        if not isinstance(error, PasswordError):
            self._warning("Attach PDF", f"{path.name} was not attached.")(error)
        elif password := self._password(path, tried):
            self._attach(study_id, path, password)
        else:
            self._status(f"{path.name} was not attached: it needs its password.")

    def _password(self, path: Path, tried: str | None) -> str | None:
        """Ask for a protected file's password (saying when the last one was wrong)."""
        asked = "That password is not right. " if tried else ""
        password, given = QInputDialog.getText(
            self.window,
            "Password",
            f"{asked}{path.name} is protected by a password.\n"
            "Its password (the file is kept without it, so every reviewer can open it):",
            QLineEdit.EchoMode.Password,
        )
        return password if given and password else None

    def _attached(self, study_id: str, name: str) -> None:
        self._status(f"Attached {name}")
        self._changed(study_id)

    def choose_pdfs(self) -> None:
        study_id = self.panel.selected_study_id()
        if study_id is None:
            self._status("Select a study first, then attach its PDF.")
            return
        paths = file_dialogs.open_files(
            self.window, "Attach PDF", "PDF files (*.pdf);;All files (*)"
        )
        self.attach_files(study_id, paths)

    # one study at a time

    def add_study(self) -> None:
        self.study_dialog = StudyDialog(None, self.window)
        self.study_dialog.accepted.connect(self._add_given)
        self.study_dialog.open()

    def _add_given(self) -> None:
        assert self.study_dialog is not None
        label, ref, citation = self.study_dialog.details()
        project = self.session.project

        self.session.lanes.write.submit(
            lambda: studies.add_study(project, label, ref, citation),
            lambda study: self._done(f"Added {study.label}", study.id),
            self._warning("Add a study", "Nothing was added."),
        )

    def edit_study(self) -> None:
        study_id = self._selected()
        if study_id is None:
            return
        project = self.session.project
        self.session.lanes.read.submit(
            lambda: studies.study_info(project, study_id),
            self._show_study_dialog,
            self._warning("Edit study"),
        )

    def _show_study_dialog(self, study: StudyInfo | None) -> None:
        if study is None:
            self._status("That study is no longer in the project.")
            return
        self.study_dialog = StudyDialog(study, self.window)
        self.study_dialog.accepted.connect(lambda: self._edit_given(study.id))
        self.study_dialog.open()

    def _edit_given(self, study_id: str) -> None:
        assert self.study_dialog is not None
        label, ref, citation = self.study_dialog.details()
        project = self.session.project
        self.session.lanes.write.submit(
            lambda: studies.edit_study(project, study_id, label, ref, citation),
            lambda study: self._done(f"Saved {study.label}", study.id),
            self._warning("Edit study", "Nothing was changed."),
        )

    def remove_study(self) -> None:
        """Remove the selected study: asked once; when it holds anything a reviewer
        entered, asked again, saying how much goes."""
        study_id = self._selected()
        if study_id is None:
            return
        label = self.panel.label_of(study_id) or "the study"
        asked = QMessageBox.question(
            self.window, "Remove study", f"Remove {label} from the project?"
        )
        if asked != QMessageBox.StandardButton.Yes:
            return
        project = self.session.project
        self.session.lanes.read.submit(
            lambda: studies.study_contents(project, study_id),
            lambda contents: self._confirm_removal(study_id, contents),
            self._warning("Remove study", "Nothing was removed."),
        )

    def _confirm_removal(self, study_id: str, contents: studies.StudyContents) -> None:
        if not contents.empty:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Remove study",
                f"Removing {contents.label} deletes {contents.said()}.",
                parent=self.window,
            )
            box.setInformativeText(
                "This cannot be undone here; the audit log keeps the history of every answer."
            )
            remove = box.addButton("Remove all of it", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is not remove:
                return
        project = self.session.project
        self.session.lanes.write.submit(
            lambda: studies.remove_study(project, study_id, contents),
            lambda gone: self._done(f"Removed {gone.label} and {gone.said()}", None),
            self._warning("Remove study", "Nothing was removed."),
        )

    def detach_pdf(self) -> None:
        """Take the PDF shown from its study; its quotes go too, when confirmed."""
        document = self.current_document()
        if document is None:
            self._status("Select a study and show the PDF to detach.")
            return
        project = self.session.project
        self.session.lanes.read.submit(
            lambda: studies.pdf_quotes(project, document.id),
            lambda quotes: self._confirm_detach(document, quotes),
            self._warning("Detach PDF", "Nothing was detached."),
        )

    def _confirm_detach(self, document: DocumentInfo, quotes: int) -> None:
        lost = f" and its {counted(quotes, 'quote')} of evidence" if quotes else ""
        asked = QMessageBox.question(
            self.window,
            "Detach PDF",
            f"Detach {document.filename}{lost}? The answers stay.",
        )
        if asked != QMessageBox.StandardButton.Yes:
            return
        project = self.session.project
        self.session.lanes.write.submit(
            lambda: studies.detach_pdf(project, document.id, quotes),
            lambda _: self._done(f"Detached {document.filename}", document.study_id),
            self._warning("Detach PDF", "Nothing was detached."),
        )

    def replace_pdf(self) -> None:
        """Put another version of the PDF shown in its place, its quotes found again."""
        document = self.current_document()
        if document is None:
            self._status("Select a study and show the PDF to replace.")
            return
        path = file_dialogs.open_file(
            self.window, f"Replace {document.filename} by", "PDF files (*.pdf);;All files (*)"
        )
        if path is not None:
            self.replace_with(document, path)

    def replace_with(self, document: DocumentInfo, path: Path, password: str | None = None) -> None:
        """Read the new file and look for every quote (a long job), then confirm."""
        project = self.session.project

        def failed(error: BaseException) -> None:
            if not isinstance(error, PasswordError):
                self._warning("Replace PDF", "Nothing was replaced.")(error)
            elif given := self._password(path, password):
                self.replace_with(document, path, given)
            else:
                self._status(f"Nothing was replaced: {path.name} needs its password.")

        self._long(
            f"Replacing {document.filename}",
            lambda control: pdf_replacement.plan_replacement(
                project, document.id, path, password, control.progress
            ),
            self._confirm_replacement,
            failed,
        )

    def _confirm_replacement(self, plan: pdf_replacement.Replacement) -> None:
        if not plan.lost:
            self._apply_replacement(plan)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Replace PDF",
            f"{plan.lost_line()}. Replace it all the same?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.window,
        )
        box.setInformativeText(
            f"{plan.summary().capitalize()}. The quotes not found are deleted (the audit "
            "log keeps them); the answers stay.\n\n"
            + "\n".join(map(str, plan.lost[:6]))
            + ("\n…" if len(plan.lost) > 6 else "")
        )
        box.setDetailedText("\n".join(map(str, plan.lost)))
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                self._apply_replacement(plan)
            else:
                self._status(f"{plan.old.filename} was not replaced.")

        box.finished.connect(answered)
        box.open()
        self.report = box  # kept while it is shown; tests read it

    def _apply_replacement(self, plan: pdf_replacement.Replacement) -> None:
        project, old = self.session.project, plan.old
        self.session.lanes.write.submit(
            lambda: pdf_replacement.replace_pdf(project, plan, len(plan.lost)),
            lambda new: self._done(
                f"Replaced {old.filename} by {new.filename}: {plan.summary()}", old.study_id
            ),
            self._warning("Replace PDF", "Nothing was replaced."),
        )

    def _done(self, text: str, study_id: str | None) -> None:
        self._status(text)
        self._changed(study_id)

    def _selected(self) -> str | None:
        study_id = self.panel.selected_study_id()
        if study_id is None:
            self._status("Select a study first.")
        return study_id

    def choose_studies_file(self) -> None:
        path = file_dialogs.open_file(
            self.window, "Import studies", "CSV files (*.csv);;All files (*)"
        )
        if path is not None:
            self.import_studies(path)

    def choose_references_file(self) -> None:
        path = file_dialogs.open_file(
            self.window,
            "Import references (search results)",
            "Reference files (*.ris *.txt *.nbib *.bib *.xml *.csv);;All files (*)",
        )
        if path is not None:
            self.import_references(path)

    def import_references(self, path: Path) -> None:
        """Read the file and say what importing it does; import when the user agrees."""
        project = self.session.project
        self._long(
            "Import references",
            lambda control: references.import_references(project, path, progress=control.progress),
            lambda plan: self._confirm_references(path, plan),
            self._warning("Import references", "Nothing was imported."),
        )

    def _confirm_references(self, path: Path, plan: references.ReferencesImport) -> None:
        lines = plan.lines()
        box = QMessageBox(
            QMessageBox.Icon.Question, "Import references", lines[0], parent=self.window
        )
        if len(lines) > 1:
            box.setInformativeText(
                "Likely duplicates are imported and listed to judge; records not read are named."
            )
            box.setDetailedText("\n".join(line.strip() for line in lines[1:]))
        accept = box.addButton("Import", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        accept.setEnabled(bool(plan.added or plan.merged))
        project = self.session.project

        def chosen(button: object) -> None:
            if button is not accept:
                self._status("No references were imported.")
                return
            self._long(
                "Import references",
                lambda control: references.import_references(
                    project, path, apply=True, progress=control.progress
                ),
                lambda done: self._status(
                    f"{len(done.added)} references added and {len(done.merged)} merged from "
                    f"{done.file} ({done.database})"
                ),
                self._warning("Import references", "Nothing was imported."),
            )

        box.buttonClicked.connect(chosen)
        self.report = box
        box.open()

    def choose_outcomes_file(self) -> None:
        path = file_dialogs.open_file(
            self.window, "Import outcome data (long layout)", "CSV files (*.csv);;All files (*)"
        )
        if path is not None:
            self.import_outcomes(path)

    def import_outcomes(self, path: Path) -> None:
        """Outcome data from the long CSV, as this desktop's reviewer."""
        profile, project = self.session.config.profile, self.session.project

        def done(found: outcomes.OutcomesImport) -> None:
            self._status(f"Outcome data imported as {found.reviewer}, of {found.summary()}")
            self._changed(None)

        self.session.lanes.write.submit(
            lambda: outcomes.import_my_outcomes(project, path, profile),
            done,
            self._warning("Import outcome data", "Nothing was imported."),
        )

    def import_studies(self, path: Path) -> None:
        def done(outcome: studies.StudiesImport) -> None:
            self._status(
                f"{counted(outcome.added, 'study', 'studies')} added, {outcome.updated} updated"
            )
            self._changed(None)

        project = self.session.project
        self._long(
            "Import studies",
            lambda control: studies.import_studies(project, path, control.progress),
            done,
            self._warning("Import studies", "Nothing was imported."),
        )
