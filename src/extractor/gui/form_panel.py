"""The extraction form, generated from its definition: a tab per form, a row per
field, each with its help, its saved state and its evidence."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from extractor.core.errors import ExtractorError
from extractor.core.forms import Field, Form, FormKind
from extractor.core.model import Evidence, ExtractionData, Status
from extractor.core.outcome_checks import STUDY_N_KEY
from extractor.core.rob import Instrument, guidance
from extractor.core.values import Value
from extractor.gui.form_fields import FieldEditor, make_editor
from extractor.gui.group_table import GroupEditor
from extractor.gui.outcome_table import OutcomeEditor
from extractor.gui.theme import BAD, GOOD, NOTE, muted, shade

SAVED, SAVING, INVALID, FAILED = "saved", "saving", "invalid", "failed"


def _study_n(data: ExtractionData) -> float | None:
    """The study's N, which the outcome checks add the arms' n up against."""
    value = data.values.get(STUDY_N_KEY)
    return float(value) if isinstance(value, int | float) else None


def state_style(state: str) -> str:
    """How a field's save state is written: green when saved, red when not."""
    return {
        SAVED: f"color: {shade(*GOOD)};",
        SAVING: f"color: {muted()};",
        INVALID: f"color: {shade(*BAD)};",
        FAILED: f"color: {shade(*BAD)}; font-weight: bold;",
    }.get(state, "")


class FieldRow(QWidget):
    """A field's editor with its help text, saved state and evidence marker."""

    def __init__(self, field: Field, editor: FieldEditor | GroupEditor) -> None:
        super().__init__()
        self.field = field
        self.editor = editor
        self.state = QLabel("")
        self.state.setAccessibleName(f"{field.label} state")
        self.evidence_button = QToolButton()
        self.evidence_button.setAccessibleName(f"Show the quote for {field.label}")
        self.evidence_button.setToolTip("Show the quote in the PDF")
        self.evidence_button.hide()
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 4)
        column.setSpacing(2)
        column.addWidget(editor if isinstance(editor, GroupEditor) else editor.widget)
        if field.help:
            help_text = QLabel(field.help)
            help_text.setWordWrap(True)
            help_text.setStyleSheet(f"color: {muted()}; font-size: 90%;")
            column.addWidget(help_text)
        column.addWidget(self.note)
        status_row = QHBoxLayout()
        status_row.addWidget(self.evidence_button)
        status_row.addWidget(self.state, 1)
        column.addLayout(status_row)

    def set_state(self, state: str, text: str = "") -> None:
        labels = {
            SAVED: "✓ Saved",
            SAVING: "Saving…",
            INVALID: "Not saved: ",
            FAILED: "Not saved: ",
        }
        self.state.setText(labels.get(state, "") + text)
        self.state.setStyleSheet(state_style(state))

    def set_note(self, text: str, warning: bool = False) -> None:
        """A hint under the field (the judgement a published rule proposes)."""
        self.note.setText(text)
        self.note.setStyleSheet(
            f"color: {shade(*BAD)}; font-weight: bold;" if warning else f"color: {shade(*NOTE)};"
        )
        self.note.setVisible(bool(text))

    def set_evidence(self, quotes: list[Evidence]) -> None:
        self.evidence_button.setVisible(bool(quotes))
        if quotes:
            first = quotes[0]
            more = f" (+{len(quotes) - 1})" if len(quotes) > 1 else ""
            self.evidence_button.setText(f"❝ p. {first.page}{more}")
            self.evidence_button.setToolTip(
                "Show in the PDF:\n" + "\n".join(f"p. {q.page}: “{q.quote}”" for q in quotes)
            )


class FormPage(QWidget):
    result_chosen = Signal(str)  # the result a result-level assessment is about ("" whole study)
    value_committed = Signal(str, object)  # path, value
    rows_action = Signal(str, str, int, int)  # group key, action, row, to
    status_chosen = Signal(object)  # Status
    evidence_requested = Signal(str)  # path

    def __init__(self, form: Form) -> None:
        super().__init__()
        self.form = form
        self.instrument = _instrument(form)
        self.rows: dict[str, FieldRow] = {}
        self.current_path: str | None = None
        self._data = ExtractionData()
        self.status_box = QComboBox()
        self.status_box.setAccessibleName(f"Status of {form.name}")
        for status in Status:
            self.status_box.addItem(status.value.capitalize(), status.value)
        self.owner_label = QLabel("")
        header = QHBoxLayout()
        self.result_box: QComboBox | None = None
        if self.instrument is not None and self.instrument.per_result:
            # RoB 2 and ROBINS-I judge a result: one assessment per labelled result.
            self.result_box = QComboBox(editable=True)
            self.result_box.setAccessibleName("Result assessed")
            self.result_box.setToolTip(
                "Type a label such as “ALT at 6 months” and press Enter for a new one"
            )
            self.result_box.setMinimumContentsLength(16)
            result_text = self.result_box.lineEdit()
            assert result_text is not None  # the box is editable
            result_text.setPlaceholderText("Result, e.g. ALT at 6 months")
            self.result_box.activated.connect(lambda _: self._choose_result())
            result_text.returnPressed.connect(self._choose_result)
            header.addWidget(QLabel("Result:"))
            header.addWidget(self.result_box)
        header.addWidget(QLabel("Status:"))
        header.addWidget(self.status_box)
        header.addStretch(1)
        header.addWidget(self.owner_label)
        body = QWidget()
        sections = QVBoxLayout(body)
        # Fields a rule never asks for (a reason to depart from a proposal no rule makes)
        # are left out, unless they hold an answer (see set_data).
        unasked = (
            {f.key for f in form.scalar_fields() if f.key.endswith("_override")}
            - self.instrument.overrides_asked()
            if self.instrument is not None
            else set()
        )
        self._optional: dict[str, QWidget] = {}
        for section in form.sections:
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
            # Each label above its field, both as wide as the panel: a long label or help
            # text wraps instead of pushing the input out of sight on a narrow panel.
            layout = QVBoxLayout(box)
            title = QLabel(section.title)
            title.setWordWrap(True)
            title.setStyleSheet("font-weight: bold;")
            layout.addWidget(title)
            for field in section.fields:
                row = self._make_row(field)
                label = QLabel(f"{field.label}{' *' if field.required else ''}")
                label.setWordWrap(True)
                label.setToolTip(field.help)
                label.setBuddy(
                    row.editor.table if isinstance(row.editor, GroupEditor) else row.editor.widget
                )
                place = QWidget()
                column = QVBoxLayout(place)
                column.setContentsMargins(0, 4, 0, 0)
                column.setSpacing(2)
                column.addWidget(label)
                column.addWidget(row)
                layout.addWidget(place)
                if field.key in unasked:
                    self._optional[field.key] = place
                    place.setVisible(False)
            sections.addWidget(box)
        sections.addStretch(1)
        self._scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 0)
        outer.addLayout(header)
        outer.addWidget(scroll, 1)
        self.status_box.activated.connect(
            lambda _: self.status_chosen.emit(self.status_box.currentData())
        )

    def _make_row(self, field: Field) -> FieldRow:
        if field.is_group:
            group = OutcomeEditor(field) if field.kind.fixed_fields() else GroupEditor(field)
            row = FieldRow(field, group)
            group.focused.connect(lambda key=field.key: self._focus_group(key))
            group.table.currentCellChanged.connect(lambda *_, key=field.key: self._focus_group(key))
            group.cell_committed.connect(
                lambda number, sub, value, key=field.key: self.value_committed.emit(
                    f"{key}[{number}].{sub}", value
                )
            )
            group.row_action.connect(
                lambda action, number, to, key=field.key: self.rows_action.emit(
                    key, action, number, to
                )
            )
            group.show_evidence.connect(self.evidence_requested)
        else:
            editor = make_editor(field)
            row = FieldRow(field, editor)
            editor.signals.focused.connect(lambda key=field.key: self._focus(key))
            editor.signals.committed.connect(lambda value, key=field.key: self._commit(key, value))
            editor.signals.invalid.connect(
                lambda reason, key=field.key: self.set_state(key, INVALID, reason)
            )
            row.evidence_button.clicked.connect(
                lambda _=False, key=field.key: self.evidence_requested.emit(key)
            )
        self.rows[field.key] = row
        return row

    def _choose_result(self) -> None:
        if self.result_box is not None:
            self.result_chosen.emit(self.result_box.currentText().strip())

    def set_results(self, labels: list[str], current: str) -> None:
        if self.result_box is None:
            return
        self.result_box.blockSignals(True)
        self.result_box.clear()
        for label in sorted(set(labels) | ({current} if current else set())):
            self.result_box.addItem(label)
        self.result_box.setEditText(current)
        self.result_box.blockSignals(False)

    def _focus(self, key: str) -> None:
        self.current_path = key

    def _focus_group(self, key: str) -> None:
        group = self.rows[key].editor
        assert isinstance(group, GroupEditor)  # told only by group editors
        self.current_path = group.current_path() or key

    def _commit(self, key: str, value: Value) -> None:
        self.set_state(key, SAVING)
        self.value_committed.emit(key, value)

    def set_data(self, data: ExtractionData, read_only: bool, owner: str) -> None:
        self._data = data
        self.status_box.setCurrentIndex(self.status_box.findData(data.status.value))
        self.status_box.setEnabled(not read_only)
        self.owner_label.setText(f"Answers of {owner}" + (" (read only)" if read_only else ""))
        for key, row in self.rows.items():
            if isinstance(row.editor, OutcomeEditor):
                row.editor.study_n = _study_n(data)
            if isinstance(row.editor, GroupEditor):
                row.editor.set_rows(data.groups.get(key, []), data.evidence)
                quotes = [
                    q
                    for path, qs in data.evidence.items()
                    if path.startswith(f"{key}[")
                    for q in qs
                ]
                row.set_evidence([])
                row.set_state("", f"{len(quotes)} quoted cells" if quotes else "")
            else:
                row.editor.set_value(data.values.get(key))
                row.set_evidence(data.evidence.get(key, []))
                row.set_state("")
            row.editor.set_read_only(read_only)
        for key, place in self._optional.items():
            place.setVisible(data.values.get(key) is not None)
        self._guide()

    def set_state(self, path: str, state: str, text: str = "") -> None:
        row = self.rows.get(path.split("[")[0])
        if row is not None:
            row.set_state(state, text)

    def status_saved(self, data: ExtractionData) -> None:
        self._data = data
        self.status_box.setCurrentIndex(self.status_box.findData(data.status.value))

    def saved(self, data: ExtractionData, path: str, evidence_only: bool = False) -> None:
        """A save went through: show the saved values and mark the field at `path`
        saved (with `evidence_only`, refresh the quotes and leave the typed text
        alone); an empty `path` (a status) marks no field."""
        self._data = data
        self.status_box.setCurrentIndex(self.status_box.findData(data.status.value))
        key = path.split("[")[0]
        row = self.rows.get(key)
        if row is None:
            return
        if isinstance(row.editor, GroupEditor):
            if not evidence_only:
                row.editor.set_rows(data.groups.get(key, []), data.evidence)
        else:
            if not evidence_only:
                row.editor.set_value(data.values.get(key))
            row.set_evidence(data.evidence.get(key, []))
        if not evidence_only:
            row.set_state(SAVED)
        if key == STUDY_N_KEY:
            for other in self.rows.values():
                if isinstance(other.editor, OutcomeEditor):
                    other.editor.set_study_n(_study_n(data))
        self._guide()

    def _guide(self) -> None:
        """Under each judgement, what the published rule proposes; a departure
        without its reason is flagged until the reason is given."""
        if self.instrument is None:
            return
        for item in guidance(self.instrument, self._data.values):
            row = self.rows.get(item.judgement_field)
            if row is None:
                continue
            if item.needs_reason:
                row.set_note(
                    f"The {self.instrument.tool} rule proposes “{item.proposed}”: give the reason "
                    "for departing from it in the field below.",
                    warning=True,
                )
            elif item.proposed:
                row.set_note(f"Proposed by the {self.instrument.tool} rule: {item.proposed}")
            else:
                row.set_note("")

    @property
    def data(self) -> ExtractionData:
        """The answers the page shows, as last loaded or saved."""
        return self._data

    def evidence_for(self, path: str) -> list[Evidence]:
        return self._data.evidence.get(path, [])

    def field_for(self, path: str) -> Field | None:
        """The field a path names: `country`, or `arms[2].dose` for a cell."""
        key, _, rest = path.partition("[")
        row = self.rows.get(key)
        if row is None:
            return None
        if not rest:
            return None if row.field.is_group else row.field
        sub = rest.partition(".")[2]
        return row.field.subfield(sub) if sub else None

    def show_unsaved_text(self, path: str, text: str, reason: str) -> None:
        """Put text that does not fit into the field, marked, so the user can fix it."""
        key = path.split("[")[0]
        row = self.rows[key]
        if isinstance(row.editor, GroupEditor):
            row.editor.table.blockSignals(True)
            row.editor.accept_text(text)
            row.editor.table.blockSignals(False)
        else:
            row.editor.show_unsaved(text)
        row.set_state(INVALID, reason)

    def editor(self, key: str) -> FieldEditor | GroupEditor:
        return self.rows[key].editor

    def show_field(self, key: str) -> bool:
        """Scroll a field into view and put the cursor in it; False if the form has none."""
        row = self.rows.get(key)
        if row is None:
            return False
        self._scroll.ensureWidgetVisible(row)
        editor = row.editor
        (editor if isinstance(editor, GroupEditor) else editor.widget).setFocus(
            Qt.FocusReason.OtherFocusReason
        )
        return True


class FormPanel(QTabWidget):
    """A tab per form; signals carry the form's key."""

    value_committed = Signal(str, str, object)
    result_chosen = Signal(str, str)
    rows_action = Signal(str, str, str, int, int)
    status_chosen = Signal(str, object)
    evidence_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Extraction forms")
        self.pages: dict[str, FormPage] = {}
        self.empty = QLabel("Select a study to fill in its forms.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

    def set_forms(self, forms: list[Form]) -> None:
        keys = [form.key for form in forms]
        if keys == list(self.pages) and all(self.pages[f.key].form == f for f in forms):
            return
        self.clear()
        self.pages.clear()
        for form in forms:
            page = FormPage(form)
            page.result_chosen.connect(
                lambda result, key=form.key: self.result_chosen.emit(key, result)
            )
            page.value_committed.connect(
                lambda path, value, key=form.key: self.value_committed.emit(key, path, value)
            )
            page.rows_action.connect(
                lambda g, a, n, t, key=form.key: self.rows_action.emit(key, g, a, n, t)
            )
            page.status_chosen.connect(
                lambda status, key=form.key: self.status_chosen.emit(key, status)
            )
            page.evidence_requested.connect(
                lambda path, key=form.key: self.evidence_requested.emit(key, path)
            )
            self.pages[form.key] = page
            self.addTab(page, form.name)
        if not forms:
            self.addTab(self.empty, "No form")
            self.empty.setText(
                "This project has no form yet. Make one with Form > New form…, start from "
                "Form > New form from a template, or add one with Form > Import form… "
                "or `extractor form import`."
            )

    def current_page(self) -> FormPage | None:
        widget = self.currentWidget()
        return widget if isinstance(widget, FormPage) else None

    def show_nothing(self, message: str) -> None:
        for page in self.pages.values():
            page.setEnabled(False)
        self.setToolTip(message)

    def show_data(
        self,
        data: dict[str, ExtractionData],
        read_only: bool,
        owner: str,
        results: dict[str, list[str]] | None = None,
        current: dict[str, str] | None = None,
    ) -> None:
        self.setToolTip("")
        for key, page in self.pages.items():
            page.setEnabled(True)
            page.set_results((results or {}).get(key, []), (current or {}).get(key, ""))
            page.set_data(data.get(key, ExtractionData()), read_only, owner)


def _instrument(form: Form) -> Instrument | None:
    try:
        return Instrument.of(form) if form.kind is FormKind.ROB else None
    except ExtractorError:
        return None
