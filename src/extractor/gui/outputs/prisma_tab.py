"""The PRISMA counts tab: the numbers of the flow diagram, checked as they are typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app import outputs
from extractor.core.prisma import LABELS, NUMBERS, PrismaCounts, problems
from extractor.gui.session import ProjectSession
from extractor.gui.theme import BAD, shade

PRISMA_FIELDS = (
    "database_results",
    "register_results",
    "duplicates",
    "excluded_automatic",
    "excluded_other",
    "records_screened",
    "records_excluded",
    "dbr_sought_reports",
    "dbr_notretrieved_reports",
    "dbr_assessed",
    "new_studies",
    "new_reports",
)


class PrismaTab(QWidget):
    def __init__(
        self,
        session: ProjectSession,
        counts: PrismaCounts,
        message: Callable[[str], None],
        from_log: frozenset[str] = frozenset(),
        gaps: tuple[str, ...] = (),
    ) -> None:
        """`from_log` names the counts the screening log gives: shown, not typed."""
        super().__init__()
        self.session, self._message = session, message
        self.from_log = from_log
        self.boxes: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for key in PRISMA_FIELDS:
            box = QSpinBox(minimum=-1, maximum=10_000_000)
            box.setSpecialValueText("not reported")
            box.setAccessibleName(LABELS[key])
            value = counts.numbers.get(key)
            box.setValue(-1 if value is None else value)
            box.valueChanged.connect(lambda *_: self._check())
            label = LABELS[key]
            if key in from_log:
                box.setReadOnly(True)
                box.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
                box.setToolTip("Counted from the screening log (Review > Screen references…)")
                label += " (log)"
            elif from_log:
                box.setToolTip("Typed by hand: marked † on the diagram")
                label += " (typed)"
            self.boxes[key] = box
            form.addRow(label, box)
        self.reasons = QTableWidget(0, 2)
        self.reasons.setAccessibleName("Reports excluded, with reasons")
        self.reasons.setHorizontalHeaderLabels(["Reason reports were excluded", "n"])
        self.reasons.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for label, n in counts.lists.get("dbr_excluded", []):
            self._add_reason(label, n)
        self.reasons.itemChanged.connect(lambda *_: self._check())
        add = QPushButton("Add reason")
        if "dbr_excluded" in from_log:
            self.reasons.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            add.setEnabled(False)
        self.save_button = QPushButton("Save counts")
        add.clicked.connect(lambda: self._add_reason("", 0))
        self.save_button.clicked.connect(self._save)
        self.problems = QLabel("")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Arithmetic problems")
        self.source = QLabel(_source(from_log, gaps))
        self.source.setWordWrap(True)
        self.source.setAccessibleName("Where the counts come from")
        right = QVBoxLayout()
        right.addWidget(self.source)
        right.addWidget(self.reasons, 1)
        right.addWidget(add)
        right.addWidget(self.problems)
        right.addWidget(self.save_button)
        row = QHBoxLayout(self)
        row.addLayout(form)
        row.addLayout(right, 1)
        self._check()

    def _add_reason(self, label: str, n: int) -> None:
        row = self.reasons.rowCount()
        self.reasons.blockSignals(True)
        self.reasons.insertRow(row)
        self.reasons.setItem(row, 0, QTableWidgetItem(label))
        self.reasons.setItem(row, 1, QTableWidgetItem(str(n)))
        self.reasons.blockSignals(False)

    def current(self) -> PrismaCounts:
        numbers = {
            key: (None if box.value() < 0 else box.value()) for key, box in self.boxes.items()
        }
        reasons = []
        for row in range(self.reasons.rowCount()):
            label, n = self.reasons.item(row, 0), self.reasons.item(row, 1)
            if label and n and label.text().strip() and n.text().strip().isdigit():
                reasons.append((label.text().strip(), int(n.text().strip())))
        return PrismaCounts(
            {k: v for k, v in numbers.items() if k in NUMBERS}, {"dbr_excluded": reasons}
        )

    def _check(self) -> None:
        found = problems(self.current())
        self.problems.setText(
            "The counts add up." if not found else "Do not add up:\n• " + "\n• ".join(found)
        )
        self.problems.setStyleSheet("" if not found else f"color: {shade(*BAD)};")

    def _save(self) -> None:
        counts, project = self.current(), self.session.project
        self.session.lanes.write.submit(
            lambda: outputs.save_prisma(project, counts),
            lambda _: self._message("PRISMA counts saved"),
        )


def _source(from_log: frozenset[str], gaps: tuple[str, ...]) -> str:
    if not from_log:
        return "Every count is typed in here (or imported from the PRISMA2020 template)."
    said = (
        "Counts marked (log) come from the screening log and change as it does; those"
        " marked (typed) are typed in here, and marked † on the diagram."
    )
    if gaps:
        said += " Not settled yet: " + "; ".join(gaps) + "."
    return said
