"""The study list: a table model over plain rows, and its filtered view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from extractor.core.model import ref_order

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class StudyRow:
    id: str
    ref: str | None
    label: str
    documents: int
    statuses: tuple[str, ...]  # one per form column
    pilots: tuple[str, ...] = ()  # the forms in pilot on this study: extract it first


# One mark per form in the Status column: narrow enough that a study's label keeps
# the room on a laptop, and the same at a glance for every form.
MARKS = {"complete": "●", "in progress": "◐", "not started": "○"}
HEADERS = ("#", "Study", "PDF", "Status")
HEADER_TIPS = ("Reference number in the review", "Study", "PDFs attached")
STATUS = 3


class StudyTableModel(QAbstractTableModel):
    def __init__(self, forms: list[str], rows: list[StudyRow]) -> None:
        super().__init__()
        self._forms = forms
        self._rows = rows

    def reset(self, forms: list[str], rows: list[StudyRow]) -> None:
        """Replace the rows; `forms` names the forms whose statuses each row holds."""
        self.beginResetModel()
        self._forms, self._rows = forms, rows
        self.endResetModel()

    def row_of(self, study_id: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.id == study_id), -1)

    def row_at(self, row: int) -> StudyRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal or section >= len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == STATUS:
            legend = ", ".join(f"{mark} {status}" for status, mark in MARKS.items())
            return f"One mark per form ({legend}):\n" + "\n".join(self._forms)
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.ref or ""
            if column == 1:
                return item.label
            if column == 2:
                return str(item.documents)
            return "".join(MARKS.get(status, "?") for status in item.statuses)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == STATUS:
                return self.statuses_text(item)
            return _label_text(item) if column == 1 else None
        if role == Qt.ItemDataRole.FontRole and column == 1 and item.pilots:
            font = QFont()
            font.setBold(True)  # a pilot study: extracted first, and compared
            return font
        if role == Qt.ItemDataRole.UserRole:  # the sort key
            if column == 0:
                return ref_order(item.ref)
            if column == 2:
                return item.documents
            if column == STATUS:  # complete first, form by form
                return tuple(list(MARKS).index(s) for s in item.statuses if s in MARKS)
            return item.label
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def statuses_text(self, item: StudyRow) -> str:
        """Each form's status in words: the Status column's tooltip."""
        return "\n".join(
            f"{form}: {status}" for form, status in zip(self._forms, item.statuses, strict=False)
        )


def _label_text(item: StudyRow) -> str:
    if not item.pilots:
        return item.label
    return f"{item.label}\nA pilot study of {', '.join(item.pilots)}: extract it first"


PILOT_FILTER = "pilot"  # the status filter's choice of the pilot studies


class StudyFilter(QSortFilterProxyModel):
    """Filters by text (label or reference) and by status; sorts reference
    numbers as numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(Qt.ItemDataRole.UserRole)
        self._text = ""
        self._status: str | None = None

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", text.strip().casefold()))

    def set_status(self, status: str | None) -> None:
        self._refilter(lambda: setattr(self, "_status", status))

    def _refilter(self, change: Callable[[], object]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and newer
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, StudyTableModel):
            return True
        row = model.row_at(source_row)
        if (
            self._text
            and self._text not in row.label.casefold()
            and self._text != (row.ref or "").casefold()
        ):
            return False
        if self._status == PILOT_FILTER:
            return bool(row.pilots)
        return self._status is None or self._status in row.statuses

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(self.sortRole()), right.data(self.sortRole())
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
