"""The study list: a table model over plain rows, and its filtered view."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from extractor.store.studies import ref_order

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class StudyRow:
    id: str
    ref: str | None
    label: str
    documents: int
    statuses: tuple[str, ...]  # one per reviewer column


class StudyTableModel(QAbstractTableModel):
    FIXED = ("Ref.", "Study", "PDFs")

    def __init__(self, reviewers: list[str], rows: list[StudyRow]) -> None:
        super().__init__()
        self._reviewers = reviewers
        self._rows = rows

    def reset(self, reviewers: list[str], rows: list[StudyRow]) -> None:
        self.beginResetModel()
        self._reviewers, self._rows = reviewers, rows
        self.endResetModel()

    def row_at(self, row: int) -> StudyRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIXED) + len(self._reviewers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = list(self.FIXED) + self._reviewers
        return headers[section] if section < len(headers) else None

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


class StudyFilter(QSortFilterProxyModel):
    """Filters by text in any column; sorts reference numbers as numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(self.sortRole()), right.data(self.sortRole())
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)
