"""The form editor: sections, fields and a group's fields in a tree to add, duplicate,
delete and drag into order; the chosen one's properties beside it; and the form as
a reviewer will see it, rebuilt as it changes. What is wrong is marked at the field
and keeps the form from being saved; saving makes the form's next version (asking
first where answers cannot be carried)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app.form_revision import FormRevision
from extractor.core.errors import ExtractorError
from extractor.core.form_draft import FORM_LEVEL, DraftField, DraftSection, FormDraft
from extractor.core.model import ExtractionData
from extractor.gui.field_properties import PROBLEM_STYLE, FieldProperties
from extractor.gui.form_panel import FormPage
from extractor.gui.form_saving import save_form
from extractor.gui.session import ProjectSession
from extractor.gui.theme import muted

Thing = DraftSection | DraftField
SHORT_TYPE_NAMES = {
    "text": "Text",
    "longtext": "Long text",
    "integer": "Whole number",
    "decimal": "Number",
    "date": "Date",
    "choice": "Choice",
    "multichoice": "Choices",
    "yesno": "Yes / no",
    "group": "Rows",
    "dichotomous": "Events",
    "continuous": "Means",
    "effect_estimate": "Estimates",
}
THING = Qt.ItemDataRole.UserRole
PROBLEM = QColor("#c62828")


class DraftTree(QTreeWidget):
    """The form's outline. A drop moves nothing itself: it says what was dropped
    where ("above", "below" or "on" an item), and the editor moves it in the draft
    by the draft's rules, then shows the outline again."""

    dropped = Signal(object, object, str)  # the item moved, the item dropped at, where

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(2)
        self.setHeaderLabels(["Section or field", "Type"])
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(1, self.fontMetrics().horizontalAdvance("Whole number") + 16)
        self.setAccessibleName("Sections and fields")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def dropEvent(self, event: QDropEvent) -> None:
        moving = self.currentItem()
        point = event.position().toPoint()
        target = self.itemAt(point)
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if moving is not None and target is not None and target is not moving:
            self.dropped.emit(moving, target, _place(self.visualItemRect(target), point))


class FormEditor(QDialog):
    def __init__(
        self,
        session: ProjectSession,
        draft: FormDraft,
        saved: Callable[[FormRevision], None],
        preview_width: int = 480,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.draft, self._saved = session, draft, saved
        self.project = session.project  # the one it edits a form of
        self.dirty = False
        self.setWindowTitle(f"Form editor: {draft.name or 'new form'}")
        self.name_edit = QLineEdit(draft.name)
        self.name_edit.setAccessibleName("Form name")
        self.name_edit.textEdited.connect(self._renamed)
        self.tree = DraftTree()
        self.tree.currentItemChanged.connect(lambda *_: self._chosen())
        self.tree.dropped.connect(self._dropped)
        self.properties = FieldProperties()
        self.properties.edited.connect(self._edited)
        self.properties.relabelled.connect(self._relabel_current)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        self.preview_note.setStyleSheet(f"color: {muted()};")
        self.preview_holder = QHBoxLayout()  # the page at the panel's width, then room
        self.preview_holder.setContentsMargins(0, 0, 0, 0)
        self.preview_page: FormPage | None = None
        self.preview_timer = QTimer(self, singleShot=True, interval=250)
        self.preview_timer.timeout.connect(self._preview)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton("&Save")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("&Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)

        outline = QWidget()
        left = QVBoxLayout(outline)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.tree, 1)
        left.addLayout(self._buttons())
        preview = QWidget()
        right = QVBoxLayout(preview)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.preview_note)
        self.preview_holder.addStretch(1)
        right.addLayout(self.preview_holder, 1)
        preview.setMinimumWidth(preview_width)
        self.preview_width = preview_width
        splitter = QSplitter()
        properties = QScrollArea()
        properties.setWidgetResizable(True)
        properties.setWidget(self.properties)
        for pane in (outline, properties, preview):
            splitter.addWidget(pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 4)
        splitter.setSizes([320, 360, max(preview_width, 420)])
        top = QHBoxLayout()
        top.addWidget(QLabel("Form name:"))
        top.addWidget(self.name_edit, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.problems_label, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.resize(1200, 720)
        first = next(iter(draft.all_fields()), None)
        self._fill_tree(first)  # a field to edit at once, where the form has one
        self._check()
        self._preview()

    def _buttons(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        actions = [
            [("Add &section", self.add_section), ("Add &field", self.add_field)],
            [("Add a field to the &group", self.add_subfield)],
            [("D&uplicate", self.duplicate), ("&Delete", self.delete)],
            [("Move &up", lambda: self.step(-1)), ("Move do&wn", lambda: self.step(+1))],
        ]
        self.buttons: dict[str, QPushButton] = {}
        for line in actions:
            row = QHBoxLayout()
            for text, slot in line:
                button = QPushButton(text)
                button.setAutoDefault(False)  # Enter in a property is not a click here
                button.clicked.connect(slot)
                self.buttons[text.replace("&", "")] = button
                row.addWidget(button)
            rows.addLayout(row)
        return rows

    # the outline

    def _fill_tree(self, keep: Thing | None = None) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen: QTreeWidgetItem | None = None
        for section in self.draft.sections:
            top = self._item(section, self.tree.invisibleRootItem())
            chosen = top if section is keep else chosen
            for item in section.fields:
                child = self._item(item, top)
                chosen = child if item is keep else chosen
                for sub in item.fields:
                    grandchild = self._item(sub, child)
                    chosen = grandchild if sub is keep else chosen
        self.tree.expandAll()
        self.tree.blockSignals(False)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        else:
            self.properties.show_nothing()
        self._mark_problems()

    def _item(self, thing: Thing, parent: QTreeWidgetItem) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, list(_columns(thing)))
        item.setData(0, THING, thing)
        flags = item.flags() | Qt.ItemFlag.ItemIsDragEnabled
        item.setFlags(flags | Qt.ItemFlag.ItemIsDropEnabled)
        if isinstance(thing, DraftSection):
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        return item

    def current(self) -> Thing | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, THING)

    def _chosen(self) -> None:
        thing = self.current()
        if isinstance(thing, DraftSection):
            self.properties.show_section(self.draft, thing)
        elif isinstance(thing, DraftField):
            self.properties.show_field(self.draft, thing)
        else:
            self.properties.show_nothing()
        self.properties.show_problems(self.draft.problems())
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        thing = self.current()
        field = thing if isinstance(thing, DraftField) else None
        in_group = field is not None and self.draft.group_of(field) is not None
        group = field is not None and field.has_own_fields
        self.buttons["Add a field to the group"].setEnabled(group or in_group)
        for name in ("Duplicate",):
            self.buttons[name].setEnabled(field is not None)
        for name in ("Delete", "Move up", "Move down"):
            self.buttons[name].setEnabled(thing is not None)

    def _relabel_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            for line in [item, *_children(item)]:
                for column, text in enumerate(_columns(line.data(0, THING))):
                    line.setText(column, text)

    # actions

    def add_section(self) -> None:
        section = self.draft.add_section(f"Section {len(self.draft.sections) + 1}")
        self._changed(section)

    def add_field(self) -> None:
        thing = self.current()
        if thing is None and not self.draft.sections:
            self.draft.add_section("Study")
        section = self._section_at(thing)
        at = None
        if isinstance(thing, DraftField) and self.draft.section_of(thing) is section:
            at = next(i for i, f in enumerate(section.fields) if f is thing) + 1
        self._changed(self.draft.add_field(section, "New field", at=at))

    def add_subfield(self) -> None:
        thing = self.current()
        if not isinstance(thing, DraftField):
            return
        group = thing if thing.has_own_fields else self.draft.group_of(thing)
        if group is not None:
            self._changed(self.draft.add_subfield(group, "New field"))

    def duplicate(self) -> None:
        thing = self.current()
        if isinstance(thing, DraftField):
            self._changed(self.draft.duplicate(thing))

    def delete(self) -> None:
        thing = self.current()
        if thing is None:
            return
        if isinstance(thing, DraftSection) and thing.fields:
            asked = QMessageBox.question(
                self,
                "Delete section",
                f"Delete the section {thing.title!r} and its {len(thing.fields)} fields?",
            )
            if asked != QMessageBox.StandardButton.Yes:
                return
        self.draft.remove(thing)
        self._changed(None)

    def step(self, by: int) -> None:
        """Move the chosen section or field up or down one place among its own."""
        thing = self.current()
        if thing is None:
            return
        into, items = self._holder(thing)
        at = next(i for i, other in enumerate(items) if other is thing)
        target = at + by
        if 0 <= target < len(items):
            self.draft.move(thing, into, target if by < 0 else target + 1)
            self._changed(thing)

    def _dropped(self, moving: QTreeWidgetItem, target: QTreeWidgetItem, place: str) -> None:
        thing, at = moving.data(0, THING), target.data(0, THING)
        into, index = self._drop_place(thing, at, place)
        if into is None or not self.draft.move(thing, into, index):
            self.status.setText(
                "A field moves among the fields of the sections, and a group's field within "
                "its group: moving a field in or out of a group would make it another field."
            )
            return
        self._changed(thing)

    def _drop_place(self, thing: Thing, at: Thing, place: str) -> tuple[object, int]:
        if isinstance(thing, DraftSection):
            if isinstance(at, DraftField):
                at = self.draft.section_of(at) or at
            if not isinstance(at, DraftSection):
                return None, 0
            index = self.draft.sections.index(at)
            return self.draft, index + (place != "above")
        if isinstance(at, DraftSection):
            return at, len(at.fields) if place == "on" else 0
        if place == "on" and at.has_own_fields and self.draft.group_of(thing) is at:
            return at, len(at.fields)
        into, items = self._holder(at)
        index = next(i for i, other in enumerate(items) if other is at)
        return into, index + (place != "above")

    def _holder(self, thing: Thing) -> tuple[object, list[Thing]]:
        """What holds `thing` (the draft, a section or a group) and the list it is in."""
        if isinstance(thing, DraftSection):
            return self.draft, list(self.draft.sections)
        group = self.draft.group_of(thing)
        if group is not None:
            return group, list(group.fields)
        section = self.draft.section_of(thing)
        assert section is not None
        return section, list(section.fields)

    def _section_at(self, thing: Thing | None) -> DraftSection:
        if isinstance(thing, DraftSection):
            return thing
        if isinstance(thing, DraftField):
            group = self.draft.group_of(thing)
            section = self.draft.section_of(group or thing)
            if section is not None:
                return section
        return self.draft.sections[-1]

    # changes

    def _renamed(self, text: str) -> None:
        self.draft.name = text
        self._edited()

    def _changed(self, keep: Thing | None) -> None:
        self._fill_tree(keep)
        self._edited()

    def _edited(self) -> None:
        self.dirty = True
        self.status.setText("")
        self._enable_buttons()
        self._check()
        self.preview_timer.start()

    def _check(self) -> dict[int, list[str]]:
        problems = self.draft.problems()
        self._mark_problems(problems)
        self.properties.show_problems(problems)
        count = sum(len(found) for found in problems.values())
        self.save_button.setEnabled(not problems)
        if problems:
            own = problems.get(FORM_LEVEL, [])
            self.problems_label.setText(
                " ".join(
                    [
                        *own,
                        f"{count} problem{'s' if count != 1 else ''} to fix before saving: "
                        "marked in red in the list.",
                    ]
                )
            )
            self.problems_label.setStyleSheet(PROBLEM_STYLE)
        else:
            self.problems_label.setText("No problems: the form can be saved.")
            self.problems_label.setStyleSheet(f"color: {muted()};")
        return problems

    def _mark_problems(self, problems: dict[int, list[str]] | None = None) -> None:
        problems = self.draft.problems() if problems is None else problems
        waiting = _children(self.tree.invisibleRootItem())
        while waiting:
            item = waiting.pop()
            found = problems.get(id(item.data(0, THING)), [])
            item.setForeground(0, QBrush(PROBLEM) if found else QBrush())
            item.setToolTip(0, "\n".join(found))
            waiting += _children(item)

    def _preview(self) -> None:
        if self.draft.problems():
            self.preview_note.setText(
                "The preview shows the form as it last was without problems: fix those "
                "marked in red to see it change."
            )
            if self.preview_page is not None:
                return
        try:
            form = self.draft.to_form()
        except ExtractorError as error:
            self.preview_note.setText(str(error))
            return
        page = FormPage(form)
        page.set_data(ExtractionData(), read_only=False, owner="")
        page.owner_label.setVisible(False)
        page.setFixedWidth(self.preview_width)  # as wide as a reviewer's form panel
        if self.preview_page is not None:
            self.preview_holder.removeWidget(self.preview_page)
            self.preview_page.deleteLater()
        self.preview_page = page
        self.preview_holder.insertWidget(0, page)
        if not self.draft.problems():
            self.preview_note.setText(
                f"As a reviewer sees it, at the width of the window's form panel "
                f"({self.preview_width} px): try typing in it; nothing is saved."
            )

    # saving

    def save(self) -> None:
        if self._check():
            return
        if self.session.project is not self.project:  # another project opened meanwhile
            self.status.setText("Not saved: the project this form belongs to is closed.")
            return
        form = self.draft.to_form()
        self.save_button.setEnabled(False)
        self.status.setText("Saving…")

        def done(revision: FormRevision) -> None:
            self.save_button.setEnabled(True)
            if not revision.changed:
                self.status.setText("Nothing has changed since the form was saved.")
                self.dirty = False
                return
            if not revision.applied:
                self.status.setText("Not saved: the answers stay as they were.")
                return
            self.draft = FormDraft.of(revision.form)
            self.dirty = False
            self._fill_tree(None)
            said = "Added" if revision.added else f"Saved version {revision.form.version} of"
            self.status.setText(f"{said} {revision.form.name}.")
            self._saved(revision)

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.status.setText(f"Not saved: {error}")

        based_on = self.draft.version if self.draft.stored else None
        save_form(self, self.session, form, "changed in the form editor", done, failed, based_on)

    def may_close(self) -> bool:
        """Whether to close: without changes, or when the user lets them go."""
        if not self.dirty:
            return True
        asked = QMessageBox.question(
            self,
            "Form editor",
            "Close the editor without saving the changes?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        return asked == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_close():
            self.dirty = False
            super().closeEvent(event)
        else:
            event.ignore()

    def reject(self) -> None:  # Escape
        if self.may_close():
            self.dirty = False
            super().reject()


def _columns(thing: Thing) -> tuple[str, str]:
    """A line of the outline: the title or label, and the field's type."""
    if isinstance(thing, DraftSection):
        return thing.title or "(untitled section)", ""
    return thing.label or "(no label)", SHORT_TYPE_NAMES.get(thing.type, thing.type)


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    found = (item.child(number) for number in range(item.childCount()))
    return [child for child in found if child is not None]


def _place(rect: QRect, point: QPoint) -> str:
    """Where in an item's row a drop falls: its top quarter, its bottom quarter, or on it."""
    top, height = rect.top(), rect.height()
    if point.y() < top + height / 4:
        return "above"
    if point.y() > top + height * 3 / 4:
        return "below"
    return "on"
