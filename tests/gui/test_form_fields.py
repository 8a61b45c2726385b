"""Every field type gets its editor from its declaration: the editor family picks
the widget, and typing into it commits the value the type reads."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from extractor.core.field_types import FIELD_TYPES
from extractor.core.field_types.numbers import Decimal
from extractor.core.forms import Field
from extractor.gui.form_fields import EDITORS, make_editor

pytestmark = pytest.mark.gui


def test_every_editor_family_but_rows_has_a_widget():
    families = {kind.editor for kind in FIELD_TYPES.values() if not kind.holds_rows}
    assert families <= set(EDITORS)


@pytest.mark.parametrize(
    ("field", "quote", "value"),
    [
        (Field("t", "Text", "text"), "  infliximab ", "infliximab"),
        (Field("l", "Long", "longtext"), "two\nlines", "two\nlines"),
        (Field("n", "N", "integer"), "12", 12),
        (Field("d", "Dose", "decimal", unit="mg"), "2.5", 2.5),
        (Field("w", "When", "date"), "2019-03-01", "2019-03-01"),
        (Field("c", "Design", "choice", options=("RCT", "Cohort")), "cohort", "Cohort"),
        (
            Field("m", "Sites", "multichoice", options=("liver", "gut")),
            "gut | liver",
            ["liver", "gut"],
        ),
        (Field("y", "Blinded", "yesno"), "Y", "yes"),
    ],
)
def test_a_quote_put_into_each_type_commits_its_value(qtbot, field, quote, value):
    editor = make_editor(field)
    qtbot.addWidget(editor.widget)
    with qtbot.waitSignal(editor.signals.committed) as committed:
        editor.accept_text(quote)
    assert committed.args == [value]


def test_a_type_declared_in_core_alone_gets_a_working_editor(qtbot, monkeypatch):
    class Percent(Decimal):
        name = "percent"
        hint = "percent"

        def parse(self, field, text):
            return super().parse(field, text.removesuffix("%").strip())

    monkeypatch.setitem(FIELD_TYPES, "percent", Percent())
    editor = make_editor(Field("r", "Remission", "percent"))
    qtbot.addWidget(editor.widget)
    edit = editor.widget.findChild(QLineEdit) or editor.widget
    assert isinstance(edit, QLineEdit) and edit.placeholderText() == "percent"
    with qtbot.waitSignal(editor.signals.committed) as committed:
        qtbot.keyClicks(edit, "42%")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert committed.args == [42.0]


def test_yes_no_shows_capitalised_radio_buttons_and_a_choice_a_list(qtbot):
    yes_no = make_editor(Field("y", "Blinded", "yesno"))
    qtbot.addWidget(yes_no.widget)
    assert [b.text() for b in yes_no.buttons.values()] == ["Yes", "No", "Unclear"]
    choice = make_editor(Field("c", "Design", "choice", options=("RCT",)))
    qtbot.addWidget(choice.widget)
    assert isinstance(choice.widget, QComboBox)


def test_long_options_stack_wrapped_and_their_words_choose_them(qtbot):
    options = (
        "★ Subjects lost to follow-up unlikely to introduce bias (small number lost)",
        "Follow-up rate low and no description of those lost",
    )
    field = Field("f", "Adequacy of follow-up", "choice", options=options, display="radio")
    editor = make_editor(field)
    qtbot.addWidget(editor.widget)
    editor.widget.resize(320, 400)
    editor.widget.show()
    assert editor.widget.minimumSizeHint().width() < 320  # wraps instead of widening the panel
    committed = []
    editor.signals.committed.connect(committed.append)
    from extractor.gui.form_fields import _OptionWords

    words = [w for w in editor.widget.findChildren(_OptionWords) if w.text() == options[1]]
    qtbot.mouseClick(words[0], Qt.MouseButton.LeftButton)
    assert committed == [options[1]]
