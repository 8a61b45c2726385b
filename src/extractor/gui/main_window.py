"""The main window: studies, the PDF and the form side by side, with menus."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QStackedWidget,
    QToolBar,
)

from extractor.app import extraction, studies
from extractor.app import project as projects
from extractor.app.desktop import AppConfig, ReviewerProfile
from extractor.app.ports import Project
from extractor.app.project import open_project
from extractor.core.model import ReviewerInfo
from extractor.core.paths import FieldPath
from extractor.core.readiness import Gap
from extractor.core.words import counted
from extractor.gui import file_dialogs
from extractor.gui.conflict_panel import ConflictPanel
from extractor.gui.desktop_controller import DesktopController
from extractor.gui.extraction import ExtractionController
from extractor.gui.form_panel import FormPanel
from extractor.gui.forms_controller import FormsController
from extractor.gui.full_text_import import FullTextImport
from extractor.gui.outputs.controller import OutputsController
from extractor.gui.pdf_panel import PdfPanel
from extractor.gui.profile_dialog import ProfileDialog
from extractor.gui.review_controller import ReviewController
from extractor.gui.session import ProjectSession
from extractor.gui.studies_controller import StudiesController
from extractor.gui.study_list import StudyRow
from extractor.gui.study_panel import StudyPanel, dropped_files
from extractor.gui.undo import Decided, UndoHistory
from extractor.gui.window_part import long_job

YOU = "you"


class MainWindow(QMainWindow):
    def __init__(
        self, project: Project, config: AppConfig | None = None, first_start: bool = False
    ) -> None:
        super().__init__()
        self.session = ProjectSession(project, config or AppConfig.load(), self)
        self.config = self.session.config
        self.studies = StudyPanel()
        self.pdf = PdfPanel(self.session.lanes.read, self._document_bytes)
        self.forms = FormPanel()
        self.conflicts = ConflictPanel()
        self.right = QStackedWidget()
        self.right.addWidget(self.forms)
        self.right.addWidget(self.conflicts)
        self.history = UndoHistory()  # the answers' and the decisions' changes, this session
        self.controller = ExtractionController(
            self.session, self.forms, self.pdf, self.ask_profile, self.history
        )
        self.review = ReviewController(
            self.session,
            self,
            right=self.right,
            forms=self.forms,
            conflicts=self.conflicts,
            studies=self.studies,
            pdf=self.pdf,
            profile=lambda: self.config.profile,
            changed=self.refresh,
            history=self.history,
        )
        self.study_files = StudiesController(
            self.session, self, self.studies, self._studies_changed
        )
        self.study_files.current_document = self.pdf.current_document
        self.pdf.ocr_wanted.connect(self.study_files.read_by_ocr)
        self.full_texts = FullTextImport(self.session, self, self._full_texts_changed)
        self.outputs = OutputsController(
            self.session, self, lambda: self.desktop.step("export"), self.go_to_gap
        )
        self.desktop = DesktopController(
            self.session,
            self,
            studies=self.studies,
            pdf=self.pdf,
            conflicts_action=self.review.action,
            open_project=self.open_project,
            choose_project=self._choose_project,
            settings_changed=self._settings_changed,
        )
        self.form_menu_part = FormsController(
            self.session, self, self.forms, self._settings_changed
        )
        self.owner_box = QComboBox()
        self.owner_box.setAccessibleName("Show the answers of")
        self.owner_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._reviewers: list[ReviewerInfo] = []
        self._me_id: str | None = self.config.profile.id if self.config.profile else None
        self._profile_asked = False
        self._select_when_listed: str | None = None
        self.profile_dialog: ProfileDialog | None = None  # asked as a project opens
        self.progress: QProgressDialog | None = None  # a long job's, while it runs
        self.written: QMessageBox | None = None  # what the last save wrote, with buttons
        self._refresh_timer = QTimer(self, singleShot=True, interval=250)
        self._refresh_timer.timeout.connect(self.refresh)
        self.splitter = QSplitter()
        self.splitter.setObjectName("workspace")
        self.splitter.addWidget(self.studies)
        self.splitter.addWidget(self.pdf)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 4)
        self.setCentralWidget(self.splitter)
        self.setAcceptDrops(True)
        self._build_toolbar()
        self._build_menus()
        self.studies.study_selected.connect(self._on_study)
        self.controller.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.project_label = QLabel("")
        self.project_label.setAccessibleName("Project")
        self.statusBar().addPermanentWidget(self.project_label)
        self.controller.saved.connect(self._refresh_timer.start)
        self.owner_box.activated.connect(lambda _: self._owner_changed())
        self.controller.study_loaded.connect(lambda _: self.review.load_side_evidence())
        self.controller.study_loaded.connect(lambda _: self.review.show_found())
        self.session.replaced.connect(self._project_replaced)
        self.resize(1400, 860)
        # The PDF takes the most: at fit width it is readable on a 1280-pixel screen.
        self.splitter.setSizes([290, 660, 450])
        self._restore_layout()
        if first_start:
            self.desktop.show_welcome()
        self.refresh()

    @property
    def project(self) -> Project:
        return self.session.project

    def _document_bytes(self, document_id: str) -> bytes:
        return studies.document_bytes(self.session.project, document_id)

    # layout

    def _build_toolbar(self) -> None:
        tools = QToolBar("Reviewer")
        tools.setObjectName("reviewer-toolbar")
        tools.setMovable(False)
        tools.addWidget(QLabel(" Answers of: "))
        tools.addWidget(self.owner_box)
        self.addToolBar(tools)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(
            file_menu, "&New project…", self.desktop.new_project, QKeySequence.StandardKey.New
        )
        self._action(
            file_menu, "&Open project…", self._choose_project, QKeySequence.StandardKey.Open
        )
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, "Save a &copy…", self.save_copy, QKeySequence.StandardKey.SaveAs)
        self._action(file_menu, "Restore from &backup…", self.desktop.restore_from_backup)
        file_menu.addSeparator()
        self._action(file_menu, "Import &references…", self.study_files.choose_references_file)
        self._action(file_menu, "Import full te&xts…", self.full_texts.choose_folder)
        self._action(file_menu, "&Import studies…", self.study_files.choose_studies_file)
        self._action(file_menu, "Import o&utcome data…", self.study_files.choose_outcomes_file)
        file_menu.addSeparator()
        self._action(file_menu, "Publication &outputs…", self.outputs.show_outputs, "Ctrl+Shift+O")
        self._action(file_menu, "&Export all…", self.outputs.choose_export_folder, "Ctrl+E")
        file_menu.addSeparator()
        self._action(file_menu, "&Close", self.close, "Ctrl+W")
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self._action(
            edit_menu, "&Undo", lambda: self.step_history(True), QKeySequence.StandardKey.Undo
        )
        self.redo_action = self._action(edit_menu, "&Redo", lambda: self.step_history(False))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addSeparator()
        for action in (self.pdf.copy_action, self.pdf.use_action, self.pdf.evidence_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        self._action(edit_menu, "Reviewer &profile…", self.edit_profile)
        self.work_as_action = self._action(edit_menu, "&Work on the demo as…", self.choose_work_as)
        self.work_as_action.setVisible(False)
        self._action(
            edit_menu,
            "&Settings…",
            self.desktop.edit_settings,
            QKeySequence.StandardKey.Preferences,
        )

        study_menu = bar.addMenu("&Study")
        self.attach_action = self._action(
            study_menu, "&Attach PDF…", self.study_files.choose_pdfs, "Ctrl+Shift+A"
        )
        self._action(
            study_menu, "Attach the PDFs of a &folder…", self.study_files.choose_pdf_folder
        )
        self._action(study_menu, "&Replace the PDF shown…", self.study_files.replace_pdf)
        self._action(study_menu, "&Detach the PDF shown…", self.study_files.detach_pdf)
        study_menu.addSeparator()
        self._action(study_menu, "A&dd a study…", self.study_files.add_study, "Ctrl+Shift+N")
        self._action(study_menu, "&Edit study…", self.study_files.edit_study)
        self._action(study_menu, "&Remove study…", self.study_files.remove_study)
        study_menu.addSeparator()
        self._action(study_menu, "&Next study", lambda: self.studies.step(+1), "Ctrl+PgDown")
        self._action(study_menu, "&Previous study", lambda: self.studies.step(-1), "Ctrl+PgUp")

        form_menu = bar.addMenu("F&orm")
        forms = self.form_menu_part
        self._action(form_menu, "&Edit the form shown…", forms.edit_current)
        self._action(form_menu, "&New form…", forms.new_form)
        templates = form_menu.addMenu("New form from a &template")
        for template in forms.templates():
            self._action(templates, template.name, partial(forms.from_template, template))
        form_menu.addSeparator()
        self._action(form_menu, "&Pilot the form shown…", forms.pilot_current)
        self._action(form_menu, "Pilot &report…", forms.pilot_report)
        form_menu.addSeparator()
        self._action(form_menu, "&Import form…", self.desktop.choose_form_file)
        self._action(form_menu, "E&xport the form shown…", forms.export_current)

        review_menu = bar.addMenu("&Review")
        review = self.review
        self._action(review_menu, "&Screen references…", review.show_screening, "Ctrl+Shift+R")
        self._action(review_menu, "&Likely duplicates…", review.show_duplicates)
        self._action(review_menu, "Search the &PDFs…", review.show_search, "Ctrl+Shift+F")
        review_menu.addAction(review.action)
        self._action(review_menu, "&Agreement…", review.show_agreement)
        self._action(
            review_menu,
            "Value &history…",
            lambda: review.show_history(self.current_study_label()),
            "Ctrl+H",
        )
        review_menu.addSeparator()
        self._action(review_menu, "&Make a copy for a reviewer…", review.choose_share)
        self._action(review_menu, "&Write my reviewer package…", review.choose_package)
        self._action(review_menu, "&Import packages…", review.choose_packages)
        review_menu.addSeparator()
        self._action(review_menu, "Add a &risk-of-bias tool…", review.choose_rob_tool)

        view_menu = bar.addMenu("&View")
        pdf = self.pdf
        for action in (
            pdf.zoom_in_action,
            pdf.zoom_out_action,
            pdf.fit_width_action,
            pdf.fit_page_action,
        ):
            view_menu.addAction(action)
        view_menu.addSeparator()
        for action in (pdf.find_action, pdf.find_next_action, pdf.find_previous_action):
            view_menu.addAction(action)
        self.addActions(view_menu.actions())

        help_menu = bar.addMenu("&Help")
        desktop = self.desktop
        self._action(
            help_menu, "&User guide", desktop.show_guide, QKeySequence.StandardKey.HelpContents
        )
        self._action(help_menu, "&Keyboard shortcuts", desktop.show_shortcuts)
        self._action(help_menu, "&Welcome and guided path", desktop.show_welcome)
        help_menu.addSeparator()
        self._action(help_menu, "&About Extractor", desktop.show_about)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def _save_layout(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())

    # data

    def owner(self) -> ReviewerInfo | None:
        """Whose answers are shown: None for the reviewer at this desktop."""
        data = self.owner_box.currentData()
        if data in (None, YOU):
            return None
        return next((r for r in self._reviewers if r.id == data), None)

    def _owner_id(self) -> str | None:
        owner = self.owner()
        return owner.id if owner is not None else None  # None: this desktop's reviewer

    def current_study_label(self) -> str | None:
        """The label of the study the form shows, if any."""
        study_id = self.controller.study_id
        return self.studies.label_of(study_id) if study_id else None

    def refresh(self) -> None:
        """Reload the study list and forms off the UI thread."""
        owner_id, profile, project = self._owner_id(), self.config.profile, self.project
        self.session.lanes.read.submit(
            lambda: studies.overview(project, owner_id, profile),
            self._show_overview,
            lambda error: self.statusBar().showMessage(f"The project could not be read: {error}"),
        )

    def _show_overview(self, overview: studies.Overview) -> None:
        self.setWindowTitle(f"{overview.title} — Extractor")
        self._reviewers = overview.reviewers
        self._me_id = overview.me
        self.controller.me_id = overview.me
        self.controller.works_as = overview.works_as
        self.work_as_action.setVisible(self._on_demo(overview))
        if self.desktop.welcome is not None:
            self.desktop.welcome.speak_of(overview.title, overview.demo)
        if overview.works_as is None and self.config.profile is None and not self._profile_asked:
            # Who works here is asked once, as the project opens: never in the middle
            # of an action (the first answer, a resolution).
            self._profile_asked = True
            self.profile_dialog = ProfileDialog(None, self)
            self.profile_dialog.accepted.connect(self._profile_given)
            self.profile_dialog.open()  # window-modal, without blocking the event loop
        self._fill_owners()
        first_load = not self.forms.pages and overview.forms
        self.forms.set_forms(overview.forms)
        rows = [
            StudyRow(
                id=item.study.id,
                ref=item.study.ref,
                label=item.study.label,
                documents=item.study.documents,
                statuses=tuple(item.statuses[form.key].value for form in overview.forms),
                pilots=item.pilots,
            )
            for item in overview.studies
        ]
        self.studies.set_rows([form.name for form in overview.forms], rows)
        if first_load and self.studies.selected_study_id():
            self._on_study(self.studies.selected_study_id())
        wanted, self._select_when_listed = self._select_when_listed, None
        if wanted is not None and self.studies.select_study(wanted):
            self._on_study(wanted)
        # The project's size and file stay at the right; what an action says (a
        # refresh follows most) keeps the left until its time is up.
        self.project_label.setText(
            f"{counted(len(rows), 'study', 'studies')} · {self.project.path}"
        )
        if self.statusBar().currentMessage().startswith("Opening "):
            self.statusBar().clearMessage()

    def _fill_owners(self) -> None:
        current = self.owner_box.currentData()
        profile = self.config.profile
        self.owner_box.blockSignals(True)
        self.owner_box.clear()
        works_as = self.controller.works_as
        me = works_as.name if works_as else profile.name if profile else None
        self.owner_box.addItem(f"{me} (you)" if me else "You", YOU)
        for reviewer in self._reviewers:
            if reviewer.id != self._me_id:
                self.owner_box.addItem(reviewer.name, reviewer.id)
        index = self.owner_box.findData(current)
        self.owner_box.setCurrentIndex(max(index, 0))
        self.owner_box.blockSignals(False)

    def _owner_changed(self) -> None:
        self.refresh()
        self._on_study(self.studies.selected_study_id())

    def go_to_gap(self, gap: Gap) -> None:
        """Show what an output lacks: its study, its form and its field."""
        if gap.study_id and not self.studies.select_study(gap.study_id):
            self.statusBar().showMessage(f"{gap.study} is hidden by the study filter", 8000)
            return
        page = self.forms.pages.get(gap.form_key)
        if page is None:
            return
        self.forms.setCurrentWidget(page)
        if gap.path:
            page.show_field(FieldPath.parse(gap.path).key)

    def _on_study(self, study_id: str | None) -> None:
        self.controller.show_study(study_id, self.owner())

    # profile

    def ask_profile(self) -> ReviewerProfile | None:
        """The desktop's reviewer profile, asked for before the first edit."""
        if self.config.profile is not None:
            return self.config.profile
        return self.edit_profile()

    def _profile_given(self) -> None:
        if self.profile_dialog is not None and self.config.profile is None:
            self.config.profile = self.profile_dialog.profile()
            self.config.save()
            self._settings_changed()

    def edit_profile(self) -> ReviewerProfile | None:
        dialog = ProfileDialog(self.config.profile, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return self.config.profile
        self.config.profile = dialog.profile()
        self.config.save()
        self._settings_changed()
        return self.config.profile

    def _on_demo(self, overview: studies.Overview) -> bool:
        """Whether the project is the demo, whose reviewers one can work as."""
        return overview.works_as is not None and overview.demo

    def choose_work_as(self) -> None:
        """On the demo, work as the other of its reviewers."""
        names = [r.name for r in self._reviewers if not r.is_consensus]
        current = self.controller.works_as.name if self.controller.works_as else ""
        name, ok = QInputDialog.getItem(
            self,
            "Work on the demo as",
            "Your answers, evidence and decisions are recorded as:",
            names,
            names.index(current) if current in names else 0,
            False,
        )
        if not ok or name == current:
            return
        self._finish_edits()
        project = self.project

        def switched(who: ReviewerInfo) -> None:
            self.statusBar().showMessage(f"You now work as {who.name}", 8000)
            self._owner_changed()

        def refused(error: BaseException) -> None:
            QMessageBox.warning(self, "Work on the demo as", str(error))

        self.session.lanes.write.submit(
            lambda: extraction.work_as(project, name), switched, refused
        )

    def _settings_changed(self) -> None:
        """The profile may be new: this desktop writes as it where no copy says otherwise."""
        if self.controller.me_id is None and self.config.profile is not None:
            self.controller.me_id = self._me_id = self.config.profile.id
        self._fill_owners()
        self.refresh()

    # files

    def _full_texts_changed(self) -> None:
        """Full texts kept: the screening window shows them, a study may hold them."""
        if self.review.screening_window is not None:
            self.review.screening_window.reload()
        self.refresh()

    def _studies_changed(self, study_id: str | None) -> None:
        if study_id is not None and study_id == self.studies.selected_study_id():
            self._on_study(study_id)
        else:
            self._select_when_listed = study_id  # a study just added: shown once listed
        self.refresh()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event) and self.studies.selected_study_id():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Files dropped anywhere but the list go to the selected study."""
        study_id = self.studies.selected_study_id()
        files = dropped_files(event)
        if study_id and files:
            event.acceptProposedAction()
            self.study_files.attach_files(study_id, files)

    # projects

    def _choose_project(self) -> None:
        path = file_dialogs.open_file(
            self, "Open project", "Extractor projects (*.extractor);;All files (*)"
        )
        if path is not None:
            self.open_project(path)

    def save_copy(self) -> None:
        """A copy of the whole project, as it is now, under a new name."""
        target = file_dialogs.save_file(
            self,
            "Save a copy",
            f"{self.project.path.stem} copy.extractor",
            "Extractor projects (*.extractor)",
        )
        if target is None:
            return
        self._finish_edits()  # the field being typed in is in the copy too
        project = self.project

        def written(path: Path) -> None:
            self.written = file_dialogs.show_written(
                self, f"Wrote a copy of the project to {path}.", path
            )

        _, self.progress = long_job(
            self,
            self.session.lanes.job,
            "Save a copy",
            lambda control: projects.save_copy(project, target, control.progress),
            written,
            self._warning("Save a copy"),
        )

    def _warning(self, title: str) -> Callable[[BaseException], None]:
        return lambda error: self._warn(title, error)

    def _warn(self, title: str, error: BaseException) -> None:
        QMessageBox.warning(self, title, str(error))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.config.recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, path=path: self.open_project(Path(path)))
        if not self.config.recent:
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    def open_project(self, path: Path) -> None:
        """Open another project on the jobs lane (a probe, perhaps a migration), then
        hand it to the session, which every view and dialog follows."""
        if not self.form_menu_part.may_leave():
            return
        self.statusBar().showMessage(f"Opening {path}…")

        def failed(error: BaseException) -> None:
            QMessageBox.warning(self, "Open project", str(error))

        self.session.lanes.job.submit(lambda: open_project(path), self._swap_project, failed)

    def _swap_project(self, project: Project) -> None:
        self._finish_edits()
        self.session.replace(project)

    def step_history(self, undoing: bool) -> None:
        """Undo the last answer or decision saved (or redo the last undone), once the
        saves under way have landed, so that the last one is the last saved."""
        self.session.lanes.write.submit(lambda: None, lambda _: self._step_now(undoing))

    def _step_now(self, undoing: bool) -> None:
        history = self.history
        entry = history.to_undo() if undoing else history.to_redo()
        if entry is None:
            self.statusBar().showMessage(f"Nothing to {'undo' if undoing else 'redo'}.", 5000)
        elif isinstance(entry, Decided):
            self.review.apply(entry, undoing)
        else:
            self.controller.apply(entry, undoing)

    def _project_replaced(self) -> None:
        self.history.clear()  # its changes belong to the project left
        self.forms.set_forms([])
        self.controller.show_study(None, None)
        self.refresh()

    def _finish_edits(self) -> None:
        """Commit the field being edited and wait for all work on the project."""
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()  # leaving the field commits it
        self.session.lanes.wait()
        QApplication.processEvents()  # deliver the outcomes of the writes
        self.session.lanes.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.form_menu_part.may_leave():
            event.ignore()
            return
        self._finish_edits()
        self._save_layout()
        self.pdf.shutdown()
        self.session.close()
        super().closeEvent(event)
