"""Publication outputs: table options with a live preview, the glossary, and
the PRISMA counts, each saved in the project for the next "Export all"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from extractor.app import outputs
from extractor.app.ports import Project
from extractor.core.forms import FieldType, Form
from extractor.core.prisma import LABELS, NUMBERS, PrismaCounts, problems
from extractor.core.synthesis import columns
from extractor.core.tables import TableSettings
from extractor.gui.tasks import TaskRunner

PREVIEW_WIDTH = 660
PRISMA_FIELDS = (
    "database_results", "register_results", "duplicates", "excluded_automatic", "excluded_other",
    "records_screened", "records_excluded", "dbr_sought_reports", "dbr_notretrieved_reports",
    "dbr_assessed", "new_studies", "new_reports",
)  # fmt: skip


class OutputsDialog(QDialog):
    def __init__(
        self, project: Project, runner: TaskRunner, state: outputs.OutputState,
        message: Callable[[str], None], parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Publication outputs")
        self.resize(1100, 760)
        self.project, self.runner, self._message = project, runner, message
        self.form: Form = state.form
        self.settings = state.tables
        self._preview_request = 0
        self.tabs = QTabWidget()
        self.tabs.addTab(self._tables_tab(state), "Tables")
        self.tabs.addTab(self._synthesis_tab(state.synthesis), "Synthesis")
        self.tabs.addTab(self._glossary_tab(state.glossary), "Glossary")
        self.tabs.addTab(self._prisma_tab(state.prisma), "PRISMA counts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self._preview_timer = QTimer(self, singleShot=True, interval=350)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self.refresh_preview()

    # tables

    def _tables_tab(self, state: outputs.OutputState) -> QWidget:
        self.columns = QListWidget()
        self.columns.setAccessibleName("Columns")
        chosen = self.settings.fields or [f.key for f in self.form.fields()]
        fields = {f.key: f for f in self.form.fields()}
        for key in chosen + [k for k in fields if k not in chosen]:
            item = QListWidgetItem(fields[key].label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.columns.addItem(item)
        up, down = QPushButton("↑"), QPushButton("↓")
        up.setAccessibleName("Move column up")
        down.setAccessibleName("Move column down")
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(+1))
        self.group_by = QComboBox()
        self.group_by.setAccessibleName("Split into tables by")
        self.group_by.addItem("(one table)", None)
        for item in self.form.scalar_fields():
            if item.type in (FieldType.CHOICE, FieldType.YESNO, FieldType.TEXT):
                self.group_by.addItem(item.label, item.key)
        self.group_by.setCurrentIndex(max(self.group_by.findData(self.settings.group_by), 0))
        self.page_size = QComboBox()
        self.page_size.setAccessibleName("Page size")
        self.page_size.addItems(["A4", "Letter"])
        self.page_size.setCurrentText(self.settings.page_size)
        self.source = QComboBox()
        self.source.setAccessibleName("Answers to use")
        self.source.addItem("Consensus where it exists", None)
        for name in state.reviewers:
            self.source.addItem(name, name)
        self.captions = QTableWidget(0, 2)
        self.captions.setAccessibleName("Captions")
        self.captions.setHorizontalHeaderLabels(["Value", "Caption"])
        self.captions.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._fill_captions()
        self.preview = QLabel("Rendering the first page…")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setAccessibleName("Preview of the first page")
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        self.save_pdf = QPushButton("Save PDF…")
        self.save_docx = QPushButton("Save Word…")
        self.save_pdf.clicked.connect(lambda: self._save("pdf"))
        self.save_docx.clicked.connect(lambda: self._save("docx"))
        order = QHBoxLayout()
        order.addWidget(up)
        order.addWidget(down)
        options = QFormLayout()
        options.addRow("Columns", self.columns)
        options.addRow("", order)
        options.addRow("Split into tables by", self.group_by)
        options.addRow("Captions", self.captions)
        options.addRow("Page size", self.page_size)
        options.addRow("Answers", self.source)
        saves = QHBoxLayout()
        saves.addWidget(self.save_pdf)
        saves.addWidget(self.save_docx)
        options.addRow(saves)
        left = QWidget()
        left.setLayout(options)
        left.setMaximumWidth(380)
        tab = QWidget()
        row = QHBoxLayout(tab)
        row.addWidget(left)
        row.addWidget(scroll, 1)
        for signal in (self.columns.itemChanged, self.captions.itemChanged):
            signal.connect(lambda *_: self._preview_timer.start())
        for box in (self.page_size, self.source):
            box.currentIndexChanged.connect(lambda *_: self._preview_timer.start())
        self.group_by.currentIndexChanged.connect(
            lambda *_: (self._fill_captions(), self._preview_timer.start())
        )
        return tab

    def _fill_captions(self) -> None:
        key = self.group_by.currentData()
        item = self.form.field(key) if key else None
        values = list(item.choices) if item and item.choices else list(self.settings.captions)
        self.captions.blockSignals(True)
        self.captions.setRowCount(len(values))
        for row, value in enumerate(values):
            name = QTableWidgetItem(value)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.captions.setItem(row, 0, name)
            self.captions.setItem(row, 1, QTableWidgetItem(self.settings.captions.get(value, "")))
        self.captions.blockSignals(False)

    def _move(self, step: int) -> None:
        row = self.columns.currentRow()
        target = row + step
        if 0 <= row < self.columns.count() and 0 <= target < self.columns.count():
            item = self.columns.takeItem(row)
            self.columns.insertItem(target, item)
            self.columns.setCurrentRow(target)
            self._preview_timer.start()

    def current_settings(self) -> TableSettings:
        fields = [
            self.columns.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.columns.count())
            if self.columns.item(i).checkState() == Qt.CheckState.Checked
        ]
        captions = {
            self.captions.item(r, 0).text(): self.captions.item(r, 1).text().strip()
            for r in range(self.captions.rowCount())
            if self.captions.item(r, 1) and self.captions.item(r, 1).text().strip()
        }
        return TableSettings(
            form=self.form.key, fields=fields, group_by=self.group_by.currentData(),
            captions=captions, page_size=self.page_size.currentText(),
        )  # fmt: skip

    def refresh_preview(self) -> None:
        self._preview_request += 1
        request, settings, source = (
            self._preview_request,
            self.current_settings(),
            self.source.currentData(),
        )

        def shown(page) -> None:
            if request != self._preview_request:
                return
            image = QImage(
                page.samples, page.width, page.height, page.stride, QImage.Format.Format_RGB888
            ).copy()
            self.preview.setPixmap(QPixmap.fromImage(image))

        self.runner.submit(
            lambda: outputs.table_preview(self.project, settings, source, PREVIEW_WIDTH),
            shown,
            lambda error: self.preview.setText(f"No preview: {error}"),
        )

    def _save(self, kind: str) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save tables",
            f"tables.{kind}",
            "PDF (*.pdf)" if kind == "pdf" else "Word (*.docx)",
        )
        if not name:
            return
        settings, source = self.current_settings(), self.source.currentData()
        self.runner.submit(
            lambda: outputs.export_tables(self.project, Path(name), source, settings=settings),
            lambda _: self._message(f"Wrote {name}; these settings are kept for Export all"),
            lambda error: self._message(f"The tables were not written: {error}"),
        )

    # synthesis

    def _synthesis_tab(self, keys: list[str]) -> QWidget:
        self.synthesis_keys = QLineEdit(", ".join(keys))
        self.synthesis_keys.setAccessibleName("Group by")
        self.synthesis_keys.setPlaceholderText("e.g. category, arms.agent")
        fields = [f.key for f in self.form.scalar_fields()]
        fields += [f"{g.key}.{sub.key}" for g in self.form.groups() for sub in g.fields]
        hint = QLabel("Group by study fields and/or one group's fields: " + ", ".join(fields))
        hint.setWordWrap(True)
        self.synthesis_table = QTableWidget(0, 0)
        self.synthesis_table.setAccessibleName("Synthesis")
        self.synthesis_note = QLabel("")
        show, save = QPushButton("Show"), QPushButton("Save CSV, JSON or PDF…")
        show.clicked.connect(self.refresh_synthesis)
        self.synthesis_keys.returnPressed.connect(self.refresh_synthesis)
        save.clicked.connect(self._save_synthesis)
        top = QHBoxLayout()
        top.addWidget(QLabel("Group by"))
        top.addWidget(self.synthesis_keys, 1)
        top.addWidget(show)
        top.addWidget(save)
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addLayout(top)
        column.addWidget(hint)
        column.addWidget(self.synthesis_table, 1)
        column.addWidget(self.synthesis_note)
        if keys:
            QTimer.singleShot(0, self.refresh_synthesis)
        return tab

    def _keys(self) -> list[str]:
        return [key.strip() for key in self.synthesis_keys.text().split(",") if key.strip()]

    def refresh_synthesis(self) -> None:
        keys, source = self._keys(), self.source.currentData()

        def shown(rows: list[dict[str, object]]) -> None:
            header = columns(rows)
            self.synthesis_table.clear()
            self.synthesis_table.setColumnCount(len(header))
            self.synthesis_table.setRowCount(len(rows))
            self.synthesis_table.setHorizontalHeaderLabels(header)
            for r, row in enumerate(rows):
                for c, key in enumerate(header):
                    value = row.get(key)
                    self.synthesis_table.setItem(
                        r, c, QTableWidgetItem("" if value is None else str(value))
                    )
            self.synthesis_note.setText(f"{len(rows)} groups")

        self.runner.submit(
            lambda: outputs.synthesis_rows(self.project, keys, source)[0],
            shown,
            lambda error: self.synthesis_note.setText(f"No synthesis: {error}"),
        )

    def _save_synthesis(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save synthesis", "synthesis.csv", "CSV (*.csv);;JSON (*.json);;PDF (*.pdf)"
        )
        if not name:
            return
        keys, source = self._keys(), self.source.currentData()
        self.runner.submit(
            lambda: outputs.export_synthesis(self.project, keys, Path(name), source, remember=True),
            lambda _: self._message(f"Wrote {name}; these keys are kept for Export all"),
            lambda error: self._message(f"The synthesis was not written: {error}"),
        )

    # glossary

    def _glossary_tab(self, glossary: dict[str, str]) -> QWidget:
        self.glossary = QTableWidget(len(glossary), 2)
        self.glossary.setAccessibleName("Glossary")
        self.glossary.setHorizontalHeaderLabels(["Abbreviation", "Meaning"])
        self.glossary.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (short, meaning) in enumerate(
            sorted(glossary.items(), key=lambda kv: kv[0].casefold())
        ):
            self.glossary.setItem(row, 0, QTableWidgetItem(short))
            self.glossary.setItem(row, 1, QTableWidgetItem(meaning))
        add, remove, save = QPushButton("Add"), QPushButton("Remove"), QPushButton("Save glossary")
        add.clicked.connect(lambda: self.glossary.insertRow(self.glossary.rowCount()))
        remove.clicked.connect(lambda: self.glossary.removeRow(max(self.glossary.currentRow(), 0)))
        save.clicked.connect(self._save_glossary)
        buttons = QHBoxLayout()
        for button in (add, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(save)
        hint = QLabel(
            "A table's footnote lists the abbreviations of this glossary that occur in the table."
        )
        hint.setWordWrap(True)
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(hint)
        column.addWidget(self.glossary, 1)
        column.addLayout(buttons)
        return tab

    def current_glossary(self) -> dict[str, str]:
        found = {}
        for row in range(self.glossary.rowCount()):
            short, meaning = self.glossary.item(row, 0), self.glossary.item(row, 1)
            if short and meaning and short.text().strip() and meaning.text().strip():
                found[short.text().strip()] = meaning.text().strip()
        return found

    def _save_glossary(self) -> None:
        glossary = self.current_glossary()
        self.runner.submit(
            lambda: outputs.save_glossary(self.project, glossary),
            lambda _: (self._message("Glossary saved"), self.refresh_preview()),
        )

    # PRISMA

    def _prisma_tab(self, counts: PrismaCounts) -> QWidget:
        self.prisma_boxes: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for key in PRISMA_FIELDS:
            box = QSpinBox(minimum=-1, maximum=10_000_000)
            box.setSpecialValueText("not reported")
            box.setAccessibleName(LABELS[key])
            value = counts.numbers.get(key)
            box.setValue(-1 if value is None else value)
            box.valueChanged.connect(lambda *_: self._check_prisma())
            self.prisma_boxes[key] = box
            form.addRow(LABELS[key], box)
        self.reasons = QTableWidget(0, 2)
        self.reasons.setAccessibleName("Reports excluded, with reasons")
        self.reasons.setHorizontalHeaderLabels(["Reason reports were excluded", "n"])
        self.reasons.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for label, n in counts.lists.get("dbr_excluded", []):
            self._add_reason(label, n)
        self.reasons.itemChanged.connect(lambda *_: self._check_prisma())
        add, save = QPushButton("Add reason"), QPushButton("Save counts")
        add.clicked.connect(lambda: self._add_reason("", 0))
        save.clicked.connect(self._save_prisma)
        self.prisma_problems = QLabel("")
        self.prisma_problems.setWordWrap(True)
        self.prisma_problems.setAccessibleName("Arithmetic problems")
        right = QVBoxLayout()
        right.addWidget(self.reasons, 1)
        right.addWidget(add)
        right.addWidget(self.prisma_problems)
        right.addWidget(save)
        tab = QWidget()
        row = QHBoxLayout(tab)
        row.addLayout(form)
        row.addLayout(right, 1)
        self._check_prisma()
        return tab

    def _add_reason(self, label: str, n: int) -> None:
        row = self.reasons.rowCount()
        self.reasons.blockSignals(True)
        self.reasons.insertRow(row)
        self.reasons.setItem(row, 0, QTableWidgetItem(label))
        self.reasons.setItem(row, 1, QTableWidgetItem(str(n)))
        self.reasons.blockSignals(False)

    def current_counts(self) -> PrismaCounts:
        numbers = {
            key: (None if box.value() < 0 else box.value())
            for key, box in self.prisma_boxes.items()
        }
        reasons = []
        for row in range(self.reasons.rowCount()):
            label, n = self.reasons.item(row, 0), self.reasons.item(row, 1)
            if label and n and label.text().strip() and n.text().strip().isdigit():
                reasons.append((label.text().strip(), int(n.text().strip())))
        return PrismaCounts(
            {k: v for k, v in numbers.items() if k in NUMBERS}, {"dbr_excluded": reasons}
        )

    def _check_prisma(self) -> None:
        found = problems(self.current_counts())
        self.prisma_problems.setText(
            "The counts add up." if not found else "Do not add up:\n• " + "\n• ".join(found)
        )
        self.prisma_problems.setStyleSheet("" if not found else "color: #b71c1c;")

    def _save_prisma(self) -> None:
        counts = self.current_counts()
        self.runner.submit(
            lambda: outputs.save_prisma(self.project, counts),
            lambda _: self._message("PRISMA counts saved"),
        )
