import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.core.errors import ValueProblem
from extractor.core.forms import Field
from extractor.core.values import check_value, format_value, parse_text

INTEGER = Field("n", "Patients", "integer", min=0)
DECIMAL = Field("dose", "Dose", "decimal", min=0, max=1000, unit="mg")
CHOICE = Field("design", "Design", "choice", options=("Case report", "RCT"))
MULTI = Field("sites", "Sites", "multichoice", options=("liver", "gut", "skin"))
DATE = Field("when", "When", "date")
YESNO = Field("blind", "Blinded", "yesno")
TEXT = Field("country", "Country", "text")


@pytest.mark.parametrize(
    ("field", "text", "reason"),
    [
        (INTEGER, "abc", "'abc' is not a whole number"),
        (INTEGER, "2.5", "not a whole number"),
        (INTEGER, "-1", "-1 is below the minimum 0"),
        (DECIMAL, "1,5", "not a number (use a decimal point)"),
        (DECIMAL, "2000", "2000 is above the maximum 1000 mg"),
        (CHOICE, "Cohort", "'Cohort' is not one of the options: Case report, RCT"),
        (MULTI, "liver | lungs", "'lungs' is not one of the options"),
        (DATE, "12/03/2020", "not a date written YYYY-MM-DD"),
        (DATE, "2020-02-30", "not a date"),
        (YESNO, "maybe", "not one of yes, no, unclear"),
    ],
)
def test_values_that_do_not_fit_are_refused_with_the_reason(field, text, reason):
    with pytest.raises(ValueProblem, match=re.escape(reason)):
        parse_text(field, text)


def test_values_are_read_into_their_types():
    assert parse_text(INTEGER, " 12 ") == 12
    assert parse_text(INTEGER, "0") == 0
    assert parse_text(DECIMAL, "2.50") == 2.5
    assert parse_text(CHOICE, "rct") == "RCT"
    assert parse_text(MULTI, "skin | liver") == ["liver", "skin"]
    assert parse_text(DATE, "2021-03-04") == "2021-03-04"
    assert parse_text(YESNO, "Yes") == "yes"
    assert parse_text(TEXT, "  Switzerland ") == "Switzerland"
    assert parse_text(TEXT, "   ") is None


def test_json_values_are_checked_too():
    assert check_value(INTEGER, 3.0) == 3
    assert check_value(MULTI, ["gut", "liver", "gut"]) == ["liver", "gut"]
    with pytest.raises(ValueProblem):
        check_value(INTEGER, True)
    with pytest.raises(ValueProblem):
        check_value(TEXT, 12)
    with pytest.raises(ValueProblem):
        check_value(DECIMAL, float("nan"))


@given(st.integers(min_value=0, max_value=10**12))
def test_integers_read_back_what_was_written(number):
    assert parse_text(INTEGER, format_value(INTEGER, number)) == number


@given(st.floats(min_value=0, max_value=1000, allow_nan=False))
def test_decimals_read_back_what_was_written(number):
    assert parse_text(DECIMAL, format_value(DECIMAL, number)) == number


@given(st.sets(st.sampled_from(MULTI.options), min_size=1))
def test_multichoices_read_back_what_was_written(chosen):
    value = check_value(MULTI, sorted(chosen))
    assert parse_text(MULTI, format_value(MULTI, value)) == value
