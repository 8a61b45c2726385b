"""Screening references in the window: one key per decision, the next record at once,
terms highlighted, and the lead's view of disagreements to resolve."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from extractor.app import screening
from extractor.app.desktop import ReviewerProfile
from extractor.core.screening import (
    EXCLUDE,
    FULL_TEXT,
    INCLUDE,
    MAYBE,
    STAGE_NAMES,
    STAGES,
    State,
    mark_terms,
)
from extractor.gui.pdf_panel import PdfPanel
from extractor.gui.session import ProjectSession
from extractor.gui.theme import muted

TO_SCREEN, CONFLICTS, EVERY = "To screen", "Disagreements", "All records"
KEYS = {Qt.Key.Key_I: INCLUDE, Qt.Key.Key_E: EXCLUDE, Qt.Key.Key_M: MAYBE}
MARKS = {INCLUDE: "✓", EXCLUDE: "✗", MAYBE: "?"}
HIGHLIGHT = {INCLUDE: "#b9f0b9", EXCLUDE: "#f7c1c1"}  # with black text: legible on any theme
VERDICTS = {
    State.AWAITING: "awaiting decisions",
    State.CONFLICT: "in disagreement",
    State.INCLUDED: "included",
    State.EXCLUDED: "excluded",
}


class ScreeningWindow(QDialog):
    def __init__(
        self,
        session: ProjectSession,
        profile: Callable[[], ReviewerProfile | None],
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Screening")
        self.session, self._profile, self._changed = session, profile, changed
        self.board: screening.Board | None = None
        self.terms = screening.Terms([], [])
        self._shown: list[screening.Item] = []
        self._keep: str | None = None  # the record to select once the list is refilled
        self._row_before = 0  # where the list was, for the row to show after a refill

        self.stage_box = QComboBox()
        self.stage_box.setAccessibleName("Stage")
        for stage in STAGES:
            self.stage_box.addItem(STAGE_NAMES[stage], stage)
        self.show_box = QComboBox()
        self.show_box.setAccessibleName("Show")
        self.show_box.addItems([TO_SCREEN, CONFLICTS, EVERY])
        self.progress = QLabel("")
        self.progress.setAccessibleName("Progress")
        top = QHBoxLayout()
        top.addWidget(QLabel("Stage:"))
        top.addWidget(self.stage_box)
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.show_box)
        top.addWidget(self.progress, 1)
        self.agreement = QLabel("")
        self.agreement.setAccessibleName("Agreement")
        self.agreement.setWordWrap(True)
        self.agreement.setStyleSheet(f"color: {muted()};")

        self.records = QListWidget()
        self.records.setAccessibleName("Records")
        self.records.setWordWrap(True)
        self.records.setAlternatingRowColors(True)
        self.records.setSpacing(2)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Title and abstract")
        self.detail.setOpenExternalLinks(False)
        reading = self.detail.font()  # hundreds of abstracts a day: a size to read at
        reading.setPointSizeF(reading.pointSizeF() * 1.15)
        self.detail.document().setDefaultFont(reading)
        project = session.project
        self.full_text = PdfPanel(
            session.lanes.read,
            lambda file_id: screening.full_text_bytes(project, file_id),
            workspace=False,
        )
        self.reading = QTabWidget()
        self.reading.setAccessibleName("Record")
        self.reading.addTab(self.detail, "Title and abstract")
        self.reading.addTab(self.full_text, "Full text")
        self.decisions = QLabel("")
        self.decisions.setAccessibleName("Decisions")
        self.decisions.setWordWrap(True)

        self.include_button = QPushButton("&Include (I)")
        self.maybe_button = QPushButton("&Maybe (M)")
        self.exclude_button = QPushButton("&Exclude (E)")
        self.reason_box = QComboBox()
        self.reason_box.setAccessibleName("Reason for exclusion")
        self.reason_box.setMinimumContentsLength(18)
        self.reason_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.include_button)
        buttons.addWidget(self.maybe_button)
        buttons.addWidget(self.exclude_button)
        buttons.addWidget(self.reason_box)
        self.reasons_button = QPushButton("Reasons…")
        self.reasons_button.setToolTip("Edit the list of full-text exclusion reasons")
        self.reasons_button.clicked.connect(self.edit_reasons)
        buttons.addWidget(self.reasons_button)

        self.include_terms = QLineEdit()
        self.include_terms.setAccessibleName("Inclusion terms")
        self.include_terms.setPlaceholderText("e.g. autoimmune hepatitis, rituximab, biologic*")
        self.exclude_terms = QLineEdit()
        self.exclude_terms.setAccessibleName("Exclusion terms")
        self.exclude_terms.setPlaceholderText("e.g. mice, review, paediatric")
        terms = QFormLayout()
        terms.addRow("Highlight in green:", self.include_terms)
        terms.addRow("Highlight in red:", self.exclude_terms)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.reading, 1)
        column.addWidget(self.decisions)
        column.addLayout(buttons)
        column.addLayout(terms)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.records)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.hint = QLabel(
            "Keys: I include, E exclude, M maybe; at full text 1–9 exclude for that"
            " reason. The next record follows at once."
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {muted()};")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.agreement)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.hint)
        self.resize(1100, 720)

        self.stage_box.currentIndexChanged.connect(lambda _: self._fill())
        self.show_box.currentIndexChanged.connect(lambda _: self._fill())
        self.records.currentRowChanged.connect(lambda _: self._show_record())
        self.include_button.clicked.connect(lambda: self.decide(INCLUDE))
        self.maybe_button.clicked.connect(lambda: self.decide(MAYBE))
        self.exclude_button.clicked.connect(lambda: self.decide(EXCLUDE))
        self.include_terms.editingFinished.connect(self._save_terms)
        self.exclude_terms.editingFinished.connect(self._save_terms)
        # Keys decide where the reader's eyes are: on the list or the abstract (not
        # while typing terms).
        self.records.installEventFilter(self)
        self.detail.installEventFilter(self)
        self.full_text.view.installEventFilter(self)
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return super().eventFilter(watched, event)
            decision = KEYS.get(Qt.Key(event.key()))
            if decision is not None:
                self.decide(decision)
                return True
            if Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9:
                self._exclude_for(event.key() - Qt.Key.Key_0)
                return True
        return super().eventFilter(watched, event)

    def done(self, result: int) -> None:
        """Closed: the full text's renderer stops with the window."""
        self.full_text.shutdown()
        super().done(result)

    # reading

    @property
    def stage(self) -> str:
        return str(self.stage_box.currentData())

    @property
    def resolving(self) -> bool:
        return self.show_box.currentText() == CONFLICTS

    def current(self) -> screening.Item | None:
        row = self.records.currentRow()
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def reload(self) -> None:
        """Read the board again off the UI thread, keeping the record shown."""
        project, profile = self.session.project, self._profile()

        def load() -> tuple[screening.Board, screening.Terms]:
            return screening.my_board(project, profile), screening.highlight_terms(project)

        self.session.lanes.read.submit(load, self._loaded, self._failed)

    def _loaded(self, found: tuple[screening.Board, screening.Terms]) -> None:
        self.board, self.terms = found
        said = screening.agreement_line(self.board)
        self.agreement.setText(said)
        self.agreement.setVisible(bool(said))
        for box, terms in (
            (self.include_terms, self.terms.include),
            (self.exclude_terms, self.terms.exclude),
        ):
            if not box.hasFocus():
                box.setText(", ".join(terms))
        reasons = self.board.reasons
        chosen = self.reason_box.currentText()
        self.reason_box.clear()
        self.reason_box.addItem("Reason for exclusion…", "")
        for n, reason in enumerate(reasons, start=1):
            self.reason_box.addItem(f"{n}. {reason}" if n < 10 else reason, reason)
        at = self.reason_box.findText(chosen)
        self.reason_box.setCurrentIndex(max(at, 0))
        self._fill()

    def _failed(self, error: BaseException) -> None:
        self.detail.setPlainText(f"The screening could not be read: {error}")

    def _wanted(self, item: screening.Item) -> bool:
        verdict = screening.verdict_at(item, self.stage)
        if self.resolving:
            return verdict.state == State.CONFLICT
        if self.show_box.currentText() == EVERY:
            return True
        return self.stage not in item.mine and verdict.state == State.AWAITING

    def _fill(self) -> None:
        board = self.board
        if board is None:
            return
        shown = self.current()
        keep = self._keep or (shown.stored.id if shown else None)
        reached = board.at(self.stage)
        self._shown = [item for item in reached if self._wanted(item)]
        self.records.blockSignals(True)
        self.records.clear()
        for item in self._shown:
            mine = item.mine.get(self.stage)
            mark = MARKS.get(mine.decision, "") if mine else ""
            entry = QListWidgetItem(f"{mark} {item.label}\n{item.stored.reference.title}".strip())
            entry.setToolTip(VERDICTS[screening.verdict_at(item, self.stage).state])
            self.records.addItem(entry)
        self.records.blockSignals(False)
        ids = [item.stored.id for item in self._shown]
        row = ids.index(keep) if keep in ids else min(self._row_before, len(ids) - 1)
        self._keep = None
        self.records.setCurrentRow(row)
        done = sum(1 for item in reached if self.stage in item.mine)
        summary = board.summary(self.stage)
        self.progress.setText(
            f"You have screened {done} of {len(reached)}; team: {summary['included']} included,"
            f" {summary['excluded']} excluded, {summary['conflicts']} in disagreement"
        )
        self._show_record()

    def _show_record(self) -> None:
        item = self.current()
        full_text = self.stage == FULL_TEXT
        self.reason_box.setVisible(full_text)
        self.reasons_button.setVisible(full_text)
        for button in (self.include_button, self.maybe_button, self.exclude_button):
            button.setEnabled(item is not None)
        if self.resolving and full_text:  # the team settles a full text: no maybe
            self.maybe_button.setEnabled(False)
        if item is None:
            self.detail.setHtml(self._empty())
            self.decisions.setText("")
            self.full_text.show_documents([], "No record chosen.")
            self.reading.setCurrentWidget(self.detail)
            return
        self._row_before = self.records.currentRow()
        self.detail.setHtml(self._record_html(item))
        self.decisions.setText(self._decisions_text(item))
        self._show_full_text(item)

    def _show_full_text(self, item: screening.Item) -> None:
        """The record's PDFs in the Full text tab, shown first at full text."""
        assert self.board is not None
        files = self.board.full_texts.get(item.stored.id, [])
        if not self.full_text.showing(files):
            self.full_text.show_documents(
                files,
                "No full text for this record yet: File › Import full texts… matches PDFs"
                " to records by DOI, title or file name.",
            )
        self.reading.setTabText(1, f"Full text ({len(files)})" if files else "Full text")
        full_text = self.stage == FULL_TEXT and bool(files)
        self.reading.setCurrentWidget(self.full_text if full_text else self.detail)

    def _empty(self) -> str:
        board = self.board
        if board is None or not board.items:
            text = (
                "No references yet. File › Import references… brings in the results of your"
                " searches (RIS, BibTeX, PubMed, EndNote XML or CSV)."
            )
        elif self.resolving:
            text = f"No disagreements at {STAGE_NAMES[self.stage].lower()}."
        elif not board.at(self.stage):
            text = (
                "No record has reached full text yet: records included or marked maybe by"
                " both reviewers at title and abstract come here."
            )
        elif self.show_box.currentText() == TO_SCREEN:
            text = (
                f"Nothing left for you to screen at {STAGE_NAMES[self.stage].lower()}."
                " Show: All records lists every record with its decisions."
            )
        else:
            text = "No records."
        return f"<p style='color:{muted()}'>{escape(text)}</p>"

    def _marked(self, text: str) -> str:
        pieces = mark_terms(text, self.terms.include, self.terms.exclude)
        return "".join(
            escape(piece)
            if kind is None
            else f"<span style='background:{HIGHLIGHT[kind]}; color:#000'>{escape(piece)}</span>"
            for piece, kind in pieces
        )

    def _record_html(self, item: screening.Item) -> str:
        reference = item.stored.reference
        where = ", ".join(
            part
            for part in (
                reference.journal,
                str(reference.year or ""),
                reference.volume + (f"({reference.issue})" if reference.issue else ""),
                reference.pages,
            )
            if part
        )
        ids = " · ".join(
            part
            for part in (
                f"DOI {reference.doi}" if reference.doi else "",
                f"PMID {reference.pmid}" if reference.pmid else "",
            )
            if part
        )
        sources = ", ".join(sorted({s.database for s in item.stored.sources}))
        abstract = (
            self._marked(reference.abstract)
            if reference.abstract
            else f"<i style='color:{muted()}'>No abstract in the imported record.</i>"
        )
        keywords = (
            f"<p><b>Keywords:</b> {self._marked('; '.join(reference.keywords))}</p>"
            if reference.keywords
            else ""
        )
        return (
            f"<h3>{self._marked(reference.title or '(no title)')}</h3>"
            f"<p>{escape('; '.join(reference.authors) or 'No authors given')}</p>"
            f"<p style='color:{muted()}'>{escape(where)}"
            f"{'<br/>' + escape(ids) if ids else ''}"
            f"{'<br/>Found in ' + escape(sources) if sources else ''}</p>"
            f"<p>{abstract}</p>{keywords}"
        )

    def _decisions_text(self, item: screening.Item) -> str:
        board = self.board
        assert board is not None
        verdict = screening.verdict_at(item, self.stage)
        team = VERDICTS[verdict.state] + (f" ({verdict.reason})" if verdict.reason else "")
        if verdict.why:
            team += f": {verdict.why}"
        if self.resolving or self.show_box.currentText() == EVERY:
            names = {r.id: r.name for r in board.reviewers}
            made = item.screened.record.decisions.get(self.stage, ())
            shown = "; ".join(
                f"{names.get(d.reviewer, 'Consensus')}: {d.decision}"
                + (f" ({d.reason})" if d.reason else "")
                for d in made
            )
            verb = "Your keys decide for the team. " if self.resolving else ""
            return f"{verb}Decisions: {shown or 'none yet'}. Team: {team}."
        mine = item.mine.get(self.stage)
        yours = "not yet decided" if mine is None else mine.decision
        if mine is not None and mine.reason:
            yours += f" ({mine.reason})"
        return f"Your decision: {yours}."

    # deciding

    def _exclude_for(self, number: int) -> None:
        if self.stage != FULL_TEXT or number >= self.reason_box.count():
            return
        self.reason_box.setCurrentIndex(number)
        self.decide(EXCLUDE)

    def decide(self, decision: str) -> None:
        item = self.current()
        if item is None or self.board is None:
            return
        if decision == MAYBE and self.resolving and self.stage == FULL_TEXT:
            return
        reason = str(self.reason_box.currentData() or "") if self.stage == FULL_TEXT else ""
        if decision == EXCLUDE and self.stage == FULL_TEXT and not reason:
            self.decisions.setText("Choose the reason for excluding it first (or press 1–9).")
            self.reason_box.setFocus()
            return
        project, profile, stage = self.session.project, self._profile(), self.stage
        reference = item.stored.id
        if self.resolving:
            work = lambda: screening.resolve_record(project, reference, stage, decision, reason)  # noqa: E731
        else:
            work = lambda: screening.record_decision(  # noqa: E731
                project, profile, reference, stage, decision, reason
            )
        # The next record at once: the list moves on while the decision is written.
        # In every view, so that a second key at once is for the next record.
        row = self.records.currentRow()
        if row + 1 < self.records.count():
            self._keep = self._shown[row + 1].stored.id
            self.records.setCurrentRow(row + 1)
        else:
            self._row_before = row
        self.session.lanes.write.submit(work, self._decided, self._refused)

    def _decided(self, made: list[str]) -> None:
        if made:
            self.progress.setText("; ".join(made))
            self._changed()
        self.reload()

    def _refused(self, error: BaseException) -> None:
        self.decisions.setText(f"Not recorded: {error}")
        self.reload()

    def edit_reasons(self) -> None:
        """The lead's list of full-text exclusion reasons, one a line, in key order."""
        if self.board is None:
            return
        text, chosen = QInputDialog.getMultiLineText(
            self,
            "Exclusion reasons",
            "One reason a line; the first nine have the keys 1–9:",
            "\n".join(self.board.reasons),
        )
        if not chosen:
            return
        project, reasons = self.session.project, text.splitlines()
        self.session.lanes.write.submit(
            lambda: screening.set_reasons(project, reasons),
            lambda _: self.reload(),
            self._refused,
        )

    def _save_terms(self) -> None:
        include = [t.strip() for t in self.include_terms.text().split(",") if t.strip()]
        exclude = [t.strip() for t in self.exclude_terms.text().split(",") if t.strip()]
        if (include, exclude) == (self.terms.include, self.terms.exclude):
            return
        project = self.session.project
        self.session.lanes.write.submit(
            lambda: screening.set_highlight_terms(project, include, exclude),
            self._terms_saved,
            self._refused,
        )

    def _terms_saved(self, terms: screening.Terms) -> None:
        self.terms = terms
        self._show_record()
