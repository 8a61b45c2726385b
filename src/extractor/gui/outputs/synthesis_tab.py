"""The Synthesis tab: studies grouped by fields, summed per arm; saving keeps the
grouping for Export all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app import formats, outputs
from extractor.app.readiness import draft_of
from extractor.core.forms import Form
from extractor.core.synthesis import column_label, columns
from extractor.gui import file_dialogs
from extractor.gui.readiness_dialog import ReadyThen
from extractor.gui.session import ProjectSession


class SynthesisTab(QWidget):
    def __init__(
        self,
        session: ProjectSession,
        form: Form,
        keys: list[str],
        source: QComboBox,
        message: Callable[[str], None],
        ready_then: ReadyThen,
    ) -> None:
        """`source` is the dialog's choice of whose answers to use."""
        super().__init__()
        self.session, self.source, self._message = session, source, message
        self._ready_then = ready_then
        self.keys = QLineEdit(", ".join(keys))
        self.keys.setAccessibleName("Group by")
        self.keys.setPlaceholderText("e.g. category, arms.agent")
        self.form = form
        fields = [(f.label, f.key) for f in form.scalar_fields()]
        fields += [
            (f"{g.label}: {sub.label}", f"{g.key}.{sub.key}")
            for g in form.groups()
            for sub in g.fields
        ]
        # Fields are chosen by their labels; the box beside keeps the names the command
        # line takes (--by), for those who type them.
        self.add_field = QComboBox()
        self.add_field.setAccessibleName("Add a field to group by")
        self.add_field.addItem("Add a field…", None)
        for label, key in fields:
            self.add_field.addItem(label, key)
        self.add_field.activated.connect(lambda _: self._add_chosen())
        hint = QLabel(
            "Group by study fields and/or the fields of one group: choose them in “Add a "
            "field…”, or type their names, comma-separated."
        )
        hint.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.setAccessibleName("Synthesis")
        self.note = QLabel("")
        show, save = QPushButton("Show"), QPushButton("Save CSV, JSON or PDF…")
        show.clicked.connect(self.refresh)
        self.keys.returnPressed.connect(self.refresh)
        save.clicked.connect(self._save)
        top = QHBoxLayout()
        top.addWidget(QLabel("Group by"))
        top.addWidget(self.keys, 1)
        top.addWidget(self.add_field)
        top.addWidget(show)
        top.addWidget(save)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(hint)
        column.addWidget(self.table, 1)
        column.addWidget(self.note)
        if keys:
            QTimer.singleShot(0, self.refresh)

    def _add_chosen(self) -> None:
        key = self.add_field.currentData()
        self.add_field.setCurrentIndex(0)
        if key and key not in self._keys():
            self.keys.setText(", ".join([*self._keys(), key]))
            self.refresh()

    def _keys(self) -> list[str]:
        return [key.strip() for key in self.keys.text().split(",") if key.strip()]

    def refresh(self) -> None:
        keys, source, project = self._keys(), self.source.currentData(), self.session.project
        self.session.lanes.read.submit(
            lambda: outputs.synthesis_rows(project, keys, source).rows,
            self._show,
            lambda error: self.note.setText(f"No synthesis: {error}"),
        )

    def _show(self, rows: list[dict[str, object]]) -> None:
        header = columns(rows)
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setRowCount(len(rows))
        for c, key in enumerate(header):
            title = QTableWidgetItem(column_label(self.form, key))
            title.setData(Qt.ItemDataRole.UserRole, key)
            title.setToolTip(f"{key} in the CSV and JSON")
            self.table.setHorizontalHeaderItem(c, title)
        for r, row in enumerate(rows):
            for c, key in enumerate(header):
                value = row.get(key)
                self.table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        self.table.resizeColumnsToContents()  # every heading whole; the table scrolls across
        self.note.setText(f"{len(rows)} groups")

    def _save(self) -> None:
        self._ready_then(self.source.currentData(), self._save_as)

    def _written(self, text: str, path: Path) -> None:
        self._message(text)
        file_dialogs.show_written(self, text + ".", path)

    def _save_as(self) -> None:
        chosen = file_dialogs.save_file(
            self, "Save synthesis", "synthesis.csv", formats.SYNTHESIS.dialog_filter()
        )
        if chosen is None:
            return
        name = str(chosen)
        keys, source, project = self._keys(), self.source.currentData(), self.session.project
        self.session.lanes.job.submit(
            lambda: outputs.export_synthesis(project, keys, Path(name), source, remember=True),
            lambda warnings: self._written(
                f"Wrote {draft_of(warnings)}{name}; these keys are kept for Export all",
                Path(name),
            ),
            lambda error: self._message(f"The synthesis was not written: {error}"),
        )
