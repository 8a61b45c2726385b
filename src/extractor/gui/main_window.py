"""The main window: the project's studies, with the selected study's details."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from extractor.core.errors import ExtractorError
from extractor.core.model import Status
from extractor.gui.study_list import StudyFilter, StudyRow, StudyTableModel
from extractor.store.project import ProjectFile


def load_rows(project: ProjectFile) -> tuple[list[str], list[StudyRow]]:
    """The study list's rows: each study with its extraction status per reviewer."""
    with project.transaction() as repo:
        reviewers = repo.reviewers.list()
        forms = repo.forms.list()
        statuses: dict[tuple[str, str], list[Status]] = {}
        for reviewer in reviewers:
            for form in forms:
                for study_id, status in repo.answers.statuses(form.key, reviewer.id).items():
                    statuses.setdefault((study_id, reviewer.id), []).append(status)
        rows = [
            StudyRow(
                id=study.id,
                ref=study.ref,
                label=study.label,
                documents=study.documents,
                statuses=tuple(
                    _overall(statuses.get((study.id, reviewer.id), [])) for reviewer in reviewers
                ),
            )
            for study in repo.studies.list()
        ]
    return [reviewer.name for reviewer in reviewers], rows


def _overall(statuses: list[Status]) -> str:
    if not statuses:
        return Status.NOT_STARTED.value
    if all(status is Status.COMPLETE for status in statuses):
        return Status.COMPLETE.value
    if all(status is Status.NOT_STARTED for status in statuses):
        return Status.NOT_STARTED.value
    return Status.IN_PROGRESS.value


class MainWindow(QMainWindow):
    def __init__(self, project: ProjectFile) -> None:
        super().__init__()
        self.project = project
        self.model = StudyTableModel([], [])
        self.proxy = StudyFilter()
        self.proxy.setSourceModel(self.model)
        self.filter_box = QLineEdit(placeholderText="Filter studies (label, reference, status)")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter studies")
        self.table = QTableView()
        self.table.setAccessibleName("Studies")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.empty_hint = QLabel(
            "No studies yet. Use File > Import studies… to read them from a CSV file "
            "with a 'label' column."
        )
        self.empty_hint.setWordWrap(True)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Study details")
        self._build_layout()
        self._build_menus()
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.refresh()

    def _build_layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(6, 6, 0, 6)
        column.addWidget(self.filter_box)
        column.addWidget(self.table)
        column.addWidget(self.empty_hint)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.setCentralWidget(splitter)
        self.resize(1200, 760)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open project…", self, shortcut=QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._choose_project)
        import_action = QAction("&Import studies…", self)
        import_action.triggered.connect(self._import_studies)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (open_action, import_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

    def refresh(self) -> None:
        reviewers, rows = load_rows(self.project)
        self.model.reset(reviewers, rows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty_hint.setVisible(not rows)
        with self.project.transaction() as repo:
            title = repo.overview.project().title
        self.setWindowTitle(f"{title} — Extractor")
        self.statusBar().showMessage(
            f"{len(rows)} studies · {len(reviewers)} reviewers · {self.project.path}"
        )
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        elif not rows:
            self.details.setHtml("<p>Select a study to see its citation and documents.</p>")

    def selected_study_id(self) -> str | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.row_at(self.proxy.mapToSource(indexes[0]).row()).id

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        study_id = self.selected_study_id()
        if study_id is not None:
            self.details.setHtml(self._details_html(study_id))

    def _details_html(self, study_id: str) -> str:
        with self.project.transaction() as repo:
            study = repo.studies.get(study_id)
            documents = repo.documents.list(study_id)
            reviewers = {r.id: r.name for r in repo.reviewers.list()}
            lines = []
            for form in repo.forms.list():
                for reviewer_id, name in reviewers.items():
                    status = repo.answers.statuses(form.key, reviewer_id).get(study_id)
                    if status is not None:
                        lines.append(f"{html.escape(form.name)}: {html.escape(name)}, {status}")
        if study is None:
            return ""
        citation = study.citation
        parts = [f"<h2>{html.escape(study.label)}</h2>"]
        if citation.title:
            parts.append(f"<p><b>{html.escape(citation.title)}</b></p>")
        meta = [citation.authors, citation.journal, str(citation.year) if citation.year else None]
        meta_text = ". ".join(html.escape(m) for m in meta if m)
        if meta_text:
            parts.append(f"<p>{meta_text}</p>")
        ids = [f"Reference {html.escape(study.ref)}" if study.ref else None]
        ids += [f"DOI {html.escape(citation.doi)}" if citation.doi else None]
        ids += [f"PMID {html.escape(citation.pmid)}" if citation.pmid else None]
        if any(ids):
            parts.append(f"<p>{' · '.join(i for i in ids if i)}</p>")
        parts.append("<h3>Full text</h3>")
        if documents:
            parts.append(
                "<ul>"
                + "".join(
                    f"<li>{html.escape(d.filename)} ({d.pages} page{'s' if d.pages != 1 else ''})</li>"
                    for d in documents
                )
                + "</ul>"
            )
        else:
            parts.append("<p>No PDF attached.</p>")
        parts.append("<h3>Extraction</h3>")
        parts.append(
            "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
            if lines
            else "<p>Not started by any reviewer.</p>"
        )
        return "".join(parts)

    def _choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open project",
            str(self.project.path.parent),
            "Extractor projects (*.extractor);;All files (*)",
        )
        if not name:
            return
        try:
            project = ProjectFile.open(Path(name))
        except ExtractorError as error:
            QMessageBox.warning(self, "Open project", str(error))
            return
        self.project.close()
        self.project = project
        self.table.clearSelection()
        self.refresh()

    def _import_studies(self) -> None:
        from extractor.io.studies_csv import import_studies

        name, _ = QFileDialog.getOpenFileName(
            self,
            "Import studies",
            str(self.project.path.parent),
            "CSV files (*.csv);;All files (*)",
        )
        if not name:
            return
        try:
            outcome = import_studies(self.project, Path(name))
        except ExtractorError as error:
            QMessageBox.warning(self, "Import studies", f"Nothing was imported.\n\n{error}")
            return
        self.refresh()
        self.statusBar().showMessage(f"{outcome.added} studies added, {outcome.updated} updated")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.project.close()
        super().closeEvent(event)
