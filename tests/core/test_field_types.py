"""A field type is declared once, in core/field_types; everything else asks it.

The test adds a type the product does not ship (a percentage) the way a new
outcome type would be added, and follows it through loading a form, reading
typed text, comparing two reviewers, the synthesis and a CSV export.
"""

from typing import Any

import pytest

from extractor.core.compare import compare
from extractor.core.errors import FormError, ValueProblem
from extractor.core.field_types import FIELD_TYPES
from extractor.core.field_types.numbers import Decimal
from extractor.core.forms import Field, parse_form
from extractor.core.model import ExtractionData
from extractor.core.synthesis import synthesis
from extractor.core.values import check_value, format_value, parse_text
from extractor.io.extraction_csv import write_extractions_csv

from helpers import sourced


class Percent(Decimal):
    name = "percent"
    hint = "percent"

    def parse(self, field: Field, text: str) -> float | int | None:
        number = super().parse(field, text.removesuffix("%").strip())
        if not isinstance(number, float) or not 0 <= number <= 100:
            raise ValueProblem(f"{text!r} is not a percentage between 0 and 100")
        return number

    def format(self, field: Field, value: Any) -> str:
        return super().format(field, value) + "%"


@pytest.fixture
def percent(monkeypatch):
    monkeypatch.setitem(FIELD_TYPES, "percent", Percent())


FORM = {
    "key": "f",
    "name": "F",
    "kind": "extraction",
    "version": 1,
    "sections": [
        {
            "title": "S",
            "fields": [
                {"key": "design", "label": "Design", "type": "choice", "options": ["RCT"]},
                {"key": "remission", "label": "Remission", "type": "percent", "max": 90},
            ],
        }
    ],
}


def test_a_form_cannot_use_a_type_nobody_declared():
    with pytest.raises(FormError, match="unknown type 'percent'"):
        parse_form(FORM, "f.json")


def test_a_type_declared_once_reaches_parsing_comparison_synthesis_and_export(percent):
    form = parse_form(FORM, "f.json")
    field = form.field("remission")
    assert field is not None and field.kind.hint == "percent"
    assert parse_text(field, " 42.5 % ") == 42.5
    assert format_value(field, 42.5) == "42.5%"
    with pytest.raises(ValueProblem, match="above the maximum 90"):
        parse_text(field, "95%")
    with pytest.raises(ValueProblem, match="not a number"):
        check_value(field, True)

    a = ExtractionData(values={"design": "RCT", "remission": 40.0})
    b = ExtractionData(values={"design": "RCT", "remission": 40})
    c = ExtractionData(values={"design": "RCT", "remission": 45.0})
    assert compare(form, a, b) == []
    assert [conflict.path for conflict in compare(form, a, c)] == ["remission"]

    (row,) = synthesis(form, ["design"], [sourced("One", a), sourced("Two", c)])
    assert row["remission_n"] == 2 and row["remission_median"] == 42.5

    csv_text = write_extractions_csv(form, None, [sourced("One", a)])
    assert csv_text.splitlines()[1] == "One,RCT,40%"


def test_properties_a_type_does_not_take_are_refused_with_its_name(percent):
    bad = {
        **FORM,
        "sections": [
            {
                "title": "S",
                "fields": [
                    {"key": "t", "label": "T", "type": "text", "min": 1},
                ],
            }
        ],
    }
    with pytest.raises(FormError, match="min and max apply only to integer, decimal and percent"):
        parse_form(bad, "f.json")


def test_every_built_in_type_names_an_editor_family():
    families = {kind.editor for kind in FIELD_TYPES.values()}
    assert families == {"line", "paragraphs", "choice", "checkboxes", "rows"}
