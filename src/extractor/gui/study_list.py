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

from extractor.core.model import ref_order

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class StudyRow:
    id: str
    ref: str | None
    label: str
    documents: int
    statuses: tuple[str, ...]  # one per form column


class StudyTableModel(QAbstractTableModel):
    FIXED = ("Ref.", "Study", "PDFs")

    def __init__(self, columns: list[str], rows: list[StudyRow]) -> None:
        super().__init__()
        self._columns = columns
        self._rows = rows

    def reset(self, columns: list[str], rows: list[StudyRow]) -> None:
        """Replace the rows; `columns` names the status columns (one per form)."""
        self.beginResetModel()
        self._columns, self._rows = columns, rows
        self.endResetModel()

    def row_of(self, study_id: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.id == study_id), -1)

    def row_at(self, row: int) -> StudyRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIXED) + len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        headers = list(self.FIXED) + self._columns
        if orientation != Qt.Orientation.Horizontal or section >= len(headers):
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return headers[section]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        # A form's status column is headed by its name, cut short: the column is as
        # wide as its statuses, and the study's label keeps the room (the tooltip and
        # the form's tab say the whole name).
        name = headers[section]
        return name if len(name) <= HEADER_CHARS else name[: HEADER_CHARS - 1].rstrip() + "…"

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
                return str(item.documents) if item.documents else "none"
            return item.statuses[column - len(self.FIXED)]
        if role == Qt.ItemDataRole.UserRole:  # the sort key
            if column == 0:
                return ref_order(item.ref)
            if column == 2:
                return item.documents
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


HEADER_CHARS = 12


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
        return self._status is None or self._status in row.statuses

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(self.sortRole()), right.data(self.sortRole())
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
